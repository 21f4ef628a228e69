// One monthly loop analysis on a large strongly connected graph, the circuit search before and
// after the branch and bound, side by side in one run. The graph: the Gai–Kapadia interbank
// network of configs/sweeps/gai_kapadia_network.yaml at 10^4 banks and mean degree 10 (Erdős–
// Rényi), after its first day; its influence matrix W as the engine's record phase builds it;
// the engine's loop options (max_length 6, top_k 20). Alternately, ROUNDS times: the search as
// it was (tools/bench/circuits_budgeted_dfs.hpp: depth-limited DFS, budget 2·10^8 hops), the
// branch and bound (find_circuits), the whole analysis (analyse_loops: channels, W, ρ, circuits)
// and one month of the run that follows (its ticks and its monthly analysis). Each is CPU time of
// this process (one thread). Prints every round, then best and median of each, the ratio old /
// new, and the analysis's share of the month; checks that both searches return the same circuits
// when the old one was not cut short by its budget.
//
//   build/tools/bench/loops_cpu [FIRMS [ROUNDS]]   (default 10000 and 5)
// Not part of the test suite (tools/bench/run runs it).

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "market/loops.hpp"
#include "sim/engine/compiled_scenario.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/loop_tracker.hpp"
#include "sim/engine/network_generator.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/world.hpp"
#include "tools/bench/circuits_budgeted_dfs.hpp"

using namespace alchemy;

namespace {

double cpu_now() {
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

template <typename F>
double cpu_of(F&& f) {
  const double start = cpu_now();
  f();
  return cpu_now() - start;
}

double best(std::vector<double> v) {
  return *std::min_element(v.begin(), v.end());
}
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
}

bool same_circuits(const std::vector<Circuit>& a, const std::vector<Circuit>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k].firms != b[k].firms || a[k].gain != b[k].gain) return false;
  }
  return true;
}

// Counts the analyses of a month: each writes one `rho` row.
class RhoCounter final : public OutputSink {
 public:
  Wants wants() const override {
    Wants w = wants_nothing;
    w.loops = true;
    return w;
  }
  void event(const Event&) override {}
  void loop(const LoopRow& r) override { analyses += r.loop == "rho" ? 1 : 0; }
  int analyses = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const std::string firms = argc > 1 ? argv[1] : "10000";
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  if (rounds < 1) {
    std::fprintf(stderr, "usage: loops_cpu [FIRMS [ROUNDS]]\n");
    return 2;
  }
  const LoadedScenario loaded =
      load_scenario(std::string(ALCHEMY_SOURCE_DIR) + "/configs/sweeps/gai_kapadia_network.yaml",
                    {"network.n=" + firms, "network.mean_degree=10", "horizon=3m"});
  const ScenarioSpec spec = with_generated_network(loaded.spec, loaded.spec.seed);
  const CompiledScenario rules = compile_scenario(spec);

  // W after the first day (the shocked bank's cascade is over), and the world a month on, from
  // which each round runs the next month.
  World day_one = make_world(spec, spec.seed);
  MemorySink discard;
  RunOptions first;
  first.until = spec.start;
  continue_run(spec, day_one, discard, first);
  TickContext ctx{spec, day_one, discard, rules};
  const InfluenceMatrix w = analyse_loops(ctx).w;
  const Components comps = strong_components(w);
  std::size_t largest = 0;
  for (std::size_t c = 0; c < comps.count(); ++c)
    largest = std::max(largest, comps.size(c));

  // The month's window: the ticks after Monday 3 February 2025 up to Monday 3 March, the first
  // tick of March, which runs the monthly analysis (a run's last tick always analyses, so a
  // window ending on another day would count two).
  World month_one = day_one;
  RunOptions to_month;
  to_month.until = Date::from_ymd(2025, 2, 3);
  continue_run(spec, month_one, discard, to_month);
  RunOptions next_month;
  next_month.until = Date::from_ymd(2025, 3, 3);

  std::printf(
      "%zu firms, %zu entries of W, largest strong component %zu firms; max_length %zu, "
      "top_k %zu\n",
      w.firm_count(), w.entry_count(), largest, spec.loops.max_length, spec.loops.top_k);
  budgeted_dfs::Options old_options;
  old_options.max_length = spec.loops.max_length;
  old_options.top_k = spec.loops.top_k;
  CircuitOptions new_options;
  new_options.max_length = spec.loops.max_length;
  new_options.top_k = spec.loops.top_k;

  std::vector<double> t_old, t_new, t_analysis, t_month;
  int analyses = 0;
  for (int round = 1; round <= rounds; ++round) {
    budgeted_dfs::Result old_result;
    CircuitSearch new_result;
    t_old.push_back(cpu_of([&] { old_result = budgeted_dfs::find_circuits(w, old_options); }));
    t_new.push_back(cpu_of([&] { new_result = find_circuits(w, new_options); }));
    t_analysis.push_back(cpu_of([&] { analyse_loops(ctx); }));
    World world = month_one;
    RhoCounter counter;
    t_month.push_back(cpu_of([&] { continue_run(spec, world, counter, next_month); }));
    analyses = counter.analyses;
    const bool same = same_circuits(old_result.circuits, new_result.circuits);
    std::printf(
        "round %d: old search %.4f s (%llu hops%s), branch and bound %.4f s (%llu arcs), "
        "whole analysis %.4f s, month %.4f s; %s\n",
        round, t_old.back(), static_cast<unsigned long long>(old_result.work),
        old_result.truncated ? ", budget exhausted" : "", t_new.back(),
        static_cast<unsigned long long>(new_result.work), t_analysis.back(), t_month.back(),
        same ? "the same circuits"
             : (old_result.truncated ? "different circuits (the old search was cut short)"
                                     : "DIFFERENT CIRCUITS"));
    if (!same && !old_result.truncated) return 1;
  }
  std::printf("old search:       best %.4f s, median %.4f s\n", best(t_old), median(t_old));
  std::printf("branch and bound: best %.4f s, median %.4f s\n", best(t_new), median(t_new));
  std::printf("old / new: %.1fx best, %.1fx median\n", best(t_old) / best(t_new),
              median(t_old) / median(t_new));
  std::printf("whole analysis: best %.4f s, median %.4f s\n", best(t_analysis), median(t_analysis));
  std::printf(
      "a month (%d analys%s): best %.4f s, median %.4f s; the analysis's share %.1f %% "
      "(medians; with the old search it would be %.1f %%)\n",
      analyses, analyses == 1 ? "is" : "es", best(t_month), median(t_month),
      100.0 * analyses * median(t_analysis) / median(t_month),
      100.0 * analyses * (median(t_analysis) - median(t_new) + median(t_old)) /
          (median(t_month) - analyses * median(t_new) + analyses * median(t_old)));
  return 0;
}
