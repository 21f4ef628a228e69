// `alchemy sweep SWEEP.yaml [--out DIR] [--threads N] [--force] [--quiet] [--keep-logs]
//  [--format jsonl,csv,sqlite]`;  `alchemy sweep --print-reference`
//
// Order matters for what a failure may touch, as for `run`:
//   1. read the sweep file and check every point's scenario: bad input exits 2 before anything
//      is created on disk;
//   2. open <out>.incomplete (sweep_folder.hpp): resume its journal, or start one;
//   3. run what is not done yet on a thread pool (or over MPI ranks under mpirun), journaling
//      each run as it finishes;
//   4. all done: runs.csv, summary.csv, manifest.json, rename to <out>; with --report write
//      <out>/report.html; print pd per point (not with --quiet), the report's path and <out>.
//      Stopped (Ctrl-C, a failed run): the tables so far in <out>.incomplete; the same command
//      continues.
// Exit codes: 0 complete; 2 bad input; 1 a run failed or an internal error; 130/143 interrupted.

#include <sched.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>

#include "sim/cli/cli_command.hpp"
#include "sim/folder/output_dir.hpp"
#include "sim/report/sweep_report.hpp"
#include "sim/run/interrupt.hpp"
#include "sim/scenario/config_error.hpp"
#include "sim/sweep/log_size_estimate.hpp"
#include "sim/sweep/sweep_command.hpp"
#include "sim/sweep/sweep_digest.hpp"
#include "sim/sweep/sweep_progress.hpp"
#include "sim/sweep/sweep_runner.hpp"

namespace alchemy {

namespace fs = std::filesystem;

namespace {

// The cores this process may use: under Slurm or taskset that is the allocation (the affinity
// mask), not every core of the node as hardware_concurrency() would say.
std::size_t available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) {
    return static_cast<std::size_t>(CPU_COUNT(&set));
  }
  return std::max<std::size_t>(1, std::thread::hardware_concurrency());
}

int sweep_command(const SweepArgs& args) {
  InterruptHandler interrupt;  // first, so Ctrl-C never kills us half-way through a journal line
  if (launched_by_mpirun()) return run_sweep_over_mpi(args, interrupt);
  return run_sweep_locally(args, interrupt);
}

int sweep_command_safely(const SweepArgs& args) {
  return exit_code_of([&] { return sweep_command(args); });
}

}  // namespace

SweepOutputs sweep_outputs(const std::string& format, bool keep_logs) {
  SweepOutputs o;
  if (format.empty()) {
    if (keep_logs) o.logs = OutputFormats{true, true, false};
    return o;
  }
  const OutputFormats f = parse_output_formats(format);
  if (!f.csv && !f.sqlite) {
    throw std::invalid_argument("--format " + format +
                                ": a sweep's results are written as csv (runs.csv, summary.csv) "
                                "or sqlite (sweep.sqlite); add one of them");
  }
  if (f.jsonl && !keep_logs) {
    throw std::invalid_argument("--format " + format +
                                ": jsonl is the format of each run's events.jsonl, which a sweep "
                                "keeps only with --keep-logs");
  }
  o.csv = f.csv;
  o.sqlite = f.sqlite;
  if (keep_logs) o.logs = f;
  return o;
}

fs::path sweep_out_dir(const SweepArgs& a) {
  return a.out.empty() ? fs::path("out") / fs::path(a.file).stem() : fs::path(a.out);
}

std::string describe_failure(const SweepPlan& plan, std::size_t run, const std::string& what) {
  return "run " + std::to_string(run) + " (point " + std::to_string(plan.point_of(run)) +
         ", seed " + std::to_string(plan.seed_of(run)) + ") failed: " + what +
         "\nreproduce it with: " + plan.reproduce_command(run);
}

void announce_log_size(const SweepPlan& plan, const SweepArgs& args) {
  if (!args.outputs.logs || args.quiet) return;
  const LogSizeEstimate e = estimate_log_size(plan, *args.outputs.logs);
  std::fprintf(stderr, "%s\n",
               describe_log_size(e, *args.outputs.logs, sweep_out_dir(args).string()).c_str());
}

int conclude_sweep(SweepFolder& folder, const SweepPlan& plan, const SweepArgs& args,
                   SweepSession& session, const SweepEnd& end) {
  session.runs_done = folder.done();
  session.runs_resumed = folder.resumed();
  session.complete = session.runs_done == plan.runs();
  if (session.complete && end.failure.empty()) {
    folder.write_tables(args.outputs.csv, args.outputs.sqlite);
    folder.drop_merged_logs(args.outputs.sqlite);
    write_sweep_manifest(folder.work_dir(), plan, session);
    const fs::path done = folder.commit();
    std::optional<fs::path> report;
    // After the commit: the report reads the finished folder, as `alchemy report` does.
    if (args.report) report = write_sweep_report(done, SweepReportOptions{});
    if (!args.quiet) {
      const std::string digest = sweep_digest(folder.summary(), plan.parameter_keys().size());
      std::fwrite(digest.data(), 1, digest.size(), stdout);
      if (report) std::printf("report: %s\n", report->string().c_str());
    }
    std::printf("%s\n", done.string().c_str());
    return 0;
  }
  // Partial tables, so what is done can be looked at; the journal is what resuming reads.
  folder.write_tables(true, args.outputs.sqlite);
  write_sweep_manifest(folder.work_dir(), plan, session);
  const std::string where = folder.work_dir().string();
  if (!end.failure.empty()) {
    std::fprintf(stderr,
                 "error: %s\n%zu of %zu runs done; results so far in %s (the same command "
                 "continues the sweep)\n",
                 end.failure.c_str(), session.runs_done, plan.runs(), where.c_str());
    return 1;
  }
  const int sig = end.signal > 0 ? end.signal : SIGINT;
  std::fprintf(stderr,
               "interrupted by %s after %zu of %zu runs; results so far in %s; run the same "
               "command again to continue\n",
               signal_name(sig), session.runs_done, plan.runs(), where.c_str());
  return 128 + sig;
}

