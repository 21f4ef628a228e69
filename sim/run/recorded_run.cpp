#include "sim/run/recorded_run.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>

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
  ProgressTracker tracker;
  m.started_at = std::chrono::system_clock::now();
  const auto t0 = std::chrono::steady_clock::now();
  {
    ProgressBar bar(stderr, ProgressBar::wanted(quiet));
    RunSummary summary;
    FanoutSink sink;
    sink.add(&tracker);
    recorders.attach(sink, options);
    sink.add(&bar);
    sink.add(&summary);
    try {
      result = simulate(sink, options);
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
    // Also for an interrupted run: it summarises what was simulated. Kept in the folder for
    // `alchemy summary`, printed unless --quiet: the same bytes.
    if (failure.empty()) {
      try {
        const std::string text = summary.text();
        write_summary_file(folder.work_dir(), text);
        if (!quiet) std::fputs(text.c_str(), stdout);
      } catch (const std::exception& e) {
        failure = e.what();
      }
    }
  }
  m.finished_at = std::chrono::system_clock::now();
  m.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const int sig = interrupt.signal_number();
  count_into(m, tracker, result, !failure.empty(), before);
  if (!failure.empty()) {
    m.status = RunStatus::failed;
    m.reason = failure;
  } else {
    m.status = result.complete ? RunStatus::complete : RunStatus::incomplete;
    if (!result.complete) m.reason = std::string("interrupted by ") + signal_name(sig);
  }
  m.files = describe_output_files(folder.work_dir());
  write_manifest(folder.work_dir(), m);

  if (m.status == RunStatus::complete) {
    const fs::path done = folder.commit();
    std::printf("%s\n", done.string().c_str());  // the last line on stdout: the folder
    return 0;
  }
  const fs::path kept = folder.keep_incomplete();
  const std::string last = m.last_date ? m.last_date->iso() : std::string("none");
  // A fresh run says how many ticks it simulated; a continued one counts from the checkpoint.
  const std::string after_ticks = before ? "" : " after " + std::to_string(m.ticks) + " ticks";
  if (m.status == RunStatus::incomplete) {
    std::fprintf(stderr, "interrupted by %s%s (last date %s); outputs so far in %s\n",
                 signal_name(sig), after_ticks.c_str(), last.c_str(), kept.string().c_str());
    return 128 + (sig > 0 ? sig : SIGINT);
  }
  std::fprintf(stderr, "%s: %s\nthe run failed%s (last date %s); outputs so far in %s\n",
               failure_is_input ? "error" : "internal error", failure.c_str(), after_ticks.c_str(),
               last.c_str(), kept.string().c_str());
  return failure_is_input ? 2 : 1;
}

std::optional<int> stopped_before_start(const InterruptHandler& interrupt) {
  if (!interrupt.flag().load()) return std::nullopt;
  std::fprintf(stderr, "interrupted by %s before the run started\n",
               signal_name(interrupt.signal_number()));
  return 128 + interrupt.signal_number();
}

}  // namespace alchemy
