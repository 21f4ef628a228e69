#pragma once
// alchemy.graph and alchemy.loops: a scenario simulated to a date (as `alchemy graph --at` and
// `alchemy loops --at` do, sim/run/simulate_to) and its contract network or feedback loops there.

#include <optional>
#include <string>

#include <pybind11/pybind11.h>

namespace alchemy::python {

// The contract network at `at` (default: the end of the scenario's first year) as the JSON
// `alchemy graph --format json` prints. ConfigError for a bad scenario, override or date.
std::string graph_json(pybind11::handle scenario, const pybind11::dict& sets,
                       const std::optional<std::string>& at);

// The loops `alchemy loops` prints: {"scenario", "date", "rho", "multiplier" (None when
// explosive), "loops": {"loop", "class", "gain", "per_edge_gain", "kinds"} columns}.
pybind11::dict loops_at(pybind11::handle scenario, const pybind11::dict& sets,
                        const std::optional<std::string>& at);

// Each firm's systemic impact at `at`, as `alchemy debtrank SCENARIO --at DATE [--linear]
// --format csv` ranks them: {"rank", "firm", "original", "linear", "equity", "exposure",
// "exposed_to", "defaulted"} columns, and "date".
pybind11::dict debtrank_at(pybind11::handle scenario, const pybind11::dict& sets,
                           const std::optional<std::string>& at, bool linear);

}  // namespace alchemy::python
