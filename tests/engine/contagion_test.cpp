// The contagion phase on hand-built states whose outcome is known in closed form (issue 5):
// seizure of GPU collateral and the fire-sale index (Cifuentes, Ferrucci & Shin 2005's impact
// p = p₀·exp(−impact·sold·p₀/depth)), every sale of a pass priced at one clearing index (the
// greatest fixed point, MODEL.md §7.14), and the seniority of outside creditors in default
// (MODEL.md §7.15).
#include <doctest/doctest.h>

#include <climits>
#include <cmath>

#include "agents/firm_kinds.hpp"
#include "contagion_harness.hpp"
#include "scenario_fixtures.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

// Firms sorted by id: bank 0, cloud1 1, cloud2 2.
ScenarioSpec three_firms() {
  ScenarioSpec s;
  s.name = "contagion";
  s.start = day(2025, 1, 2);
  s.end = day(2025, 12, 31);
  s.market.gpu.impact = 1.0;
  s.market.gpu.depth = 1e9;
  for (const char* id : {"bank", "cloud1", "cloud2"}) {
    FirmSpec f = kind_defaults(std::string(id) == "bank" ? FirmKind::lender : FirmKind::cloud);
    f.id = id;
    f.rules.clear();
    s.firms.push_back(f);
  }
  return s;
}

DebtState gpu_loan(double principal, std::int32_t lender, std::int32_t call_opened_days_ago,
                   Date today) {
  DebtState d;
  d.id = "gpu-loan";
  d.principal = usd(principal);
  d.maturity = day(2030, 1, 1);
  d.lender = lender;
  d.gpu_collateral = true;
  d.max_ltv = 0.8;
  d.margin_call_day = call_opened_days_ago < 0 ? INT32_MIN : today.days() - call_opened_days_ago;
  return d;
}

using Harness = ContagionHarness;

void give_fleet_and_loan(Harness& h, std::size_t firm, double principal, std::int32_t call_age) {
  FirmState& f = h.world.firms[firm];
  f.fleet_book = f.fleet_gross = usd(100e6);
  f.gw_owned = 0.1;
  f.debt.push_back(gpu_loan(principal, 0, call_age, h.world.date));
  h.world.firms[0].loans_held += usd(principal);
}

}  // namespace

TEST_CASE("an uncured margin call is seized and sold at the index its own sale clears") {
  Harness h(three_firms());
  give_fleet_and_loan(h, 1, 95e6, 40);  // LTV 0.95 > 0.8, open 40 days > 30 days' cure, no cash
  give_fleet_and_loan(h, 2, 75e6, -1);  // LTV 0.75: fine until the index falls
  const Money bank_cash = h.world.firms[0].cash;
  h.run_contagion();

  // Only cloud1's fleet (book 100 M) is sold: g = exp(−1 × 100 M × 1 / 1 B) = exp(−0.1).
  const double g = std::exp(-0.1);
  CHECK(h.world.market.gpu_index == doctest::Approx(g).epsilon(1e-12));
  const auto seized = h.of(EventType::collateral_seized);
  REQUIRE(seized.size() == 1);
  CHECK(seized[0].firm == 1);
  const Money proceeds = Money::from_dollars(100e6 * g);  // below the 95 M owed
  CHECK(seized[0].amount == proceeds);
  CHECK(h.world.firms[1].debt[0].principal == usd(95e6) - proceeds);
  CHECK(h.world.firms[1].fleet_book == Money::zero());
  CHECK(h.world.firms[0].cash - bank_cash == proceeds);
  CHECK(h.world.firms[0].loans_held == usd(170e6) - proceeds);
  // At the new index cloud2's LTV is 75 / (100 × 0.905) = 0.829 > 0.8: a margin call opens.
  const auto calls = h.of(EventType::margin_call);
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].firm == 2);
  CHECK(h.of(EventType::collateral_seized).size() == 1);  // within its cure period: not seized
}

TEST_CASE("sales of one pass share the greatest fixed-point index, not a sequence of prices") {
  Harness h(three_firms());
  give_fleet_and_loan(h, 1, 95e6, 40);  // breached, past cure
  // cloud2's call is past cure too, but at the starting index its LTV (0.78) is within the
  // limit, so on its own it would be cured. At exp(−0.1) it is 0.862: breached and seized; then
  // both fleets (200 M) are sold and the index that clears them is exp(−0.2), at which both are
  // still breached — the greatest fixed point of g = exp(−0.2 × B(g) / 200 M).
  give_fleet_and_loan(h, 2, 78e6, 40);
  h.run_contagion();

  const double g = std::exp(-0.2);
  CHECK(h.world.market.gpu_index == doctest::Approx(g).epsilon(1e-12));
  const auto seized = h.of(EventType::collateral_seized);
  REQUIRE(seized.size() == 2);
  CHECK(seized[0].amount == Money::from_dollars(100e6 * g));  // 81.9 M < 95 M owed
  CHECK(seized[1].amount == usd(78e6));                       // 81.9 M ≥ 78 M owed: paid in full
  for (const auto& e : h.of(EventType::fire_sale)) {
    CHECK(e.fields[0].value == doctest::Approx(g).epsilon(1e-12));  // "index": the same for both
  }
  CHECK(h.world.firms[2].debt[0].principal == Money::zero());
}

