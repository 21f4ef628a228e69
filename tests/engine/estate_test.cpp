// Estates (MODEL.md §7.15; issue 18, item 1) on hand-built states whose outcome is computed by
// hand in each case's comment: an estate keeps the loans it made and pays its creditors as it
// collects; estates that owe each other clear jointly with Rogers & Veraart's costs (2013, eq. 3);
// α is charged only in default; what an estate in default collects beyond its cleared value is the
// cost of its β.
#include <doctest/doctest.h>

#include <cmath>

#include "agents/firm_kinds.hpp"
#include "contagion_harness.hpp"
#include "market/clearing.hpp"
#include "scenario_fixtures.hpp"
#include "sim/engine/estate.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/world/ledger.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

// Firms sorted by id: bank 0, cloud1 1, cloud2 2; nothing on their books but what a case puts.
ScenarioSpec three_firms(double alpha, double beta) {
  ScenarioSpec s;
  s.name = "estates";
  s.start = day(2025, 1, 2);
  s.end = day(2025, 12, 31);
  s.contagion.alpha = alpha;
  s.contagion.beta = beta;
  for (const char* id : {"bank", "cloud1", "cloud2"}) {
    FirmSpec f = kind_defaults(std::string(id) == "bank" ? FirmKind::lender : FirmKind::cloud);
    f.id = id;
    f.rules.clear();
    s.firms.push_back(f);
  }
  return s;
}

// Nothing on the books but what a case puts there.
struct Harness : ContagionHarness {
  explicit Harness(ScenarioSpec s) : ContagionHarness(std::move(s)) {
    for (FirmState& f : world.firms) {
      f.cash = f.other_assets = f.operating_assets = f.fleet_book = f.fleet_gross = Money::zero();
      f.debt.clear();
      f.other_liabilities = Money::zero();
    }
  }
};

double field(const Event& e, std::string_view key) {
  for (std::uint8_t i = 0; i < e.field_count; ++i) {
    if (key == e.fields[i].key) return e.fields[i].value;
  }
  FAIL("no field " << key);
  return 0.0;
}

DebtState bonds(double principal, std::int32_t lender = -1) {
  DebtState d;
  d.id = lender < 0 ? "bonds" : "loan";
  d.principal = usd(principal);
  d.maturity = day(2030, 1, 1);
  d.lender = lender;
  return d;
}

}  // namespace

TEST_CASE(
    "an estate keeps the loan it made, collects it, and pays its creditors on the next "
    "clearing date") {
  for (const double beta : {1.0, 0.5}) {
    CAPTURE(beta);
    Harness h(three_firms(1.0, beta));
    h.spec.firms[1].default_when_insolvent = true;
    // cloud1: 10 M cash and a 40 M loan to cloud2, against 100 M of bonds: equity −50 M.
    h.firm(1).cash = usd(10e6);
    h.firm(1).debt.push_back(bonds(100e6));
    h.firm(1).loans_held = usd(40e6);
    h.firm(2).cash = usd(500e6);
    h.firm(2).debt.push_back(bonds(40e6, 1));
    const Money bonds_before = h.outside(Channel::outside_lenders);
    h.run_contagion();

    // The clearing: g = 10, x = 40 from a live debtor, p̄ = 100, in default. It realises
    // 10 + β × 40: 50 at β = 1, 30 at β = 0.5. The bondholders' claim is written down to that and
    // the estate pays the 10 it has now.
    const double value = 10e6 + beta * 40e6;
    REQUIRE(h.of(EventType::default_).size() == 1);
    const auto settled = h.of(EventType::default_settled);
    REQUIRE(settled.size() == 1);
    CHECK(field(settled[0], "due") == 100e6);
    CHECK(field(settled[0], "paid") == value);
    CHECK(settled[0].amount == usd(100e6 - value));
    CHECK(h.outside(Channel::outside_lenders) - bonds_before == usd(10e6));
    CHECK(h.firm(1).loans_held == usd(40e6));  // kept, not sold
    CHECK(h.firm(2).debt[0].lender == 1);
    REQUIRE(h.world.estates.size() == 1);
    CHECK_FALSE(h.world.estates[0].closed);
    CHECK(h.world.estates[0].in_default);

    // cloud2 repays the loan (as debt.cpp does at maturity); on the first tick of the next month
    // the estate pays what it collected on the claim left, 40 at β = 1, 20 at β = 0.5, and
    // closes: at β = 0.5 the 20 it collected beyond its cleared value is the cost of β.
    transfer(h.world, 2, 1, usd(40e6));
    h.firm(1).loans_held = Money::zero();
    h.firm(2).debt[0].principal = Money::zero();
    h.world.date = day(2025, 2, 3);
    const Money investors_before = h.outside(Channel::outside_investors);
    h.run_contagion();
    CHECK(h.outside(Channel::outside_lenders) - bonds_before == usd(value));
    CHECK(h.outside(Channel::outside_investors) - investors_before == usd(50e6 - value));
    CHECK(h.world.estates[0].closed);
    CHECK(h.world.estates[0].paid == usd(value));
    CHECK(h.firm(1).cash == Money::zero());
    CHECK(h.firm(1).payables == Money::zero());
    CHECK(h.of(EventType::estate_closed).size() == 1);
    CHECK(h.of(EventType::default_).size() == 1);  // a clearing date is not a new default
  }
}

