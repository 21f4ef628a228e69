#pragma once
// alchemy.sweep: the runs of a sweep on the sweep's thread pool (sim/sweep/sweep_runner), in
// memory, and the tables `alchemy sweep` writes as runs.csv and summary.csv.

#include <cstddef>

#include <pybind11/pybind11.h>

#include "sim/sweep/sweep_tables.hpp"

namespace alchemy::python {

struct SweepTables {
  Table runs;
  Table summary;
};

// A sweep file (path) or dict (its `base:` relative to the working directory) as a plan; needs
// the GIL. ConfigError for a bad sweep.
SweepPlan sweep_plan(pybind11::handle sweep);

// Every run of the plan on `threads` threads. Touches no Python object: call it with the GIL
// released. A run that fails is a std::runtime_error naming it and how to reproduce it.
SweepTables run_sweep(const SweepPlan& plan, std::size_t threads);

// {"header": [...], "types": ["integer" | "real" | "text", ...], "rows": [[cell, ...], ...]}.
pybind11::dict table_columns(const Table& t);

}  // namespace alchemy::python
