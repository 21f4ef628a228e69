// The treasury's credit lines, asset sales and deferrals (sim/contracts/credit_line.hpp,
// sim/engine/asset_sales.hpp, sim/engine/purchase_deferral.hpp, MODEL.md §7.19) on small scenarios
// worked out by hand: a facility's monthly fee and what the projection shows of it; a draw that
// covers the gap, its rate, and its repayment once a later inflow comes into the horizon, the
// limit then available again; the covenant's headroom; a sale of other assets at the haircut; a
// deferred order, its penalty, both parties' projections and the seller's next-year flow. The
// accounting laws of accounting_test.cpp (cash conserved to the cent, each firm's change in book
// equity explained by its recorded flows, loans held = the borrowers' debts to it) hold after every
// phase throughout.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "scenario_fixtures.hpp"
#include "sim/contracts/common.hpp"
#include "sim/contracts/credit_line.hpp"
#include "sim/contracts/equity_investment.hpp"
#include "sim/contracts/supply.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/engine/compiled_scenario.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

// Firms sorted by id.
enum : std::int32_t { kBankFirm = 0, kBuyer = 1, kSeller = 2, kVcFirm = 3 };

// Four quiet firms with no operations (no demand, no fixed costs, no power), no market noise: the
// buyer holds `cash`, the others 50 B; only the buyer has a treasury (buffer 0, so the gap is
// the projected shortfall itself).
ScenarioSpec quiet(double cash, std::vector<TreasuryAction> actions) {
  ScenarioSpec s;
  s.name = "treasury-actions";
  s.start = day(2025, 1, 2);
  s.end = day(2026, 12, 31);
  s.nyse_holidays = false;
  s.market.sentiment.volatility = 0;
  s.market.gpu.volatility = 0;
  s.market.funding.quarterly_supply = Money::zero();
  for (const char* id : {"bank", "buyer", "seller", "vc"}) {
    FirmSpec f = quiet_firm(id);
    f.compute.power_per_gw_year = Money::zero();
    f.valuation.announcement_beta = 0;
    s.firms.push_back(f);
  }
  FirmSpec& buyer = s.firms[kBuyer];
  buyer.cash = usd(cash);
  buyer.treasury.horizon_months = 3;
  buyer.treasury.buffer_months = 0;
  buyer.treasury.actions = std::move(actions);
  return s;
}

ContractSpec contract(const char* id, ContractType t, std::int32_t from, std::int32_t to,
                      Date start, Date end, double amount) {
  ContractSpec c;
  c.id = id;
  c.set_type(t);
  c.from = static_cast<std::size_t>(from);
  c.to = static_cast<std::size_t>(to);
  c.signed_on = day(2025, 1, 2);
  c.start = start;
  c.end = end;
  c.amount = usd(amount);
  return c;
}

// 6 B of GPUs in three monthly parts of 2 B from 2025-09-01, invoiced 30 days after each delivery
// (10-01, 10-31, 12-01): against 5 B of cash, the last invoice makes the buyer 1 B short; it
// enters the 3-month horizon on 09-02 (tests/engine/treasury_test.cpp).
ContractSpec gpus() {
  return contract("gpus", ContractType::supply, kBuyer, kSeller, day(2025, 9, 1), day(2025, 11, 1),
                  6e9);
}

// A 3 B facility from the bank to the buyer, 1 % over the risk-free rate (4 %), no fee unless set.
ContractSpec line(double fee = 0.0) {
  ContractSpec c = contract("line", ContractType::credit_line, kBankFirm, kBuyer, day(2025, 1, 2),
                            day(2026, 6, 30), 3e9);
  c.as<CreditLineTerms>().spread = 0.01;
  c.as<CreditLineTerms>().commitment_fee = fee;
  return c;
}

// A run up to `until` with the accounting laws checked after every phase; the world and the
// events it left.
struct Checked {
  ScenarioSpec spec;
  World world;
  MemorySink sink;
  CompiledScenario compiled;
  std::string law_broken;  // the first law broken, where; empty if none