TEST_CASE(
    "two estates that owe each other clear jointly, with α on outside assets and β on "
    "what they receive") {
  // cloud1: cash 20, other assets 40, owes cloud2 50 and bondholders 50 (p̄ 100).
  // cloud2: cash 10, other assets 20, owes cloud1 30 and bondholders 70 (p̄ 100).
  // With full receipts both are in default (20 + 40 + 30 = 90 < 100; 10 + 20 + 50 = 80 < 100),
  // and with α = 0.5, β = 0.6 they realise
  //   v1 = 0.5·40 + 20 + 0.6·(30/100)·v2 = 40 + 0.18 v2
  //   v2 = 0.5·20 + 10 + 0.6·(50/100)·v1 = 20 + 0.30 v1
  // so v1 = 43.6 / 0.946 = 46.088794… and v2 = 20 + 0.3 v1 = 33.826638… (USD M).
  Harness h(three_firms(0.5, 0.6));
  h.spec.firms[1].default_when_insolvent = true;
  h.spec.firms[2].default_when_insolvent = true;
  h.firm(1).cash = usd(20e6);
  h.firm(1).other_assets = usd(40e6);
  h.firm(1).debt.push_back(bonds(50e6));
  h.firm(1).debt.push_back(bonds(50e6, 2));
  h.firm(2).loans_held = usd(50e6);
  h.firm(2).cash = usd(10e6);
  h.firm(2).other_assets = usd(20e6);
  h.firm(2).debt.push_back(bonds(70e6));
  h.firm(2).debt.push_back(bonds(30e6, 1));
  h.firm(1).loans_held = usd(30e6);
  const Money total_cash = h.world.total_cash();
  const Money bonds_before = h.outside(Channel::outside_lenders);
  h.run_contagion();

  const double v1 = 43.6e6 / 0.946;
  const double v2 = 20e6 + 0.3 * v1;
  const auto settled = h.of(EventType::default_settled);
  REQUIRE(settled.size() == 2);
  const Event& s1 = settled[0].firm == 1 ? settled[0] : settled[1];
  const Event& s2 = settled[0].firm == 1 ? settled[1] : settled[0];
  CHECK(field(s1, "paid") == doctest::Approx(v1).epsilon(1e-9));
  CHECK(field(s2, "paid") == doctest::Approx(v2).epsilon(1e-9));
  // Both pay in full what the clearing gave them the same day: cloud1 has 20 + 20 (its assets at
  // α) + 0.3 v2 from cloud2 ≥ v1, cloud2 has 10 + 10 + 0.5 v1 ≥ v2. Bondholders get half of v1
  // and 70 % of v2; what is left in each estate — (1 − β) of what it received from the other —
  // goes to the outside as the cost of β when it closes.
  const double to_bonds = 0.5 * v1 + 0.7 * v2;
  CHECK((h.outside(Channel::outside_lenders) - bonds_before).dollars() ==
        doctest::Approx(to_bonds).epsilon(1e-9));
  CHECK(h.world.estates.size() == 2);
  for (const Estate& e : h.world.estates) {
    CHECK(e.closed);
    CHECK(e.in_default);
  }
  const auto closed = h.of(EventType::estate_closed);
  REQUIRE(closed.size() == 2);
  const Event& k1 = closed[0].firm == 1 ? closed[0] : closed[1];
  const Event& k2 = closed[0].firm == 1 ? closed[1] : closed[0];
  CHECK(field(k1, "cost") == doctest::Approx(0.4 * 0.3 * v2).epsilon(1e-6));
  CHECK(field(k2, "cost") == doctest::Approx(0.4 * 0.5 * v1).epsilon(1e-6));
  CHECK(k1.amount.dollars() == doctest::Approx(v1).epsilon(1e-9));
  CHECK(k2.amount.dollars() == doctest::Approx(v2).epsilon(1e-9));
  CHECK(h.firm(1).cash == Money::zero());
  CHECK(h.firm(2).cash == Money::zero());
  CHECK(h.world.total_cash() == total_cash);  // cash moved, never made

  // The engine's clearing is the solver's on the same input: rebuild the opening day's problem
  // by hand and clear it.
  ClearingInput in;
  in.firm_count = 3;
  in.liabilities = {{1, 2, 50e6}, {2, 1, 30e6}};
  in.outside_assets = {0.0, 40e6, 20e6};
  in.assets_at_face = {0.0, 20e6, 10e6};
  in.external_liabilities = {0.0, 50e6, 70e6};
  ClearingOptions o;
  o.alpha = 0.5;
  o.beta = 0.6;
  const ClearingResult r = clear(in, o);
  CHECK(field(s1, "paid") == doctest::Approx(r.payments[1]).epsilon(1e-9));
  CHECK(field(s2, "paid") == doctest::Approx(r.payments[2]).epsilon(1e-9));
}

