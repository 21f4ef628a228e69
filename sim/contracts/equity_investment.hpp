#pragma once
// equity_investment: `from` (investor) buys new shares of `to` (investee) in equal tranches spread
// over start..end, each at the investee's price on the day it is drawn and gated by its milestone.
// A tranche that cannot be drawn (milestone not met, investor short of cash) is retried monthly
// for a year after the end, then lapses. A `draw_tranche` rule may draw the next one early.
// With a condition (a negotiation another party must conclude), every tranche not drawn by
// `condition_date` depends on it: on that date the condition fails with probability
// `condition_fails`, drawn from a stream of the contract's own, and the undrawn tranches are then
// blocked (MODEL.md §7.25).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "market/date.hpp"
#include "sim/contracts/tranche_terms.hpp"

namespace alchemy {

struct ContractKind;
struct ContractSpec;

// Whose GW a tranche's min_gw counts: the GPUs the investor itself has delivered to the
// investee (vendor financing paid per GW of the vendor's systems deployed, as NVIDIA's 10 B per
// GW), or every GW the investee runs, whoever supplied it (the loader asks for `deliberate`).
enum class GwSource { counterparty, all };

struct EquityTerms {
  TrancheTerms tranche;
  GwSource gw_source = GwSource::counterparty;
  // The investor's discretion (vendor financing "up to" an amount): each tranche is paid in the
  // share (investor's price / its highest price so far)^price_elasticity of its amount and the
  // rest lapses, so a vendor whose shares have fallen funds its customers less. 0: committed.
  double price_elasticity = 0.0;
  // The condition the tranches not drawn by this date depend on; none: unconditional.
  std::optional<Date> condition_date;
  double condition_fails = 0.0;  // the probability that it fails on condition_date
};

template <class Keys>
void declare_keys(Keys& k, EquityTerms*) {
  declare_tranche_keys<EquityTerms>(k);
  k.choice("gw_source", &EquityTerms::gw_source,
           "whose GW a milestone's min_gw counts: GPUs the investor delivered to the investee "
           "(counterparty), or all the investee's capacity (all: needs `deliberate`)",
           std::vector<GwSource>{GwSource::counterparty, GwSource::all},
           std::vector<std::string>{"counterparty", "all"});
  k.number("price_elasticity", &EquityTerms::price_elasticity,
           "the investor's discretion: each tranche is paid in the share (investor's price / its "
           "peak price)^this of its amount, the rest lapses (0: committed, paid in full)",
           Keys::Range::between(0, 10));
  k.date("condition_date", &EquityTerms::condition_date,
         "the date a condition the tranches not drawn by then depend on resolves (e.g. a "
         "negotiation between others); none: unconditional");
  k.fraction("condition_fails", &EquityTerms::condition_fails,
             "the probability that the condition fails on condition_date, blocking every "
             "tranche not drawn by then (drawn from the contract's own random stream)",
             Keys::Range::between(0, 1));
}

// Whether the condition of equity investment `cs` is still open on `today`: it has one and its
// date has not come.
bool condition_open(const ContractSpec& cs, Date today);

extern const ContractKind equity_investment_kind;

}  // namespace alchemy
