#pragma once
// The checks that need the whole scenario, and the final ordering. Runs after the tables have
// read the tree into a draft; errors point into the same tree.

#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/world/scenario_spec.hpp"

namespace alchemy {

// Resolves the period (end or horizon), contract dates and parties, firm names; checks firm and
// contract ids (unique, known, did you mean), dates within [start, end], milestones against
// tranches, rules (check_rule), shock kinds and targets; then sorts firms by id, contracts by
// (signed, id) and shocks by date (stable), and turns party ids into firm indices.
ScenarioSpec resolve_scenario(ScenarioDraft draft, const ConfigNode& tree);

}  // namespace alchemy
