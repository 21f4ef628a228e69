#pragma once
// alchemy.Sim's engine: a run that advances a few ticks at a time and can be copied. It ticks
// through the same dates as one straight run to its end (RunOptions::pause_after), so stepping
// in any pieces gives the straight run's records bit for bit.

#include <cstddef>
#include <optional>
#include <vector>

#include <filesystem>
#include <string>

#include "python/native_run.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/world/world.hpp"

namespace alchemy::python {

class NativeSim {
 public:
  NativeSim(RunRequest request, std::string scenario_name);

  // Simulates the next `ticks` ticks (fewer at the run's end). No Python objects: call it with
  // the GIL released.
  void step(std::size_t ticks);
  // Simulates every tick on or before `date` not yet simulated.
  void step_through(Date date);

  // Adds shocks (a non-empty list of shock maps, as in a shocks file) from here on, as
  // `alchemy fork` adds them to a checkpoint of this run's world. A shock dated before the last
  // simulated tick is a ConfigError; one dated on it applies at the next tick.
  void shock(const ConfigNode& shocks);
  // Saves the world where it is as a checkpoint `alchemy resume` and `alchemy fork` continue
  // (with --no-prefix: this run's records are in memory, not in a folder). Needs a simulated
  // tick; never overwrites a file (FileExistsError from the caller's check).
  void checkpoint(const std::filesystem::path& file) const;
  // The scenario in force (with the shocks added) and the run's seed written into it: YAML that
  // `alchemy run` replays as this Sim ran (with --until when the Sim has one).
  std::string exported_yaml() const;

  bool done() const { return next_ == dates_.size(); }
  std::size_t ticks_done() const { return next_; }
  std::size_t ticks_total() const { return dates_.size(); }
  // The date of the next tick to simulate; none when done.
  std::optional<Date> next_tick() const {
    if (done()) return std::nullopt;
    return dates_[next_];
  }
  // The date of the last simulated tick; none before the first.
  std::optional<Date> date() const;
  const MemorySink& records() const { return records_; }
  const RunRequest& request() const { return request_; }

 private:
  void advance_to(std::size_t next);

  RunRequest request_;
  std::string scenario_name_;  // the scenario as given, for checkpoints
  std::vector<Date> dates_;    // the straight run's ticks
  std::size_t next_ = 0;       // index of the next tick to simulate
  World world_;
  MemorySink records_;
};

}  // namespace alchemy::python
