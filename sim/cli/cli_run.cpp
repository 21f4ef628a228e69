// `alchemy run SCENARIO.yaml [--seed N] [--out DIR] [--until DATE | --horizon 5y] [--quiet]
//  [--force] [--verbose-events] [--set key.path=value ...] [--with SHOCKS.yaml]
//  [--format jsonl,csv,sqlite] [--checkpoint-every 1y] [--report]`
//
// --with adds a shocks file's shocks to the scenario's (after the --set overrides), as `alchemy
// fork` adds them to a checkpoint's: the run is the scenario's run with them listed last, and its
// manifest names the file and its SHA-256. alchemy.Sim's export_scenario writes such a pair.
//
// Order matters for what a failure may touch:
//   1. load and check the scenario and the flags: any bad input exits 2 before anything is
//      created on disk;
//   2. open the output transaction (sim/folder/output_dir.hpp): an existing --out without --force
//      exits 2, and nothing is touched;
//   3. run into the hidden partial folder: the record files of --format and the checkpoints of
//      --checkpoint-every (sim/run/run_recorders.hpp);
//   4. write manifest.json, then commit the folder (complete) or keep it as <out>.incomplete
//      (interrupted or failed);
//   5. print the summary and, as the last line on stdout, the output folder.
// Steps 3 to 5 are those of `resume` and `fork` too (sim/run/recorded_run.hpp).
// Exit codes: 0 complete; 2 bad input (scenario, flags, output folder); 1 internal error (the
// run failed; its outputs so far are in <out>.incomplete); 128 + signal when interrupted by
// SIGINT (130) or SIGTERM (143), like a shell reports a process killed by that signal.

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/cli/cli_command.hpp"
#include "sim/engine/engine.hpp"
#include "sim/folder/sha256.hpp"
#include "sim/output/summary_file.hpp"
#include "sim/report/run_folder_reader.hpp"
#include "sim/report/run_report.hpp"
#include "sim/run/recorded_run.hpp"
#include "sim/scenario/config_error.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/scenario_tree.hpp"
#include "sim/scenario/shocks_file.hpp"

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
  std::string shocks;  // --with
  bool quiet = false;
  bool force = false;
  bool verbose_events = false;
  bool report = false;
  RecordFlags record;  // --format, --checkpoint-every
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
  ConfigNode tree = load_scenario_tree(a.scenario);
  for (const std::string& o : overrides)
    apply_scenario_override(tree, o);
  if (!a.shocks.empty()) append_shocks(tree, read_shocks_file(a.shocks));
  const LoadedScenario loaded = scenario_from_tree(tree);
  const ScenarioSpec& spec = loaded.spec;
  RunOptions options;
  options.until = until_date(a, spec);
  options.verbose_events = a.verbose_events;
  const std::uint64_t seed = seed_of(a, spec);
  const RecordPlan record = parse_record_flags(a.record);
  if (a.report && !(record.formats.jsonl && record.formats.csv))
    throw UsageError(
        "--report needs the record files events.jsonl and the CSV files: --format "
        "with jsonl and csv (it has '" +
        record.formats.str() + "')");
  const fs::path out =
      a.out.empty() ? fs::path("out") / fs::path(a.scenario).stem() : fs::path(a.out);

  if (const auto stopped = stopped_before_start(interrupt)) return *stopped;

  // 2. The folder.
  OutputTransaction tx(out, a.force);

  // 3. The run, 4. its manifest and folder, 5. the summary and the folder's name.
  Manifest m;
  m.scenario_file = a.scenario;
  m.scenario_name = spec.name;
  m.scenario_sha256 = sha256_hex(loaded.resolved_yaml);
  if (!a.shocks.empty()) {
    m.shocks_file = a.shocks;
    m.shocks_sha256 = sha256_file_hex(a.shocks);
  }
  m.seed = seed;
  m.start = spec.start;
  m.end = spec.end;
  m.until = options.until;
  m.verbose_events = a.verbose_events || spec.record.verbose_events;
  m.command_line = command_line();
  RunRecorders recorders(tx.work_dir(), record, loaded, seed, options.until, a.verbose_events,
                         a.scenario);
  RecordedRun run{tx, recorders, interrupt, a.quiet, std::nullopt, nullptr, {}};
  // --report: the rows the writers get, kept in memory, and the page written from them into the
  // folder after its manifest; the same bytes `alchemy report` writes from the files.
  RunData report_data;
  RunDataSink report_sink(report_data);
  if (a.report) {
    run.also = &report_sink;
    recorders.also_network_to(&report_data.network);
    run.before_commit = [&](const fs::path& work, const Manifest& done) {
      report_data.run = run_identity(done);
      report_data.summary = read_text_file(work / kSummaryFileName);
      write_run_report(report_data, work / kReportFileName);
    };
  }
  return run.record(m, options, [&](OutputSink& sink, const RunOptions& o) {
    return run_scenario(spec, seed, sink, o);
  });
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
  cmd->add_option("--with", a->shocks,
                  "a YAML file with a `shocks:` list (as in a scenario, or a fork's): added to "
                  "the scenario's shocks");
  cmd->add_flag("--quiet", a->quiet, "no progress bar and no summary; only the folder is printed");
  cmd->add_flag("--force", a->force,
                "replace an existing output folder (only once the new run is complete)");
  cmd->add_flag("--verbose-events", a->verbose_events, "also log daily accrual events");
  cmd->add_flag("--report", a->report,
                "also write report.html into the output folder (as `alchemy report` would)");
  add_record_flags(*cmd, a->record);
  cmd->callback([a, &exit_code] { exit_code = run_command_safely(*a); });
}

}  // namespace alchemy
