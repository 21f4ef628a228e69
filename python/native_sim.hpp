#pragma once
// alchemy.Sim's engine: a run that advances a few ticks at a time and can be copied. It ticks
// through the same dates as one straight run to its end (RunOptions::pause_after), so stepping
// in any pieces gives the straight run's records bit for bit.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "python/native_run.hpp"
#include "sim/folder/manifest.hpp"
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
  // The scenario as the Sim began it (its file or dict with `base:` merged and the overrides
  // applied), without the shocks shock() added: what `alchemy run` reads, with --seed, --until
  // and --with a file of shocks_yaml(), to replay this Sim.
  std::string exported_yaml() const { return initial_yaml_; }
  // The shocks shock() added, in order, as a shocks file (`shocks:` list); none when none.
  std::optional<std::string> shocks_yaml() const;
  // The manifest.json `alchemy run` writes for the same run (sim/folder/manifest.hpp), as far as
  // the Sim got: status complete at the end, else incomplete; no files (the Sim writes none);
  // started_at when the Sim (or the one it was forked from) was made, finished_at when it last
  // stepped, duration_seconds the time spent stepping. `command_line` is the caller's argv.
  Manifest manifest(std::vector<std::string> command_line) const;

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
  std::string initial_yaml_;   // request_.loaded.resolved_yaml before any shock()
  ConfigNode added_shocks_;    // every shock() item, in order (a list)
  std::chrono::system_clock::time_point started_at_;
  std::chrono::system_clock::time_point finished_at_;
  double stepping_seconds_ = 0.0;
  std::vector<Date> dates_;  // the straight run's ticks
  std::size_t next_ = 0;     // index of the next tick to simulate
  World world_;
  MemorySink records_;
};

}  // namespace alchemy::python