TEST_CASE("in default, senior outside creditors are paid before network creditors") {
  for (const bool senior : {true, false}) {
    CAPTURE(senior);
    ScenarioSpec spec = three_firms();
    spec.contagion.external_senior = senior;
    spec.firms[1].default_when_insolvent = true;
    Harness h(spec);
    // cloud1: 50 M cash, owes 60 M outside and 40 M to the bank: equity −50 M, defaults.
    FirmState& f = h.world.firms[1];
    f.cash = usd(50e6);
    DebtState outside;
    outside.id = "bonds";
    outside.principal = usd(60e6);
    outside.maturity = day(2030, 1, 1);
    f.debt.push_back(outside);
    DebtState network = outside;
    network.id = "bank-loan";
    network.principal = usd(40e6);
    network.lender = 0;
    f.debt.push_back(network);
    h.world.firms[0].loans_held += usd(40e6);
    const Money bank_cash = h.world.firms[0].cash;
    const Money bank_equity = h.world.firms[0].book_equity();
    h.run_contagion();

    REQUIRE(h.of(EventType::default_).size() == 1);
    // Senior: the outside takes all 50 M (it is owed 60 M), the bank nothing. Pari passu: both
    // recover 50 %: 30 M outside, 20 M to the bank.
    const Money to_bank = senior ? Money::zero() : usd(20e6);
    CHECK(h.world.firms[0].cash - bank_cash == to_bank);
    CHECK(bank_equity - h.world.firms[0].book_equity() == usd(40e6) - to_bank);
    CHECK(h.world.firms[0].loans_held == Money::zero());
    const auto cascade = h.of(EventType::cascade);
    REQUIRE(cascade.size() == 1);
    CHECK(cascade[0].amount == usd(50e6));  // losses: 40 + 10 (senior) or 20 + 30 (pari passu)
  }
}

TEST_CASE(
    "each default's settlement event carries its own creditors' loss and the cascade sums them") {
  ScenarioSpec spec = three_firms();
  spec.contagion.external_senior = false;
  spec.firms[1].default_when_insolvent = true;
  spec.firms[2].default_when_insolvent = true;
  Harness h(spec);
  DebtState bonds;
  bonds.id = "bonds";
  bonds.maturity = day(2030, 1, 1);
  // cloud1: 50 M cash against 60 M of bonds and 40 M owed to the bank: pays 50 % of 100 M.
  FirmState& c1 = h.world.firms[1];
  c1.cash = usd(50e6);
  bonds.principal = usd(60e6);
  c1.debt.push_back(bonds);
  DebtState loan = bonds;
  loan.id = "bank-loan";
  loan.principal = usd(40e6);
  loan.lender = 0;
  c1.debt.push_back(loan);
  h.world.firms[0].loans_held += usd(40e6);
  // cloud2: 10 M cash against 30 M of bonds: pays a third.
  FirmState& c2 = h.world.firms[2];
  c2.cash = usd(10e6);
  bonds.principal = usd(30e6);
  c2.debt.push_back(bonds);
  h.run_contagion();

  const auto defaults = h.of(EventType::default_);
  const auto settled = h.of(EventType::default_settled);
  REQUIRE(defaults.size() == 2);
  REQUIRE(settled.size() == 2);
  auto field = [](const Event& e, std::string_view key) {
    for (std::uint8_t i = 0; i < e.field_count; ++i) {
      if (key == e.fields[i].key) return e.fields[i].value;
    }
    FAIL("no field " << key);
    return 0.0;
  };
  for (std::size_t k = 0; k < 2; ++k) {
    CAPTURE(k);
    CHECK(settled[k].firm == defaults[k].firm);
    CHECK(settled[k].cause == defaults[k].seq);  // the default it settles
  }
  const Event& s1 = settled[0].firm == 1 ? settled[0] : settled[1];
  const Event& s2 = settled[0].firm == 1 ? settled[1] : settled[0];
  // cloud1, pari passu at 50 %: the bank loses 20 M, the bondholders 30 M.
  CHECK(s1.amount == usd(50e6));
  CHECK(field(s1, "due") == 100e6);
  CHECK(field(s1, "paid") == 50e6);
  CHECK(field(s1, "recovery") == 0.5);
  CHECK(field(s1, "loss_network") == 20e6);
  CHECK(field(s1, "loss_outside") == 30e6);
  // cloud2: the bondholders recover 10 M of 30 M.
  CHECK(s2.amount == usd(20e6));
  CHECK(field(s2, "due") == 30e6);
  CHECK(field(s2, "paid") == 10e6);
  CHECK(field(s2, "recovery") == doctest::Approx(1.0 / 3.0));
  CHECK(field(s2, "loss_network") == 0.0);
  CHECK(field(s2, "loss_outside") == 20e6);
  const auto cascade = h.of(EventType::cascade);
  REQUIRE(cascade.size() == 1);
  CHECK(cascade[0].amount == s1.amount + s2.amount);
  CHECK(field(cascade[0], "loss_network") == 20e6);
  CHECK(field(cascade[0], "loss_outside") == 50e6);
}
