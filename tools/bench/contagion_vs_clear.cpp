// Issue 20 item 1: the engine's contagion phase on a Gai–Kapadia cascade against Eisenberg–Noe
// clearing (the solver `alchemy clear` runs) of the same network, side by side in one process.
//
//   build/tools/bench/contagion_vs_clear [N [ROUNDS [SEED]]]
//     N       firms (default 100000), configs/sweeps/gai_kapadia_network.yaml's network at that
//             size (Erdős–Rényi, z = 3, capital 4 %, interbank 20 %, zero recovery), one daily
//             tick: the tick of the shock, whose contagion phase holds the whole cascade
//     ROUNDS  default 5
//     SEED    the run's seed (default 1: at 10^5 firms it draws a graph and a shocked firm whose
//             cascade reaches 94 % of the firms; the file's own seed, 2010, stops at the first)
//
// Each round runs the scenario once through the engine (logging off) and times its contagion
// phase (CPU time between the ends of the market and contagion phases, RunOptions::after_phase);
// then clears the same network — every firm's debts to other firms as liabilities, its debts to
// the outside and other liabilities as external liabilities, everything else it holds as outside
// assets, read from the world at the end of the market phase, after the shock — with the
// scenario's α and β, timed the same way (building the clearing network included, as `alchemy
// clear` does). Prints each round, then best and median of each and the ratio contagion / clear
// (issue 20's aim at 10^5 firms: ≤ 3), and checks that both found the same defaulted firms.
// Not part of the test suite (tools/bench/run runs it).

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "market/clearing.hpp"
#include "sim/engine/engine.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/world.hpp"

namespace {

using namespace alchemy;

double cpu_now() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

class DiscardSink final : public OutputSink {
 public:
  Wants wants() const override { return wants_nothing; }
  void event(const Event&) override {}
};

// The world's interbank network at the end of the market phase, as `alchemy clear` would read it.
ClearingInput network_of(const World& w) {
  const std::size_t n = w.firms.size();
  ClearingInput in;
  in.firm_count = n;
  in.outside_assets.assign(n, 0.0);
  in.external_liabilities.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const FirmState& f = w.firms[i];
    Money network;
    for (const DebtState& d : f.debt) {
      if (!d.principal.is_positive()) continue;
      if (d.lender >= 0) {
        in.liabilities.push_back(
            {static_cast<FirmIndex>(i), static_cast<FirmIndex>(d.lender), d.principal.dollars()});
        network += d.principal;
      }
    }
    in.external_liabilities[i] = (f.total_liabilities() - network).dollars();
    in.outside_assets[i] = std::max(0.0, (f.total_assets() - f.loans_held).dollars());
  }
  return in;
}

struct Round {
  double contagion = 0.0;
  double clear = 0.0;
  std::size_t engine_defaults = 0;
  std::size_t clear_defaults = 0;
  std::size_t clear_rounds = 0;
  double run = 0.0;
};

Round one_round(const ScenarioSpec& spec, std::uint64_t seed) {
  Round r;
  ClearingInput network;
  double started = 0.0;
  RunOptions options;
  options.after_phase = [&](Phase p, const World& w) {
    if (w.tick != 0) return;
    if (p == Phase::market) {
      network = network_of(w);  // outside the timed span
      started = cpu_now();
    } else if (p == Phase::contagion) {
      r.contagion = cpu_now() - started;
      for (const FirmState& f : w.firms)
        r.engine_defaults += f.defaulted ? 1 : 0;
    }
  };
  DiscardSink sink;
  const double run_start = cpu_now();
  run_scenario(spec, seed, sink, options);
  r.run = cpu_now() - run_start;

  ClearingOptions opt;
  opt.alpha = spec.contagion.alpha;
  opt.beta = spec.contagion.beta;
  const double t0 = cpu_now();
  const ClearingResult cleared = clear(network, opt);
  r.clear = cpu_now() - t0;
  r.clear_defaults = cleared.default_count;
  r.clear_rounds = cleared.rounds;
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
    const std::string n = argc > 1 ? argv[1] : "100000";
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    const std::uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
    if (rounds < 1) {
      std::fprintf(stderr, "contagion_vs_clear: ROUNDS must be at least 1\n");
      return 2;
    }
    const LoadedScenario s =
        load_scenario(std::string(ALCHEMY_SOURCE_DIR) + "/configs/sweeps/gai_kapadia_network.yaml",
                      {"network.n=" + n, "horizon=1d"});
    std::printf("Gai–Kapadia network, %s firms, seed %llu: contagion phase vs clear (CPU s)\n",
                n.c_str(), static_cast<unsigned long long>(seed));
    std::vector<double> contagion, cleared, ratio;
    for (int k = 0; k < rounds; ++k) {
      const Round r = one_round(s.spec, seed);
      std::printf(
          "round %d: contagion %.4f  clear %.4f (%zu rounds)  ratio %.2f  defaults %zu / %zu  "
          "whole run %.2f\n",
          k + 1, r.contagion, r.clear, r.clear_rounds, r.contagion / r.clear, r.engine_defaults,
          r.clear_defaults, r.run);
      std::fflush(stdout);
      if (r.engine_defaults != r.clear_defaults) {
        std::fprintf(stderr, "contagion_vs_clear: the engine and clear disagree on the defaults\n");
        return 1;
      }
      contagion.push_back(r.contagion);
      cleared.push_back(r.clear);
      ratio.push_back(r.contagion / r.clear);
    }
    const double best_c = *std::min_element(contagion.begin(), contagion.end());
    const double best_k = *std::min_element(cleared.begin(), cleared.end());
    std::printf(
        "contagion best %.4f median %.4f | clear best %.4f median %.4f | ratio best %.2f "
        "median %.2f\n",
        best_c, median(contagion), best_k, median(cleared), best_c / best_k,
        median(contagion) / median(cleared));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "contagion_vs_clear: %s\n", e.what());
    return 2;
  }
}
