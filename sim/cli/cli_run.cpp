// `alchemy run SCENARIO.yaml [--seed N] [--out DIR] [--until DATE | --horizon 5y] [--quiet]
//  [--force] [--verbose-events] [--set key.path=value ...] [--format jsonl,csv,sqlite]
//  [--checkpoint-every 1y]`
//
// Order matters for what a failure may touch:
//   1. load and check the scenario and the flags: any bad input exits 2 before anything is
//      created on disk;
//   2. open the output transaction (sim/output_dir.hpp): an existing --out without --force
//      exits 2, and nothing is touched;
//   3. run into the hidden partial folder: the record files of --format and the checkpoints of
//      --checkpoint-every (sim/run_recorders.hpp);
//   4. write manifest.json, then commit the folder (complete) or keep it as <out>.incomplete
//      (interrupted or failed);
//   5. print the summary and, as the last line on stdout, the output folder.
// Exit codes: 0 complete; 2 bad input (scenario, flags, output folder); 1 internal error (the
// run failed; its outputs so far are in <out>.incomplete); 128 + signal when interrupted by
// SIGINT (130) or SIGTERM (143), like a shell reports a process killed by that signal.

#include <CLI/CLI.hpp>

#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "sim/cli/cli_command.hpp"
#include "sim/scenario/config_error.hpp"
#include "sim/engine/engine.hpp"
#include "sim/run/interrupt.hpp"
#include "sim/output/jsonl_writer.hpp"
#include "sim/output/manifest.hpp"
#include "sim/output/output_dir.hpp"
#include "sim/output/progress_bar.hpp"
#include "sim/run/run_recorders.hpp"
#include "sim/output/run_summary.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/output/series_csv_writer.hpp"
#include "sim/output/sha256.hpp"

