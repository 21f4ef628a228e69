#include "sim/sweep/sweep_runner.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "sim/engine/engine.hpp"
#include "sim/folder/sha256.hpp"
#include "sim/sweep/run_metrics.hpp"

namespace alchemy {

namespace fs = std::filesystem;

SweepRunResult execute_sweep_run(const SweepPlan& plan, std::size_t run,
                                 const std::optional<RunLogs>& logs,
                                 const std::atomic<bool>* stop) {
  const LoadedScenario scenario = plan.scenario(plan.point_of(run));
  RunMetrics metrics(plan.reported_firms());
  FanoutSink sink;
  sink.add(&metrics);
  std::optional<RunOutputs> records;
  if (logs) {
    const fs::path dir = logs->root / std::to_string(run);
    fs::create_directories(dir);
    SqliteRunInfo info;
    info.run = static_cast<std::int64_t>(run);  // joins sweep.sqlite's runs table
    info.scenario_sha256 = sha256_hex(scenario.resolved_yaml);
    info.seed = plan.seed_of(run);
    info.indexes = false;  // merged into sweep.sqlite, which builds them once for all runs
    records.emplace(dir, logs->formats, std::move(info));
    records->add_to(sink);
  }
  RunOptions options;
  options.stop = stop;
  const RunResult r = run_scenario(scenario.spec, plan.seed_of(run), sink, options);
  if (records) records->close();  // the logs are whole before the run counts as done
  SweepRunResult out;
  out.complete = r.complete;
  if (r.complete) out.cells = metrics.cells();
  return out;
}

std::optional<std::size_t> RunQueue::next() {
  std::lock_guard lock(mutex_);
  if (closed_.load() || next_ >= runs_.size()) return std::nullopt;
  return runs_[next_++];
}

PoolOutcome run_on_threads(const SweepPlan& plan, RunQueue& queue, std::size_t threads,
                           const std::optional<RunLogs>& logs, const std::atomic<bool>* stop,
                           const RunDone& on_done) {
  PoolOutcome outcome;
  std::mutex mutex;  // serialises on_done and outcome
  auto fail = [&](std::size_t run, const std::string& what) {
    std::lock_guard lock(mutex);
    queue.close();
    if (!outcome.failed_run) {
      outcome.failed_run = run;
      outcome.failure = what;
    }
  };
  // Each worker pulls the next run when it is free: runs start in index order whatever their
  // durations, so the finished runs stay close to a prefix of the run order.
  auto worker = [&] {
    while (const auto run = queue.next()) {
      if (stop && stop->load()) {
        queue.close();
        return;
      }
      try {
        const SweepRunResult r = execute_sweep_run(plan, *run, logs, stop);
        if (!r.complete) {
          queue.close();
          return;
        }
        std::lock_guard lock(mutex);
        on_done(*run, r.cells);
        ++outcome.finished;
      } catch (const std::exception& e) {
        fail(*run, e.what());
        return;
      }
    }
  };
  boost::asio::thread_pool pool(threads);
  for (std::size_t i = 0; i < threads; ++i)
    boost::asio::post(pool, worker);
  pool.join();
  return outcome;
}

}  // namespace alchemy
