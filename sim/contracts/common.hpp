#pragma once
// Helpers several contract kinds share: the monthly schedule, announcements, contract events,
// milestone gates, issuing equity to an investor, the generic answers of ContractKind (cut a
// purchase commitment, end a contract on a default) and the shared scenario checks.

#include <cstdint>
#include <optional>
#include <vector>

#include "market/scheduler.hpp"
#include "sim/contracts/contract_kind.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

inline std::int32_t as_index(std::size_t i) {
  return static_cast<std::int32_t>(i);
}

// Dates start, start + 1 month, ... up to end (inclusive): the monthly schedule of a contract.
std::vector<Date> monthly_dates(Date start, Date end);
// `total` in n parts that sum to it exactly (largest remainder).
std::vector<Money> equal_parts(Money total, std::size_t n);

// Adds a calendar-phase item to the scheduler.
void schedule(TickContext& ctx, Date d, ItemKind kind, std::int32_t firm, std::int32_t contract,
              std::int32_t index, Money amount);

// Announcement effect (DESIGN.md "Prices and feedback", issue 4): a signed deal moves each
// party's log price by beta × sentiment × deal size / market value, capped at ±1. The jump is
// applied in this tick's market phase, on top of the move toward fundamental value.
void announce(TickContext& ctx, std::int32_t firm, Money amount, std::uint64_t cause);

// An event of contract `c` between its parties (firm = from, counterparty = to).
Event contract_event(EventType type, const ContractSpec& cs, std::int32_t c, Money amount,
                     std::uint64_t cause);

// Whether tranche `tranche`'s milestone in `ms` is met today (no milestone: met). `gw_deployed`
// is the beneficiary's deployed capacity as the kind measures it, asked only when the milestone
// has a GW gate; `issuer` is the firm whose price the barrier reads.
template <class GwDeployed>
bool milestone_met(const TickContext& ctx, const std::vector<Milestone>& ms, std::size_t tranche,
                   GwDeployed gw_deployed, std::int32_t issuer) {
  if (tranche >= ms.size()) return true;
  const Milestone& m = ms[tranche];
  if (m.not_before && ctx.world.date < *m.not_before) return false;
  // Relative tolerance: GW delivered is summed from cent-rounded monthly parts.
  if (m.min_gw_deployed > 0.0 && gw_deployed() < m.min_gw_deployed * (1.0 - 1e-9)) return false;
  if (m.min_issuer_price > 0.0 &&
      ctx.world.firms[static_cast<std::size_t>(issuer)].price < m.min_issuer_price) {
    return false;
  }
  return true;
}

// Books a stake of `shares` in `issuer` for `holder`, carried at `value`.
void add_stake(FirmState& holder, std::int32_t issuer, double shares, Money value);

// `investor` buys `amount` of new shares of `investee` at its current (shadow) price: cash moves,
// shares are issued, the stake is booked, and an unlisted investee is marked at the round's
// price. The caller has checked the investor's cash. Returns {shares, price}.
struct EquityIssue {
  double shares;
  double price;
};
EquityIssue issue_equity(TickContext& ctx, std::int32_t investor, std::int32_t investee,
                         Money amount);

// The days a deferred supply's schedule moved back (defer_supply pushes every pending part by
// months_deferred); 0 when never deferred.
int deferral_shift_days(const ContractSpec& cs, const ContractState& st);

// What a signed contract moves over the next 365 days from `today`, at its pace (amount × cut
// factor spread evenly over start..end), capped by what remains: a supplier's revenue, a buyer's
// or lessee's payments, an investor's tranches. 0 when nothing remains.
double next_year_flow(const ContractSpec& cs, const ContractState& st, Date today);

// The whole remaining schedule of a contract as revenue-years for a seller valued at `multiple`
// times forward revenue (MODEL.md §7.7): its flows at their pace q from max(today, start) until
// what remains runs out, each year discounted at 1/multiple, the rate at which `multiple` ×
// revenue is the value of a perpetual flow. multiple × this is the backlog's value: priced whole
// the day it is signed, falling as it is delivered, with no drift as its dates come nearer.
double backlog_revenue_years(const ContractSpec& cs, const ContractState& st, Date today,
                             double multiple);

// Cuts `share` of the undelivered part of purchase commitment `c` (kind_of(c).cancel_penalty set);
// the buyer pays the penalty on the cut value. share = 1 cancels. Returns the penalty.
Money cut_commitment(TickContext& ctx, std::int32_t c, double share, std::uint64_t cause);

// ContractKind::on_default answers: the contract simply ends; or, for a purchase commitment, a
// defaulting buyer also owes the seller the cancel penalty on what was left undelivered.
void end_on_default(TickContext& ctx, std::int32_t c, std::int32_t defaulter);
void purchase_on_default(TickContext& ctx, std::int32_t c, std::int32_t defaulter);

// ContractKind::channels for purchases (supply, lease): the seller's value depends on the buyer's,
// b = multiple_seller × the seller's revenue from the buyer over the next 365 days × the buyer's
// survival, 1 − its default probability (market_channels.hpp, MODEL.md §7.21), elasticity 0: a
// fixed amount within the tick, which the buyer moves only through its default probability. The
// entry carries the buyer as its payer; the builder applies the survival.
void purchase_channel(const TickContext& ctx, std::int32_t c, EdgeKind kind,
                      const std::vector<double>& multiple, std::vector<MarketChannels::Entry>& out);

// ContractKind::network_edge for commitments: an edge from `from` to `to` of `kind` carrying what
// remains, while anything does.
void remaining_edge(const TickContext& ctx, std::int32_t c, EdgeKind kind, Network& net);

// Scenario checks several kinds share.
std::optional<KindProblem> check_amount_positive(const ContractSpec& cs);
// One milestone per tranche or none, and each milestone's date within first..last.
std::optional<KindProblem> check_tranches(const TrancheTerms& t, Date first, Date last);
// The message of a date outside the run, as the loader words it for every date key.
std::string outside_run(Date d, Date first, Date last);

}  // namespace alchemy