namespace alchemy {

namespace {

namespace fs = std::filesystem;

struct RunArgs {
  std::string scenario;
  std::string seed;
  std::string out;
  std::string until;
  std::string horizon;
  std::vector<std::string> overrides;
  bool quiet = false;
  bool force = false;
  bool verbose_events = false;
  RecordFlags record;  // --format, --checkpoint-every
};

// How far the run got, also when it throws (RunResult is then lost).
class ProgressTracker final : public OutputSink {
 public:
  void begin(const RunHeader& h) override { planned_ticks = h.total_ticks; }
  void event(const Event& e) override {
    ++events;
    last_date = e.date;
  }
  void market(const MarketRow& r) override { last_date = r.date; }
  void series(const SeriesRow& r) override { last_date = r.date; }
  void tick_done(std::size_t n) override { ticks = n; }
  std::uint64_t events = 0;
  std::size_t ticks = 0;
  std::size_t planned_ticks = 0;
  std::optional<Date> last_date;
};

// Strictly a whole number: CLI11 would wrap "-3" around to 2^64 - 3.
std::uint64_t seed_of(const RunArgs& a, const ScenarioSpec& spec) {
  if (a.seed.empty()) return spec.seed;
  std::uint64_t seed = 0;
  const char* end = a.seed.data() + a.seed.size();
  const auto [ptr, ec] = std::from_chars(a.seed.data(), end, seed);
  if (ec != std::errc() || ptr != end) {
    throw UsageError("--seed: expected a whole number from 0 to 18446744073709551615, got '" +
                     a.seed + "'");
  }
  return seed;
}

std::optional<Date> until_date(const RunArgs& a, const ScenarioSpec& spec) {
  if (a.until.empty()) return std::nullopt;
  const auto d = Date::parse_iso(a.until);
  if (!d) throw UsageError("--until: expected a date YYYY-MM-DD, got '" + a.until + "'");
  if (*d < spec.start || *d > spec.end) {
    throw UsageError("--until " + a.until + " is outside the scenario's period " +
                     spec.start.iso() + " to " + spec.end.iso() +
                     " (use --horizon to run longer than the scenario)");
  }
  return d;
}

int run_command(const RunArgs& a) {
  // Before anything else, so that no Ctrl-C can kill us between creating the folder and the run.
  InterruptHandler interrupt;

  // 1. Inputs. --horizon is an override of the scenario (so the manifest's scenario hash covers
  // it): it replaces `end`/`horizon` as given in the file or by --set.
  std::vector<std::string> overrides = a.overrides;
  if (!a.horizon.empty()) {
    overrides.push_back("end=null");
    overrides.push_back("horizon=" + a.horizon);
  }
  const LoadedScenario loaded = load_scenario(a.scenario, overrides);
  const ScenarioSpec& spec = loaded.spec;
  RunOptions options;
  options.until = until_date(a, spec);
  options.verbose_events = a.verbose_events;
  const std::uint64_t seed = seed_of(a, spec);
  const RecordPlan record = parse_record_flags(a.record);
  const fs::path out =
      a.out.empty() ? fs::path("out") / fs::path(a.scenario).stem() : fs::path(a.out);

  if (interrupt.flag().load()) {  // Ctrl-C while loading: stop before anything is created
    std::fprintf(stderr, "interrupted by %s before the run started\n",
                 signal_name(interrupt.signal_number()));
    return 128 + interrupt.signal_number();
  }

  // 2. The folder.
  OutputTransaction tx(out, a.force);
  const fs::path& work = tx.work_dir();

  // 3. The run.
  Manifest m;
  m.scenario_file = a.scenario;
  m.scenario_name = spec.name;
  m.scenario_sha256 = sha256_hex(loaded.resolved_yaml);
  m.seed = seed;
  m.start = spec.start;
  m.end = spec.end;
  m.until = options.until;
  m.verbose_events = a.verbose_events || spec.record.verbose_events;
  m.command_line = command_line();

  options.stop = &interrupt.flag();
  RunResult result;
  std::string failure;
  bool failure_is_input = false;
  ProgressTracker tracker;
  m.started_at = std::chrono::system_clock::now();
  const auto t0 = std::chrono::steady_clock::now();
  {
    RunRecorders recorders(work, record, loaded, seed, options.until, a.verbose_events, a.scenario);
    ProgressBar bar(stderr, ProgressBar::wanted(a.quiet));
    FanoutSink sink;
    sink.add(&tracker);
    recorders.attach(sink, options);
    sink.add(&bar);
    RunSummary summary;
    sink.add(&summary);
    try {
      result = run_scenario(spec, seed, sink, options);
    } catch (const ConfigError& e) {
      failure = e.what();
      failure_is_input = true;
    } catch (const std::exception& e) {
      failure = e.what();
    }
    if (!failure.empty()) bar.finish(false);
    try {
      recorders.close();
    } catch (const std::exception& e) {
      if (failure.empty()) failure = e.what();
    }
    // Also for an interrupted run: it summarises what was simulated.
    if (failure.empty() && !a.quiet) summary.print(stdout);
  }
  m.finished_at = std::chrono::system_clock::now();
  m.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // 4. Manifest and folder.
  const int sig = interrupt.signal_number();
  m.planned_ticks = tracker.planned_ticks;
  if (!failure.empty()) {
    m.status = RunStatus::failed;
    m.reason = failure;
    m.ticks = tracker.ticks;
    m.events = tracker.events;
    m.last_date = tracker.last_date;
  } else {
    m.status = result.complete ? RunStatus::complete : RunStatus::incomplete;
    if (!result.complete) m.reason = std::string("interrupted by ") + signal_name(sig);
    m.ticks = result.ticks;
    m.events = result.events;
    if (result.ticks > 0) m.last_date = result.last_date;
  }
  m.files = describe_output_files(work);
  write_manifest(work, m);

  if (m.status == RunStatus::complete) {
    const fs::path done = tx.commit();
    std::printf("%s\n", done.string().c_str());  // 5. the last line on stdout: the folder
    return 0;
  }
  const fs::path kept = tx.keep_incomplete();
  const std::string last = m.last_date ? m.last_date->iso() : std::string("none");
  if (m.status == RunStatus::incomplete) {
    std::fprintf(stderr, "interrupted by %s after %zu ticks (last date %s); outputs so far in %s\n",
                 signal_name(sig), m.ticks, last.c_str(), kept.string().c_str());
    return 128 + (sig > 0 ? sig : SIGINT);
  }
  std::fprintf(stderr,
               "%s: %s\nthe run failed after %zu ticks (last date %s); outputs so far in %s\n",
               failure_is_input ? "error" : "internal error", failure.c_str(), m.ticks,
               last.c_str(), kept.string().c_str());
  return failure_is_input ? 2 : 1;
}

int run_command_safely(const RunArgs& a) {
  return exit_code_of([&] { return run_command(a); });
}

}  // namespace

void register_run_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand(
      "run",
      "Run a scenario; write events.jsonl, series.csv, market.csv and manifest.json to a folder");
  cmd->add_option("scenario", a->scenario, "the scenario YAML file")->required();
  cmd->add_option("--seed", a->seed, "seed of the run (default: the scenario's seed)");
  cmd->add_option("--out", a->out,
                  "output folder (default out/<scenario file name without .yaml>); it must not "
                  "exist unless --force");
  auto* until = cmd->add_option("--until", a->until,
                                "stop after this date (YYYY-MM-DD, within the scenario's period)");
  auto* horizon = cmd->add_option("--horizon", a->horizon,
                                  "run for this long from the scenario's start, e.g. 5y, 18m, 90d "
                                  "(end = start + horizon - 1 day)");
  until->excludes(horizon);
  cmd->add_option("--set", a->overrides,
                  "override a scenario key: key.path=value, e.g. firms.openai.revenue.growth=0.2 "
                  "(repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_flag("--quiet", a->quiet, "no progress bar and no summary; only the folder is printed");
  cmd->add_flag("--force", a->force,
                "replace an existing output folder (only once the new run is complete)");
  cmd->add_flag("--verbose-events", a->verbose_events, "also log daily accrual events");
  add_record_flags(*cmd, a->record);
  cmd->callback([a, &exit_code] { exit_code = run_command_safely(*a); });
}

}  // namespace alchemy
