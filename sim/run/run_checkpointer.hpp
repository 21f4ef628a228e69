#pragma once
// Checkpoints during a run (`--checkpoint-every 1y`): at the first tick on or after each
// anniversary of the scenario's start (start + k × every; months clamp to the month's end as in
// the scenario), the world is saved to `checkpoints/<date>.ckpt` in the run folder. When the run
// is interrupted (Ctrl-C, SIGTERM), its last tick is saved as
// `checkpoints/<date>-interrupted.ckpt`, so it can be resumed from where it stopped.
//
// No checkpoint is written at a run's last tick: the engine records a series row at every run's
// last tick, which resets the period flows, so that state is not the one a longer run passes
// through. Every checkpoint is a state the uninterrupted run also passes through, which is what
// makes a resumed run's outputs byte-identical to it.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/engine/engine.hpp"
#include "sim/output/run_outputs.hpp"
#include "sim/scenario/config_values.hpp"
#include "sim/world/output_sink.hpp"

namespace alchemy {

// The "run" object of a checkpoint: how its run was set up, and how far its outputs had got.
struct CheckpointRunInfo {
  std::string scenario_file;    // as given to `alchemy run` (informational)
  std::optional<Date> until;    // the run's --until
  bool verbose_events = false;  // the --verbose-events flag (the scenario's own setting
                                // is in the scenario)
  OutputFormats formats;
  std::optional<Duration> every;      // --checkpoint-every
  bool interrupted = false;           // saved because the run stopped, not on schedule
  std::uint64_t events = 0;           // events written before it (seq 1 ... events)
  std::vector<OutputPrefix> outputs;  // the text files as they were
  std::int64_t sqlite_run = 0;        // the run's id in run.sqlite

  nlohmann::json to_json() const;
  // Throws std::invalid_argument or nlohmann::json::exception on a malformed object.
  static CheckpointRunInfo from_json(const nlohmann::json& j);
};

inline constexpr const char* kCheckpointDir = "checkpoints";

// "checkpoints/2026-01-02.ckpt", or "checkpoints/2026-01-02-interrupted.ckpt".
std::filesystem::path checkpoint_path(Date date, bool interrupted);

class RunCheckpointer final : public OutputSink {
 public:
  // `run_dir`: where the run writes (checkpoints go to run_dir/checkpoints); `anchor`: the
  // scenario's start. `outputs` must outlive this and be flushed before it in the sink order.
  RunCheckpointer(std::filesystem::path run_dir, Date anchor, std::string scenario_yaml,
                  CheckpointRunInfo info, RunOutputs& outputs);

  // Installs the per-tick hook.
  void attach(RunOptions& options);
  // A continued run: the anniversaries up to `date` are behind it.
  void start_after(Date date);

  Wants wants() const override { return wants_nothing; }
  void begin(const RunHeader& h) override { total_ticks_ = h.total_ticks; }
  void event(const Event&) override {}
  void tick_done(std::size_t n) override { ticks_done_ = n; }
  void end_state(const World& w) override { last_world_ = &w; }
  void finish(bool complete) override;

  const std::vector<std::filesystem::path>& written() const { return written_; }

 private:
  void after_tick(const World& w);
  void save(const World& w, bool interrupted);
  Date anniversary(std::int64_t k) const;

  std::filesystem::path run_dir_;
  Date anchor_;
  std::string scenario_yaml_;
  CheckpointRunInfo info_;
  RunOutputs& outputs_;
  std::vector<FollowedFile> followed_;
  std::int64_t next_k_ = 1;
  std::size_t total_ticks_ = 0;
  std::size_t ticks_done_ = 0;
  std::optional<Date> last_saved_;
  const World* last_world_ = nullptr;
  std::vector<std::filesystem::path> written_;
};

}  // namespace alchemy
