#pragma once
// supply: `to` (seller) delivers to `from` (buyer) in equal monthly parts from start to end; each
// delivery is revenue of the seller and a receivable paid `payment_days` later. GPUs become the
// buyer's fleet (capital expenditure, adds GW); services are an operating cost of the buyer. A
// purchase commitment: the buyer's rules may cut or cancel it (paying `cancel_penalty` on the
// undelivered value), and a buyer's default leaves the seller a claim for that penalty.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "market/date.hpp"

namespace alchemy {

struct ContractKind;
struct ContractSpec;
struct TickContext;

enum class Delivery { gpus, services };

struct SupplyTerms {
  Delivery delivery = Delivery::gpus;
  double cancel_penalty = 0.10;  // share of the undelivered value paid by a buyer who cancels
  int payment_days = 30;         // days between delivery and payment (receivable / payable)
  double gw = 0.0;               // for GPUs: capacity delivered over the contract (0: at cost)
  // The seller holds a month's delivery while the buyer owes it overdue invoices (payment
  // default); the part moves to after the contract's end (up to a year after it, else lapses).
  bool suspend_when_overdue = true;
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
  k.flag("suspend_when_overdue", &SupplyTerms::suspend_when_overdue,
         "the seller holds deliveries while the buyer owes it overdue invoices");
  k.number("gw", &SupplyTerms::gw,
           "capacity leased, or for a supply of GPUs, capacity delivered (GW)",
           Keys::Range::between(0, 1e6));
}

extern const ContractKind supply_kind;

// GW delivered to `buyer` so far by supply contracts from `seller` (warrant milestones count the
// holder's deployment of the issuer's chips).
double gw_delivered(const TickContext& ctx, std::int32_t seller, std::int32_t buyer);

// The GW that supply contracts from `seller` to `buyer` deliver on or before `date` if every
// monthly delivery happens as signed (no cut, no suspension): the schedule a milestone is
// written against.
double gw_scheduled_by(const std::vector<ContractSpec>& contracts, std::size_t seller,
                       std::size_t buyer, Date date);
// The first scheduled delivery date on which that GW reaches `gw`, if any.
std::optional<Date> date_gw_scheduled(const std::vector<ContractSpec>& contracts,
                                      std::size_t seller, std::size_t buyer, double gw);

}  // namespace alchemy
