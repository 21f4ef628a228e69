#pragma once
// What a run records into its folder besides manifest.json: the record files of `--format` and
// the checkpoints of `--checkpoint-every` (sim/output/run_outputs.hpp,
// sim/run/run_checkpointer.hpp), set up the same way for `alchemy run`, `resume` and `fork`.

#include <filesystem>
#include <optional>
#include <string>

#include "sim/engine/engine.hpp"
#include "sim/output/run_outputs.hpp"
#include "sim/run/network_recorder.hpp"
#include "sim/run/run_checkpointer.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace CLI {
class App;
}

namespace alchemy {

// The flags as typed.
struct RecordFlags {
  std::string formats = "jsonl,csv";
  std::string checkpoint_every;
};
// Adds --format and --checkpoint-every to a command.
void add_record_flags(CLI::App& cmd, RecordFlags& flags);

struct RecordPlan {
  OutputFormats formats;
  std::optional<Duration> every;
};
// Checks the flags; a bad value is a ConfigError at "<command line>" (exit code 2).
RecordPlan parse_record_flags(const RecordFlags& flags);

class RunRecorders {
 public:
  // A fresh run of `scenario` (as loaded from `scenario_file`) with `seed`, writing into `work`.
  RunRecorders(const std::filesystem::path& work, const RecordPlan& plan,
               const LoadedScenario& scenario, std::uint64_t seed, std::optional<Date> until,
               bool verbose_events, const std::string& scenario_file);
  // A run continued from a checkpoint dated `after`; `info` as the new run's checkpoints will
  // say (formats, every, until, ...). Without a continuation the folder holds only what follows
  // the checkpoint.
  RunRecorders(const std::filesystem::path& work, const LoadedScenario& scenario, Date after,
               CheckpointRunInfo info, SqliteRunInfo sqlite,
               const OutputContinuation* continuation);

  // Adds the writers, then the checkpointer, to `sink` (in that order: a checkpoint flushes
  // what the writers hold), and the per-tick hooks to `options` (the network snapshot's, then
  // the checkpointer's).
  void attach(FanoutSink& sink, RunOptions& options);
  // The network snapshots' rows also go to `rows` (run --report).
  void also_network_to(std::vector<NetworkRow>* rows) { network_.also_to(rows); }
  // Closes the files (throws on I/O errors). Call before listing the folder in the manifest.
  void close() { outputs_.close(); }
  const std::vector<std::filesystem::path>& checkpoints() const { return checkpointer_.written(); }

 private:
  RunOutputs outputs_;
  RunCheckpointer checkpointer_;
  NetworkRecorder network_;
};

}  // namespace alchemy
