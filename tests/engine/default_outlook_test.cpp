// The default probability of MODEL.md §7.20 on projections written by hand, against values
// computed by hand from its closed forms (Python's statistics.NormalDist for N).

#include <doctest/doctest.h>

#include <cmath>

#include "scenario_fixtures.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/engine/compiled_scenario.hpp"
#include "sim/engine/default_outlook.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/market_channels.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

// One quiet firm with no operations (forward revenue 0, so its going-concern equity is its net
// financial assets), 100 B of cash, 20 B of outside debt, price volatility 0.5; today 2025-02-10;
// the funding market: 100 B a quarter at neutral sentiment, elasticity 2, r = 4 % (the rate
// factor is 1), sentiment reverting to 1 at 0.5 a year with volatility 12 %, frozen below 0.55.
struct Fixture {
  ScenarioSpec spec;
  World world;
  MemorySink sink;
  CompiledScenario compiled;
  Fixture() : spec(make_spec()), world(make_world(spec, 1)), compiled(compile_scenario(spec)) {
    world.date = day(2025, 2, 10);
    world.market.risk_free = 0.04;
  }
  static ScenarioSpec make_spec() {
    ScenarioSpec s;
    s.name = "outlook";
    s.start = day(2025, 1, 1);
    s.end = day(2025, 12, 31);
    s.market.risk_free = {{day(2025, 1, 1), 0.04}};
    s.market.sentiment.mean = 1.0;
    s.market.sentiment.reversion = 0.5;
    s.market.sentiment.volatility = 0.12;
    s.market.funding.quarterly_supply = usd(100e9);
    s.market.funding.sentiment_elasticity = 2.0;
    s.market.funding.freeze_below = 0.55;
    FirmSpec f = quiet_firm("firm");
    f.cash = usd(100e9);
    DebtSpec bonds;
    bonds.id = "bonds";
    bonds.principal = usd(20e9);
    bonds.maturity = day(2030, 1, 1);
    f.debt = {bonds};
    f.valuation.volatility = 0.5;
    f.valuation.sentiment_beta = 0.0;  // value volatility 0.5 exactly
    s.firms = {f};
    return s;
  }
  // A 12-month projection from today with `outflow` of purchases a month and `cash` to start.
  CashProjection projection(double cash, double outflow) const {
    CashProjection p;
    p.reset(world.date, usd(cash), 12);
    for (auto& m : p.months)
      m.purchases_out = usd(outflow);
    return p;
  }
  // The firm's values as the market phase sets them (here its net financial assets: no
  // revenue, no holdings, no commitments, so no risky part: enterprise volatility 0), then its
  // outlook. `sigma_V` > 0 stands in for a risky part the fixture does not build; `risky` > 0
  // adds one to the going-concern value, as the risky part investors read (§7.20).
  DefaultOutlook outlook(const CashProjection& p, double sigma_V = -1.0, double risky = 0.0) {
    TickContext ctx{spec, world, sink, compiled};
    const MarketChannels mc = build_market_channels(ctx);
    FirmState& f = world.firms[0];
    f.going_concern_value = mc.going_concern[0] + risky;
    f.risky_value = mc.risky_value[0] + risky;
    f.enterprise_value = mc.enterprise_value[0];
    f.enterprise_volatility = sigma_V >= 0.0 ? sigma_V : mc.enterprise_volatility[0];
    return default_outlook(ctx, 0, p);
  }
};

}  // namespace

