// The run summary's "money that went round" block (sim/output/run_summary.cpp) on the hand-worked
// three-firm example of MODEL.md §7.23, in millions: V puts 100 M into A, A borrows 300 M from
// the bank B and pays V 200 M for goods, so 50 M came back (50 %) and A still has 50 M of it;
// then A pays B 150 M (37.5 M of it V's money) and its suppliers 25 M (6.25 M of it V's).
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "engine/scenario_fixtures.hpp"
#include "sim/output/run_summary.hpp"
#include "sim/world/fund_tracing.hpp"
#include "sim/world/ledger.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

enum : std::int32_t { kA = 0, kB = 1, kV = 2 };  // firms sorted by id: a, b, v

ScenarioSpec three_firms() {
  ScenarioSpec s;
  s.name = "three firms";
  s.start = day(2025, 1, 1);
  s.end = day(2025, 12, 31);
  for (const char* id : {"a", "b", "v"}) {
    FirmSpec f = quiet_firm(id);
    f.cash = Money::zero();
    s.firms.push_back(f);
  }
  s.firms[kB].cash = usd(1000e6);
  s.firms[kV].cash = usd(1000e6);
  ContractSpec c;
  c.id = "v-a-equity";
  c.set_type(ContractType::equity_investment);
  c.from = kV;
  c.to = kA;
  c.signed_on = c.start = c.end = day(2025, 1, 2);
  c.amount = usd(100e6);
  s.contracts = {c};
  return s;
}

std::string summary_of(const ScenarioSpec& spec, const World& w) {
  RunSummary s;
  RunHeader h;
  h.scenario = &spec;
  for (const auto& f : spec.firms)
    h.firm_ids.push_back(f.id);
  s.begin(h);
  s.end_state(w);
  s.finish(true);
  return s.text();
}

std::string block(const std::string& text) {
  const auto at = text.find("money that went round");
  REQUIRE(at != std::string::npos);
  return text.substr(at, text.find("\n\n", at) - at);
}

}  // namespace

TEST_CASE("run summary: what came back of an investment, and where the rest is") {
  const ScenarioSpec spec = three_firms();
  World w = make_world(spec, 1);
  transfer(w, kV, kA, usd(100e6));
  trace_investment(w, 0, kV, kA, usd(100e6));
  transfer(w, kB, kA, usd(300e6));
  add_claim(w, Claim{kA, kV, -1, usd(200e6), w.date, Channel::suppliers});
  pay_claim(w, 0);
  compact_claims(w);
  CHECK(block(summary_of(spec, w)) ==
        "money that went round (each investment's money followed pro rata through the payments "
        "it funded):\n"
        "  investment               investor      investee     invested          came back  "
        "investee has   others have  paid outside\n"
        "  v-a-equity               v          -> a             100.0 M      50.0 M  (50%)  "
        "      50.0 M             0             0");
  transfer(w, kA, kB, usd(150e6));                       // 50 × 150 / 200 = 37.5 M to B
  pay_to_outside(w, kA, usd(25e6), Channel::suppliers);  // 12.5 × 25 / 50 = 6.25 M outside
  CHECK(block(summary_of(spec, w)) ==
        "money that went round (each investment's money followed pro rata through the payments "
        "it funded):\n"
        "  investment               investor      investee     invested          came back  "
        "investee has   others have  paid outside\n"
        "  v-a-equity               v          -> a             100.0 M      50.0 M  (50%)  "
        "       6.2 M        37.5 M         6.2 M");
}