int run_sweep_locally(const SweepArgs& args, const InterruptHandler& interrupt) {
  const SweepPlan plan = SweepPlan::load(args.file);
  if (interrupt.flag().load()) {
    std::fprintf(stderr, "interrupted by %s before the sweep started\n",
                 signal_name(interrupt.signal_number()));
    return 128 + interrupt.signal_number();
  }
  announce_log_size(plan, args);
  SweepSession session;
  session.started_at = std::chrono::system_clock::now();
  session.started_steady = std::chrono::steady_clock::now();
  session.threads = args.threads > 0 ? args.threads : available_cores();
  SweepFolder folder(sweep_out_dir(args), plan, args.force, args.outputs.logs,
                     args.quiet ? nullptr : stderr);

  RunQueue queue(folder.remaining());
  SweepProgress progress(stderr, !args.quiet && ::isatty(STDERR_FILENO) == 1, plan.runs(),
                         folder.done());
  const PoolOutcome outcome =
      run_on_threads(plan, queue, session.threads, folder.logs(), &interrupt.flag(),
                     [&](std::size_t run, const std::vector<std::string>& cells) {
                       folder.record(run, cells);
                       progress.run_done();
                     });
  progress.finish();
  SweepEnd end;
  if (outcome.failed_run)
    end.failure = describe_failure(plan, *outcome.failed_run, outcome.failure);
  end.signal = interrupt.signal_number();
  return conclude_sweep(folder, plan, args, session, end);
}

void register_sweep_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<SweepArgs>();
  auto format = std::make_shared<std::string>();
  auto keep_logs = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "sweep",
      "Run a scenario over a parameter grid or sample, several seeds per point; write runs.csv, "
      "summary.csv and manifest.json to a folder. Resumable: the same command continues a "
      "stopped sweep. Under mpirun, the runs are spread over the ranks");
  cmd->add_option("sweep", a->file, "the sweep YAML file");
  auto reference = std::make_shared<bool>(false);
  cmd->add_flag("--print-reference", *reference,
                "print the reference of the sweep file keys (markdown) and exit");
  cmd->add_option("--out", a->out,
                  "output folder (default out/<sweep file name without .yaml>); it must not exist "
                  "unless --force. While running: <out>.incomplete");
  cmd->add_option("--threads", a->threads,
                  "runs at a time (default: all cores; under mpirun: 1 per rank)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--force", a->force,
                "replace an existing output folder, and discard partial results of a different "
                "sweep (partial results of the same sweep are always resumed)");
  cmd->add_flag("--quiet", a->quiet,
                "no progress bar, notes or table of default probabilities; only the folder is "
                "printed");
  cmd->add_flag("--report", a->report,
                "when the sweep is complete, also write <out>/report.html: heatmaps of each "
                "firm's default probability over the first two parameters, the tipping-point "
                "map, outcome bands per point (`alchemy report` chooses axes and bins)");
  cmd->add_flag("--keep-logs", *keep_logs,
                "also keep each run's records in runs/<run>/ (events.jsonl, series.csv, "
                "market.csv, loops.csv; with sqlite, merged into sweep.sqlite)");
  cmd->add_option("--format", *format,
                  "comma list of jsonl, csv, sqlite: csv writes runs.csv and summary.csv, sqlite "
                  "sweep.sqlite; with --keep-logs also each run's records in these formats "
                  "(default: csv, and jsonl,csv for the logs)");
  cmd->callback([a, format, keep_logs, reference, &exit_code] {
    if (*reference) {
      const std::string md = sweep_reference_markdown();
      std::fwrite(md.data(), 1, md.size(), stdout);
      exit_code = 0;
      return;
    }
    if (a->file.empty()) {
      std::fprintf(stderr, "error: sweep: expected a sweep file (alchemy sweep SWEEP.yaml)\n");
      exit_code = 2;
      return;
    }
    try {
      a->outputs = sweep_outputs(*format, *keep_logs);
    } catch (const std::invalid_argument& e) {
      std::fprintf(stderr, "error: sweep: %s\n", e.what());
      exit_code = 2;
      return;
    }
    exit_code = sweep_command_safely(*a);
  });
}

}  // namespace alchemy