TEST_CASE("liquidity: the need against the supply expected before it falls due") {
  Fixture fx;
  fx.world.firms[0].cash = usd(10e9);
  // A fixed part of 10 + 40 − 20 = 30 B and a risky part of 60 B: worth 90 B, investors would buy.
  fx.world.firms[0].other_assets = usd(40e9);
  const double risky = 60e9;
  // 10 B of cash, 5 B of purchases a month: the end cash is 5, 0, −5, ... −50 B; the first month
  // below 0 is month 2, the need 50 B, due by the start of month 3 (2025-05-10).
  fx.world.market.sentiment = 0.5;  // frozen today: this quarter's supply left is not on offer
  fx.world.market.funding_left = usd(50e9);
  // Lenders who take no risk at all: with a risky part (σ_V 0.5) they do not lend, so access is
  // the investors' alone.
  fx.spec.market.funding.max_default_probability = 0.0;
  const DefaultOutlook o = fx.outlook(fx.projection(10e9, 5e9), 0.5, risky);
  CHECK_FALSE(o.debt_access);
  CHECK(o.need == usd(50e9));
  CHECK(o.need_month == 2);
  CHECK(o.equity_access);
  // One quarter starts before the need (2025-04-01, 50 days ahead): 100 B × E[s² 1{s ≥ 0.55}]
  // with ln s ~ N(ln 0.5 · e^{−0.5 t}, 0.0144 (1 − e^{−t})), t = 50/365: factor 0.0394360953.
  CHECK(o.expected_funding.dollars() == doctest::Approx(100e9 * 0.03943609530499164).epsilon(1e-9));
  // Investors take an issue of N at p_e for N / p_e shares iff G ≥ p_e D; of G = 90 B only the
  // risky 60 B moves (σ 0.5), so access is P(R ≥ R − G + p_e D) when the need falls due, 89 days
  // ahead: Φ(ln(60 B / (60 B − 90 B + p_e D)) / (0.5 √(89/365))).
  TickContext ctx{fx.spec, fx.world, fx.sink, fx.compiled};
  const EquityOffer offer = equity_offer(ctx, 0, o.need);
  const double hurdle = risky - 90e9 + offer.price * 1e9;
  REQUIRE(hurdle > 0.0);
  REQUIRE(hurdle < risky);  // accepted today
  const double p_access =
      0.5 * std::erfc(-std::log(risky / hurdle) / (0.5 * std::sqrt(89.0 / 365.0) * std::sqrt(2.0)));
  CHECK(p_access > 0.5);
  CHECK(p_access < 1.0);
  CHECK(o.equity_access_probability == doctest::Approx(p_access).epsilon(1e-12));
  CHECK(o.liquidity_survival == doctest::Approx(p_access * 0.07887219060998328).epsilon(1e-9));
  // Open today: this quarter's 50 B left counts in full, with the next quarter's expectation;
  // what is left of survival is the investors' access.
  fx.world.market.sentiment = 1.0;
  const DefaultOutlook open = fx.outlook(fx.projection(10e9, 5e9), 0.5, risky);
  CHECK(open.liquidity_survival == doctest::Approx(p_access).epsilon(1e-12));
  CHECK(open.expected_funding.dollars() > 50e9);
  // Without a risky part the fixed 30 B cannot move: it covers p_e D or it does not.
  fx.world.firms[0].other_assets = usd(100e9);  // fixed part 90 B ≥ p_e D: access for sure
  CHECK(fx.outlook(fx.projection(10e9, 5e9), 0.5).equity_access_probability == 1.0);
}

TEST_CASE(
    "equity access through a going-concern value below 0: small, and smaller as the need nears") {
  // The closed form by hand: Φ(ln(R / R*) / (σ √t)).
  CHECK(equity_access_probability(60e9, 40e9, 0.5 * std::sqrt(0.5)) ==
        doctest::Approx(0.8742737).epsilon(1e-6));           // ln 1.5 / 0.353553 = 1.14682
  CHECK(equity_access_probability(60e9, -1.0, 0.3) == 1.0);  // the fixed part covers it
  CHECK(equity_access_probability(0.0, 40e9, 0.3) == 0.0);   // nothing that could grow
  CHECK(equity_access_probability(60e9, 40e9, 0.0) == 1.0);  // no uncertainty: today's answer
  CHECK(equity_access_probability(30e9, 40e9, 0.0) == 0.0);
  // A firm whose commitments outweigh its business (G = −40 B, R = 60 B, p_e D = 20 B: the
  // hurdle is 60 + 40 + 20 = 120 B): refused today, but its business may double before the money
  // is needed — less likely the nearer that day. ln(0.5) / (0.5 √1) = −1.386294: 0.0828285;
  // over a quarter, / 0.25: Φ(−2.772589) = 0.0027806.
  const double year = equity_access_probability(60e9, 120e9, 0.5);
  const double quarter = equity_access_probability(60e9, 120e9, 0.25);
  CHECK(year == doctest::Approx(0.0828285).epsilon(1e-5));
  CHECK(quarter == doctest::Approx(0.0027806).epsilon(1e-4));
  CHECK(quarter < year);
}

