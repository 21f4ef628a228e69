#pragma once
// equity_investment: `from` (investor) buys new shares of `to` (investee) in equal tranches spread
// over start..end, each at the investee's price on the day it is drawn and gated by its milestone.
// A tranche that cannot be drawn (milestone not met, investor short of cash) is retried monthly
// for a year after the end, then lapses. A `draw_tranche` rule may draw the next one early.

#include <cstdint>

#include "sim/contracts/tranche_terms.hpp"

namespace alchemy {

struct ContractKind;

struct EquityTerms {
  TrancheTerms tranche;
};

template <class Keys>
void declare_keys(Keys& k, EquityTerms*) {
  declare_tranche_keys<EquityTerms>(k);
}

extern const ContractKind equity_investment_kind;

}  // namespace alchemy