  Checked(ScenarioSpec s, Date until)
      : spec(std::move(s)), world(make_world(spec, 1)), compiled(compile_scenario(spec)) {
    const Money cash0 = world.total_cash();
    std::vector<Money> equity0;
    std::vector<EquityFlows> flows0;
    for (const auto& f : world.firms) {
      equity0.push_back(f.book_equity());
      flows0.push_back(f.flows);
    }
    RunOptions opt;
    opt.until = until;
    opt.after_phase = [&](Phase p, const World& w) {
      if (!law_broken.empty()) return;
      const std::string where = w.date.iso() + " after " + to_string(p);
      if (w.total_cash() != cash0) law_broken = where + ": cash not conserved";
      std::vector<Money> lent(w.firms.size());
      for (const auto& f : w.firms) {
        for (const auto& d : f.debt) {
          if (d.lender >= 0) lent[static_cast<std::size_t>(d.lender)] += d.principal;
        }
      }
      for (std::size_t i = 0; i < w.firms.size(); ++i) {
        const FirmState& f = w.firms[i];
        const EquityFlows& a = flows0[i];
        const Money explained =
            (f.flows.net_income - a.net_income) + (f.flows.revaluations - a.revaluations) +
            (f.flows.capital_issued - a.capital_issued) - (f.flows.distributions - a.distributions);
        if (f.book_equity() - equity0[i] != explained)
          law_broken = where + ": equity of firm " + std::to_string(i) + " not explained";
        if (f.loans_held != lent[i]) law_broken = where + ": loans held differ from the debts";
        if (f.cash.is_negative()) law_broken = where + ": negative cash";
      }
    };
    continue_run(spec, world, sink, opt);
  }
  CashProjection project(std::int32_t firm, int months) {
    TickContext ctx{spec, world, sink, compiled};
    return project_cash(ctx, firm, months);
  }
  std::vector<Event> of(EventType t, std::int32_t firm) const {
    std::vector<Event> out;
    for (const Event& e : sink.events) {
      if (e.type == t && e.firm == firm) out.push_back(e);
    }
    return out;
  }
};

double field(const Event& e, const char* key) {
  for (std::size_t k = 0; k < e.field_count; ++k) {
    if (std::strcmp(e.fields[k].key, key) == 0) return e.fields[k].value;
  }
  FAIL("event has no field " << key);
  return 0.0;
}

std::string text(const Event& e, const char* key) {
  for (std::size_t k = 0; k < e.field_count; ++k) {
    if (std::strcmp(e.fields[k].key, key) == 0 && e.fields[k].text) return e.fields[k].text;
  }
  return "";
}

}  // namespace

// A 3 B facility at 0.2 % a year on the undrawn limit: the fee of the month [01-02, 02-02) is
// 3 B × 0.002 × 31 / 365 = 509,589.04, paid on the first tick on or after 02-02 (Monday 02-03)
// by the buyer to the bank. Seen from 01-15 over three months, the buyer's projection shows the
// undrawn 3 B as contingent in month 0, never in its cash path, and the fees due 02-02, 03-02 and
// 04-02 in the months they fall in (debt service), the bank's the same as financing received.
TEST_CASE("credit line: the undrawn limit is contingent, its fee monthly on both sides") {
  ScenarioSpec s = quiet(5e9, {});
  s.contracts = {line(0.002)};
  Checked at(s, day(2025, 1, 15));
  const CashProjection buyer = at.project(kBuyer, 3);
  const CashProjection bank = at.project(kBankFirm, 3);
  const Money jan = usd(3e9).times(0.002 * 31.0 / 365.0);
  const Money feb = usd(3e9).times(0.002 * 28.0 / 365.0);
  const Money mar = usd(3e9).times(0.002 * 31.0 / 365.0);
  CHECK(jan == usd(509589.04));
  CHECK(buyer.months[0].contingent_in == usd(3e9));
  CHECK(buyer.months[1].contingent_in == Money::zero());
  // Months from 01-15: [01-15, 02-15) holds 02-02, [02-15, 03-15) 03-02, [03-15, 04-15) 04-02.
  CHECK(buyer.months[0].debt_service_out == jan);
  CHECK(buyer.months[1].debt_service_out == feb);
  CHECK(buyer.months[2].debt_service_out == mar);
  CHECK(bank.months[0].financing_in == jan);
  CHECK(bank.months[2].financing_in == mar);
  CHECK(bank.months[0].contingent_in == Money::zero());
  CHECK(buyer.cash_at_end(2) == usd(5e9) - jan - feb - mar);

  Checked paid(s, day(2025, 2, 3));
  CHECK(paid.law_broken == "");
  CHECK(paid.world.firms[kBuyer].cash == usd(5e9) - jan);
  CHECK(paid.world.firms[kBankFirm].cash == usd(50e9) + jan);
}