TEST_CASE("a solvent estate sells its outside assets at book, pays in full and keeps the rest") {
  for (const double owed : {60e6, 120e6}) {
    CAPTURE(owed);
    Harness h(three_firms(0.5, 1.0));
    // cloud1 holds 100 M of other assets and no cash; a claim of `owed` has been overdue for
    // longer than the grace period. At 60 it is solvent: the assets sell at book (100), the
    // outside is paid 60 and 40 stay. At 120 it is in default: they sell at α = 0.5 (50), all
    // paid out.
    h.firm(1).other_assets = usd(100e6);
    add_claim(h.world, Claim{1, -1, -1, usd(owed), h.world.date, Channel::suppliers});
    h.firm(1).overdue_days = 45;
    const Money before = h.outside(Channel::suppliers);
    h.run_contagion();
    const bool solvent = owed < 100e6;
    const auto settled = h.of(EventType::default_settled);
    REQUIRE(settled.size() == 1);
    CHECK(field(settled[0], "recovery") == (solvent ? 1.0 : 50.0 / 120.0));
    CHECK(h.outside(Channel::suppliers) - before == usd(solvent ? 60e6 : 50e6));
    CHECK(h.firm(1).cash == usd(solvent ? 40e6 : 0.0));
    CHECK(h.world.estates[0].closed);
    CHECK(h.world.estates[0].in_default == !solvent);
  }
}

TEST_CASE("a backstopped firm does not default: its rescuer lends what is due") {
  Harness h(three_firms(1.0, 1.0));
  // cloud1: 30 M cash, a 100 M invoice from cloud2 overdue for 45 days: without the
  // backstop it defaults (45 > 30 grace days).
  FirmState& c1 = h.world.firms[1];
  c1.cash = usd(30e6);
  add_claim(h.world, Claim{1, 2, -1, usd(100e6), day(2024, 11, 18), Channel::suppliers});
  c1.overdue_days = 45;
  c1.backstopped = true;
  const Money lenders = h.outside(Channel::outside_lenders);
  const Money supplier_cash = h.firm(2).cash;
  h.run_contagion();
  CHECK(h.of(EventType::default_).empty());
  const auto paid = h.of(EventType::backstop_paid);
  REQUIRE(paid.size() == 1);
  CHECK(paid[0].amount == usd(70e6));  // 100 due − 30 of its own cash
  CHECK(field(paid[0], "lent") == 70e6);
  REQUIRE(h.firm(1).debt.size() == 1);
  CHECK(h.firm(1).debt[0].principal == usd(70e6));
  CHECK(h.firm(1).debt[0].rate == 0.0);
  CHECK(h.firm(1).cash == Money::zero());
  CHECK(h.firm(2).cash - supplier_cash == usd(100e6));
  CHECK(h.firm(2).receivables == Money::zero());
  CHECK(lenders - h.outside(Channel::outside_lenders) == usd(70e6));
  CHECK(h.world.claims.empty());
}
