// Issue 20, acceptance bullet 2: the engine's cost per firm-tick on a generated network at several
// sizes, side by side in one run, and its memory per firm.
//
//   build/tools/bench/firm_tick_cost [ROUNDS [HORIZON [N...]]]
//     default: 3 rounds, horizon 1y, of 1000 and 100000 firms (a shorter HORIZON, e.g. 1m, for a
//     size whose year would take too long: the ratios then compare runs of that horizon)
//
// The network: configs/sweeps/gai_kapadia_network.yaml at N firms with mean degree 10 (issue 20's
// z = 10; Erdős–Rényi, capital 4 %, interbank 20 %, its first day's shock of one bank), for one
// year of daily ticks (`horizon=1y`, or HORIZON), with the loop analysis every month (the
// scenario's default, `loops.every: month`), the scenario's own seed. Logging off: a sink that
// reads no rows (the analysis still runs: it does not depend on the sink). Each round runs every
// size once, in the order given, each in a forked child, so that each run's peak memory is its own;
// the child times run_scenario (building the world and the network included) in CPU time, and
// reports its ticks, its defaults and its peak resident memory above what it held before the run.
// Prints each run, then per size the best and median CPU per firm-tick (ns), their ratios to the
// first size's, and the peak memory per firm. Not part of the test suite (tools/bench/run runs it).

#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/event.hpp"

namespace {

using namespace alchemy;

double cpu_now() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// Resident memory now, in KB (the second field of /proc/self/statm, in pages).
long rss_kb() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  long size = 0, resident = 0;
  const int got = std::fscanf(f, "%ld %ld", &size, &resident);
  std::fclose(f);
  return got == 2 ? resident * (sysconf(_SC_PAGESIZE) / 1024) : 0;
}

// Reads no rows; counts the defaults.
class DefaultCounter final : public OutputSink {
 public:
  Wants wants() const override { return wants_nothing; }
  void event(const Event& e) override { defaults += e.type == EventType::default_ ? 1 : 0; }
  std::size_t defaults = 0;
};

struct Run {
  double cpu = 0.0;  // seconds
  double ticks = 0.0;
  double defaults = 0.0;
  double peak_kb = 0.0;  // peak resident memory above the child's before the run
};

// One run in a forked child; its result comes back through a pipe.
Run run_in_child(const ScenarioSpec& spec) {
  int fd[2];
  if (pipe(fd) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(fd[0]);
    Run r;
    const long before = rss_kb();
    DefaultCounter sink;
    const double t0 = cpu_now();
    const RunResult result = run_scenario(spec, spec.seed, sink);
    r.cpu = cpu_now() - t0;
    r.ticks = static_cast<double>(result.ticks);
    r.defaults = static_cast<double>(sink.defaults);
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    r.peak_kb = static_cast<double>(u.ru_maxrss - before);
    const bool ok = write(fd[1], &r, sizeof r) == static_cast<ssize_t>(sizeof r);
    _exit(ok ? 0 : 1);
  }
  close(fd[1]);
  Run r;
  const bool got = read(fd[0], &r, sizeof r) == static_cast<ssize_t>(sizeof r);
  close(fd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("a run failed in its child process");
  return r;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t k = v.size() / 2;
  return v.size() % 2 ? v[k] : 0.5 * (v[k - 1] + v[k]);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 3;
    const std::string horizon = argc > 2 ? argv[2] : "1y";
    std::vector<std::string> sizes;
    for (int i = 3; i < argc; ++i)
      sizes.emplace_back(argv[i]);
    if (sizes.empty()) sizes = {"1000", "100000"};
    if (rounds < 1) {
      std::fprintf(stderr, "firm_tick_cost: ROUNDS must be at least 1\n");
      return 2;
    }
    std::vector<ScenarioSpec> specs;
    for (const std::string& n : sizes) {
      specs.push_back(
          load_scenario(
              std::string(ALCHEMY_SOURCE_DIR) + "/configs/sweeps/gai_kapadia_network.yaml",
              {"network.n=" + n, "network.mean_degree=10", "horizon=" + horizon})
              .spec);
    }
    std::printf("generated network, z = 10, horizon %s daily, loops monthly: CPU per firm-tick\n",
                horizon.c_str());
    std::vector<std::vector<double>> per(sizes.size()), kb(sizes.size());
    for (int k = 0; k < rounds; ++k) {
      for (std::size_t s = 0; s < sizes.size(); ++s) {
        const Run r = run_in_child(specs[s]);
        // The generated firms join the scenario's own (none in this file) when the run starts.
        const double n = static_cast<double>(specs[s].firms.size() +
                                             (specs[s].network ? specs[s].network->n : 0));
        per[s].push_back(1e9 * r.cpu / (n * r.ticks));
        kb[s].push_back(r.peak_kb / n);
        std::printf(
            "round %d, %s firms: %.2f s CPU, %.0f ticks, %.0f defaults, %.1f ns per firm-tick, "
            "peak %.0f MB (%.2f KB per firm)\n",
            k + 1, sizes[s].c_str(), r.cpu, r.ticks, r.defaults, per[s].back(), r.peak_kb / 1024.0,
            kb[s].back());
        std::fflush(stdout);
      }
    }
    const double best0 = *std::min_element(per[0].begin(), per[0].end());
    const double median0 = median(per[0]);
    for (std::size_t s = 0; s < sizes.size(); ++s) {
      const double best = *std::min_element(per[s].begin(), per[s].end());
      std::printf(
          "%s firms: best %.1f ns, median %.1f ns per firm-tick; %.2fx best, %.2fx median of %s "
          "firms; peak memory %.2f KB per firm (median)\n",
          sizes[s].c_str(), best, median(per[s]), best / best0, median(per[s]) / median0,
          sizes[0].c_str(), median(kb[s]));
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "firm_tick_cost: %s\n", e.what());
    return 2;
  }
}
