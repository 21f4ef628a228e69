// Issue 18's acceptance "the loop measure predicts the engine": the loop model
// (sim/engine/loop_model.hpp) predicts what the engine does after a 1 % price shock to each firm,
// at three dates of the baseline. The engine's response is measured by forking the run (the
// world copied inside the running run, so every random stream continues alike: common random
// numbers) and shocking one firm's news by 0.01 in log — what a `price` shock of 0.01 does — in
// one of the two copies; firm i's response is log P_i(shocked) − log P_i(unshocked) after 1 and
// after 20 ticks. The prediction (predict_log_values) is the recursion of the models read at
// each tick of the unshocked path, where its market phase reads the world (after the decisions
// phase): the same tick's fixed point of the holdings, the next tick's revaluation, credit and
// sentiment entries, sentiment keeping 1 − reversion × dt of a move per tick. The prediction of
// the fork date's W alone (the same model every tick) is printed beside it.
//
// Compared: every (shocked firm, firm) pair whose predicted response is at least 10⁻⁵ in log
// (10⁻³ of the shock): sentiment carries a listed firm's move to every other at about
// return_weight × β / 5 ≈ 10⁻² of it, ~10⁻⁴ here, so the cut keeps those; the engine's response is
// linear in the shock at that size (the same ratios with a shock of 0.001). After 20 ticks every
// one must be within 10 %. After one tick 80 % at each date must be, and all within a factor 2:
// six of 59 are not within 10 % — holders of a leveraged private firm (the venture investors of
// the xAI GPU vehicle and of CoreWeave, Stargate's owners) move on the shock's first day by
// 0.58–0.89 (one 1.11) of W's same-tick entry b_ij / V_i, and by the next tick exactly as the
// model's level response (within + revaluation, which carries their puts) says; MODEL.md §8.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/engine/loop_model.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;

namespace {

constexpr double kShock = 0.01;
constexpr double kMeasurable = 1e-5;
constexpr std::size_t kTicks = 20;

struct Path {
  std::vector<World> states;               // after ticks 0 (the fork) .. kTicks
  std::vector<World> pre_market;           // ticks 1 .. kTicks before their market phase
  std::vector<std::vector<double>> log_p;  // log prices after ticks 1 .. kTicks
};

// The run continued from `from` for kTicks ticks.
Path continue_for(const ScenarioSpec& spec, const World& from) {
  Path out;
  out.states.push_back(from);
  World w = from;
  Date until = from.date;
  std::size_t k = 0;
  for (const Date d : tick_dates(spec, from.date.plus_days(60))) {
    if (d > from.date && ++k == kTicks) until = d;
  }
  MemorySink sink;
  RunOptions opt;
  opt.until = until;
  opt.after_phase = [&](Phase p, const World& now) {
    if (p == Phase::decisions) out.pre_market.push_back(now);
  };
  opt.after_tick = [&](const World& now) {
    out.states.push_back(now);
    std::vector<double> row;
    for (const auto& f : now.firms)
      row.push_back(f.price > 0.0 ? std::log(f.price) : 0.0);
    out.log_p.push_back(row);
  };
  continue_run(spec, w, sink, opt);
  return out;
}

}  // namespace

