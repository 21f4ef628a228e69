// The sweep over MPI ranks (built only with ALCHEMY_WITH_MPI; sweep_single_process.cpp otherwise).
//
// Every rank reads the sweep and checks it is the same as rank 0's (plan hash). Rank 0 owns the
// output folder and the journal, exactly as a one-process sweep: it hands out run indices in
// order on request, and journals the results other ranks send back. Its own worker threads take
// runs from the same queue. So runs start in index order across the whole job (partial results
// cover the parameter space), rank 0 writes the same runs.csv/summary.csv as `--threads 1`, and
// a job killed by a time limit resumes from the journal when resubmitted.
//
// Only each process's main thread calls MPI (MPI_THREAD_FUNNELED); workers hand results to it.
//
//   worker rank → 0   kRequest (empty)      give me a run
//   0 → worker rank   kGrant   (run or −1)  a run index, or −1: no more
//   worker rank → 0   kResult  (a journal line: run, cells, checksum)
//   worker rank → 0   kDone    (a failure message, or empty)   last message of a rank

#include <unistd.h>
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "sim/folder/output_dir.hpp"
#include "sim/scenario/config_error.hpp"
#include "sim/sweep/sweep_command.hpp"
#include "sim/sweep/sweep_progress.hpp"
#include "sim/sweep/sweep_runner.hpp"

namespace alchemy {

namespace mpi = boost::mpi;

namespace {

enum Tag : int { kRequest = 1, kGrant = 2, kResult = 3, kDone = 4 };

// What every rank found while setting up; the job goes on only if every rank is ready.
struct Setup {
  std::optional<SweepPlan> plan;
  std::unique_ptr<SweepFolder> folder;  // rank 0
  int status = 0;                       // 0 ready, 2 bad input, 1 internal error
  std::string error;
};

void fail(Setup& s, int status, const std::string& prefix, const char* what) {
  s.status = status;
  s.error = prefix + what;
}

// Rank 0: serves the other ranks until each has said it is done, while its own threads run.
int serve(mpi::communicator& world, const SweepArgs& args, Setup& setup,
          const InterruptHandler& interrupt, SweepSession& session) {
  const SweepPlan& plan = *setup.plan;
  SweepFolder& folder = *setup.folder;
  RunQueue queue(folder.remaining());
  SweepProgress progress(stderr, !args.quiet && ::isatty(STDERR_FILENO) == 1, plan.runs(),
                         folder.done());
  std::mutex record_mutex;  // local threads and remote results both record
  auto record = [&](std::size_t run, const std::vector<std::string>& cells) {
    std::lock_guard lock(record_mutex);
    folder.record(run, cells);
    progress.run_done();
  };
  PoolOutcome local;
  std::thread pool([&] {
    local = run_on_threads(plan, queue, session.threads, folder.logs(), &interrupt.flag(), record);
  });

  // Whatever happens below, the pool thread is joined (a joinable std::thread would terminate).
  struct Joiner {
    RunQueue& queue;
    std::thread& thread;
    ~Joiner() {
      queue.close();
      if (thread.joinable()) thread.join();
    }
  } joiner{queue, pool};

  std::string remote_failure;
  int active = world.size() - 1;
  while (active > 0) {
    if (interrupt.flag().load()) queue.close();
    const auto status = world.iprobe(mpi::any_source, mpi::any_tag);
    if (!status) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      continue;
    }
    const int from = status->source();
    if (status->tag() == kRequest) {
      world.recv(from, kRequest);
      const auto run = queue.next();
      world.send(from, kGrant, run ? static_cast<long long>(*run) : -1LL);
    } else if (status->tag() == kResult) {
      std::string line;
      world.recv(from, kResult, line);
      if (!line.empty() && line.back() == '\n') line.pop_back();
      auto rec = parse_journal_line(line, plan.runs(), plan.metric_columns().size());
      if (!rec) throw std::runtime_error("rank " + std::to_string(from) + " sent a garbled result");
      record(rec->first, rec->second);
    } else if (status->tag() == kDone) {
      std::string message;
      world.recv(from, kDone, message);
      --active;
      if (!message.empty() && remote_failure.empty()) {
        remote_failure = "rank " + std::to_string(from) + ": " + message;
        queue.close();
      }
    } else {
      throw std::runtime_error("unexpected MPI message tag " + std::to_string(status->tag()));
    }
  }
  pool.join();
  progress.finish();

