#pragma once
// Records the contract network at the last tick of each month of a run's calendar (the last
// recorded date of each month: series.csv records every tick unless the scenario says
// otherwise), and at the run's last tick: network.csv's rows (sim/run/network_snapshot.hpp).
//
// It is an after-tick hook, not a sink of the engine, because the engine library does not know
// the analysis; it is also a sink, to learn the scenario the engine runs (a generated network
// adds firms) from the run's header. Its rows of a tick are written before that tick's checkpoint
// (sim/run/run_checkpointer.hpp), so a checkpoint's prefix of network.csv ends where the
// resumed run starts and a resumed run's file is byte-identical to an uninterrupted run's.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "sim/engine/compiled_scenario.hpp"
#include "sim/engine/engine.hpp"
#include "sim/output/network_csv_writer.hpp"
#include "sim/output/sqlite_writer.hpp"
#include "sim/world/output_sink.hpp"

namespace alchemy {

struct TickWorkspace;

class NetworkRecorder final : public OutputSink {
 public:
  // Where the rows go: network.csv and run.sqlite's network table (either may be null).
  NetworkRecorder(NetworkCsvWriter* file, SqliteWriter* sqlite) : file_(file), sqlite_(sqlite) {}
  // The rows also go to `rows` (run --report keeps them in memory).
  void also_to(std::vector<NetworkRow>* rows) { also_ = rows; }
  bool wanted() const { return file_ != nullptr || sqlite_ != nullptr || also_ != nullptr; }

  // Installs the per-tick hook before the hook `options` has (the checkpointer's), remembering
  // the run's --until for its calendar.
  void attach(RunOptions& options);

  Wants wants() const override { return wants_nothing; }
  void begin(const RunHeader& h) override;
  void event(const Event&) override {}

 private:
  void after_tick(const World& w);

  NetworkCsvWriter* file_ = nullptr;
  SqliteWriter* sqlite_ = nullptr;
  std::vector<NetworkRow>* also_ = nullptr;
  std::optional<Date> until_;
  const ScenarioSpec* spec_ = nullptr;
  std::optional<CompiledScenario> compiled_;
  std::vector<std::int32_t> month_ends_;  // days, ascending
  std::shared_ptr<TickWorkspace> workspace_;
};

}  // namespace alchemy
