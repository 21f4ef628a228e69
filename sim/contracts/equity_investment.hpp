#pragma once
// equity_investment: `from` (investor) buys new shares of `to` (investee) in equal tranches spread
// over start..end, each at the investee's price on the day it is drawn and gated by its milestone.
// A tranche that cannot be drawn (milestone not met, investor short of cash) is retried monthly
// for a year after the end, then lapses. A `draw_tranche` rule may draw the next one early.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/contracts/tranche_terms.hpp"

namespace alchemy {

struct ContractKind;

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
}

extern const ContractKind equity_investment_kind;

}  // namespace alchemy
