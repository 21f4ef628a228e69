#pragma once
// A scenario simulated up to a date, for the commands that analyse the state of a run at one
// date rather than write its outputs: `alchemy loops`, `alchemy graph` and `alchemy debtrank
// SCENARIO.yaml` (all take `--at DATE` and `--set key=value`).

#include <memory>
#include <string>
#include <vector>

#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

struct AtOptions {
  std::string scenario;                // scenario YAML file
  std::string at;                      // ISO date; empty: one year after the start
  std::vector<std::string> overrides;  // --set key.path=value
};

struct SimulatedState {
  LoadedScenario loaded;  // spec with its generated network (if any) expanded, as the world has it
  World world;            // after the last tick on or before the date
};

// Loads the scenario (generated network drawn from its seed) and simulates it up to the date:
// by default the end of its first year (capped at the scenario's end). Throws ConfigError (exit 2)
// for a bad scenario, and for an --at that is not an ISO date within [start, end].
std::unique_ptr<SimulatedState> simulate_to(const AtOptions& o);

}  // namespace alchemy