TEST_CASE("the loop model's W predicts the engine's response to a 1 % price shock") {
  const LoadedScenario s =
      load_scenario(std::string(ALCHEMY_SOURCE_DIR) + "/configs/ai_compute_2025.yaml");
  const std::vector<Date> at = {Date::from_ymd(2025, 6, 30), Date::from_ymd(2026, 3, 31),
                                Date::from_ymd(2026, 9, 30)};
  std::map<std::size_t, World> forks;  // by the index into `at`
  {
    World w = make_world(s.spec, s.spec.seed);
    MemorySink sink;
    RunOptions opt;
    opt.until = at.back().plus_days(7);
    opt.after_tick = [&](const World& now) {
      for (std::size_t k = 0; k < at.size(); ++k) {
        if (!forks.count(k) && now.date >= at[k]) forks.emplace(k, now);
      }
    };
    continue_run(s.spec, w, sink, opt);
  }
  REQUIRE(forks.size() == at.size());
  const CompiledScenario rules = compile_scenario(s.spec);
  const std::size_t n = s.spec.firms.size();

  for (const auto& [k, fork] : forks) {
    const Path base = continue_for(s.spec, fork);
    REQUIRE(base.log_p.size() == kTicks);
    // The model at each tick of the base path, read where the tick's market phase reads the
    // world (after its decisions phase), and each tick's length.
    std::vector<LoopModel> path;
    std::vector<double> dt;
    std::vector<World> states = base.pre_market;
    MemorySink none;
    for (std::size_t t = 0; t < kTicks; ++t) {
      TickContext ctx{s.spec, states[t], none, rules};
      path.push_back(loop_model(ctx));
      CHECK(path.back().w.nonnegative());
      dt.push_back((base.states[t + 1].date.days() - base.states[t].date.days()) / 365.0);
    }
    // Prices → sentiment by hand: five live listed AI firms at sector weight 1 (AMD, CoreWeave,
    // Microsoft, NVIDIA, Oracle), each a fifth of the sector return, return_weight 0.02 of it.
    int in_sector = 0;
    for (const double x : path.front().to_sentiment) {
      if (x == 0.0) continue;
      ++in_sector;
      CHECK(x == doctest::Approx(0.02 / 5).epsilon(1e-12));
    }
    CHECK(in_sector == 5);
    const std::vector<LoopModel> fixed(kTicks, path.front());
    int compared = 0, fixed_within = 0, one = 0, one_within = 0;
    for (std::size_t j = 0; j < n; ++j) {
      if (fork.firms[j].defaulted) continue;
      std::vector<std::vector<double>> impulses;
      for (std::size_t t = 0; t < kTicks; ++t) {
        TickContext ctx{s.spec, states[t], none, rules};
        impulses.push_back(news_response(ctx, j));
        for (double& x : impulses.back())
          x *= kShock;
      }
      const auto predicted = predict_log_values(path, impulses, dt);
      const std::vector<std::vector<double>> first(kTicks, impulses.front());
      const auto from_fork = predict_log_values(fixed, first, dt);
      World shocked = fork;
      shocked.pending_jump[j] += kShock;
      const Path moved = continue_for(s.spec, shocked);
      REQUIRE(moved.log_p.size() == kTicks);
      for (const std::size_t t : {std::size_t{0}, kTicks - 1}) {
        for (std::size_t i = 0; i < n; ++i) {
          const double p = predicted[t][i];
          if (std::abs(p) < kMeasurable) continue;
          const double m = moved.log_p[t][i] - base.log_p[t][i];
          ++compared;
          const double q = from_fork[t][i];
          if (std::abs(m - q) <= 0.1 * std::abs(q)) ++fixed_within;
          const bool within = std::abs(m - p) <= 0.1 * std::abs(p);
          if (!within) {
            std::printf("%s: a shock to %s moves %s after %zu ticks by %+.4e, predicted %+.4e\n",
                        fork.date.iso().c_str(), s.spec.firms[j].id.c_str(),
                        s.spec.firms[i].id.c_str(), t + 1, m, p);
          }

          if (t + 1 == kTicks) {
            CHECK(within);
          } else {
            ++one;
            if (within) ++one_within;
            CHECK(m / p > 0.5);
            CHECK(m / p < 2.0);
          }
        }
      }
    }
    std::printf(
        "%s: %d responses compared, %d of %d after one tick within 10 %%; %d within 10 %% of W "
        "from the fork date alone\n",
        fork.date.iso().c_str(), compared, one_within, one, fixed_within);
    CHECK(compared > 0);
    CHECK(one_within >= 0.8 * one);
  }
}
