#pragma once
// The plausible ranges of a scenario's assumptions (issue 19): a top-level map from a key path
// (as for --set) to the interval its value could plausibly take and why, e.g.
//
//   assumptions:
//     market.funding.quarterly_supply: {from: 60B, to: 180B, why: "assumption: ±50 % ..."}
//
// Maps merge key by key, so a web inherits the ranges of the mechanics it takes with `base:` and
// adds its own. The ranges describe the scenario and change nothing a run computes: they are left
// out of the resolved YAML (its SHA-256 identifies a run). `tools/sensitivity` samples them.

#include <string>
#include <vector>

#include "sim/scenario/config_schema.hpp"
#include "sim/scenario/config_tree.hpp"

namespace alchemy {

struct AssumptionRange {
  std::string key;        // a scenario key path, as for --set
  SourceLocation where;   // the key path in `assumptions:`
  std::string from_text;  // the bounds as written (a sweep file takes them as they are)
  std::string to_text;
  double from = 0.0;  // as numbers: fractions, or dollars for amounts
  double to = 0.0;
  std::string why;         // the source of the bounds, or "assumption: ... because ..."
  std::string value_text;  // the value the scenario uses, as written
  SourceLocation value_where;
  double value = 0.0;

  bool contains_value() const { return from <= value && value <= to; }
};

// The section of one range, for the schema's reference and its checks of each entry.
const SectionInfo& assumption_range_section();

// Checks the shape of `assumptions:` (a map of maps with from < to and a why); the key paths are
// checked against the whole scenario by read_assumptions.
void check_assumption_entries(const ConfigNode& node, const std::string& path);

// Reads `assumptions:` of a merged scenario tree: every key path must name a value the scenario
// writes (did you mean), written as a number, a percentage or an amount. A value outside its
// range is not an error here (a derived scenario may set one on purpose); see contains_value.
// Throws ConfigError at the offending entry. Entries in written (merged) order.
std::vector<AssumptionRange> read_assumptions(const ConfigNode& tree, const SectionInfo& schema);

}  // namespace alchemy
