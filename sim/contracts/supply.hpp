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
#include "market/money.hpp"

namespace alchemy {

struct ContractKind;
struct CashProjection;
struct ProjectionIndex;
struct ContractSpec;
struct TickContext;

enum class Delivery { gpus, services };

// How a GW-denominated purchase is invoiced (MODEL.md §7.24): in the dollars fixed at signing, or
// at the compute cost path's level on each delivery (signed dollars × cost then / cost at signing).
enum class Invoice { fixed, path };

struct SupplyTerms {
  Delivery delivery = Delivery::gpus;
  double cancel_penalty = 0.10;  // share of the undelivered value paid by a buyer who cancels
  int payment_days = 30;         // days between delivery and payment (receivable / payable)
  double gw = 0.0;               // for GPUs: capacity delivered over the contract (0: at cost)
  // The seller holds a month's delivery while the buyer owes it overdue invoices (payment
  // default); the part moves to after the contract's end (up to a year after it, else lapses).
  bool suspend_when_overdue = true;
  // The buyer may push its remaining deliveries (and so its invoices) back by this many months,
  // once, paying the seller deferral_penalty × the value deferred (the treasury's
  // defer_purchases, MODEL.md §7.19). 0: not deferrable.
  int deferral_months = 0;
  double deferral_penalty = 0.0;
  Invoice invoice = Invoice::fixed;
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
  k.integer("deferral_months", &SupplyTerms::deferral_months,
            "months by which the buyer may push its remaining deliveries and invoices back, once "
            "(0: not deferrable)",
            0, 60);
  k.fraction("deferral_penalty", &SupplyTerms::deferral_penalty,
             "share of the deferred value the buyer pays the seller when it defers",
             Keys::Range::between(0, 1));
  k.choice("invoice", &SupplyTerms::invoice,
           "a GW-denominated purchase (gw > 0) is invoiced in the dollars fixed at signing "
           "(fixed), or each delivery at its signed dollars × market.compute_cost on the delivery "
           "date / on the signing date (path)",
           std::vector<Invoice>{Invoice::fixed, Invoice::path},
           std::vector<std::string>{"fixed", "path"});
  k.number("gw", &SupplyTerms::gw,
           "capacity leased, or for a supply of GPUs, capacity delivered (GW)",
           Keys::Range::between(0, 1e6));
}

extern const ContractKind supply_kind;

// Whether supply `c` may be deferred now: signed, open, something left, deferral_months > 0 and
// not deferred before.
bool deferrable(const TickContext& ctx, std::int32_t c);
// The cash that deferring supply `c` frees its buyer within the horizon of `p` (a projection of
// the buyer with `index`): its invoices paid within the horizon as scheduled, less those still
// paid within it once every pending delivery is deferral_months later, less the penalty.
double deferral_relief(const TickContext& ctx, std::int32_t c, const ProjectionIndex& index,
                       const CashProjection& p);
// Pushes every pending delivery of supply `c` back by its deferral_months (its invoices follow,
// and with them the seller's receipts, revenue and next-year flow); the buyer pays the seller
// deferral_penalty × what remains, as a claim due today; a `commitment_deferred` event (buyer,
// seller, the value deferred; `months`, `penalty`) whose cause is `cause`. Returns the penalty.
Money defer_supply(TickContext& ctx, std::int32_t c, std::uint64_t cause);

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