  SweepEnd end;
  if (local.failed_run) end.failure = describe_failure(plan, *local.failed_run, local.failure);
  if (end.failure.empty()) end.failure = remote_failure;
  end.signal = interrupt.signal_number();
  return conclude_sweep(folder, plan, args, session, end);
}

// A rank other than 0: asks for runs, runs them on its threads, sends the results back.
int work(mpi::communicator& world, const SweepPlan& plan, std::size_t threads,
         const std::optional<RunLogs>& logs, const InterruptHandler& interrupt) {
  struct Finished {
    std::size_t run = 0;
    bool complete = false;
    std::vector<std::string> cells;
    std::string failure;
  };
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::size_t> granted;
  std::deque<Finished> finished;
  bool no_more = false;

  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      while (true) {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return !granted.empty() || no_more; });
        if (granted.empty()) return;
        Finished f;
        f.run = granted.front();
        granted.pop_front();
        lock.unlock();
        if (!interrupt.flag().load()) {
          try {
            SweepRunResult r = execute_sweep_run(plan, f.run, logs, &interrupt.flag());
            f.complete = r.complete;
            f.cells = std::move(r.cells);
          } catch (const std::exception& e) {
            f.failure = describe_failure(plan, f.run, e.what());
          }
        }
        lock.lock();
        finished.push_back(std::move(f));
        changed.notify_all();
      }
    });
  }

  // Keep one run more than threads in hand, so a thread never waits for a round trip to rank 0.
  std::size_t in_hand = 0;
  bool exhausted = false;
  std::string failure;
  while (true) {
    while (!exhausted && failure.empty() && !interrupt.flag().load() && in_hand < threads + 1) {
      world.send(0, kRequest);
      long long run = -1;
      world.recv(0, kGrant, run);
      if (run < 0) {
        exhausted = true;
        break;
      }
      std::lock_guard lock(mutex);
      granted.push_back(static_cast<std::size_t>(run));
      ++in_hand;
      changed.notify_all();
    }
    if (in_hand == 0) break;
    std::deque<Finished> batch;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return !finished.empty(); });
      batch.swap(finished);
    }
    for (Finished& f : batch) {
      --in_hand;
      if (f.complete) world.send(0, kResult, journal_line(f.run, f.cells));
      if (!f.failure.empty() && failure.empty()) failure = f.failure;
    }
  }
  {
    std::lock_guard lock(mutex);
    no_more = true;
    changed.notify_all();
  }
  for (auto& t : pool)
    t.join();
  world.send(0, kDone, failure);
  return failure.empty() ? 0 : 1;
}

}  // namespace

int run_sweep_over_mpi(const SweepArgs& args, const InterruptHandler& interrupt) {
  mpi::environment env(mpi::threading::funneled);
  mpi::communicator world;
  if (world.size() == 1) return run_sweep_locally(args, interrupt);
  const bool root = world.rank() == 0;

  SweepSession session;
  session.started_at = std::chrono::system_clock::now();
  session.started_steady = std::chrono::steady_clock::now();
  session.threads = args.threads > 0 ? args.threads : 1;
  session.ranks = static_cast<std::size_t>(world.size());

  Setup setup;
  try {
    setup.plan.emplace(SweepPlan::load(args.file));
    if (root) {
      announce_log_size(*setup.plan, args);
      setup.folder =
          std::make_unique<SweepFolder>(sweep_out_dir(args), *setup.plan, args.force,
                                        args.outputs.logs, args.quiet ? nullptr : stderr);
    }
  } catch (const ConfigError& e) {
    fail(setup, 2, "error: ", e.what());
  } catch (const OutputDirError& e) {
    fail(setup, 2, "error: ", e.what());
  } catch (const std::exception& e) {
    fail(setup, 1, "internal error: ", e.what());
  }
  // Every rank must run the same sweep: files can differ between nodes without a shared disk.
  std::string root_hash = setup.plan ? setup.plan->hash() : std::string();
  int root_status = setup.status;
  mpi::broadcast(world, root_hash, 0);
  mpi::broadcast(world, root_status, 0);
  if (!root && setup.status == 0 && setup.plan->hash() != root_hash && root_status == 0) {
    setup.status = 2;
    setup.error = "error: rank " + std::to_string(world.rank()) +
                  " read a different sweep than rank 0; the sweep and scenario files must be the "
                  "same on every node";
  }
  const int worst = mpi::all_reduce(world, setup.status, mpi::maximum<int>());
  if (worst != 0) {
    // Rank 0 reports its own problem; the others only one rank 0 did not have.
    if (setup.status != 0 && (root || root_status == 0)) {
      std::fprintf(stderr, "%s\n", setup.error.c_str());
    }
    return worst;
  }
  try {
    if (root) return serve(world, args, setup, interrupt, session);
    // Logs go straight into rank 0's folder, which a cluster's shared file system makes visible.
    std::optional<RunLogs> logs;
    if (args.outputs.logs) {
      logs = RunLogs{SweepFolder::log_root_for(sweep_out_dir(args)), *args.outputs.logs};
    }
    return work(world, *setup.plan, session.threads, logs, interrupt);
  } catch (const std::exception& e) {
    // The other ranks may be waiting for this one: end the whole job. The journal keeps every
    // run recorded so far, so the same command resumes.
    std::fprintf(stderr, "internal error on rank %d: %s\n", world.rank(), e.what());
    std::fflush(stderr);
    env.abort(1);
  }
  return 1;
}

}  // namespace alchemy
