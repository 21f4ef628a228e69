// The baseline scenario against the facts it is calibrated on (shared reference
// ai-compute-2025-facts.md), and the accounting laws over its ten daily years. The calibration
// is in sample: these tests guard it against drift, they do not validate the model.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "sim/engine.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/world.hpp"

using namespace alchemy;

namespace {

const LoadedScenario& baseline() {
  static const LoadedScenario s = load_scenario(std::string(ALCHEMY_SOURCE_DIR) + "/configs/ai_compute_2025.yaml");
  return s;
}

std::int32_t firm(const ScenarioSpec& s, const std::string& id) {
  for (std::size_t i = 0; i < s.firms.size(); ++i) {
    if (s.firms[i].id == id) return static_cast<std::int32_t>(i);
  }
  return -1;
}

}  // namespace

TEST_CASE("baseline 2025 reproduces the facts it is calibrated on") {
  const ScenarioSpec& spec = baseline().spec;
  MemorySink sink;
  RunOptions opt;
  opt.until = Date::from_ymd(2025, 12, 31);
  run_scenario(spec, spec.seed, sink, opt);
  const auto openai = firm(spec, "openai"), amd = firm(spec, "amd"), oracle = firm(spec, "oracle");

  double revenue = 0, net_income = 0, shadow_march = 0, shadow_october = 0;
  for (const auto& r : sink.rows) {
    if (r.firm != openai) continue;
    revenue += r.revenue.dollars();
    net_income += r.net_income.dollars();
    if (shadow_march == 0 && r.date >= Date::from_ymd(2025, 3, 31)) shadow_march = r.shadow_price * r.shares;
    if (shadow_october == 0 && r.date >= Date::from_ymd(2025, 10, 1)) shadow_october = r.shadow_price * r.shares;
  }
  // Facts: OpenAI's 2025 revenue ~13 B (within 10 %), a loss "up to 10 B" (of that order),
  // rounds at 300 B (March) and 500 B (October) (shadow value within 25 %).
  CHECK(revenue == doctest::Approx(13e9).epsilon(0.10));
  CHECK(net_income < -5e9);
  CHECK(net_income > -20e9);
  CHECK(shadow_march == doctest::Approx(300e9).epsilon(0.25));
  CHECK(shadow_october == doctest::Approx(500e9).epsilon(0.25));

  // Announcements: AMD +~63 B on 2025-10-06, Oracle +~244 B on 2025-09-10 (within 25 %).
  double amd_move = 0, oracle_move = 0;
  for (const auto& e : sink.events) {
    if (e.type != EventType::announcement) continue;
    if (e.firm == amd && e.date == Date::from_ymd(2025, 10, 6)) amd_move = e.amount.dollars();
    if (e.firm == oracle && e.date == Date::from_ymd(2025, 9, 10)) oracle_move = e.amount.dollars();
  }
  CHECK(amd_move == doctest::Approx(63e9).epsilon(0.25));
  CHECK(oracle_move == doctest::Approx(244e9).epsilon(0.25));
}

TEST_CASE("baseline: cash is conserved and every balance sheet balances after every phase, ten years") {
  const ScenarioSpec& spec = baseline().spec;
  World start = make_world(spec, spec.seed);
  const Money total = start.total_cash();
  std::vector<Money> equity0;
  std::vector<EquityFlows> flows0;
  for (const auto& f : start.firms) {
    equity0.push_back(f.book_equity());
    flows0.push_back(f.flows);
  }
  std::string failure;
  std::size_t checks = 0;
  RunOptions opt;
  opt.after_phase = [&](Phase p, const World& w) {
    if (!failure.empty()) return;
    ++checks;
    if (w.total_cash() != total) failure = w.date.iso() + " " + to_string(p) + ": cash not conserved";
    for (std::size_t i = 0; i < w.firms.size() && failure.empty(); ++i) {
      const FirmState& f = w.firms[i];
      const EquityFlows& a = flows0[i];
      const Money explained = (f.flows.net_income - a.net_income) + (f.flows.revaluations - a.revaluations) +
                              (f.flows.capital_issued - a.capital_issued) - (f.flows.distributions - a.distributions);
      if (f.book_equity() - equity0[i] != explained) failure = w.date.iso() + " " + to_string(p) + ": equity of " + spec.firms[i].id;
      if (f.cash.is_negative()) failure = w.date.iso() + ": negative cash at " + spec.firms[i].id;
    }
  };
  MemorySink sink;
  const RunResult r = run_scenario(spec, spec.seed, sink, opt);
  CHECK(r.complete);
  CHECK(r.ticks > 2500);
  CHECK(checks == 7 * r.ticks);
  CHECK(failure == "");
}