// The gap of 1 B opens on 09-02 (tests/engine/treasury_test.cpp's wall); the line is drawn for
// gap + buffer = 1 B at 4 % + 1 %. A 3 B equity tranche from the VC on 12-15 enters the horizon
// on 09-16 (its month [11-16, 12-16) also holds the 12-01 invoice); the lowest month-end cash is
// then that of [10-16, 11-16): 5 + 1 − 2 − 2 = 2 B less the interest, above twice the buffer (0)
// by more than the 1 B drawn, so the whole line is repaid that day and its limit is open again.
TEST_CASE("credit line: drawn first against the gap, repaid once cash is above the buffer") {
  ScenarioSpec s = quiet(5e9, {TreasuryAction::draw_credit_line});
  ContractSpec round = contract("round", ContractType::equity_investment, kVcFirm, kBuyer,
                                day(2025, 12, 15), day(2025, 12, 15), 3e9);
  s.contracts = {gpus(), line(), round};
  {
    Checked at(s, day(2025, 9, 3));
    CHECK(at.law_broken == "");
    const auto drawn = at.of(EventType::credit_line_drawn, kBuyer);
    REQUIRE(drawn.size() == 1);
    CHECK(drawn[0].date == day(2025, 9, 2));
    CHECK(drawn[0].amount == usd(1e9));
    CHECK(drawn[0].counterparty == kBankFirm);
    CHECK(field(drawn[0], "rate") == doctest::Approx(0.05));
    CHECK(field(drawn[0], "undrawn") == 2e9);
    const auto gap = at.of(EventType::treasury_gap, kBuyer);
    REQUIRE(gap.size() == 1);
    CHECK(drawn[0].cause == gap[0].seq);
    const FirmState& b = at.world.firms[kBuyer];
    REQUIRE(b.debt.size() == 1);
    CHECK(b.debt[0].principal == usd(1e9));
    CHECK(b.debt[0].rate == doctest::Approx(0.05));
    CHECK(b.debt[0].maturity == day(2026, 6, 30));
    CHECK(at.world.firms[kBankFirm].loans_held == usd(1e9));
    CHECK(at.world.contracts[1].remaining == usd(2e9));
  }
  Checked at(s, day(2025, 9, 17));
  CHECK(at.law_broken == "");
  CHECK(at.of(EventType::credit_line_drawn, kBuyer).size() == 1);
  std::vector<Event> repaid;
  for (const Event& e : at.of(EventType::loan_repaid, kBuyer)) {
    if (e.contract == 1) repaid.push_back(e);
  }
  REQUIRE(repaid.size() == 1);
  CHECK(repaid[0].date == day(2025, 9, 16));
  CHECK(repaid[0].amount == usd(1e9));
  CHECK(at.world.firms[kBuyer].debt[0].principal == Money::zero());
  CHECK(at.world.firms[kBankFirm].loans_held == Money::zero());
  CHECK(at.world.contracts[1].remaining == usd(3e9));
}

// Under a covenant of debt ≤ L of book assets the bank lends x with (D + x) / (A + x) = L, A and
// D the buyer's book assets and debt when it draws: with L = 1/21 and D = 0, x = A / 20 (about
// 0.35 B on the 7 B of cash and GPUs delivered), below the 1 B gap. A line fully used is a
// failure with its reason.
TEST_CASE("credit line: the covenant caps the draw, a used-up line fails with its reason") {
  ScenarioSpec s = quiet(5e9, {TreasuryAction::draw_credit_line});
  ContractSpec l = line();
  l.as<CreditLineTerms>().max_leverage = 1.0 / 21.0;
  s.contracts = {gpus(), l};
  Money assets;
  ScenarioSpec probe = s;
  {
    // The buyer's book assets on 09-02 before its decisions (after settlement).
    World w = make_world(probe, 1);
    MemorySink sink;
    RunOptions opt;
    opt.until = day(2025, 9, 2);
    opt.after_phase = [&](Phase p, const World& now) {
      if (now.date == day(2025, 9, 2) && p == Phase::settlement)
        assets = now.firms[kBuyer].total_assets();
    };
    continue_run(probe, w, sink, opt);
  }
  REQUIRE(assets.dollars() > 6e9);
  Checked at(s, day(2025, 9, 2));
  CHECK(at.law_broken == "");
  const auto drawn = at.of(EventType::credit_line_drawn, kBuyer);
  REQUIRE(drawn.size() == 1);
  CHECK(drawn[0].amount.dollars() == doctest::Approx(assets.dollars() / 20.0).epsilon(1e-9));

  // Without the covenant and a 1 B limit on a 2.5 B gap (a 7.5 B order): the first draw takes the
  // whole limit; the next draw against the same gap, a day later, finds the line used up.
  ScenarioSpec used = quiet(5e9, {TreasuryAction::draw_credit_line});
  ContractSpec small = line();
  small.amount = usd(1e9);
  ContractSpec order = gpus();
  order.amount = usd(7.5e9);
  used.contracts = {order, small};
  used.firms[kBuyer].treasury.review_days = 1;
  Checked u(used, day(2025, 9, 8));
  CHECK(u.law_broken == "");
  const auto d = u.of(EventType::credit_line_drawn, kBuyer);
  REQUIRE(d.size() == 1);
  CHECK(d[0].amount == usd(1e9));
  const auto failed = u.of(EventType::treasury_action_failed, kBuyer);
  REQUIRE(!failed.empty());
  CHECK(text(failed[0], "action") == "draw_credit_line");
  CHECK(text(failed[0], "reason") == "credit lines fully drawn");
}

