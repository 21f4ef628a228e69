// Each contract's settlement against hand-computed schedules, the warrant's vesting and dilution
// arithmetic against the article's worked example, a failed raise, and a cancelled commitment.
#include <doctest/doctest.h>

#include <algorithm>

#include "agents/firm_kinds.hpp"
#include "agents/valuation.hpp"
#include "scenario_fixtures.hpp"
#include "sim/engine/engine.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

// Two quiet firms (no noise, no rules): a buyer (index 0, "buyer") and a seller ("seller").
ScenarioSpec pair_scenario() {
  ScenarioSpec s;
  s.name = "pair";
  s.start = day(2025, 1, 1);
  s.end = day(2025, 12, 31);
  s.market.sentiment.volatility = 0;
  s.market.gpu.volatility = 0;
  for (const char* id : {"buyer", "seller"}) {
    FirmSpec f = quiet_firm(id);
    f.costs.cost_of_revenue = 0;
    f.compute.power_per_gw_year = Money::zero();
    s.firms.push_back(f);
  }
  return s;
}

ContractSpec base_contract(ContractType t, std::size_t from, std::size_t to, double amount) {
  ContractSpec c;
  c.id = "deal";
  c.set_type(t);
  c.from = from;
  c.to = to;
  c.signed_on = day(2025, 1, 2);
  c.start = day(2025, 1, 2);
  c.end = day(2025, 12, 2);
  c.amount = usd(amount);
  return c;
}

struct Run {
  MemorySink sink;
  World world;
};

Run run(const ScenarioSpec& s, bool verbose = true) {
  Run r;
  r.world = make_world(s, 1);
  RunOptions opt;
  opt.verbose_events = verbose;
  continue_run(s, r.world, r.sink, opt);
  return r;
}

std::vector<Event> of_type(const MemorySink& m, EventType t) {
  std::vector<Event> out;
  std::copy_if(m.events.begin(), m.events.end(), std::back_inserter(out),
               [&](const Event& e) { return e.type == t; });
  return out;
}

}  // namespace

TEST_CASE("supply: 12 B over 12 monthly deliveries of 1 B, each paid 30 days later") {
  ScenarioSpec s = pair_scenario();
  s.contracts = {base_contract(ContractType::supply, 0, 1, 12e9)};
  s.contracts[0].as<SupplyTerms>().gw = 0.6;
  const Run r = run(s);
  const auto deliveries = of_type(r.sink, EventType::delivery);
  REQUIRE(deliveries.size() == 12);
  for (const auto& e : deliveries)
    CHECK(e.amount == usd(1e9));
  CHECK(deliveries[1].date == day(2025, 2, 3));  // 2 February is a Sunday: the next trading day
  CHECK(r.world.contracts[0].delivered == usd(12e9));
  CHECK(r.world.firms[0].gw_owned == doctest::Approx(0.6));
  // Every delivery was paid 30 days later, except December's (due 2026-01-01, after the end).
  Money paid;
  for (const auto& e : of_type(r.sink, EventType::payment)) {
    if (e.contract == 0) paid += e.amount;
  }
  CHECK(paid == usd(11e9));
  CHECK(r.world.firms[1].receivables == usd(1e9));
  CHECK(r.world.firms[0].payables == usd(1e9));
}

TEST_CASE("lease: take-or-pay monthly payments and capacity for the term") {
  ScenarioSpec s = pair_scenario();
  s.contracts = {base_contract(ContractType::lease, 0, 1, 6e9)};
  s.contracts[0].as<LeaseTerms>().gw = 0.5;
  const Run r = run(s);
  Money paid;
  for (const auto& e : of_type(r.sink, EventType::payment))
    paid += e.amount;
  CHECK(paid == usd(6e9));                                    // 12 payments of 0.5 B
  CHECK(r.world.firms[0].gw_leased == doctest::Approx(0.0));  // returned at the end (2 December)
}

TEST_CASE("loan: amortising principal and interest at ACT/365F") {
  ScenarioSpec s = pair_scenario();
  ContractSpec c = base_contract(ContractType::loan, 1, 0, 1.2e9);  // seller lends to buyer
  c.as<LoanTerms>().rate = 0.10;
  c.as<LoanTerms>().amortising = true;
  c.end = day(2026, 1, 2);
  s.contracts = {c};
  const Run r = run(s);
  const auto repaid = of_type(r.sink, EventType::loan_repaid);
  // Monthly from 2025-02-02 to 2026-01-02: 12 instalments of 100 M, 11 of them within 2025.
  REQUIRE(repaid.size() == 11);
  for (const auto& e : repaid)
    CHECK(e.amount == usd(100e6));
  CHECK(r.world.firms[0].total_debt() == usd(100e6));
  CHECK(r.world.firms[1].loans_held == usd(100e6));
}

