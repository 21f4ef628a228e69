#pragma once
// The checks that a scenario's deals and balance sheets can do what they say, run on the
// resolved scenario (final firm and contract indices) with its located tree for messages. Each
// failure is a ConfigError (exit 2) at the key to change, unless the firm, contract or rule
// carries `deliberate: "reason"`:
//   - a firm's book equity at the start is negative;
//   - a rule that spends cash (buyback, buy_compute, vendor_invest) has no min_cash, or a
//     raise_debt rule no max_rate below 100 %;
//   - a milestone's min_gw cannot be reached by the scheduled GPU deliveries of the contract's
//     own counterparty before the tranche's last chance (a warrant's last vesting check, an
//     investment's last retry a year after its end), or an investment counts every supplier's
//     capacity (gw_source: all);
//   - a GPU-collateralised loan's loan-to-value when drawn exceeds its max_ltv.
// It also links each loan's `finances` to the GPU supply contract it pays for.

#include <string>
#include <vector>

#include "sim/scenario/config_tree.hpp"
#include "sim/world/scenario_spec.hpp"

namespace alchemy {

void check_consistency(ScenarioSpec& spec, const ConfigNode& tree);

// Firms whose starting price is less than half or more than double their own model value per
// share (sim/engine/model_value.hpp) and that do not say why (`deliberate`): a warning, not an
// error (a study may start a firm mispriced on purpose), printed by `alchemy validate`; the
// shipped scenarios have none (a test).
std::vector<std::string> starting_price_warnings(const ScenarioSpec& spec);

}  // namespace alchemy
