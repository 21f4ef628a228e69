#pragma once
// Cascades of defaults (issue 18, item 3; MODEL.md §7.23): which default joined which, read from a
// run's events, by the two definitions the issue sets.
//   - Cause links: default y joins an earlier default of firm X when the lines of y's shortfall
//     decomposition whose counterparty is X hold at least half of its shortfall (the shares of its
//     `shortfall_line` events).
//   - Counterfactual: y joins X's cascade when, in a fork of the run that rescues X from the tick
//     before X's default (sim/run/counterfactual.hpp), y does not default or defaults at least 90
//     days later. The forks are run by the caller and passed in as each later default's date in
//     the fork (or none).
// A default's parent under a definition is the latest earlier default it joins; a tree's root is a
// default with no parent. Trees are drawn with the edges both definitions agree on when the
// counterfactual was run, else with the cause links.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "market/date.hpp"
#include "sim/analysis/default_exposure.hpp"
#include "sim/world/event.hpp"

namespace alchemy {

inline constexpr double kLinkShare = 0.5;       // the "≥ 50 % of the shortfall"
inline constexpr std::int32_t kLaterDays = 90;  // the "≥ 90 days later"

struct CascadeLine {
  std::string line;  // contract | operations | funding_cost | funding | margin | other
  std::int32_t contract = -1;
  std::int32_t counterparty = -1;
  double expected = 0, realised = 0, projected = 0, loss = 0, share = 0;
  std::uint64_t event = 0;  // the event behind the line (0: none)
};

struct CascadeDefault {
  std::int32_t firm = -1;
  Date date;
  std::uint64_t seq = 0;
  double liabilities = 0;
  double due = 0, recovery = 1;  // from its `default_settled`
  bool decomposed = false;       // it carries a shortfall decomposition
  double shortfall = 0;
  double reference_days = 0;
  bool stale = false;
  std::vector<CascadeLine> lines;
  // Parents, as indices into the run's defaults (−1: a root under that definition).
  std::int32_t link_parent = -1;
  double link_share = 0;  // the parent's lines' share of the shortfall
  std::int32_t counterfactual_parent = -1;
  std::int32_t parent = -1;  // the edge the tree is drawn with
  // With the counterfactual: each earlier default whose rescue was run, and this firm's first
  // default in that fork (none: it did not default there).
  struct Rescue {
    std::int32_t rescued = -1;
    std::optional<Date> date;
  };
  std::vector<Rescue> rescues;
  // With the counterfactual: its partners' exposure to it in the world of the tick before, the
  // world its rescue fork starts from (default_exposure.hpp).
  std::optional<DefaultExposure> exposure;
  bool joins(std::int32_t earlier) const;  // in that rescue's fork: gone or ≥ 90 days later
};

struct CascadeAnalysis {
  std::vector<CascadeDefault> defaults;  // in event order
  bool counterfactual = false;
};

// The defaults of a run and their cause links, from its events.
CascadeAnalysis analyse_cascades(const std::vector<Event>& events);

// For the fork that rescues default `rescued` (its index): each default's first date in that
// fork, or none, by index (defaults before the fork keep their dates). Call for every default,
// in order, then `finish_counterfactual`.
void add_rescue(CascadeAnalysis& a, std::size_t rescued,
                const std::vector<std::optional<Date>>& date_in_fork);
void finish_counterfactual(CascadeAnalysis& a);

// The size of the tree rooted at default `root` under each definition: 1 + its descendants.
struct CascadeSizes {
  std::size_t links = 0, counterfactual = 0, both = 0;
};
CascadeSizes cascade_sizes(const CascadeAnalysis& a, std::size_t root);

// Every default's tree size under the cause links at once (what cascade_sizes(a, k).links is for
// each k), in one pass: the run summary's cascades at 10^5 defaults.
std::vector<std::size_t> link_tree_sizes(const CascadeAnalysis& a);

}  // namespace alchemy
