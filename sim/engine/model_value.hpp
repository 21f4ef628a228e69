#pragma once
// Each firm's own model value per share at the start of a run: the market phase's price
// equations solved with full adjustment (κ = 1) and no noise or announcement — the price at which
// a firm's value and its market price agree on day one. The loader compares it with the starting
// price the scenario gives (sim/scenario/scenario_consistency.hpp).

#include <vector>

#include "sim/world/scenario_spec.hpp"

namespace alchemy {

// Price per (diluted) share, by firm index; 0 for a firm whose value is at the floor.
std::vector<double> model_prices_at_start(const ScenarioSpec& spec);

}  // namespace alchemy
