#pragma once
// The state of the round-trip tracing (fund_tracing.hpp, MODEL.md §7.22): where the money each
// investment contract paid in is now. Plain data, part of the World, so checkpoints and forks
// carry it exactly.

#include <cstdint>
#include <vector>

#include "market/money.hpp"

namespace alchemy {

// Money of one investment held in a firm's cash. `investment` indexes FundTracing::investments,
// so a payment books what leaves without a search; the investor is kept beside it so the ledger
// can tell a payment that brings the money home without the scenario at hand.
struct TracedCash {
  std::int32_t investment = 0;
  std::int32_t investor = 0;
  Money amount;  // > 0 and at most the holder's cash
  friend bool operator==(const TracedCash&, const TracedCash&) = default;
};

// What became of one investment's money so far. invested = came_back + paid_outside + what the
// firms hold (FundTracing::held), to the cent.
struct InvestmentTrace {
  std::int32_t contract = 0;
  Money invested;      // the tranches paid in
  Money came_back;     // reached the investor's cash, by any payment
  Money paid_outside;  // paid to the rest of the world (suppliers, power, lenders, investors)
  friend bool operator==(const InvestmentTrace&, const InvestmentTrace&) = default;
};

struct FundTracing {
  // Per firm, sorted by investment: the investments' money in its cash. Empty until the first
  // investment pays in, then one list per firm.
  std::vector<std::vector<TracedCash>> held;
  // One per investment paid in, in the order of their first tranches (so an index never moves).
  std::vector<InvestmentTrace> investments;
  // Per firm, beside `held`: the share of its tags its payments out of the network since they were
  // last settled have left, Π (1 − P / C) (1: none pending). Payments out of the network are the
  // most frequent and move every tag alike, so they cost one multiplication; the tags are settled
  // (fund_tracing.cpp) before they move in the network, and read through it.
  std::vector<double> keep;
  friend bool operator==(const FundTracing&, const FundTracing&) = default;
};

}  // namespace alchemy
