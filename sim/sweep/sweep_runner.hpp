#pragma once
// Running the runs of a sweep in one process: one run (its scenario, its seed, the metrics sink
// and optionally its logs), and a Boost.Asio thread pool over many runs.

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sim/output/run_outputs.hpp"
#include "sim/sweep/sweep_plan.hpp"

namespace alchemy {

// Where and how a run's records are kept (--keep-logs): root/<run>/ in `formats`, written as
// `alchemy run --format` writes them (sim/output/run_outputs.hpp); run.sqlite's `run` is the run
// index.
struct RunLogs {
  std::filesystem::path root;
  OutputFormats formats;
};

struct SweepRunResult {
  bool complete = false;           // false when stopped by the stop flag
  std::vector<std::string> cells;  // the metric cells (complete runs only)
};

// Runs `run` of the plan, and with logs also writes its records. Throws whatever the run throws.
SweepRunResult execute_sweep_run(const SweepPlan& plan, std::size_t run,
                                 const std::optional<RunLogs>& logs, const std::atomic<bool>* stop);

// Hands out run indices in order, to threads (and, under MPI, to other ranks). Closed by a stop
// request or a failure: then no further run is handed out.
class RunQueue {
 public:
  explicit RunQueue(std::vector<std::size_t> runs) : runs_(std::move(runs)) {}
  std::optional<std::size_t> next();
  void close() { closed_.store(true); }
  bool closed() const { return closed_.load(); }

 private:
  std::mutex mutex_;
  std::vector<std::size_t> runs_;
  std::size_t next_ = 0;
  std::atomic<bool> closed_{false};
};

struct PoolOutcome {
  std::size_t finished = 0;  // runs passed to on_done
  std::optional<std::size_t> failed_run;
  std::string failure;  // what the failed run threw
};

// Runs what `queue` hands out on `threads` threads (a boost::asio::thread_pool); on_done is
// called from the worker threads, one call at a time, in completion order. A run that throws
// closes the queue (runs already going finish). `stop` also stops the runs going.
using RunDone = std::function<void(std::size_t run, const std::vector<std::string>& cells)>;
PoolOutcome run_on_threads(const SweepPlan& plan, RunQueue& queue, std::size_t threads,
                           const std::optional<RunLogs>& logs, const std::atomic<bool>* stop,
                           const RunDone& on_done);

}  // namespace alchemy
