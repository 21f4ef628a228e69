// contingent_funding: a commitment that arrives on its date with probability p, else never.
// Hand-computed: with p = 1 the funder buys amount / P new shares of the recipient at its price P
// on the date (as an equity tranche) and the accounting laws hold after every phase; with p = 0
// nothing moves; over many seeds the arrival frequency is binomial(p); a defaulted funder pays
// nothing.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "accounting_laws.hpp"
#include "agents/firm_kinds.hpp"
#include "scenario_fixtures.hpp"
#include "sim/engine/engine.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

constexpr std::size_t kRecipient = 0, kFunder = 1;  // firms sorted by id: "lab" < "vc"

// A quiet recipient and funder (no noise, no rules) and one contingent commitment of 2 B USD
// from the funder to the recipient on 2025-01-06.
ScenarioSpec contingent(double p, Date end = day(2025, 1, 31)) {
  ScenarioSpec s;
  s.name = "contingent";
  s.start = day(2025, 1, 1);
  s.end = end;
  s.market.sentiment.volatility = 0;
  s.market.gpu.volatility = 0;
  for (const char* id : {"lab", "vc"}) {
    s.firms.push_back(quiet_firm(id));
  }
  ContractSpec c;
  c.id = "vc-lab-maybe";
  c.set_type(ContractType::contingent_funding);
  c.as<ContingentFundingTerms>().probability = p;
  c.from = kFunder;
  c.to = kRecipient;
  c.signed_on = day(2025, 1, 2);
  c.start = c.end = day(2025, 1, 6);
  c.amount = usd(2e9);
  s.contracts = {c};
  return s;
}

struct Run {
  MemorySink sink;
  World world;
  std::string law_broken;  // the first accounting law broken, where; empty if none
};

// Runs `s` with `seed`, holding it to the accounting laws after every phase (accounting_laws.hpp).
Run run(const ScenarioSpec& s, std::uint64_t seed, bool funder_defaulted = false) {
  Run r;
  r.world = make_world(s, seed);
  if (funder_defaulted) r.world.firms[kFunder].defaulted = true;
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
  std::copy_if(m.events.begin(), m.events.end(), std::back_inserter(out),
               [&](const Event& e) { return e.type == t; });
  return out;
}

double field(const Event& e, std::string_view key) {
  for (const auto& f : e.fields) {
    if (f.key == key) return f.value;
  }
  return NAN;
}

}  // namespace

TEST_CASE("contingent_funding with p = 1 arrives on its date as equity at the recipient's price") {
  const Run r = run(contingent(1.0), 1);
  CHECK(r.law_broken.empty());
  const auto drawn = of_type(r.sink, EventType::tranche_drawn);
  REQUIRE(drawn.size() == 1);
  CHECK(drawn[0].date == day(2025, 1, 6));
  CHECK(drawn[0].amount == usd(2e9));
  CHECK(drawn[0].firm == static_cast<std::int32_t>(kFunder));
  const double price = field(drawn[0], "price"), shares = field(drawn[0], "shares");
  CHECK(price > 0.0);
  CHECK(shares == doctest::Approx(2e9 / price));  // new shares = amount / P
  const FirmState& lab = r.world.firms[kRecipient];
  const FirmState& vc = r.world.firms[kFunder];
  CHECK(lab.shares == doctest::Approx(1e9 + shares));
  CHECK(lab.flows.capital_issued == usd(2e9));
  REQUIRE(vc.stakes.size() == 1);
  CHECK(vc.stakes[0].issuer == static_cast<std::int32_t>(kRecipient));
  CHECK(vc.stakes[0].shares == doctest::Approx(shares));
  CHECK(r.world.contracts[0].delivered == usd(2e9));
  CHECK(r.world.contracts[0].remaining == Money::zero());
  CHECK(of_type(r.sink, EventType::tranche_blocked).empty());
}

TEST_CASE("contingent_funding with p = 0 never arrives, and says why") {
  const Run r = run(contingent(0.0), 1);
  CHECK(r.law_broken.empty());
  CHECK(of_type(r.sink, EventType::tranche_drawn).empty());
  const auto blocked = of_type(r.sink, EventType::tranche_blocked);
  REQUIRE(blocked.size() == 1);
  CHECK(blocked[0].date == day(2025, 1, 6));
  CHECK(field(blocked[0], "reason_probability") == 1);
  CHECK(r.world.firms[kRecipient].shares == 1e9);
  CHECK(r.world.firms[kRecipient].flows.capital_issued == Money::zero());
  CHECK(r.world.firms[kFunder].stakes.empty());
  CHECK(r.world.contracts[0].remaining == Money::zero());  // the commitment is over
}

TEST_CASE("contingent_funding with p = 0.3 arrives in about 30 % of seeds") {
  // The date is the fifth day, so each run is a week. Binomial(n, p): 4 standard deviations.
  const ScenarioSpec s = contingent(0.3, day(2025, 1, 7));
  const int n = 400;
  int arrived = 0;
  for (int seed = 1; seed <= n; ++seed) {
    const Run r = run(s, static_cast<std::uint64_t>(seed));
    arrived += static_cast<int>(of_type(r.sink, EventType::tranche_drawn).size());
  }
  const double sd = std::sqrt(n * 0.3 * 0.7);  // 9.2
  CHECK(std::abs(arrived - n * 0.3) <= 4 * sd);
  // The draw is the run's: the same seed gives the same outcome.
  CHECK(of_type(run(s, 17).sink, EventType::tranche_drawn).size() ==
        of_type(run(s, 17).sink, EventType::tranche_drawn).size());
}

TEST_CASE("contingent_funding from a defaulted funder does not arrive") {
  const Run r = run(contingent(1.0), 1, true);
  CHECK(of_type(r.sink, EventType::tranche_drawn).empty());
  const auto blocked = of_type(r.sink, EventType::tranche_blocked);
  REQUIRE(blocked.size() == 1);
  CHECK(field(blocked[0], "reason_default") == 1);
  CHECK(r.world.firms[kRecipient].shares == 1e9);
  CHECK(r.world.firms[kRecipient].flows.capital_issued == Money::zero());
  CHECK(r.world.firms[kFunder].stakes.empty());
}
