// The treasury's cash projection (sim/engine/cash_projection.hpp) on small scenarios whose every
// flow is computed by hand: a supply's invoices for the buyer and receipts for the seller in the
// right months, a lease, a loan's interest and maturity, an investor's tranches, a contingent
// commitment kept out of the cash path, the runway of a cash-positive firm facing an invoice wall,
// outside debt rolling over while the market is open, conservation between two firms trading only
// with each other, the projected first month against what the ledger then actually paid, the
// index kept from tick to tick (its items and its growth factors) against a fresh one, and which
// firms are projected at all.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "scenario_fixtures.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/engine/compiled_scenario.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

// Firms sorted by id.
enum : std::int32_t { kLender = 0, kBuyer = 1, kSeller = 2, kInvestor = 3 };

// Four quiet firms with no operations at all (no demand, no fixed costs, no power), so that every
// flow is a contract's; no market noise.
ScenarioSpec quiet_scenario() {
  ScenarioSpec s;
  s.name = "projection";
  s.start = day(2025, 1, 1);
  s.end = day(2026, 12, 31);
  s.market.sentiment.volatility = 0;
  s.market.gpu.volatility = 0;
  for (const char* id : {"bank", "buyer", "seller", "vc"}) {
    FirmSpec f = quiet_firm(id);
    f.compute.power_per_gw_year = Money::zero();
    s.firms.push_back(f);
  }
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

// A world run up to `until` (its last tick on or before), with what a projection needs.
struct At {
  ScenarioSpec spec;
  World world;
  MemorySink sink;
  CompiledScenario compiled;
  At(ScenarioSpec s, Date until)
      : spec(std::move(s)), world(make_world(spec, 1)), compiled(compile_scenario(spec)) {
    RunOptions opt;
    opt.until = until;
    continue_run(spec, world, sink, opt);
  }
  CashProjection project(std::int32_t firm, int months = 12) {
    TickContext ctx{spec, world, sink, compiled};
    return project_cash(ctx, firm, months);
  }
};

std::vector<Money> column(const CashProjection& p, Money ProjectedMonth::*part) {
  std::vector<Money> out;
  for (const auto& m : p.months)
    out.push_back(m.*part);
  return out;
}

std::vector<Money> usd_list(std::initializer_list<double> xs) {
  std::vector<Money> out;
  for (const double x : xs)
    out.push_back(usd(x));
  return out;
}

// 12 B of GPUs (0.6 GW) in six monthly deliveries from 2025-02-01 to 2025-07-01, paid 30 days
// after each, projected on 2025-01-15: month k is [01-15 + k months, 01-15 + k + 1 months).
ScenarioSpec with_supply() {
  ScenarioSpec s = quiet_scenario();
  ContractSpec c = contract("gpus", ContractType::supply, kBuyer, kSeller, day(2025, 2, 1),
                            day(2025, 7, 1), 12e9);
  c.as<SupplyTerms>().gw = 0.6;
  s.contracts = {c};
  return s;
}

}  // namespace

