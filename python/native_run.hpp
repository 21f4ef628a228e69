#pragma once
// alchemy.run's arguments checked as `alchemy run` checks its flags, and the run itself: the
// engine into a MemorySink, no file written.

#include <cstdint>
#include <optional>
#include <string>

#include <pybind11/pybind11.h>

#include "sim/engine/engine.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/output_sink.hpp"

namespace alchemy::python {

struct RunRequest {
  LoadedScenario loaded;
  std::uint64_t seed = 0;
  RunOptions options;
};

// Loads the scenario with its overrides (ConfigError) and checks seed and until as the CLI does
// (ValueError: a seed outside 0..2^64-1, a date not YYYY-MM-DD or outside the scenario's period).
// Needs the GIL.
RunRequest run_request(pybind11::handle scenario, const std::optional<pybind11::int_>& seed,
                       const pybind11::dict& sets, const std::optional<std::string>& until,
                       bool verbose_events);

// The overrides of a `set` dict, in its order, as (key, command-line text).
std::vector<std::pair<std::string, std::string>> overrides_of(const pybind11::dict& sets);

std::uint64_t seed_of(const std::optional<pybind11::int_>& seed, const ScenarioSpec& spec);
std::optional<Date> until_of(const std::optional<std::string>& until, const ScenarioSpec& spec);

// The run's records. Touches no Python object: call it with the GIL released.
MemorySink run_native(const RunRequest& request);

}  // namespace alchemy::python
