// Whole runs of the baseline scenario (configs/ai_compute_2025.yaml: ten daily years, 2,510
// ticks, 10 firms), in process, the scenario loaded once. Issue 3's aims: >= 50 runs per
// core-second with the full event log (events.jsonl written to a file), >= 200 with logging off.
//   build/bench_baseline --benchmark_counters_tabular=true
// Each iteration is a different seed, as in a sweep.

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "sim/engine/engine.hpp"
#include "sim/output/jsonl_writer.hpp"
#include "sim/output/series_csv_writer.hpp"
#include "sim/run/run_recorders.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace {

using namespace alchemy;

const std::string& baseline_file() {
  static const std::string f = std::string(ALCHEMY_SOURCE_DIR) + "/configs/ai_compute_2025.yaml";
  return f;
}

const LoadedScenario& baseline_loaded() {
  static const LoadedScenario s = load_scenario(baseline_file());
  return s;
}

const ScenarioSpec& baseline() {
  return baseline_loaded().spec;
}

class DiscardSink final : public OutputSink {
 public:
  Wants wants() const override { return wants_nothing; }
  void event(const Event&) override { ++events; }
  std::uint64_t events = 0;
};

void BM_BaselineRun_LoggingOff(benchmark::State& state) {
  const ScenarioSpec& spec = baseline();
  std::uint64_t seed = 1;
  std::uint64_t events = 0;
  for (auto _ : state) {
    DiscardSink sink;
    const RunResult r = run_scenario(spec, seed++, sink, RunOptions{});
    events += sink.events;
    benchmark::DoNotOptimize(r.ticks);
  }
  state.counters["runs/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["events/run"] =
      static_cast<double>(events) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_BaselineRun_LoggingOff)->Unit(benchmark::kMillisecond);

// The event log alone (events.jsonl at default verbosity, to a file), and with --verbose-events
// (every tick's revenue and cost events too: ~50 k more events per run).
void BM_BaselineRun_EventLog(benchmark::State& state) {
  const ScenarioSpec& spec = baseline();
  const auto dir = std::filesystem::temp_directory_path() / "alchemy-bench-baseline-events";
  std::filesystem::create_directories(dir);
  RunOptions options;
  options.verbose_events = state.range(0) != 0;
  std::uint64_t seed = 1;
  std::uint64_t events = 0;
  for (auto _ : state) {
    JsonlWriter writer(dir / "events.jsonl");
    const RunResult r = run_scenario(spec, seed++, writer, options);
    writer.close();
    events += r.events;
    benchmark::DoNotOptimize(r.ticks);
  }
  std::filesystem::remove_all(dir);
  state.counters["runs/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["events/run"] =
      static_cast<double>(events) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_BaselineRun_EventLog)
    ->Arg(0)
    ->Arg(1)
    ->ArgName("verbose")
    ->Unit(benchmark::kMillisecond);

// The full log of `alchemy run`: events.jsonl plus series.csv and market.csv, to files.
void BM_BaselineRun_FullLog(benchmark::State& state) {
  const ScenarioSpec& spec = baseline();
  const auto dir = std::filesystem::temp_directory_path() / "alchemy-bench-baseline";
  std::filesystem::create_directories(dir);
  std::uint64_t seed = 1;
  for (auto _ : state) {
    JsonlWriter events(dir / "events.jsonl");
    SeriesCsvWriter tables(dir / "series.csv", dir / "market.csv");
    FanoutSink sink;
    sink.add(&events);
    sink.add(&tables);
    const RunResult r = run_scenario(spec, seed++, sink, RunOptions{});
    events.close();
    tables.close();
    benchmark::DoNotOptimize(r.ticks);
  }
  std::filesystem::remove_all(dir);
  state.counters["runs/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BaselineRun_FullLog)->Unit(benchmark::kMillisecond);

// What `alchemy run configs/ai_compute_2025.yaml` computes and writes, in process: its own seed,
// the recorders of the default --format (events.jsonl, series.csv, market.csv, loops.csv and the
// month ends' network.csv). Not the command's YAML load, output folder, manifest hashes and
// summary, nor the process's start-up and exit: tools/bench/process-cost measures the whole
// `alchemy run` process against this.
void BM_BaselineRun_AsAlchemyRun(benchmark::State& state) {
  const LoadedScenario& loaded = baseline_loaded();
  const auto dir = std::filesystem::temp_directory_path() / "alchemy-bench-baseline-as-run";
  const RecordPlan plan = parse_record_flags(RecordFlags{});
  for (auto _ : state) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    RunRecorders recorders(dir, plan, loaded, loaded.spec.seed, std::nullopt, false,
                           baseline_file());
    FanoutSink sink;
    RunOptions options;
    recorders.attach(sink, options);
    const RunResult r = run_scenario(loaded.spec, loaded.spec.seed, sink, options);
    recorders.close();
    benchmark::DoNotOptimize(r.ticks);
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_BaselineRun_AsAlchemyRun)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