TEST_CASE("warrant: vesting, exercise and treasury-stock dilution (the article's example)") {
  // The article: ~1 B shares at ~204; a warrant for 100 M shares at 0.01 is worth ~20.4 B for
  // ~1 M USD. Treasury-stock method: diluted shares = 1 B + 100 M × (1 − 0.01/204).
  CHECK(diluted_shares(1e9, 100e6, 0.01, 204) == doctest::Approx(1e9 + 100e6 * (1 - 0.01 / 204)));
  CHECK(diluted_shares(1e9, 100e6, 0.01, 0.005) == 1e9);  // out of the money: no dilution

  ScenarioSpec s = pair_scenario();
  s.firms[1].price = 204;
  ContractSpec w = base_contract(ContractType::warrant, 1, 0, 0);  // seller issues to buyer
  w.as<WarrantTerms>().shares = 100e6;
  w.as<WarrantTerms>().strike = 0.01;
  w.as<WarrantTerms>().tranche.tranches = 1;
  s.contracts = {w};
  const Run r = run(s);
  const auto exercised = of_type(r.sink, EventType::warrant_exercised);
  REQUIRE(exercised.size() == 1);
  CHECK(exercised[0].amount == usd(1e6));  // 100 M shares × 0.01
  CHECK(r.world.firms[1].shares == doctest::Approx(1.1e9));
  CHECK(r.world.firms[1].flows.capital_issued == usd(1e6));
  REQUIRE(r.world.firms[0].stakes.size() == 1);
  CHECK(r.world.firms[0].stakes[0].shares == doctest::Approx(100e6));
  // The stake was booked at the issuer's price on the day of exercise: 100 M × ~204 ≈ 20.4 B.
  const double price_then = exercised[0].fields[1].value;
  CHECK(price_then == doctest::Approx(204).epsilon(0.1));
}

// Treasury-stock method over several warrants of one issuer: each contract dilutes by its own
// strike, n (1 − K/P) when in the money. At P = 100, a 10 M-share warrant struck at 10 adds 9 M
// shares and one struck at 150 adds none. (Taking one strike per issuer, as the engine once did,
// would apply 150 to both and dilute nothing.)
TEST_CASE("warrant: dilution sums every contract of the issuer, each at its own strike") {
  ScenarioSpec s = pair_scenario();
  auto warrant = [](const char* id, double strike) {
    ContractSpec w = base_contract(ContractType::warrant, 1, 0, 0);  // seller issues to buyer
    w.id = id;
    w.as<WarrantTerms>().shares = 10e6;
    w.as<WarrantTerms>().strike = strike;
    w.as<WarrantTerms>().tranche.tranches = 1;
    Milestone never;  // a price the issuer never reaches: the tranche stays outstanding
    never.min_issuer_price = 1e6;
    w.as<WarrantTerms>().tranche.milestones = {never};
    return w;
  };
  s.contracts = {warrant("low", 10), warrant("high", 150)};
  double price_before = 0, diluted = 0;
  bool seen = false;
  RunOptions opt;
  opt.after_phase = [&](Phase p, const World& w) {
    if (seen || w.date <= day(2025, 1, 2)) return;  // signed on 01-02; the next tick has both
    if (p == Phase::decisions) price_before = w.firms[1].price;  // dilution uses this price
    if (p == Phase::market) {
      diluted = w.firms[1].diluted_shares;
      seen = true;
    }
  };
  MemorySink sink;
  run_scenario(s, s.seed, sink, opt);
  REQUIRE(seen);
  REQUIRE(price_before > 10.0);
  REQUIRE(price_before < 150.0);
  CHECK(diluted == doctest::Approx(1e9 + 10e6 * (1.0 - 10.0 / price_before)).epsilon(1e-12));
}

TEST_CASE("equity investment in tranches: each tranche issues shares at the current price") {
  ScenarioSpec s = pair_scenario();
  ContractSpec c = base_contract(ContractType::equity_investment, 1, 0, 10e9);
  c.as<EquityTerms>().tranche.tranches = 4;
  s.contracts = {c};
  const Run r = run(s);
  const auto drawn = of_type(r.sink, EventType::tranche_drawn);
  REQUIRE(drawn.size() == 4);
  double shares = 0;
  for (const auto& e : drawn) {
    CHECK(e.amount == usd(2.5e9));
    shares += e.fields[1].value;
    CHECK(e.fields[1].value ==
          doctest::Approx(2.5e9 / e.fields[2].value));  // shares = amount / price
  }
  CHECK(r.world.firms[0].shares == doctest::Approx(1e9 + shares));
  CHECK(r.world.firms[0].flows.capital_issued == usd(10e9));
  CHECK(r.world.firms[1].stakes[0].shares == doctest::Approx(shares));
}

