#include "python/native_sweep.hpp"

#include <numeric>
#include <stdexcept>

#include <pybind11/stl.h>

#include "python/scenario_input.hpp"
#include "sim/sweep/sweep_plan.hpp"
#include "sim/sweep/sweep_runner.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace py = pybind11;

namespace alchemy::python {

SweepPlan sweep_plan(py::handle sweep) {
  const ScenarioInput in = scenario_input(sweep);
  if (in.file) return SweepPlan::load(*in.file);
  return SweepPlan::from_spec(sweep_spec_from_tree(*in.dict, dict_location().file));
}

SweepTables run_sweep(const SweepPlan& plan, std::size_t threads) {
  if (threads == 0) throw std::invalid_argument("threads: expected 1 or more, got 0");
  std::vector<std::size_t> runs(plan.runs());
  std::iota(runs.begin(), runs.end(), std::size_t{0});
  RunQueue queue(std::move(runs));
  JournalRecords records;
  // on_done is called one run at a time (sweep_runner.hpp), so the map needs no lock.
  const PoolOutcome outcome = run_on_threads(
      plan, queue, threads, std::nullopt, nullptr,
      [&](std::size_t run, const std::vector<std::string>& cells) { records[run] = cells; });
  if (outcome.failed_run) {
    throw std::runtime_error("sweep run " + std::to_string(*outcome.failed_run) +
                             " failed: " + outcome.failure + "; reproduce it with " +
                             plan.reproduce_command(*outcome.failed_run));
  }
  return {runs_table(plan, records), summary_table(plan, records)};
}

py::dict table_columns(const Table& t) {
  py::dict out;
  out["header"] = py::cast(t.header);
  py::list types;
  for (const Table::Type type : t.types) {
    switch (type) {
      case Table::Type::integer:
        types.append("integer");
        break;
      case Table::Type::real:
        types.append("real");
        break;
      case Table::Type::text:
        types.append("text");
        break;
    }
  }
  out["types"] = types;
  out["rows"] = py::cast(t.rows);
  return out;
}

}  // namespace alchemy::python