// 2 B of other assets and a 20 % haircut against the 1 B gap: 1.25 B of book is sold for 1 B
// from outside buyers, the 0.25 B discount a loss in net income, 0.75 B of other assets left.
TEST_CASE("sell_assets: other assets sold at the haircut cover the gap, the discount a loss") {
  ScenarioSpec s = quiet(5e9, {TreasuryAction::sell_assets});
  s.firms[kBuyer].other_assets = usd(2e9);
  s.firms[kBuyer].treasury.asset_haircut = 0.2;
  s.contracts = {gpus()};
  const Money income0 = make_world(s, 1).firms[kBuyer].flows.net_income;
  Checked at(s, day(2025, 9, 3));
  CHECK(at.law_broken == "");
  const auto sold = at.of(EventType::assets_sold, kBuyer);
  REQUIRE(sold.size() == 1);
  CHECK(sold[0].date == day(2025, 9, 2));
  CHECK(sold[0].amount == usd(1e9));
  CHECK(field(sold[0], "book") == 1.25e9);
  CHECK(field(sold[0], "haircut") == 0.2);
  const FirmState& b = at.world.firms[kBuyer];
  CHECK(b.other_assets == usd(0.75e9));
  // The buyer has no operations: its only income to date is the sale's loss and the GPUs'
  // depreciation since 09-01.
  const Money depreciation = usd(2e9) - b.fleet_book;
  CHECK(b.flows.net_income - income0 == -usd(0.25e9) - depreciation);

  // Nothing to sell: a failure with its reason.
  s.firms[kBuyer].other_assets = Money::zero();
  Checked none(s, day(2025, 9, 3));
  const auto failed = none.of(EventType::treasury_action_failed, kBuyer);
  REQUIRE(failed.size() == 1);
  CHECK(text(failed[0], "action") == "sell_assets");
  CHECK(text(failed[0], "reason") == "no other assets to sell");
}

