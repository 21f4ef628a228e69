#include "sim/run/recorded_run.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>

#include "sim/engine/representable.hpp"
#include "sim/folder/environment_error.hpp"
#include "sim/output/progress_bar.hpp"
#include "sim/output/run_summary.hpp"
#include "sim/output/summary_file.hpp"
#include "sim/scenario/config_error.hpp"

namespace alchemy {

namespace {

namespace fs = std::filesystem;

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
  void tick_done(std::size_t n) override { ticks = n; }  // n counts from the run's first tick
  std::uint64_t events = 0;                              // seen in this process
  std::size_t ticks = 0;
  std::size_t planned_ticks = 0;
  std::optional<Date> last_date;
};

// The manifest's counts are of what the folder holds. A fresh run: what it simulated (as far as
// it got, when it failed). A continued run: the whole run with the parent's prefix, else only
// what follows the checkpoint.
void count_into(Manifest& m, const ProgressTracker& tracker, const RunResult& result, bool failed,
                const std::optional<RunBefore>& before) {
  m.planned_ticks = tracker.planned_ticks;
  if (before) {
    const std::size_t base_ticks = before->with_prefix ? 0 : before->ticks;
    m.planned_ticks = tracker.planned_ticks - base_ticks;
    m.ticks = std::max(tracker.ticks, before->ticks) - base_ticks;
    m.events = tracker.events + (before->with_prefix ? before->events : 0);
    m.last_date = tracker.last_date ? tracker.last_date
                                    : (before->with_prefix ? std::optional<Date>(before->checkpoint)
                                                           : std::nullopt);
  } else if (failed) {
    m.ticks = tracker.ticks;
    m.events = tracker.events;
    m.last_date = tracker.last_date;
  } else {
    m.ticks = result.ticks;
    m.events = result.events;
    if (result.ticks > 0) m.last_date = result.last_date;
  }
}

}  // namespace

int RecordedRun::record(Manifest& m, RunOptions& options, const Simulate& simulate) {
  options.stop = &interrupt.flag();
  RunResult result;
  std::string failure;
  bool failure_is_input = false;
  bool failure_is_environment = false;
  // A failure's message and kind: bad input (2), the environment (3), else a bug (1).
  const auto note_failure = [&](const std::exception& e) {
    if (const auto env = environment_failure(e)) {
      failure = *env;
      failure_is_environment = true;
    } else {
      failure = e.what();
    }
  };
  std::string out_of_range;  // the model left its representable range (exit 4)
  ProgressTracker tracker;
  m.started_at = std::chrono::system_clock::now();
  const auto t0 = std::chrono::steady_clock::now();
  {
    ProgressBar bar(stderr, ProgressBar::wanted(quiet));
    RunSummary summary;
    FanoutSink sink;
    sink.add(&tracker);
    recorders.attach(sink, options);
    if (also) sink.add(also);
    sink.add(&bar);
    sink.add(&summary);
    try {
      result = simulate(sink, options);
    } catch (const ConfigError& e) {
      failure = e.what();
      failure_is_input = true;
    } catch (const ModelOutOfRange& e) {
      out_of_range = e.what();
    } catch (const std::exception& e) {
      note_failure(e);
    }
    if (!failure.empty() || !out_of_range.empty()) bar.finish(false);
    try {
      recorders.close();
    } catch (const std::exception& e) {
      if (failure.empty()) note_failure(e);
    }
    // Also for an interrupted run: it summarises what was simulated. Kept in the folder for
    // `alchemy summary`, printed unless --quiet: the same bytes.
    if (failure.empty() && out_of_range.empty()) {
      try {
        const std::string text = summary.text();
        write_summary_file(folder.work_dir(), text);
        if (!quiet) std::fputs(text.c_str(), stdout);
      } catch (const std::exception& e) {
        note_failure(e);
      }
    }
  }
  m.finished_at = std::chrono::system_clock::now();
  m.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const int sig = interrupt.signal_number();
  count_into(m, tracker, result, !failure.empty() || !out_of_range.empty(), before);
  if (!failure.empty()) {
    m.status = RunStatus::failed;
    m.reason = failure;
  } else if (!out_of_range.empty()) {
    // Not a failure: everything up to the stop is what the model computes; it cannot go on.
    m.status = RunStatus::incomplete;
    m.reason = out_of_range;
  } else {
    m.status = result.complete ? RunStatus::complete : RunStatus::incomplete;
    if (!result.complete) m.reason = std::string("interrupted by ") + signal_name(sig);
  }
  try {
    m.files = describe_output_files(folder.work_dir());
    write_manifest(folder.work_dir(), m);
  } catch (const std::exception& e) {
    // A full disk fails the run and then its manifest: report the run's own failure, first.
    // The folder, which cannot be described, is removed by the transaction.
    if (!failure_is_environment) throw;
    throw EnvironmentError(failure + "; its manifest could not be written either (" + e.what() +
                           "), so the partial outputs were removed");
  }

  if (m.status == RunStatus::complete) {
    if (before_commit) before_commit(folder.work_dir(), m);
    const fs::path done = folder.commit();
    std::printf("%s\n", done.string().c_str());  // the last line on stdout: the folder
    return 0;
  }
  const fs::path kept = folder.keep_incomplete();
  const std::string last = m.last_date ? m.last_date->iso() : std::string("none");
  // A fresh run says how many ticks it simulated; a continued one counts from the checkpoint.
  const std::string after_ticks = before ? "" : " after " + std::to_string(m.ticks) + " ticks";
  if (!out_of_range.empty()) {
    std::fprintf(stderr, "stopped: %s\nthe run stopped%s (last date %s); outputs so far in %s\n",
                 out_of_range.c_str(), after_ticks.c_str(), last.c_str(), kept.string().c_str());
    return kExitOutOfRange;
  }
  if (m.status == RunStatus::incomplete) {
    std::fprintf(stderr, "interrupted by %s%s (last date %s); outputs so far in %s\n",
                 signal_name(sig), after_ticks.c_str(), last.c_str(), kept.string().c_str());
    return 128 + (sig > 0 ? sig : SIGINT);
  }
  const bool not_a_bug = failure_is_input || failure_is_environment;
  std::fprintf(stderr, "%s: %s\nthe run failed%s (last date %s); outputs so far in %s\n",
               not_a_bug ? "error" : "internal error", failure.c_str(), after_ticks.c_str(),
               last.c_str(), kept.string().c_str());
  if (failure_is_input) return 2;
  return failure_is_environment ? kEnvironmentExit : 1;
}

std::optional<int> stopped_before_start(const InterruptHandler& interrupt) {
  if (!interrupt.flag().load()) return std::nullopt;
  std::fprintf(stderr, "interrupted by %s before the run started\n",
               signal_name(interrupt.signal_number()));
  return 128 + interrupt.signal_number();
}

}  // namespace alchemy