TEST_CASE("a supply's invoices fall in the months they are paid, for buyer and seller alike") {
  At at(with_supply(), day(2025, 1, 15));
  REQUIRE(at.world.date == day(2025, 1, 15));
  // Delivered 02-01, 03-01, ..., 07-01; paid 03-03, 03-31, 05-01, 05-31, 07-01, 07-31: months 1-6.
  const auto invoices = usd_list({0, 2e9, 2e9, 2e9, 2e9, 2e9, 2e9, 0, 0, 0, 0, 0});
  const CashProjection buyer = at.project(kBuyer);
  const CashProjection seller = at.project(kSeller);
  CHECK(column(buyer, &ProjectedMonth::purchases_out) == invoices);
  CHECK(column(seller, &ProjectedMonth::sales_in) == invoices);
  CHECK(column(buyer, &ProjectedMonth::sales_in) == usd_list({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  // The seller pays its cost of revenue (cloud default 45 %) on each delivery: months 0-5.
  CHECK(column(seller, &ProjectedMonth::operating_out) ==
        usd_list({0.9e9, 0.9e9, 0.9e9, 0.9e9, 0.9e9, 0.9e9, 0, 0, 0, 0, 0, 0}));
  // 0.1 GW arrives with each delivery.
  for (int k = 0; k < 6; ++k)
    CHECK(buyer.months[static_cast<std::size_t>(k)].gw_bought == doctest::Approx(0.1));
  CHECK(buyer.months[6].gw_bought == 0.0);
  // Cash path: 50 B less 2 B a month from month 1: never below zero.
  CHECK(buyer.start_cash == usd(50e9));
  CHECK(buyer.min_cash() == usd(38e9));
  CHECK(buyer.runway_months() == 999.0);
  CHECK(!buyer.first_gap_month(Money::zero()));
  CHECK(buyer.first_gap_month(usd(45e9)) == 3);  // 48, 46, 44: month 3 ends below 45 B
}

TEST_CASE("a cash-positive firm facing an invoice wall runs out in the month the wall takes") {
  // The buyer earns 12 B a year from outside customers (no growth, no noise, capacity never
  // binds) at a 45 % cost of revenue and holds 1 B of cash: its operations alone never burn, but
  // 2 B invoices from month 1 on outrun 0.55 × 12 B × days/365 a month.
  ScenarioSpec s = with_supply();
  FirmSpec& buyer = s.firms[kBuyer];
  buyer.cash = usd(1e9);
  buyer.revenue.annual = usd(12e9);
  At at(s, day(2025, 1, 15));
  const CashProjection p = at.project(kBuyer);
  // By hand: month k's operating net is 0.55 × 12e9 × days_k / 365, days = 31, 28, 31, 30, ...
  const double days[] = {31, 28, 31, 30};
  double cash = p.start_cash.dollars();
  double expected_runway = 999.0;
  for (int k = 0; k < 4 && expected_runway == 999.0; ++k) {
    const double op_in = 12e9 * days[k] / 365.0;
    CHECK(p.months[static_cast<std::size_t>(k)].operating_in.dollars() ==
          doctest::Approx(op_in).epsilon(1e-11));  // a cent in a billion
    const double end = cash + 0.55 * op_in - (k >= 1 ? 2e9 : 0.0);
    if (end < 0) expected_runway = k + cash / (cash - end);
    cash = end;
  }
  // About 1.25 B at the start (two weeks of earnings on the 1 B); +0.56 B in month 0, −1.49 B
  // in month 1 (to ~0.32 B), −1.44 B in month 2: the gap opens in month 2.
  REQUIRE(expected_runway < 999.0);
  CHECK(p.runway_months() == doctest::Approx(expected_runway).epsilon(1e-9));
  CHECK(p.runway_months() > 2.0);
  CHECK(p.runway_months() < 3.0);
  CHECK(p.first_gap_month(Money::zero()) == 2);
  CHECK(p.min_cash().is_negative());
}

TEST_CASE("a lease's payments, its capacity coming and going") {
  ScenarioSpec s = quiet_scenario();
  ContractSpec c =
      contract("dc", ContractType::lease, kBuyer, kSeller, day(2025, 2, 1), day(2025, 7, 1), 1.2e9);
  c.as<LeaseTerms>().gw = 0.3;
  s.contracts = {c};
  At at(s, day(2025, 1, 15));
  const CashProjection lessee = at.project(kBuyer);
  const CashProjection lessor = at.project(kSeller);
  // Paid on 02-01, 03-01, ..., 07-01: months 0-5.
  const auto payments = usd_list({0.2e9, 0.2e9, 0.2e9, 0.2e9, 0.2e9, 0.2e9, 0, 0, 0, 0, 0, 0});
  CHECK(column(lessee, &ProjectedMonth::purchases_out) == payments);
  CHECK(column(lessor, &ProjectedMonth::sales_in) == payments);
  CHECK(lessor.months[0].operating_out == usd(0.09e9));  // 45 % cost of revenue
  CHECK(lessee.months[0].gw_leased == doctest::Approx(0.3));
  CHECK(lessee.months[5].gw_leased == doctest::Approx(-0.3));  // lease_end on 07-01
}

TEST_CASE("a loan's interest month by month and its maturity, for borrower and lender") {
  ScenarioSpec s = quiet_scenario();
  ContractSpec c = contract("credit", ContractType::loan, kLender, kBuyer, day(2025, 1, 6),
                            day(2025, 6, 30), 10e9);
  c.as<LoanTerms>().rate = 0.06;
  s.contracts = {c};
  At at(s, day(2025, 1, 15));
  const CashProjection borrower = at.project(kBuyer);
  const CashProjection lender = at.project(kLender);
  // Interest 10e9 × 6 % × days / 365 on month lengths 31, 28, 31, 30, 31; month 5 (06-15 to
  // 07-15) has 15 days of interest to the maturity on 06-30 and the principal.
  const double per_day = 10e9 * 0.06 / 365.0;
  const std::vector<Money> expected = {usd(per_day * 31),
                                       usd(per_day * 28),
                                       usd(per_day * 31),
                                       usd(per_day * 30),
                                       usd(per_day * 31),
                                       usd(10e9 + per_day * 15),
                                       usd(0),
                                       usd(0),
                                       usd(0),
                                       usd(0),
                                       usd(0),
                                       usd(0)};
  CHECK(column(borrower, &ProjectedMonth::debt_service_out) == expected);
  CHECK(column(lender, &ProjectedMonth::financing_in) == expected);
  CHECK(borrower.months[0].debt_service_out == usd(50'958'904.11));  // 10e9 × 0.06 × 31 / 365
}

// The buyer owes 10 B at 6 % to outside lenders, due 2025-06-30: the settlement rolls it over
// for five years if it falls due while the funding market is open and the buyer is not in
// distress, so the projection does too (interest on the whole horizon, no principal); in a frozen
// market (sentiment 1 below freeze_below 2) it is repaid at maturity, as the loan above. The
// months from 01-15 have 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 days.
TEST_CASE("outside debt is projected to roll over while the market is open, else to fall due") {
  const double per_day = 10e9 * 0.06 / 365.0;
  const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (const bool frozen : {false, true}) {
    CAPTURE(frozen);
    ScenarioSpec s = quiet_scenario();
    s.firms[kBuyer].debt = {{"notes", usd(10e9), 0.06, day(2025, 6, 30), false, 1, ""}};
    if (frozen) s.market.funding.freeze_below = 2.0;
    At at(s, day(2025, 1, 15));
    std::vector<Money> expected;
    for (std::size_t k = 0; k < 12; ++k) {
      if (!frozen) {
        expected.push_back(usd(per_day * days[k]));
      } else {
        expected.push_back(k < 5    ? usd(per_day * days[k])
                           : k == 5 ? usd(10e9 + per_day * 15)
                                    : usd(0));
      }
    }
    CHECK(column(at.project(kBuyer), &ProjectedMonth::debt_service_out) == expected);
    // And the settlement agrees: on 06-30 the debt rolls over (a refinancing `debt_raised`) or is
    // repaid.
    At later(s, day(2025, 7, 1));
    bool refinanced = false, repaid = false;
    for (const Event& e : later.sink.events) {
      refinanced |= e.type == EventType::debt_raised && e.firm == kBuyer;
      repaid |= e.type == EventType::loan_repaid && e.firm == kBuyer;
    }
    CHECK(refinanced == !frozen);
    CHECK(repaid == frozen);
    CHECK(later.world.firms[kBuyer].debt[0].principal == (frozen ? usd(0) : usd(10e9)));
  }
}

TEST_CASE(
    "an investor's tranches are committed outflows: the investee counts only unconditional "
    "ones, and contingent funding stays out of the cash path") {
  ScenarioSpec s = quiet_scenario();
  // Two tranches of 2 B: 03-03 (no gate) and 03-03 + ⌊184 / 2⌋ days = 06-03 (a GW gate).
  ContractSpec eq = contract("round", ContractType::equity_investment, kInvestor, kBuyer,
                             day(2025, 3, 3), day(2025, 9, 3), 4e9);
  eq.as<EquityTerms>().tranche.tranches = 2;
  eq.as<EquityTerms>().tranche.milestones = {{}, {std::nullopt, 0.5, 0.0}};
  // 2 B on 04-01 with probability 25 %.
  ContractSpec maybe = contract("maybe", ContractType::contingent_funding, kLender, kBuyer,
                                day(2025, 4, 1), day(2025, 4, 1), 2e9);
  maybe.as<ContingentFundingTerms>().probability = 0.25;
  s.contracts = {eq, maybe};
  At at(s, day(2025, 1, 15));
  const CashProjection investor = at.project(kInvestor);
  const CashProjection investee = at.project(kBuyer);
  const CashProjection funder = at.project(kLender);
  CHECK(column(investor, &ProjectedMonth::investments_out) ==
        usd_list({0, 2e9, 0, 0, 2e9, 0, 0, 0, 0, 0, 0, 0}));
  CHECK(column(investee, &ProjectedMonth::financing_in) ==
        usd_list({0, 2e9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  // The gated tranche (month 4) and the contingent funding at its odds (month 2), shown apart.
  CHECK(column(investee, &ProjectedMonth::contingent_in) ==
        usd_list({0, 0, 0.5e9, 0, 2e9, 0, 0, 0, 0, 0, 0, 0}));
  CHECK(funder.months[2].investments_out == usd(2e9));
  // The cash path counts the unconditional tranche only: 50 B + 2 B.
  CHECK(investee.cash_at_end(11) == usd(52e9));
  CHECK(investee.min_cash() == usd(50e9));
}

TEST_CASE("two firms trading only with each other: one's purchases are the other's sales") {
  ScenarioSpec s = with_supply();
  ContractSpec lease = contract("dc", ContractType::lease, kBuyer, kSeller, day(2025, 1, 20),
                                day(2025, 12, 22), 2.4e9);
  lease.as<LeaseTerms>().gw = 0.2;
  s.contracts.push_back(lease);
  // Mid-contract, with invoices delivered and not yet paid open on both books.
  for (const Date d : {day(2025, 1, 15), day(2025, 3, 14), day(2025, 6, 10)}) {
    At at(s, d);
    const CashProjection buyer = at.project(kBuyer, 14);
    const CashProjection seller = at.project(kSeller, 14);
    CAPTURE(d.iso());
    CHECK(column(buyer, &ProjectedMonth::purchases_out) ==
          column(seller, &ProjectedMonth::sales_in));
    Money total;
    for (const Money m : column(buyer, &ProjectedMonth::purchases_out))
      total += m;
    CHECK(total.is_positive());
  }
}

TEST_CASE("the projected first month is what the ledger then pays") {
  // Projected on 2025-01-14, month 0 is [01-14, 02-14); the run then goes on to 02-14, whose tick
  // accrues interest to 02-14 (the operations phase pays interest for the days since the last
  // tick), and no contract has an item dated 02-14. Each firm's change of cash is then its
  // projected month-0 net flow: exactly, except for interest, which the ledger rounds to the cent
  // tick by tick (22 ticks) and the projection once.
  ScenarioSpec s = quiet_scenario();
  ContractSpec gpus = contract("gpus", ContractType::supply, kBuyer, kSeller, day(2025, 1, 2),
                               day(2025, 6, 2), 6e9);  // 1 B a month; 02-02 delivers on 02-03
  ContractSpec dc = contract("dc", ContractType::lease, kBuyer, kSeller, day(2025, 1, 20),
                             day(2025, 6, 20), 1.2e9);
  dc.as<LeaseTerms>().gw = 0.1;
  ContractSpec credit = contract("credit", ContractType::loan, kLender, kBuyer, day(2025, 1, 6),
                                 day(2026, 1, 6), 10e9);
  credit.as<LoanTerms>().rate = 0.06;
  ContractSpec round = contract("round", ContractType::equity_investment, kInvestor, kBuyer,
                                day(2025, 1, 27), day(2025, 7, 28), 4e9);
  round.as<EquityTerms>().tranche.tranches = 2;
  s.contracts = {gpus, dc, credit, round};
  At at(s, day(2025, 1, 14));
  REQUIRE(at.world.date == day(2025, 1, 14));
  std::vector<CashProjection> projected;
  std::vector<Money> cash_before;
  for (std::int32_t i = 0; i < 4; ++i) {
    projected.push_back(at.project(i));
    cash_before.push_back(at.world.firms[static_cast<std::size_t>(i)].cash);
  }
  // By hand, month 0: the buyer pays the 01-02 invoice (due 02-01, paid on 02-03) and the lease's
  // 01-20 payment (1.2 B), 31 days of interest, and receives the first tranche (2 B); the seller
  // receives 1.2 B and pays 45 % on the 02-02 delivery and the lease payment.
  const Money interest = usd(10e9 * 0.06 * 31 / 365);
  CHECK(projected[kBuyer].months[0].purchases_out == usd(1.2e9));
  CHECK(projected[kBuyer].months[0].debt_service_out == interest);
  CHECK(projected[kBuyer].months[0].financing_in == usd(2e9));
  CHECK(projected[kSeller].months[0].sales_in == usd(1.2e9));
  CHECK(projected[kSeller].months[0].operating_out == usd(0.45e9 + 0.09e9));
  CHECK(projected[kInvestor].months[0].investments_out == usd(2e9));
  CHECK(projected[kLender].months[0].financing_in == interest);

  RunOptions opt;
  opt.until = day(2025, 2, 14);
  continue_run(at.spec, at.world, at.sink, opt);
  REQUIRE(at.world.date == day(2025, 2, 14));
  for (std::int32_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    const Money actual = at.world.firms[static_cast<std::size_t>(i)].cash - cash_before[i];
    const Money off = actual - projected[static_cast<std::size_t>(i)].months[0].net();
    const bool pays_interest = i == kBuyer || i == kLender;
    CHECK(off.in_cents() <= (pays_interest ? 22 : 0));
    CHECK(off.in_cents() >= (pays_interest ? -22 : 0));
  }
}

namespace {

// Every part of two projections, bit for bit.
bool same(const CashProjection& a, const CashProjection& b) {
  if (a.today != b.today || a.start_cash != b.start_cash || a.bounds != b.bounds ||
      a.months.size() != b.months.size())
    return false;
  for (std::size_t k = 0; k < a.months.size(); ++k) {
    const ProjectedMonth &x = a.months[k], &y = b.months[k];
    if (x.operating_in != y.operating_in || x.operating_out != y.operating_out ||
        x.sales_in != y.sales_in || x.financing_in != y.financing_in ||
        x.purchases_out != y.purchases_out || x.investments_out != y.investments_out ||
        x.debt_service_out != y.debt_service_out || x.margin_out != y.margin_out ||
        x.contingent_in != y.contingent_in || x.gw_bought != y.gw_bought ||
        x.gw_leased != y.gw_leased)
      return false;
  }
  return true;
}

}  // namespace

TEST_CASE("an index kept from tick to tick gives every firm the projection a fresh one gives") {
  // Items come and go all through the run: each of twelve monthly GPU deliveries draws a loan
  // that schedules its own monthly repayments (items added), while deliveries, lease payments and
  // repayments are settled (items taken); the firms look 3, 6 and 12 months ahead, so the kept
  // index (held to 13 months) holds items past the shorter horizons, and takes in the contracts'
  // later items (up to 2026-06-30) as its horizon moves.
  ScenarioSpec s = quiet_scenario();
  s.end = day(2026, 9, 30);
  ContractSpec gpus = contract("gpus", ContractType::supply, kBuyer, kSeller, day(2025, 2, 1),
                               day(2026, 1, 1), 12e9);
  gpus.as<SupplyTerms>().gw = 0.6;
  ContractSpec loan = contract("gpu-loan", ContractType::loan, kLender, kBuyer, day(2025, 1, 20),
                               day(2026, 6, 30), 9e9);
  loan.as<LoanTerms>().financed = 0;
  loan.as<LoanTerms>().amortising = true;
  ContractSpec dc = contract("dc", ContractType::lease, kBuyer, kSeller, day(2025, 3, 10),
                             day(2026, 3, 10), 2.4e9);
  dc.as<LeaseTerms>().gw = 0.2;
  s.contracts = {gpus, loan, dc};
  s.firms[kBuyer].treasury.horizon_months = 6;
  s.firms[kLender].treasury.horizon_months = 3;
  int horizon = 1;
  for (const FirmSpec& f : s.firms)
    horizon = std::max(horizon, f.treasury.horizon_months);

  World world = make_world(s, 1);
  MemorySink sink;
  const CompiledScenario compiled = compile_scenario(s);
  ProjectionIndex kept;
  int ticks = 0, differ = 0, bucketed = 0, dropped = 0, kept_as_is = 0, added = 0;
  std::size_t pending = 0;
  std::uint64_t seq = 0;
  RunOptions opt;
  opt.after_phase = [&](Phase phase, const World&) {
    if (phase != Phase::decisions) return;
    TickContext ctx{s, world, sink, compiled};
    const Date until = kept.until;
    index_for_projection(ctx, horizon, kept);
    // Which way the index was made good: items taken in as `until` moved, the settled items
    // dropped (the scheduler shrank), or kept as it was; and whether the scheduler gained items.
    if (!(kept.until == until))
      ++bucketed;
    else if (world.scheduler.size() != pending)
      ++dropped;
    else
      ++kept_as_is;
    if (ticks > 0 && world.scheduler.next_seq() != seq) ++added;
    pending = world.scheduler.size();
    seq = world.scheduler.next_seq();
    ++ticks;
    for (std::int32_t i = 0; i < 4; ++i) {
      const int months = s.firms[static_cast<std::size_t>(i)].treasury.horizon_months;
      CashProjection from_kept;
      project_cash(ctx, kept, i, months, from_kept);
      if (!same(from_kept, project_cash(ctx, i, months))) {
        ++differ;
        CAPTURE(world.date.iso());
        CAPTURE(i);
        CHECK(same(from_kept, project_cash(ctx, i, months)));
      }
    }
  };
  continue_run(s, world, sink, opt);
  CHECK(ticks > 400);
  CHECK(differ == 0);
  // All three ways were taken, each many times: the test compared what it means to.
  CHECK(bucketed >= 12);
  CHECK(dropped >= 12);
  CHECK(kept_as_is >= 100);
  CHECK(added >= 12);
  MESSAGE("ticks ", ticks, ": bucketed ", bucketed, ", dropped ", dropped, ", kept ", kept_as_is,
          "; items added on ", added);
}

TEST_CASE("growth factors kept from tick to tick are those a fresh index computes") {
  // Operating firms whose demand and fixed costs grow, one of them stepping to a new growth rate
  // on 2025-07-15 (a path step, mid-month, where the months ahead keep their lengths): the kept
  // index reuses each firm's factors while the months' midpoints and its growth stay, and computes
  // them again when either changes. Every tick, every firm's projection from it must be the fresh
  // index's, bit for bit.
  ScenarioSpec s = quiet_scenario();
  s.end = day(2026, 3, 31);
  for (FirmSpec& f : s.firms) {
    f.revenue.annual = usd(3e9);  // below the capacity (8 B a year), so growth shows
    f.revenue.growth = 0.4;
    f.costs.fixed_annual = usd(3e9);
    f.costs.fixed_growth = 0.1;
    f.compute.power_per_gw_year = usd(1e9);
    f.compute.revenue_per_gw_year = usd(8e9);
    f.compute.gw = 1.0;
  }
  s.firms[kBuyer].revenue.growth_path = {{day(2025, 7, 15), -0.2}};
  s.firms[kSeller].treasury.horizon_months = 24;
  int horizon = 1;
  for (const FirmSpec& f : s.firms)
    horizon = std::max(horizon, f.treasury.horizon_months);

  World world = make_world(s, 1);
  MemorySink sink;
  const CompiledScenario compiled = compile_scenario(s);
  ProjectionIndex kept;
  int ticks = 0, differ = 0, same_months = 0, growth_changed = 0;
  std::vector<double> mid_years;
  double buyer_growth = 0.0;
  RunOptions opt;
  opt.after_phase = [&](Phase phase, const World&) {
    if (phase != Phase::decisions) return;
    TickContext ctx{s, world, sink, compiled};
    index_for_projection(ctx, horizon, kept);
    if (kept.mid_years == mid_years) ++same_months;
    mid_years = kept.mid_years;
    if (ticks > 0 && world.firms[kBuyer].growth != buyer_growth) ++growth_changed;
    buyer_growth = world.firms[kBuyer].growth;
    ++ticks;
    for (std::int32_t i = 0; i < 4; ++i) {
      const int months = s.firms[static_cast<std::size_t>(i)].treasury.horizon_months;
      CashProjection from_kept;
      project_cash(ctx, kept, i, months, from_kept);
      const CashProjection fresh = project_cash(ctx, i, months);
      CHECK(fresh.months[0].operating_in.is_positive());  // the operations are projected
      if (!same(from_kept, fresh)) {
        ++differ;
        CAPTURE(world.date.iso());
        CAPTURE(i);
        CHECK(same(from_kept, fresh));
      }
    }
  };
  continue_run(s, world, sink, opt);
  CHECK(ticks > 250);
  CHECK(differ == 0);
  // Both ways were taken: the midpoints repeat on most days (months ahead of the same lengths)
  // and change on others; the buyer's growth stepped once.
  CHECK(same_months > ticks / 2);
  CHECK(same_months < ticks - 12);
  CHECK(growth_changed == 1);
  MESSAGE("ticks ", ticks, ": months as the day before ", same_months);
}

TEST_CASE("only the firms that read their projection are projected") {
  // A firm reads its projection through a treasury policy, a rule raising equity (its investors
  // net its uncovered commitments) or a condition on runway_months, projected_gap or
  // months_to_gap, which name no other firm; a firm with none of them is not projected.
  ScenarioSpec s;
  s.name = "readers";
  s.start = day(2025, 1, 1);
  s.end = day(2025, 3, 31);
  const auto rule = [](const char* when, const char* action) {
    RuleSpec r;
    r.when = when;
    r.action = action;
    r.amount = usd(1e9);
    return r;
  };
  FirmSpec treasury = quiet_firm("a-treasury");
  treasury.treasury.actions = {TreasuryAction::raise_debt};
  FirmSpec equity = quiet_firm("b-equity");
  equity.rules = {rule("cash < 1B", "raise_equity")};
  FirmSpec runway = quiet_firm("c-runway");
  runway.rules = {rule("runway_months < 6", "raise_debt")};
  FirmSpec gap = quiet_firm("d-gap");
  gap.rules = {rule("cash < 1B or projected_gap > 0", "buyback")};
  FirmSpec months = quiet_firm("e-months");
  months.rules = {rule("months_to_gap < 3", "raise_debt")};
  FirmSpec other = quiet_firm("f-other");  // rules on other observables only, no treasury
  other.rules = {rule("cash < 1B and distress(g-none)", "raise_debt")};
  FirmSpec none = quiet_firm("g-none");
  s.firms = {treasury, equity, runway, gap, months, other, none};
  const CompiledScenario compiled = compile_scenario(s);
  CHECK(compiled.projected == std::vector<std::uint8_t>{1, 1, 1, 1, 1, 0, 0});
  CHECK(compiled.projects);
  s.firms = {other, none};
  CHECK_FALSE(compile_scenario(s).projects);
}

TEST_CASE("a tranche that depends on an open condition counts at its odds until it resolves") {
  // Two tranches of 2 B, 03-03 and 06-03; the condition resolves on 05-01 and fails with
  // probability p.
  auto with_condition = [](double p) {
    ScenarioSpec s = quiet_scenario();
    ContractSpec eq = contract("round", ContractType::equity_investment, kInvestor, kBuyer,
                               day(2025, 3, 3), day(2025, 9, 3), 4e9);
    eq.as<EquityTerms>().tranche.tranches = 2;
    eq.as<EquityTerms>().condition_date = day(2025, 5, 1);
    eq.as<EquityTerms>().condition_fails = p;
    s.contracts = {eq};
    return s;
  };
  // Before: the 03-03 tranche (month 1) is due before the condition's date, committed; the
  // 06-03 tranche (month 4) is contingent at 1 − 0.25: 1.5 B, shown apart, not in the cash path.
  {
    At at(with_condition(0.25), day(2025, 1, 15));
    const CashProjection investee = at.project(kBuyer);
    CHECK(column(investee, &ProjectedMonth::financing_in) ==
          usd_list({0, 2e9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    CHECK(column(investee, &ProjectedMonth::contingent_in) ==
          usd_list({0, 0, 0, 0, 1.5e9, 0, 0, 0, 0, 0, 0, 0}));
    CHECK(investee.cash_at_end(11) == usd(52e9));
    // The investor provides for both: it may have to pay.
    CHECK(column(at.project(kInvestor), &ProjectedMonth::investments_out) ==
          usd_list({0, 2e9, 0, 0, 2e9, 0, 0, 0, 0, 0, 0, 0}));
  }
  // After, on 05-15 (month 0 is [05-15, 06-15)): held (p = 0), the 06-03 tranche is committed
  // financing at 1; failed (p = 1), it is nothing, for investee and investor alike.
  {
    At held(with_condition(0.0), day(2025, 5, 15));
    const CashProjection investee = held.project(kBuyer);
    CHECK(investee.months[0].financing_in == usd(2e9));
    CHECK(investee.months[0].contingent_in == Money::zero());
  }
  {
    At failed(with_condition(1.0), day(2025, 5, 15));
    const CashProjection investee = failed.project(kBuyer);
    CHECK(investee.months[0].financing_in == Money::zero());
    CHECK(investee.months[0].contingent_in == Money::zero());
    CHECK(failed.project(kInvestor).months[0].investments_out == Money::zero());
  }
}

TEST_CASE(
    "a supply invoiced on the compute cost path is projected at the path's cost on delivery") {
  // with_supply's 12 B of GPUs (six parts of 2 B, delivered 02-01 .. 07-01, signed 01-02) and a
  // path of 50 B per GW to 03-31, 40 B from 04-01: the parts delivered from 04-01 on cost
  // 2 B × 40 / 50 = 1.6 B.
  ScenarioSpec s = with_supply();
  s.market.compute_cost = {{day(2025, 1, 1), 50e9}, {day(2025, 4, 1), 40e9}};
  s.contracts[0].as<SupplyTerms>().invoice = Invoice::path;
  At at(s, day(2025, 1, 15));
  const CashProjection buyer = at.project(kBuyer);
  const CashProjection seller = at.project(kSeller);
  const auto invoices = usd_list({0, 2e9, 2e9, 1.6e9, 1.6e9, 1.6e9, 1.6e9, 0, 0, 0, 0, 0});
  CHECK(column(buyer, &ProjectedMonth::purchases_out) == invoices);
  CHECK(column(seller, &ProjectedMonth::sales_in) == invoices);
  // The seller's cost of revenue (45 %) follows the invoice: 0.9 B, then 0.72 B.
  CHECK(column(seller, &ProjectedMonth::operating_out) ==
        usd_list({0.9e9, 0.9e9, 0.72e9, 0.72e9, 0.72e9, 0.72e9, 0, 0, 0, 0, 0, 0}));
  // The GW signed arrive whatever the invoice: 0.1 GW a part.
  for (int k = 0; k < 6; ++k)
    CHECK(buyer.months[static_cast<std::size_t>(k)].gw_bought == doctest::Approx(0.1));
  // Fixed at signing, the same path changes nothing.
  s.contracts[0].as<SupplyTerms>().invoice = Invoice::fixed;
  At fixed(s, day(2025, 1, 15));
  CHECK(column(fixed.project(kBuyer), &ProjectedMonth::purchases_out) ==
        usd_list({0, 2e9, 2e9, 2e9, 2e9, 2e9, 2e9, 0, 0, 0, 0, 0}));
}