TEST_CASE("the market phase's enterprise value: going concern before the put plus liabilities") {
  Fixture fx;
  // 100 B of cash, 20 B of debt, nothing else: going concern 80 B, enterprise value 100 B, all of
  // it cash (no risky part, volatility 0); with 10 B of cash the going concern is −10 B before the
  // put and the enterprise value 10 B.
  TickContext ctx{fx.spec, fx.world, fx.sink, fx.compiled};
  const MarketChannels rich = build_market_channels(ctx);
  CHECK(rich.enterprise_value[0] == doctest::Approx(100e9).epsilon(1e-12));
  CHECK(rich.enterprise_volatility[0] == 0.0);
  fx.world.firms[0].cash = usd(10e9);
  const MarketChannels poor = build_market_channels(ctx);
  CHECK(poor.enterprise_value[0] == doctest::Approx(10e9).epsilon(1e-12));
}

TEST_CASE("solvency: Black–Cox first passage of the enterprise value through half the debt") {
  Fixture fx;
  // V = 100 B (cash 100, debt 20), σ_V 0.4 for a risky part; K = half the 20 B of debt; drift
  // r = 4 %; T = 1:
  //   PD = N((−a − νT)/σ√T) + (K/V)^{2ν/σ²} N((−a + νT)/σ√T), a = ln(100/10), ν = 0.04 − 0.08.
  const DefaultOutlook o = fx.outlook(fx.projection(100e9, 0.0), 0.4);
  CHECK(o.need == Money::zero());
  CHECK(o.liquidity_survival == 1.0);
  CHECK(o.solvency_pd == doctest::Approx(1.5202318499693927e-08).epsilon(1e-6));
  // 5 B a month of purchases that cash covers do not move it: what falls due within the horizon
  // is the liquidity half's, and the commitments' cost is in V already (MODEL.md §7.20).
  CHECK(fx.outlook(fx.projection(100e9, 5e9), 0.4).solvency_pd == o.solvency_pd);
  // 70 B of debt (V still 100 B: its going concern is 30 B): K = 35 B, PD 0.0112340301.
  fx.world.firms[0].debt[0].principal = usd(70e9);
  CHECK(fx.outlook(fx.projection(100e9, 0.0), 0.4).solvency_pd ==
        doctest::Approx(0.01123403009307506).epsilon(1e-9));
  // No debt: no creditor can put the firm into default, whatever its value.
  fx.world.firms[0].debt[0].principal = Money::zero();
  CHECK(fx.outlook(fx.projection(100e9, 0.0), 0.4).solvency_pd == 0.0);
  // An enterprise worth no more than half its debt (10 B of cash against 20 B of debt: V = 10 B
  // = K): PD 1.
  fx.world.firms[0].cash = usd(10e9);
  fx.world.firms[0].debt[0].principal = usd(20e9);
  CHECK(fx.outlook(fx.projection(10e9, 0.0), 0.4).default_probability == 1.0);
}

TEST_CASE("lenders lend a need only if the enterprise carries it as debt") {
  Fixture fx;
  // Cash 10 B, debt 20 B, 20 B of other assets: going concern 10 B, V = 30 B; σ_V 0.6. Purchases
  // of 2.5 B a month from a 10 B start: the need is 20 B. Today's solvency: K = 10 B. With the need
  // as debt, K = 20 B: PD 0.578 against a cut-off of 0.6 → lends; a cut-off of 0.5 → does not.
  fx.world.firms[0].cash = usd(10e9);
  fx.world.firms[0].other_assets = usd(20e9);
  fx.spec.market.funding.max_default_probability = 0.6;
  const DefaultOutlook lends = fx.outlook(fx.projection(10e9, 2.5e9), 0.6);
  CHECK(lends.need == usd(20e9));
  CHECK(lends.debt_access);
  fx.spec.market.funding.max_default_probability = 0.5;
  CHECK_FALSE(fx.outlook(fx.projection(10e9, 2.5e9), 0.6).debt_access);
}

TEST_CASE("the two ways to fail combine as independent survivals") {
  Fixture fx;
  fx.world.firms[0].cash = usd(10e9);
  fx.world.firms[0].other_assets = usd(50e9);  // V = 60 B against K = 10 B
  fx.world.market.sentiment = 0.5;
  const DefaultOutlook o = fx.outlook(fx.projection(10e9, 5e9), 0.6);
  REQUIRE(o.solvency_pd > 0.0);
  REQUIRE(o.solvency_pd < 0.1);
  REQUIRE(o.liquidity_survival < 1.0);
  CHECK(o.default_probability ==
        doctest::Approx(1.0 - o.liquidity_survival * (1.0 - o.solvency_pd)).epsilon(1e-15));
}
