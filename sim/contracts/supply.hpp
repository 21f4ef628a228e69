#pragma once
// supply: `to` (seller) delivers to `from` (buyer) in equal monthly parts from start to end; each
// delivery is revenue of the seller and a receivable paid `payment_days` later. GPUs become the
// buyer's fleet (capital expenditure, adds GW); services are an operating cost of the buyer. A
// purchase commitment: the buyer's rules may cut or cancel it (paying `cancel_penalty` on the
// undelivered value), and a buyer's default leaves the seller a claim for that penalty.

#include <cstdint>
#include <string>
#include <vector>

namespace alchemy {

struct ContractKind;
struct TickContext;

enum class Delivery { gpus, services };

struct SupplyTerms {
  Delivery delivery = Delivery::gpus;
  double cancel_penalty = 0.10;  // share of the undelivered value paid by a buyer who cancels
  int payment_days = 30;         // days between delivery and payment (receivable / payable)
  double gw = 0.0;               // for GPUs: capacity delivered over the contract (0: at cost)
};

template <class Keys>
void declare_keys(Keys& k, SupplyTerms*) {
  k.choice("delivery", &SupplyTerms::delivery,
           "gpus become the buyer's fleet (capex); services are an operating cost",
           std::vector<Delivery>{Delivery::gpus, Delivery::services},
           std::vector<std::string>{"gpus", "services"});
  k.fraction("cancel_penalty", &SupplyTerms::cancel_penalty,
             "share of the undelivered value a cancelling buyer pays", Keys::Range::between(0, 1));
  k.days("payment_days", &SupplyTerms::payment_days, "days between delivery and payment");
  k.number("gw", &SupplyTerms::gw,
           "capacity leased, or for a supply of GPUs, capacity delivered (GW)",
           Keys::Range::between(0, 1e6));
}

extern const ContractKind supply_kind;

// GW delivered to `buyer` so far by supply contracts from `seller` (warrant milestones count the
// holder's deployment of the issuer's chips).
double gw_delivered(const TickContext& ctx, std::int32_t seller, std::int32_t buyer);

}  // namespace alchemy