// The 6 B order deferrable by 3 months at 2 %: on 09-02 its pending deliveries are 10-01 and
// 11-01 (2 B each; 09-01's is delivered, its invoice a claim), invoiced 10-31 and 12-01, both
// within the horizon [09-02, 12-02); three months later (2026-01-01, 02-01) both invoices fall
// beyond it. Relief 4 B − 2 % × 4 B = 3.92 B ≥ the 1 B gap: the order is deferred, the buyer pays
// the seller 80 M at once, and both projections move the 4 B out of the horizon.
TEST_CASE("defer_purchases: a deferrable order pushed back, its penalty paid, both sides move") {
  ScenarioSpec s = quiet(5e9, {TreasuryAction::defer_purchases});
  ContractSpec order = gpus();
  order.as<SupplyTerms>().deferral_months = 3;
  order.as<SupplyTerms>().deferral_penalty = 0.02;
  s.contracts = {order};
  {
    Checked before(s, day(2025, 9, 1));
    // Over four months from 09-01: 10-01 (the claim), 10-31 and 12-01 (the pending deliveries).
    const CashProjection seller = before.project(kSeller, 4);
    Money sales;
    for (const ProjectedMonth& m : seller.months)
      sales += m.sales_in;
    CHECK(sales == usd(6e9));
  }
  Checked at(s, day(2025, 9, 3));
  CHECK(at.law_broken == "");
  const auto deferred = at.of(EventType::commitment_deferred, kBuyer);
  REQUIRE(deferred.size() == 1);
  CHECK(deferred[0].date == day(2025, 9, 2));
  CHECK(deferred[0].counterparty == kSeller);
  CHECK(deferred[0].amount == usd(4e9));
  CHECK(field(deferred[0], "months") == 3);
  CHECK(field(deferred[0], "penalty") == 80e6);
  const auto gap = at.of(EventType::treasury_gap, kBuyer);
  REQUIRE(gap.size() == 1);
  CHECK(deferred[0].cause == gap[0].seq);
  CHECK(at.world.contracts[0].months_deferred == 3);
  CHECK(at.world.contracts[0].remaining == usd(4e9));  // the backlog is kept, later
  std::vector<Date> dates;
  for (const ScheduledItem& it : at.world.scheduler.pending()) {
    if (it.contract == 0 && it.kind == ItemKind::supply_delivery) dates.push_back(it.date);
  }
  CHECK(dates == std::vector<Date>{day(2026, 1, 1), day(2026, 2, 1)});
  // Only the 10-01 invoice (a claim) is left within either horizon; the seller has its penalty.
  const CashProjection buyer = at.project(kBuyer, 3);
  const CashProjection seller = at.project(kSeller, 3);
  Money purchases, sales;
  for (const ProjectedMonth& m : buyer.months)
    purchases += m.purchases_out;
  for (const ProjectedMonth& m : seller.months)
    sales += m.sales_in;
  CHECK(purchases == usd(2e9));
  CHECK(sales == usd(2e9));
  CHECK(at.world.firms[kSeller].cash ==
        usd(50e9) + usd(80e6) - usd(2e9).times(s.firms[kSeller].costs.cost_of_revenue));
  CHECK(at.world.firms[kBuyer].cash == usd(5e9) - usd(80e6));

  // Deferred once: with 2 B of cash and 3 B parts, the first invoice (10-01) opens a gap as soon
  // as it enters the horizon, in July; the deferral moves every invoice three months on and the
  // episode ends; the moved 12-31 invoice opens the next one around 10-01, and the order, already
  // deferred, cannot be deferred again.
  s.firms[kBuyer].cash = usd(2e9);
  ContractSpec big = order;
  big.amount = usd(9e9);
  s.contracts = {big};
  Checked again(s, day(2025, 10, 15));
  CHECK(again.law_broken == "");
  // The gap is stated again after the deferral (the moved invoices re-enter the horizon), and
  // the order, already deferred once, is not deferred again.
  CHECK(again.of(EventType::treasury_gap, kBuyer).size() >= 2);
  CHECK(again.of(EventType::commitment_deferred, kBuyer).size() == 1);
  const auto failed = again.of(EventType::treasury_action_failed, kBuyer);
  REQUIRE(!failed.empty());
  CHECK(text(failed[0], "action") == "defer_purchases");
}

// The seller's next-year flow (its value channel, market_channels.hpp) follows the deferral:
// 365 B over [2025-01-01, 2025-12-31] (364 days, 1.0027 B a day); seen from 07-01 the 183 days to
// the end carry 183 × 365/364 B; deferred six months, the window [07-01, 2026-07-01) holds the
// shifted schedule's 183 + 181 days (to 2026-06-30), capped by what remains.
TEST_CASE("defer_purchases: the seller's next-year flow reads the deferred schedule") {
  ContractSpec cs = contract("s", ContractType::supply, kBuyer, kSeller, day(2025, 1, 1),
                             day(2025, 12, 31), 365e9);
  ContractState st;
  st.remaining = usd(200e9);
  const double per_day = 365e9 / 364.0;
  CHECK(next_year_flow(cs, st, day(2025, 7, 1)) == doctest::Approx(183 * per_day));
  st.months_deferred = 6;
  CHECK(next_year_flow(cs, st, day(2025, 7, 1)) == doctest::Approx(200e9));  // capped
  st.remaining = usd(365e9);
  // Shifted start 2025-07-01, end 2026-06-30: the window [07-01, 2026-07-01) holds 364 days.
  CHECK(next_year_flow(cs, st, day(2025, 7, 1)) == doctest::Approx(364 * per_day));
}
