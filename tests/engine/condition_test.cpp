// A condition on an equity investment's tranches (the Microsoft negotiation of the baseline,
// MODEL.md §7.25): on its date it resolves with one draw from the contract's own stream, a
// `condition_resolved` event says how, and a failure blocks every tranche not drawn by then.
// Hand-computed: two tranches of 2 B on 03-03 and 06-03 around a condition on 05-01; with
// probability 1 of failing the first is drawn and the second blocked, with 0 both are drawn; the
// outcome for a seed is the draw u < p recomputed here from the seed and the contract id alone;
// over 400 seeds the failures are binomial(p); and the accounting laws hold after every phase.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "accounting_laws.hpp"
#include "market/rng.hpp"
#include "scenario_fixtures.hpp"
#include "sim/engine/engine.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

constexpr std::int32_t kInvestee = 0, kInvestor = 1;  // firms sorted by id: "lab" < "vc"

// 4 B in two tranches, start 03-03, end 09-03: due 03-03 and 03-03 + ⌊184 / 2⌋ days = 06-03;
// the condition resolves on 05-01 and fails with probability p.
ScenarioSpec conditional(double p, Date end = day(2025, 9, 30)) {
  ScenarioSpec s;
  s.name = "condition";
  s.start = day(2025, 1, 1);
  s.end = end;
  s.market.sentiment.volatility = 0;
  s.market.gpu.volatility = 0;
  for (const char* id : {"lab", "vc"})
    s.firms.push_back(quiet_firm(id));
  ContractSpec c;
  c.id = "vc-lab-round";
  c.set_type(ContractType::equity_investment);
  c.from = kInvestor;
  c.to = kInvestee;
  c.signed_on = day(2025, 1, 2);
  c.start = day(2025, 3, 3);
  c.end = day(2025, 9, 3);
  c.amount = usd(4e9);
  c.as<EquityTerms>().tranche.tranches = 2;
  c.as<EquityTerms>().condition_date = day(2025, 5, 1);
  c.as<EquityTerms>().condition_fails = p;
  s.contracts = {c};
  return s;
}

struct Run {
  MemorySink sink;
  World world;
  std::string law_broken;  // the first accounting law broken, where; empty if none
};

// Runs `s` with `seed`, holding it to the accounting laws after every phase (accounting_laws.hpp).
Run run(const ScenarioSpec& s, std::uint64_t seed) {
  Run r;
  r.world = make_world(s, seed);
  const AccountingLaws laws(r.world);
  RunOptions opt;
  opt.after_phase = [&](Phase p, const World& w) {
    if (r.law_broken.empty()) r.law_broken = laws.check(p, w);
  };
  continue_run(s, r.world, r.sink, opt);
  return r;
}

std::vector<Event> of_type(const MemorySink& m, EventType t) {
  std::vector<Event> out;
  for (const Event& e : m.events)
    if (e.type == t) out.push_back(e);
  return out;
}

double field(const Event& e, std::string_view key) {
  for (std::size_t k = 0; k < e.field_count; ++k)
    if (e.fields[k].key == key) return e.fields[k].value;
  return NAN;
}

// The draw as the engine makes it, from nothing but the seed and the contract id.
bool fails_by_hand(std::uint64_t seed, double p) {
  Rng rng(derive_seed(derive_seed(seed, stable_hash("condition")), stable_hash("vc-lab-round")));
  return rng.uniform() < p;
}

}  // namespace

TEST_CASE("a condition that fails for sure: resolved on its date, the later tranche blocked") {
  const Run r = run(conditional(1.0), 1);
  CHECK(r.law_broken.empty());
  const auto resolved = of_type(r.sink, EventType::condition_resolved);
  REQUIRE(resolved.size() == 1);
  CHECK(resolved[0].date == day(2025, 5, 1));
  CHECK(resolved[0].firm == kInvestor);
  CHECK(resolved[0].counterparty == kInvestee);
  CHECK(resolved[0].amount == usd(2e9));  // what was undrawn then: the second tranche
  CHECK(field(resolved[0], "failed") == 1);
  CHECK(field(resolved[0], "probability") == 1);
  // The first tranche, due before the condition's date, is drawn; the second is blocked.
  const auto drawn = of_type(r.sink, EventType::tranche_drawn);
  REQUIRE(drawn.size() == 1);
  CHECK(drawn[0].date == day(2025, 3, 3));
  CHECK(drawn[0].amount == usd(2e9));
  const auto blocked = of_type(r.sink, EventType::tranche_blocked);
  REQUIRE(blocked.size() == 1);
  CHECK(blocked[0].date == day(2025, 6, 3));
  CHECK(field(blocked[0], "reason_blocked") == 1);
  CHECK(r.world.firms[kInvestee].flows.capital_issued == usd(2e9));
  CHECK(r.world.contracts[0].blocked);
}

TEST_CASE("a condition that never fails: resolved as held, both tranches drawn") {
  const Run r = run(conditional(0.0), 1);
  CHECK(r.law_broken.empty());
  const auto resolved = of_type(r.sink, EventType::condition_resolved);
  REQUIRE(resolved.size() == 1);
  CHECK(resolved[0].date == day(2025, 5, 1));
  CHECK(field(resolved[0], "failed") == 0);
  CHECK(field(resolved[0], "probability") == 0);
  const auto drawn = of_type(r.sink, EventType::tranche_drawn);
  REQUIRE(drawn.size() == 2);
  CHECK(drawn[1].date == day(2025, 6, 3));
  CHECK(of_type(r.sink, EventType::tranche_blocked).empty());
  CHECK(r.world.firms[kInvestee].flows.capital_issued == usd(4e9));
}

TEST_CASE("a condition's outcome is the seed's own draw, and fails in about p of seeds") {
  // Runs to the condition's date only. Binomial(400, 0.3): 4 standard deviations.
  const ScenarioSpec s = conditional(0.3, day(2025, 5, 2));
  const int n = 400;
  int failed = 0, as_by_hand = 0;
  for (int seed = 1; seed <= n; ++seed) {
    const Run r = run(s, static_cast<std::uint64_t>(seed));
    const auto resolved = of_type(r.sink, EventType::condition_resolved);
    REQUIRE(resolved.size() == 1);
    const bool f = field(resolved[0], "failed") == 1;
    failed += f ? 1 : 0;
    as_by_hand += f == fails_by_hand(static_cast<std::uint64_t>(seed), 0.3) ? 1 : 0;
    CHECK(r.world.contracts[0].blocked == f);
  }
  CHECK(as_by_hand == n);
  CHECK(std::abs(failed - n * 0.3) <= 4 * std::sqrt(n * 0.3 * 0.7));
}