TEST_CASE("a raise with no outside capital fails, and says so") {
  ScenarioSpec s = pair_scenario();
  s.market.funding.quarterly_supply = Money::zero();
  s.firms[0].rules = {{.when = "year >= 2025",
                       .action = "raise_equity",
                       .amount = usd(5e9),
                       .share = 0,
                       .target = "",
                       .cooldown_days = 400,
                       .min_cash = Money::zero(),
                       .max_rate = 1.0,
                       .deliberate = ""}};
  const Run r = run(s, false);
  const auto failed = of_type(r.sink, EventType::raise_failed);
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].amount == usd(5e9));
  CHECK(r.world.firms[0].shares == 1e9);
}

namespace {

// Two firms raise equity on the first day from a 6 B quarter: the buyer 100 B of value (1e9
// shares at 100) growing 50 % a year, the seller 300 B (3e9 shares at 100) not growing. Their
// claims on the supply are 100 × 1.5 = 150 B and 300 × 1 = 300 B, 1 : 2, whatever they ask.
// Other assets worth their market values make their going-concern values at least that, so
// investors buy at the discounted price (MODEL.md §7.19).
std::vector<Event> oversubscribed(double ask_buyer, double ask_seller) {
  ScenarioSpec s = pair_scenario();
  s.market.funding.quarterly_supply = usd(6e9);
  s.market.funding.rate_sensitivity = 0;
  s.market.risk_free = {{day(2025, 1, 1), 0.04}};
  s.firms[0].revenue.growth = 0.5;
  s.firms[0].revenue.volatility = 0;
  s.firms[1].revenue.growth = 0.0;
  s.firms[1].revenue.volatility = 0;
  s.firms[1].shares = 3e9;
  s.firms[0].other_assets = usd(100e9);
  s.firms[1].other_assets = usd(300e9);
  RuleSpec raise{.when = "year >= 2025",
                 .action = "raise_equity",
                 .amount = usd(ask_buyer),
                 .share = 0,
                 .target = "",
                 .cooldown_days = 400,
                 .min_cash = Money::zero(),
                 .max_rate = 1.0,
                 .deliberate = ""};
  s.firms[0].rules = {raise};
  raise.amount = usd(ask_seller);
  s.firms[1].rules = {raise};
  const Run r = run(s, false);
  auto raised = of_type(r.sink, EventType::equity_raised);
  std::sort(raised.begin(), raised.end(),
            [](const Event& a, const Event& b) { return a.firm < b.firm; });
  return raised;
}

}  // namespace

TEST_CASE("a short supply is shared by value and growth, each raise capped at its ask") {
  SUBCASE("both ask more than their share: 2 B and 4 B, the whole supply") {
    const auto raised = oversubscribed(3e9, 9e9);
    REQUIRE(raised.size() == 2);
    CHECK(raised[0].amount == usd(2e9));
    CHECK(raised[1].amount == usd(4e9));
  }
  SUBCASE("asking ten times more gains nothing") {
    const auto raised = oversubscribed(30e9, 9e9);
    REQUIRE(raised.size() == 2);
    CHECK(raised[0].amount == usd(2e9));
    CHECK(raised[1].amount == usd(4e9));
  }
  SUBCASE("a raise below its share is filled; the rest goes to the other") {
    const auto raised = oversubscribed(1e9, 9e9);
    REQUIRE(raised.size() == 2);
    CHECK(raised[0].amount == usd(1e9));
    CHECK(raised[1].amount == usd(5e9));
  }
  SUBCASE("enough for both: each gets its ask") {
    const auto raised = oversubscribed(1e9, 5e9);
    REQUIRE(raised.size() == 2);
    CHECK(raised[0].amount == usd(1e9));
    CHECK(raised[1].amount == usd(5e9));
  }
}

TEST_CASE("a cancelled commitment pays the contract's penalty on what was undelivered") {
  ScenarioSpec s = pair_scenario();
  ContractSpec c = base_contract(ContractType::supply, 0, 1, 12e9);
  c.as<SupplyTerms>().cancel_penalty = 0.10;
  s.contracts = {c};
  s.firms[0].rules = {{.when = "year >= 2025",
                       .action = "cancel_commitment",
                       .amount = Money::zero(),
                       .share = 0,
                       .target = "deal",
                       .cooldown_days = 400,
                       .min_cash = Money::zero(),
                       .max_rate = 1.0,
                       .deliberate = ""}};
  const Run r = run(s);
  const auto cancelled = of_type(r.sink, EventType::commitment_cancelled);
  REQUIRE(cancelled.size() == 1);
  // Signed and first delivery (1 B) on 2 January; the rule fires that day on the remaining 11 B.
  CHECK(cancelled[0].amount == usd(11e9));
  CHECK(cancelled[0].fields[1].value == doctest::Approx(1.1e9));  // penalty 10 %
  CHECK(of_type(r.sink, EventType::delivery).size() == 1);
  CHECK(r.world.contracts[0].cancelled);
}
