// Loading scenarios: every key reaches the spec, firms start from their kind's defaults, and every
// class of mistake is a ConfigError that names file:line:column, the key path and what was
// expected.

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "agents/firm_kinds.hpp"
#include "sim/scenario/config_error.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/scenario_tree.hpp"

using namespace alchemy;

namespace {

const std::string kData = std::string(ALCHEMY_SOURCE_DIR) + "/tests/data/config/";

Date day(int y, unsigned m, unsigned d) {
  return Date::from_ymd(y, m, d);
}

// The error of loading a fixture; fails the test when it loads.
ConfigError error_of(const std::string& fixture, const std::vector<std::string>& overrides = {}) {
  try {
    load_scenario(kData + fixture, overrides);
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL("expected a ConfigError from " << fixture);
  return ConfigError({}, "", "");
}

// Checks file (suffix), line and column, that what() shows them, and the key path.
void check_at(const ConfigError& e, const std::string& file, int line, int column,
              const std::string& key_path) {
  INFO(std::string(e.what()));
  CHECK(e.where().file == kData + file);
  CHECK(e.where().line == line);
  CHECK(e.where().column == column);
  CHECK(std::string(e.what()).find(file + ":" + std::to_string(line) + ":" +
                                   std::to_string(column) + ": ") != std::string::npos);
  CHECK(e.key_path() == key_path);
}

bool says(const ConfigError& e, const std::string& text) {
  INFO(std::string(e.what()));
  return e.problem().find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("a small scenario loads, sorted, with parties resolved to indices") {
  const LoadedScenario l = load_scenario(kData + "valid.yaml");
  const ScenarioSpec& s = l.spec;
  CHECK(s.name == "valid");
  CHECK(s.seed == 7);
  CHECK(s.start == day(2025, 1, 1));
  CHECK(s.end == day(2029, 12, 31));  // start + 5y - 1 day
  CHECK(s.step == StepUnit::week);
  REQUIRE(s.firms.size() == 3);
  CHECK(s.firms[0].id == "nvidia");  // sorted by id
  CHECK(s.firms[1].id == "openai");
  CHECK(s.firms[2].id == "oracle");
  CHECK(s.firms[1].name == "openai");  // name defaults to the id
  CHECK(s.firms[1].revenue.growth == doctest::Approx(0.6));
  CHECK(s.firms[1].revenue.annual == Money::from_dollars(13e9));
  REQUIRE(s.contracts.size() == 2);
  CHECK(s.contracts[0].id == "oai-orcl");  // signed 2025-09-10, before nv-oai's 2025-09-22
  CHECK(s.contracts[0].from == 1);
  CHECK(s.contracts[0].to == 2);
  CHECK(s.contracts[1].id == "nv-oai");
  CHECK(s.contracts[1].from == 0);
  CHECK(s.contracts[1].to == 1);
  CHECK(s.contracts[1].start == day(2025, 9, 22));  // start defaults to signed
  CHECK(s.contracts[1].end == day(2025, 9, 22));    // end defaults to start
  CHECK(s.contracts[1].as<EquityTerms>().tranche.milestones.size() == 2);
  CHECK(s.contracts[1].as<EquityTerms>().tranche.milestones[0].not_before == day(2026, 1, 1));
  CHECK_FALSE(s.contracts[1].as<EquityTerms>().tranche.milestones[1].not_before);
  CHECK(s.shocks.size() == 1);
}

TEST_CASE("firms start from their kind's defaults, keys given replace them") {
  const ScenarioSpec s = load_scenario(kData + "valid.yaml").spec;
  for (const FirmSpec& f : s.firms) {
    const FirmSpec d = kind_defaults(f.kind);
    CAPTURE(f.id);
    CHECK(f.listed == d.listed);
    CHECK(f.costs.cost_of_revenue == d.costs.cost_of_revenue);
    CHECK(f.valuation.multiple == d.valuation.multiple);
    CHECK(f.compute.hardware_per_gw == d.compute.hardware_per_gw);
    CHECK(f.rules.size() == d.rules.size());
  }
  CHECK(s.firms[1].kind == FirmKind::lab);
  CHECK(s.firms[1].shares == 1e9);
  CHECK(s.firms[1].price == 300.0);
}

TEST_CASE("every key of the reference reaches the spec") {
  const ScenarioSpec s = load_scenario(kData + "full.yaml").spec;
  CHECK(s.description == "every key\nof the reference\n");
  CHECK(s.seed == 123456789012ULL);
  CHECK(s.start == day(2025, 2, 3));
  CHECK(s.end == day(2030, 6, 30));
  CHECK(s.step == StepUnit::day);
  CHECK_FALSE(s.weekends_closed);
  CHECK_FALSE(s.nyse_holidays);
  CHECK(s.holidays == std::vector<Date>{day(2025, 7, 3), day(2025, 12, 24)});

  const MarketSpec& m = s.market;
  REQUIRE(m.risk_free.size() == 2);
  CHECK(m.risk_free[0].from == day(2025, 1, 1));
  CHECK(m.risk_free[0].rate == doctest::Approx(0.045));
  CHECK(m.risk_free[1].rate == 0.035);
  CHECK(m.sentiment.initial == 1.2);
  CHECK(m.sentiment.mean == 1.1);
  CHECK(m.sentiment.reversion == 0.6);
  CHECK(m.sentiment.volatility == doctest::Approx(0.2));
  CHECK(m.sentiment.return_weight == 0.4);
  CHECK(m.sentiment.default_hit == 0.2);
  CHECK(m.sentiment.failed_raise_hit == 0.05);
  CHECK(m.sentiment.deal_lift == 0.02);
  CHECK(m.sentiment.floor == 0.3);
  CHECK(m.sentiment.cap == 2.5);
  CHECK(m.gpu.initial_index == 0.9);
  CHECK(m.gpu.drift == doctest::Approx(-0.15));
  CHECK(m.gpu.volatility == 0.2);
  CHECK(m.gpu.depth == 40e9);
  CHECK(m.gpu.impact == 1.5);
  CHECK(m.funding.quarterly_supply == Money::from_dollars(150e9));
  CHECK(m.funding.sentiment_elasticity == 2.5);
  CHECK(m.funding.rate_sensitivity == 8);
  CHECK(m.funding.freeze_below == 0.4);
  CHECK(m.funding.base_discount == doctest::Approx(0.06));
  CHECK(m.funding.size_discount == 0.4);
  CHECK(m.funding.debt_spread == 0.025);
  CHECK(m.funding.loss_given_default == 0.45);
  CHECK(m.funding.max_default_probability == 0.2);
  CHECK(m.max_price_iterations == 40);
  CHECK(m.large_move == doctest::Approx(0.12));
  CHECK(s.contagion.grace_days == 14);
  CHECK(s.contagion.alpha == 0.6);
  CHECK(s.contagion.beta == doctest::Approx(0.5));
  CHECK(s.contagion.external_senior);
  CHECK(s.contagion.max_rounds == 20);
  CHECK(s.loops.every == StepUnit::week);
  CHECK(s.loops.max_length == 4);
  CHECK(s.loops.top_k == 10);
  CHECK(s.loops.ignite_per_edge_gain == 0.5);
  CHECK(s.loops.ignite_rho == 1.2);
  CHECK(s.record.series_every == StepUnit::week);
  CHECK(s.record.verbose_events);

  REQUIRE(s.firms.size() == 2);
  const FirmSpec& z = s.firms[1];
  CHECK(z.id == "zeta");
  CHECK(z.name == "Zeta Labs");
  CHECK(z.kind == FirmKind::lab);
  CHECK(z.listed);
  CHECK(z.shares == 2e9);
  CHECK(z.price == 150.5);
  CHECK(z.cash == Money::cents(430'000'000'000LL));
  CHECK(z.other_assets == Money::cents(25'000'000LL));
  REQUIRE(z.debt.size() == 1);
  CHECK(z.debt[0].id == "notes-2029");
  CHECK(z.debt[0].principal == Money::from_dollars(1.5e9));
  CHECK(z.debt[0].rate == doctest::Approx(0.06));
  CHECK(z.debt[0].maturity == day(2029, 6, 30));
  CHECK(z.debt[0].amortising);
  CHECK(z.debt[0].seniority == 2);
  REQUIRE(z.stakes.size() == 1);
  CHECK(z.stakes[0].issuer == "alpha");
  CHECK(z.stakes[0].shares == 1e6);
  CHECK(z.revenue.annual == Money::from_dollars(12e6));
  CHECK(z.revenue.growth == 0.9);
  REQUIRE(z.revenue.growth_path.size() == 2);
  CHECK(z.revenue.growth_path[1].from == day(2028, 1, 1));
  CHECK(z.revenue.growth_path[1].growth == doctest::Approx(0.2));
  CHECK(z.revenue.volatility == 0.25);
  CHECK(z.revenue.users == 800e6);
  CHECK(z.revenue.paying_share == doctest::Approx(0.05));
  CHECK(z.revenue.arpu_monthly == 20);
  CHECK(z.revenue.enterprise_annual == Money::from_dollars(3e9));
  CHECK(z.costs.cost_of_revenue == 0.35);
  CHECK(z.costs.fixed_annual == Money::from_dollars(8e9));
  CHECK(z.costs.fixed_growth == 0.1);
  CHECK(z.compute.gw == 1.5);
  CHECK(z.compute.fleet_book == Money::from_dollars(40e9));
  CHECK(z.compute.depreciation_years == 4);
  CHECK(z.compute.power_per_gw_year == Money::from_dollars(1.1e9));
  CHECK(z.compute.revenue_per_gw_year == Money::from_dollars(9e9));
  CHECK(z.compute.hardware_per_gw == Money::from_dollars(30e9));
  CHECK(z.valuation.multiple == 25);
  CHECK(z.valuation.growth_weight == 12);
  CHECK(z.valuation.rate_weight == 80);
  CHECK(z.valuation.kappa == 0.07);
  CHECK(z.valuation.volatility == 0.5);
  CHECK(z.valuation.jump_intensity == 2);
  CHECK(z.valuation.jump_size == 0.1);
  CHECK(z.valuation.announcement_beta == 0.3);
  CHECK(z.valuation.impairment_threshold == 0.3);
  REQUIRE(z.rules.size() == 1);
  CHECK(z.rules[0].when == "runway_months < 9 and sentiment > 0.8");
  CHECK(z.rules[0].action == "raise_equity");
  CHECK(z.rules[0].amount == Money::from_dollars(10e9));
  CHECK(z.rules[0].share == 0.1);
  CHECK(z.rules[0].target == "alpha");
  CHECK(z.rules[0].cooldown_days == 90);
  CHECK(z.rules[0].min_cash == Money::from_dollars(2e9));
  CHECK(z.rules[0].max_rate == doctest::Approx(0.12));
  CHECK(z.rules[0].deliberate == "a fixture: every rule key");
  CHECK(z.operating_assets == Money::from_dollars(1.25e9));
  CHECK(z.other_liabilities == Money::from_dollars(750e6));
  CHECK(z.deliberate == "a fixture: every firm key");

  // Contracts sorted by (signed, id): supply and equity share 2025-03-03.
  REQUIRE(s.contracts.size() == 5);
  const ContractSpec& sup = s.contracts[0];
  CHECK(sup.id == "c-equity");
  CHECK(sup.as<EquityTerms>().tranche.tranches == 2);
  CHECK(sup.as<EquityTerms>().tranche.milestones[0].not_before == day(2025, 6, 1));
  CHECK(sup.as<EquityTerms>().tranche.milestones[0].min_gw_deployed == 1);
  CHECK(sup.as<EquityTerms>().tranche.milestones[0].min_issuer_price == 100);
  CHECK(sup.as<EquityTerms>().tranche.milestones[1].min_gw_deployed == 2);
  CHECK(sup.as<EquityTerms>().gw_source == GwSource::all);
  CHECK(sup.deliberate == "a fixture: counts every supplier's GW");
  const ContractSpec& c = s.contracts[1];
  CHECK(c.id == "c-supply");
  CHECK(c.type() == ContractType::supply);
  CHECK(c.from == 1);
  CHECK(c.to == 0);
  CHECK(c.start == day(2025, 4, 1));
  CHECK(c.end == day(2027, 3, 31));
  CHECK(c.amount == Money::from_dollars(20e9));
  CHECK(c.note == "facts: a supply deal");
  CHECK(c.as<SupplyTerms>().delivery == Delivery::services);
  CHECK(c.as<SupplyTerms>().cancel_penalty == doctest::Approx(0.15));
  CHECK(c.as<SupplyTerms>().payment_days == 45);
  CHECK(c.as<SupplyTerms>().gw == 0.7);
  const ContractSpec& loan = s.contracts[2];
  CHECK(loan.id == "c-loan");
  CHECK(loan.as<LoanTerms>().rate == doctest::Approx(0.09));
  CHECK(loan.as<LoanTerms>().amortising);
  CHECK(loan.as<LoanTerms>().gpu_collateral);
  CHECK(loan.as<LoanTerms>().max_ltv == 0.7);
  CHECK(loan.as<LoanTerms>().cure_days == 14);
  CHECK(s.contracts[3].id == "c-lease");
  CHECK(s.contracts[3].end == day(2030, 5, 1));
  const ContractSpec& w = s.contracts[4];
  CHECK(w.id == "c-warrant");
  CHECK(w.as<WarrantTerms>().shares == 160e6);
  CHECK(w.as<WarrantTerms>().strike == 0.01);

  // Shocks in date order.
  REQUIRE(s.shocks.size() == 2);
  CHECK(s.shocks[0].kind == ShockKind::cancel_contract);
  CHECK(s.shocks[0].target == "c-supply");
  CHECK(s.shocks[1].on == day(2026, 1, 5));
  CHECK(s.shocks[1].value == -0.3);

  REQUIRE(s.network);
  CHECK(s.network->generator == NetworkModel::core_periphery);
  CHECK(s.network->n == 200);
  CHECK(s.network->mean_degree == 4);
  CHECK(s.network->capital_ratio == doctest::Approx(0.05));
  CHECK(s.network->interbank_share == 0.25);
  CHECK(s.network->core_share == 0.15);
}

TEST_CASE("base: one firm's growth changes, a firm and a contract are added, lists merge on id") {
  const ScenarioSpec s = load_scenario(kData + "inherit_derived.yaml").spec;
  CHECK(s.name == "inherit-derived");
  REQUIRE(s.firms.size() == 3);
  const FirmSpec& openai = s.firms[1];
  CHECK(openai.id == "openai");
  CHECK(openai.revenue.growth == 0.2);                        // overridden
  CHECK(openai.revenue.volatility == 0.3);                    // kept from the base
  CHECK(openai.revenue.annual == Money::from_dollars(13e9));  // kept from the base
  CHECK(s.firms[2].id == "oracle");
  CHECK(s.firms[2].kind == FirmKind::cloud);
  REQUIRE(s.contracts.size() == 2);
  CHECK(s.contracts[0].id == "oai-orcl");
  CHECK(s.contracts[1].id == "nv-oai");
  CHECK(s.contracts[1].amount == Money::from_dollars(50e9));  // merged on id
  CHECK(s.contracts[1].type() == ContractType::equity_investment);
  REQUIRE(s.shocks.size() == 1);  // a list without ids replaces
  CHECK(s.shocks[0].kind == ShockKind::gpu_index);

  const ScenarioSpec chain = load_scenario(kData + "inherit_chain.yaml").spec;
  CHECK(chain.seed == 99);
  CHECK(chain.firms[0].cash == Money::from_dollars(60e9));
  CHECK(chain.firms[1].revenue.growth == 0.2);
}

TEST_CASE("base errors: a cycle and a missing file") {
  ConfigError e = error_of("cycle_a.yaml");
  check_at(e, "cycle_b.yaml", 1, 7, "base");
  CHECK(says(e, "cycle"));
  e = error_of("missing_base.yaml");
  check_at(e, "missing_base.yaml", 2, 7, "");
  CHECK(says(e, "no_such_file.yaml"));
}

TEST_CASE("config errors: keys, types, units, signs") {
  ConfigError e = error_of("err_unknown_key.yaml");
  check_at(e, "err_unknown_key.yaml", 5, 7, "firms.openai.revenue.growht");
  CHECK(says(e, "unknown key 'growht' in 'firms[].revenue'; did you mean 'growth'?"));

  e = error_of("err_wrong_type.yaml");
  check_at(e, "err_wrong_type.yaml", 3, 14, "market.sentiment");
  CHECK(says(e, "expected a map of keys"));
  CHECK(says(e, "got a single value"));

  e = error_of("err_bad_unit.yaml");
  check_at(e, "err_bad_unit.yaml", 4, 11, "firms.nvidia.cash");
  CHECK(says(e, "expected a money amount such as 4.3B"));

  e = error_of("err_negative.yaml");
  check_at(e, "err_negative.yaml", 4, 19, "firms.oracle.other_assets");
  CHECK(says(e, "zero or more"));

  e = error_of("err_money_overflow.yaml");
  check_at(e, "err_money_overflow.yaml", 4, 11, "firms.oracle.cash");
  CHECK(says(e, "too large"));

  e = error_of("err_horizon_fraction.yaml");
  check_at(e, "err_horizon_fraction.yaml", 2, 10, "horizon");
  CHECK(says(e, "whole numbers"));

  e = error_of("err_duplicate_key.yaml");
  check_at(e, "err_duplicate_key.yaml", 6, 5, "firms[0].kind");

  e = error_of("err_yaml_syntax.yaml");
  CHECK(e.where().file == kData + "err_yaml_syntax.yaml");
  CHECK(e.where().line > 0);

  e = error_of("err_missing_required.yaml");
  check_at(e, "err_missing_required.yaml", 3, 5, "contracts.extra.signed");
  CHECK(says(e, "missing required key 'signed'"));

  e = error_of("err_variant.yaml");
  check_at(e, "err_variant.yaml", 4, 5, "contracts.oai-orcl.strike");
  CHECK(says(e, "'strike' applies only when type is warrant, not lease"));
}

TEST_CASE("config errors: ids, parties, dates") {
  ConfigError e = error_of("err_unknown_firm.yaml");
  check_at(e, "err_unknown_firm.yaml", 6, 9, "contracts.extra.to");
  CHECK(says(e, "unknown firm id 'nvidai'; did you mean 'nvidia'?"));

  e = error_of("err_duplicate_firm.yaml");
  check_at(e, "err_duplicate_firm.yaml", 7, 9, "firms.openai.id");
  CHECK(says(e, "duplicate firm id 'openai' (first at"));

  e = error_of("err_duplicate_contract.yaml");
  check_at(e, "err_duplicate_contract.yaml", 7, 10, "contracts.deal.id");
  CHECK(says(e, "duplicate contract id 'deal'"));

  e = error_of("err_from_equals_to.yaml");
  check_at(e, "err_from_equals_to.yaml", 6, 9, "contracts.self-deal.to");
  CHECK(says(e, "two different firms"));

  e = error_of("err_date_outside.yaml");
  check_at(e, "err_date_outside.yaml", 6, 9, "shocks[1].on");
  CHECK(says(e, "outside the run (2025-01-01 to 2029-12-31)"));

  e = error_of("err_start_after_end.yaml");
  check_at(e, "err_start_after_end.yaml", 3, 6, "end");
  CHECK(says(e, "before it starts"));

  e = error_of("err_end_and_horizon.yaml");
  CHECK(e.key_path() == "horizon");
  CHECK(e.where().file == kData + "valid.yaml");  // the horizon is written in the base
  CHECK(says(e, "either end or horizon"));

  e = error_of("err_stake.yaml");
  check_at(e, "err_stake.yaml", 5, 17, "firms.oracle.stakes[0].issuer");
  CHECK(says(e, "unknown firm id 'nvida'; did you mean 'nvidia'?"));

  e = error_of("err_no_firms.yaml");
  CHECK(e.key_path() == "firms");
  CHECK(says(e, "at least one firm"));
}

TEST_CASE("config errors: shocks, rules, milestones") {
  ConfigError e = error_of("err_shock_kind.yaml");
  check_at(e, "err_shock_kind.yaml", 4, 11, "shocks[0].kind");
  CHECK(says(e, "did you mean 'revenue_growth'?"));

  e = error_of("err_shock_target.yaml");
  check_at(e, "err_shock_target.yaml", 3, 5, "shocks[0].target");
  CHECK(says(e, "shock kind 'price' needs a target: a firm id"));

  e = error_of("err_shock_unknown_target.yaml");
  check_at(e, "err_shock_unknown_target.yaml", 5, 13, "shocks[0].target");
  CHECK(says(e, "expected a contract id; did you mean 'oai-orcl'?"));

  // check_rule's offset becomes a column: "sentimnt" is 22 characters into the condition.
  e = error_of("err_rule.yaml");
  check_at(e, "err_rule.yaml", 5, 15 + 22, "firms.openai.rules[0].when");
  e = error_of("err_rule_quoted.yaml");
  check_at(e, "err_rule_quoted.yaml", 7, 15 + 1 + 22, "firms.openai.rules[0].when");

  e = error_of("err_rule_target.yaml");
  check_at(e, "err_rule_target.yaml", 7, 17, "firms.nvidia.rules[0].target");
  CHECK(says(e, "did you mean 'openai'?"));

  // A target that exists but that the action cannot use (the rule would do nothing).
  e = error_of("err_rule_target_role.yaml");
  check_at(e, "err_rule_target_role.yaml", 7, 17, "firms.oracle.rules[0].target");
  CHECK(
      says(e,
           "draw_tranche of oracle: target 'nv-oai' must be an equity_investment contract in which "
           "this firm invests or is invested in"));
  e = error_of("err_rule_target_seller.yaml");
  check_at(e, "err_rule_target_seller.yaml", 7, 17, "firms.openai.rules[0].target");
  CHECK(says(e, "must be a supply or lease contract in which this firm is the seller"));

  // The milestones are written in the base file; the error points there.
  e = error_of("err_milestones.yaml");
  check_at(e, "valid.yaml", 35, 7, "contracts.nv-oai.milestones");
  CHECK(says(e, "2 milestones for 3 tranches"));
}

TEST_CASE("--set overrides apply after the merge, checked against the schema") {
  const ScenarioSpec s =
      load_scenario(
          kData + "valid.yaml",
          {"firms.openai.revenue.growth=0.2", "market.sentiment.volatility=30%", "seed=11",
           "contracts.nv-oai.milestones[1].min_gw=3", "calendar.holidays=[2025-07-03]",
           "firms.oracle.rules=[]", "market.risk_free=5%", "name=a name: with a colon"})
          .spec;
  CHECK(s.firms[1].revenue.growth == 0.2);
  CHECK(s.market.sentiment.volatility == doctest::Approx(0.3));
  CHECK(s.seed == 11);
  CHECK(s.contracts[1].as<EquityTerms>().tranche.milestones[1].min_gw_deployed == 3);
  CHECK(s.holidays == std::vector<Date>{day(2025, 7, 3)});
  CHECK(s.firms[2].rules.empty());
  CHECK(s.market.risk_free.size() == 1);
  CHECK(s.market.risk_free[0].rate == doctest::Approx(0.05));
  CHECK(s.name == "a name: with a colon");

  // A key set to null takes its default again.
  const ScenarioSpec reset = load_scenario(kData + "valid.yaml", {"step=null", "horizon="}).spec;
  CHECK(reset.step == StepUnit::day);
  CHECK(reset.end == day(2034, 12, 31));
}

TEST_CASE("--set errors are located on the command line and suggest the key") {
  ConfigError e = error_of("valid.yaml", {"firms.openai.revenue.growht=0.2"});
  CHECK(e.where().file == "<command line>");
  CHECK(e.key_path() == "firms.openai.revenue.growht");
  CHECK(says(e, "unknown key 'growht' in 'firms[].revenue'; did you mean 'growth'?"));
  CHECK(std::string(e.what()).find("<command line>: ") == 0);

  e = error_of("valid.yaml", {"market.sentiment.volatilty=0.3"});
  CHECK(says(e, "did you mean 'volatility'?"));
  e = error_of("valid.yaml", {"firms.opnai.cash=1B"});
  CHECK(says(e, "no item with id 'opnai' in 'firms'; did you mean 'openai'?"));
  e = error_of("valid.yaml", {"seed.x=1"});
  CHECK(says(e, "'seed' is a single setting"));
  e = error_of("valid.yaml", {"contracts.nv-oai.milestones.x=1"});
  CHECK(says(e, "address them by index, e.g. contracts.nv-oai.milestones[0]"));
  e = error_of("valid.yaml", {"firms.openai.rules[0].amount=1B"});
  CHECK(says(e, "no list of items in the scenario to address"));
  e = error_of("valid.yaml", {"contracts.nv-oai.milestones[5].min_gw=1"});
  CHECK(says(e, "index 5 is out of range"));
  e = error_of("valid.yaml", {"seed"});
  CHECK(says(e, "expected key.path=value"));
  e = error_of("valid.yaml", {"seed=[1"});
  CHECK(says(e, "not valid YAML"));
  // A path that exists but a value that does not fit: the value's error is located there too.
  e = error_of("valid.yaml", {"firms.openai.cash=5X"});
  CHECK(e.where().file == "<command line>");
  CHECK(e.key_path() == "firms.openai.cash");
  CHECK(says(e, "expected a money amount"));
}

TEST_CASE("overrides can carry their own location (sweeps, forks)") {
  ConfigNode tree = load_scenario_tree(kData + "valid.yaml");
  apply_scenario_override(tree, "seed=8", {"sweep.yaml", 12, 5});
  CHECK(scenario_from_tree(tree).spec.seed == 8);
  apply_scenario_override(tree, "firms.openai.cash=-1B", {"sweep.yaml", 13, 5});
  try {
    scenario_from_tree(tree);
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    CHECK(e.where().str() == "sweep.yaml:13:5");
    CHECK(e.key_path() == "firms.openai.cash");
  }
  ConfigNode value = ConfigNode::scalar_at("0.5", {"fork.yaml", 3, 9});
  set_scenario_value(tree, "firms.openai.revenue.growth", value);
  apply_scenario_override(tree, "firms.openai.cash=1B");
  CHECK(scenario_from_tree(tree).spec.firms[1].revenue.growth == 0.5);
}

TEST_CASE("resolved YAML is canonical: key order and base layout do not change it") {
  const LoadedScenario a = load_scenario(kData + "inherit_derived.yaml");
  const LoadedScenario again = load_scenario(kData + "inherit_derived.yaml");
  CHECK(a.resolved_yaml == again.resolved_yaml);
  CHECK(a.resolved_yaml.find("base:") == std::string::npos);
  // Keys appear in the reference's order, whatever order the file used.
  CHECK(a.resolved_yaml.find("name:") < a.resolved_yaml.find("start:"));
  CHECK(a.resolved_yaml.find("start:") < a.resolved_yaml.find("horizon:"));
  CHECK(a.resolved_yaml.find("horizon:") < a.resolved_yaml.find("firms:"));

  // The resolved text is itself a scenario that resolves to the same text and spec.
  const ConfigNode tree = parse_config_text(a.resolved_yaml, "resolved.yaml");
  const LoadedScenario b = scenario_from_tree(tree);
  CHECK(b.resolved_yaml == a.resolved_yaml);
  CHECK(b.spec.firms.size() == a.spec.firms.size());
  CHECK(b.spec.contracts[1].amount == a.spec.contracts[1].amount);

  // The same overrides give the same text; a different value changes it.
  const auto with = [](const std::string& v) {
    return load_scenario(kData + "valid.yaml", {"seed=" + v}).resolved_yaml;
  };
  CHECK(with("1") == with("1"));
  CHECK(with("1") != with("2"));

  const LoadedScenario full = load_scenario(kData + "full.yaml");
  const LoadedScenario full_back = scenario_from_tree(parse_config_text(full.resolved_yaml, "r"));
  CHECK(full_back.resolved_yaml == full.resolved_yaml);
  CHECK(full_back.spec.description == full.spec.description);
}
