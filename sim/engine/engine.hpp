#pragma once
// The engine: runs a scenario tick by tick through the named phases of DESIGN.md and emits
// events and series rows to an OutputSink. It performs no I/O.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "market/date.hpp"
#include "market/scheduler.hpp"
#include "sim/world/output_sink.hpp"
#include "sim/world/scenario_spec.hpp"

namespace alchemy {

struct World;

struct RunOptions {
  std::optional<Date> until;  // stop after this date (default: the scenario's end)
  // Pause after this date: the run stops there, but its last tick stays `until`'s, so the ticks
  // simulated are those of the longer run (records at the run's last tick, which reset period
  // flows, are not written) and continue_run can carry on from the world bit for bit. For a run
  // stepped from Python (python/native_sim).
  std::optional<Date> pause_after;
  const std::atomic<bool>* stop = nullptr;  // set by a signal handler: stop after this tick
  bool verbose_events = false;              // also emit daily accrual events
  // Called after every phase of every tick (tests check conservation laws here). Not state.
  std::function<void(Phase, const World&)> after_phase;
  // Called after every tick, once its records reached the sink (checkpoints are written here).
  std::function<void(const World&)> after_tick;
};

struct RunResult {
  bool complete = false;  // false when stopped by `stop`
  std::size_t ticks = 0;
  std::uint64_t events = 0;
  Date last_date;
};

// Runs a scenario from its start. `seed` replaces the scenario's seed.
RunResult run_scenario(const ScenarioSpec& spec, std::uint64_t seed, OutputSink& sink,
                       const RunOptions& options = {});

// Continues a run from a world (fresh from make_world, or restored from a checkpoint): ticks
// on or before world.date are skipped. The world is left at the last simulated tick.
RunResult continue_run(const ScenarioSpec& spec, World& world, OutputSink& sink,
                       const RunOptions& options = {});

// The dates of the scenario's ticks up to `until` (trading days of its calendar, at its step).
std::vector<Date> tick_dates(const ScenarioSpec& spec, Date until);

}  // namespace alchemy
