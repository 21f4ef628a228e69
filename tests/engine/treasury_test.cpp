// The treasury's policy (sim/engine/treasury.hpp, MODEL.md §7.19) on small scenarios worked out by
// hand: when a gap is first seen (as soon as the horizon reaches the invoice that makes cash
// negative), the order of actions one a day, each answering the gap's event, the wait after the
// order; the cut that frees the shortfall by the trough, best relief per penalty first; the
// episode restated each round and the default that names it, or the shock or market freeze that
// opened it; the buffer in months of operating outflows and debt service; and the investors'
// participation constraint on both sides of it.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "scenario_fixtures.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/engine/compiled_scenario.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/engine/treasury.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

enum : std::int32_t { kBuyer = 0, kSeller = 1 };

// A buyer with `cash` and nothing else to pay but `amount` of GPUs in `parts` monthly deliveries
// from `start`, each invoiced on 30-day terms; weekdays only, no holidays.
ScenarioSpec wall(double cash, double amount, Date start, Date end, int horizon,
                  std::vector<TreasuryAction> actions, double quarterly_supply) {
  ScenarioSpec s;
  s.name = "treasury";
  s.start = day(2025, 1, 2);  // the signing day: the first decisions see the starting price
  s.end = day(2026, 12, 31);
  s.nyse_holidays = false;
  s.market.sentiment.volatility = 0;
  s.market.gpu.volatility = 0;
  s.market.funding.quarterly_supply = usd(quarterly_supply);
  FirmSpec buyer = quiet_firm("buyer");
  buyer.cash = usd(cash);
  buyer.compute.power_per_gw_year = Money::zero();
  buyer.treasury.horizon_months = horizon;
  buyer.treasury.buffer_months = 0;
  buyer.treasury.actions = std::move(actions);
  buyer.treasury.max_rate = 1.0;
  buyer.valuation.announcement_beta = 0;  // the price stays at 100 on the signing day
  FirmSpec seller = quiet_firm("seller");
  s.firms = {buyer, seller};
  ContractSpec c;
  c.id = "gpus";
  c.set_type(ContractType::supply);
  c.from = kBuyer;
  c.to = kSeller;
  c.signed_on = day(2025, 1, 2);
  c.start = start;
  c.end = end;
  c.amount = usd(amount);
  s.contracts = {c};
  return s;
}

MemorySink run_until(const ScenarioSpec& s, Date until) {
  MemorySink sink;
  RunOptions opt;
  opt.until = until;
  run_scenario(s, 1, sink, opt);
  return sink;
}

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

// The buyer's treasury events: its gap, raises, sales and cuts.
std::vector<Event> treasury_events(const MemorySink& sink) {
  std::vector<Event> out;
  for (const Event& e : sink.events) {
    if (e.firm != kBuyer && e.type != EventType::commitment_cut) continue;
    switch (e.type) {
      case EventType::treasury_gap:
      case EventType::treasury_action_failed:
      case EventType::raise_failed:
      case EventType::equity_raised:
      case EventType::debt_raised:
      case EventType::commitment_cut:
        out.push_back(e);
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace

// 12 B in six parts of 2 B from 2025-09-01, 5 B of cash, a 3-month horizon. The projection dates
// an invoice from its scheduled delivery: 09-01 → 10-01, 10-01 → 10-31, 11-01 → 12-01. The third
// makes cash negative (5 − 6 = −1 B) and enters the horizon [today, today + 3 months) on the first
// tick after 09-01: 09-02, in month 2 ([11-02, 12-02)). With no outside capital, the order is
// tried one a weekday: equity 09-02, debt 09-03, stakes 09-04 (none), the cut 09-05. The cut frees,
// per share cut, the contract's invoices within the horizon (10-31 and 12-01: 4 B) less the
// penalty on what remains (10 % of 10 B): 3 B; the uncovered 1 B needs a third.
TEST_CASE("treasury: a gap is seen a horizon ahead and the order is tried one action a day") {
  const ScenarioSpec s = wall(5e9, 12e9, day(2025, 9, 1), day(2026, 2, 1), 3,
                              {TreasuryAction::raise_equity, TreasuryAction::raise_debt,
                               TreasuryAction::sell_stakes, TreasuryAction::cut_purchases},
                              0.0);
  const MemorySink sink = run_until(s, day(2025, 10, 3));
  const std::vector<Event> ev = treasury_events(sink);
  REQUIRE(ev.size() == 6);
  const Event& gap = ev[0];
  CHECK(gap.type == EventType::treasury_gap);
  CHECK(gap.date == day(2025, 9, 2));
  CHECK(gap.amount == usd(1e9));
  CHECK(field(gap, "opens_in") == 2);
  CHECK(field(gap, "floor") == 0.0);
  CHECK(field(gap, "low") == -1e9);

  CHECK(ev[1].type == EventType::raise_failed);
  CHECK(ev[1].date == day(2025, 9, 2));
  CHECK(field(ev[1], "equity") == 1);
  CHECK(text(ev[1], "reason") == "supply");
  CHECK(ev[2].type == EventType::raise_failed);
  CHECK(ev[2].date == day(2025, 9, 3));
  CHECK(field(ev[2], "equity") == 0);
  CHECK(ev[3].type == EventType::treasury_action_failed);
  CHECK(ev[3].date == day(2025, 9, 4));
  CHECK(text(ev[3], "action") == "sell_stakes");
  CHECK(ev[4].type == EventType::commitment_cut);
  CHECK(ev[4].date == day(2025, 9, 5));
  CHECK(field(ev[4], "share") == doctest::Approx(1.0 / 3.0).epsilon(1e-9));
  CHECK(ev[4].amount.dollars() == doctest::Approx(10e9 / 3.0).epsilon(1e-9));
  for (std::size_t k = 1; k < 5; ++k)
    CHECK(ev[k].cause == gap.seq);  // everything tried answers the one gap
  // The cut closes the gap exactly (cash 5 − 1/3 B of penalty against 2 + 2 × 4/3 B of invoices),
  // and the episode ends. On 10-01 the horizon reaches the 12-31 invoice: cash 5 − 1/3 − 2 = 8/3 B
  // after the 10-01 invoice, less 4/3 B (10-31, month 0) and 2 × 4/3 B (12-01 and 12-31, month 2)
  // is −4/3 B. The new episode is stated the day it is first projected, caused by nothing the
  // projection missed; its actions wait for the end of the 30-day wait, 10-05.
  const Event& next = ev[5];
  CHECK(next.type == EventType::treasury_gap);
  CHECK(next.date == day(2025, 10, 1));
  CHECK(next.cause == 0);
  CHECK(next.amount.dollars() == doctest::Approx(4e9 / 3.0).epsilon(1e-9));
  CHECK(field(next, "opens_in") == 2);
}

// A price of 100 USD on 1e9 shares (100 B) and a going-concern value G: the buyer has no revenue
// and no capacity limit, so G is its net financial assets, 5 B of cash plus `other` B of other
// assets. The gap is the uncovered part U = invoices − cash, and the issue asks for it; its
// discount is 5 % + 50 % × U / 100 B, and investors pay at most (G + U) per diluted share after
// the issue, i.e. they buy iff G ≥ (1 − discount) × 100 B.
TEST_CASE("treasury: equity is sold only to investors who get what they pay for") {
  const std::vector<TreasuryAction> equity_only{TreasuryAction::raise_equity};
  const auto with_value = [](ScenarioSpec s, double other) {
    s.firms[kBuyer].other_assets = usd(other);
    return s;
  };
  SUBCASE("G = 80 B, U = 25 B: discount 17.5 %, 80 B < 82.5 B: refused") {
    const ScenarioSpec s =
        with_value(wall(5e9, 30e9, day(2025, 2, 3), day(2025, 4, 1), 12, equity_only, 100e9), 75e9);
    const std::vector<Event> ev = treasury_events(run_until(s, day(2025, 1, 2)));
    REQUIRE(ev.size() == 2);
    CHECK(ev[0].amount == usd(25e9));
    CHECK(ev[1].type == EventType::raise_failed);
    CHECK(text(ev[1], "reason") == "participation");
    CHECK(field(ev[1], "price") == doctest::Approx(82.5).epsilon(1e-12));
    // (80 B + 25 B) / (1e9 + 25 B / 82.5)
    CHECK(field(ev[1], "value_net") == doctest::Approx(105e9 / (1e9 + 25e9 / 82.5)).epsilon(1e-12));
  }
  SUBCASE("G = 100 B, U = 8 B: discount 9 %, 100 B ≥ 91 B: sold at 91") {
    const ScenarioSpec s =
        with_value(wall(5e9, 13e9, day(2025, 2, 3), day(2025, 4, 1), 12, equity_only, 100e9), 95e9);
    const std::vector<Event> ev = treasury_events(run_until(s, day(2025, 1, 2)));
    REQUIRE(ev.size() == 2);
    CHECK(ev[1].type == EventType::equity_raised);
    CHECK(ev[1].amount == usd(8e9));
    CHECK(field(ev[1], "price") == doctest::Approx(91.0).epsilon(1e-12));
    CHECK(field(ev[1], "shares") == doctest::Approx(8e9 / 91.0).epsilon(1e-12));
    CHECK(field(ev[1], "value_net") == doctest::Approx(108e9 / (1e9 + 8e9 / 91.0)).epsilon(1e-12));
    CHECK(field(ev[1], "value_net") >= field(ev[1], "price"));
    CHECK(ev[1].cause == ev[0].seq);
  }
}

// Two purchase commitments and a receipt after the trough (MODEL.md §7.19, cut_purchases). From
// 2025-01-02 the months start 01-02, 02-02, 03-02, 04-02, 05-02, … Cash 1.5 B, a 12-month horizon.
//   A: 6 B of GPUs, deliveries 02-10 and 03-10 of 3 B, invoices 03-12 (month 2) and 04-09 (3);
//      penalty 10 % of 6 B = 0.6 B.
//   B: 10 B of GPUs, ten monthly deliveries of 1 B from 02-10, invoices in months 2 to 11;
//      penalty 5 % of 10 B = 0.5 B.
//   C: the buyer sells 20 B of services delivered 04-10, paid 05-10 (month 4).
// Cash by month: 1.5, 1.5, −2.5, −6.5 (the trough, k* = 3), 12.5, …: U = 6.5 B.
// Relief by the trough: A 3 + 3 − 0.6 = 5.4 B (9 per dollar of penalty), B 1 + 1 − 0.5 = 1.5 B
// (3 per dollar). Greedy: A in full (5.4 B), then B by (6.5 − 5.4) / 1.5 = 11/15, so that cash at
// the trough is 0.
// (A uniform share over twelve months' relief, 6.5 / (5.4 + 9.5) of each, would free only
// 0.436 × 6.9 = 3.0 B by the trough.)
TEST_CASE("treasury: a cut frees the uncovered cash by the trough, best relief per penalty first") {
  ScenarioSpec s = wall(1.5e9, 6e9, day(2025, 2, 10), day(2025, 3, 10), 12,
                        {TreasuryAction::cut_purchases}, 0.0);
  s.firms[kBuyer].costs.cost_of_revenue = 0.0;
  s.firms.push_back(quiet_firm("customer"));
  ContractSpec b = s.contracts[0];
  b.id = "gpus-b";
  b.end = day(2025, 11, 10);
  b.amount = usd(10e9);
  b.as<SupplyTerms>().cancel_penalty = 0.05;
  ContractSpec sale = s.contracts[0];
  sale.id = "services";
  sale.from = 2;  // the customer
  sale.to = kBuyer;
  sale.start = day(2025, 4, 10);
  sale.end = day(2025, 4, 10);
  sale.amount = usd(20e9);
  sale.as<SupplyTerms>().delivery = Delivery::services;
  s.contracts.push_back(b);
  s.contracts.push_back(sale);
  World world = make_world(s, 1);
  MemorySink sink;
  RunOptions opt;
  opt.until = day(2025, 1, 2);
  continue_run(s, world, sink, opt);
  const std::vector<Event> ev = treasury_events(sink);
  const Event* cancel_a = nullptr;
  for (const Event& e : sink.events) {
    if (e.type == EventType::commitment_cancelled) cancel_a = &e;
  }
  REQUIRE(ev.size() == 2);  // the gap, B's cut (A's is a cancellation)
  CHECK(ev[0].type == EventType::treasury_gap);
  CHECK(ev[0].amount == usd(6.5e9));
  CHECK(field(ev[0], "low") == -6.5e9);
  REQUIRE(cancel_a != nullptr);
  CHECK(cancel_a->contract == 0);
  CHECK(cancel_a->amount == usd(6e9));
  CHECK(field(*cancel_a, "penalty") == doctest::Approx(0.6e9).epsilon(1e-12));
  CHECK(cancel_a->cause == ev[0].seq);
  const Event& cut_b = ev[1];
  CHECK(cut_b.type == EventType::commitment_cut);
  CHECK(cut_b.contract == 1);
  CHECK(field(cut_b, "share") == doctest::Approx(11.0 / 15.0).epsilon(1e-9));
  CHECK(field(cut_b, "penalty") == doctest::Approx(11.0 / 15.0 * 0.5e9).epsilon(1e-9));
  CHECK(cut_b.cause == ev[0].seq);
  // The projection after the cuts: cash 1.5 − 0.6 − 11/30 (the penalties) = 8/15 B in months 0
  // and 1; B's invoices of 4/15 B in months 2 and 3 bring it to 0 at the trough (to the cent).
  const CompiledScenario compiled = compile_scenario(s);
  TickContext ctx{s, world, sink, compiled};
  const CashProjection p = project_cash(ctx, kBuyer, 12);
  CHECK(p.cash_at_end(1).dollars() == doctest::Approx(8.0 / 15.0 * 1e9).epsilon(1e-9));
  CHECK(p.cash_at_end(2).dollars() == doctest::Approx(4.0 / 15.0 * 1e9).epsilon(1e-9));
  CHECK(std::abs(p.cash_at_end(3).dollars()) < 0.05);
  CHECK(std::abs(p.min_cash().dollars()) < 0.05);
}

namespace {

// A buyer owing 10 B to outside lenders at 0 % on 2025-03-31 (a Monday), with 5 B of cash and
// only `raise_debt` to try, in a frozen funding market (sentiment 1 below freeze_below 2: no raise
// is filled and the debt cannot roll over). With `sale`, a customer pays it 6 B on 03-12 for
// services delivered 02-10, which covers the maturity until a shock cancels the sale on 02-05.
ScenarioSpec maturity_wall(bool sale) {
  ScenarioSpec s =
      wall(5e9, 1e9, day(2025, 12, 1), day(2025, 12, 1), 12, {TreasuryAction::raise_debt}, 100e9);
  s.contracts.clear();
  s.market.funding.freeze_below = 2.0;
  s.firms[kBuyer].debt = {{"notes", usd(10e9), 0.0, day(2025, 3, 31), false, 1, ""}};
  s.firms[kBuyer].costs.cost_of_revenue = 0.0;
  if (sale) {
    s.firms.push_back(quiet_firm("customer"));
    ContractSpec c;
    c.id = "services";
    c.set_type(ContractType::supply);
    c.as<SupplyTerms>().delivery = Delivery::services;
    c.from = 2;
    c.to = kBuyer;
    c.signed_on = day(2025, 1, 2);
    c.start = day(2025, 2, 10);
    c.end = day(2025, 2, 10);
    c.amount = usd(6e9);
    s.contracts = {c};
    s.shocks = {{day(2025, 2, 5), ShockKind::cancel_contract, "services", 0.0}};
  }
  return s;
}

const Event& by_seq(const MemorySink& sink, std::uint64_t seq) {
  REQUIRE(seq >= 1);
  const Event& e = sink.events[static_cast<std::size_t>(seq - 1)];
  REQUIRE(e.seq == seq);
  return e;
}

// The buyer's gap statements, in order.
std::vector<Event> gaps(const MemorySink& sink) {
  std::vector<Event> out;
  for (const Event& e : sink.events) {
    if (e.type == EventType::treasury_gap && e.firm == kBuyer) out.push_back(e);
  }
  return out;
}

const Event& first_of(const MemorySink& sink, EventType t) {
  for (const Event& e : sink.events) {
    if (e.type == t && e.firm == kBuyer) return e;
  }
  FAIL("no such event");
  return sink.events.front();
}

}  // namespace

// From 01-02 the projection holds the 10 B maturity against 5 B of cash: an episode, gap 5 B, low
// −5 B, opening in month 2 ([03-02, 04-02)). Its one action fails each round, and after each 30-day
// wait it is stated again with the day's figures, each statement caused by the one before:
// 01-02, 02-03 (02-01 is a Saturday), 03-05. The maturity is missed on 03-31 (5 B short), and the
// firm, in distress with 5 B owed and nothing left, defaults that day (insolvent at book): both
// name the latest statement, of 03-05, whose chain runs back to 01-02, 88 days before.
TEST_CASE("treasury: an open episode is stated again each round, and its default names it") {
  const MemorySink sink = run_until(maturity_wall(false), day(2025, 6, 30));
  const std::vector<Event> g = gaps(sink);
  REQUIRE(g.size() == 3);
  const Date dates[] = {day(2025, 1, 2), day(2025, 2, 3), day(2025, 3, 5)};
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(g[k].date == dates[k]);
    CHECK(g[k].cause == (k == 0 ? 0 : g[k - 1].seq));
  }
  CHECK(g[0].amount == usd(5e9));
  CHECK(field(g[0], "low") == -5e9);
  CHECK(field(g[0], "opens_in") == 2);
  // 03-05: the maturity is in month 0 ([03-05, 04-05)).
  CHECK(field(g[2], "opens_in") == 0);
  // Every raise cites the statement of its round.
  for (const Event& e : sink.events) {
    if (e.type != EventType::raise_failed) continue;
    const Event& stated = by_seq(sink, e.cause);
    CHECK(stated.type == EventType::treasury_gap);
    CHECK(stated.date == e.date);
  }
  const Event& missed = first_of(sink, EventType::payment_missed);
  CHECK(missed.date == day(2025, 3, 31));
  CHECK(field(missed, "shortfall") == 5e9);
  CHECK(missed.cause == g[2].seq);
  const Event& def = first_of(sink, EventType::default_);
  CHECK(def.date == day(2025, 3, 31));
  CHECK(def.cause == g[2].seq);
}

// The customer's 6 B (03-12) covers the maturity (5 + 6 − 10 = 1 B): no gap until the shock of
// 02-05 cancels the sale. That day's projection opens an episode whose cause is the shock (no
// projection foresaw it); the missed maturity names the episode, whose chain runs back to the
// shock. The default names the shock itself: against its reference (a projection before the
// shock), the line that lost most is the cancelled sale, whose event the shock is (MODEL.md
// §7.23), less than 90 days before the default.
TEST_CASE("treasury: a gap opened by a shock names it, and so does the default's chain") {
  const MemorySink sink = run_until(maturity_wall(true), day(2025, 6, 30));
  const std::vector<Event> g = gaps(sink);
  REQUIRE(g.size() >= 2);
  CHECK(g[0].date == day(2025, 2, 5));
  const Event& shock = by_seq(sink, g[0].cause);
  CHECK(shock.type == EventType::shock);
  CHECK(shock.date == day(2025, 2, 5));
  CHECK(g[1].date == day(2025, 3, 7));
  CHECK(g[1].cause == g[0].seq);
  const Event& missed = first_of(sink, EventType::payment_missed);
  CHECK(missed.date == day(2025, 3, 31));
  CHECK(missed.cause == g[1].seq);
  const Event* root = &by_seq(sink, missed.cause);
  while (root->type == EventType::treasury_gap)
    root = &by_seq(sink, root->cause);
  CHECK(root->seq == shock.seq);
  const Event& def = first_of(sink, EventType::default_);
  CHECK(def.cause == shock.seq);
  CHECK(def.date.days() - g[0].date.days() < 90);
}

// The same buyer in an open market whose sentiment drifts down without noise (from 0.502 towards
// 0.3, crossing freeze_below 0.5 in the first days). While the market is open the 10 B maturity is
// projected to roll over: no gap. The market phase that takes sentiment below 0.5 emits
// `funding_frozen`, news to every firm; the next day's projection has the principal due on 03-31
// against 5 B of cash (gap 5 B, low −5 B), and the episode names the freeze as its cause.
TEST_CASE("treasury: the funding market closing is a surprise that opens the debt wall's gap") {
  ScenarioSpec s = maturity_wall(false);
  // Solvent on its own valuation (50 B of other assets against 10 B of notes and 5 B of cash), so
  // its lenders would roll the notes over (default probability 0, MODEL.md §7.20) until the
  // market shuts; without them its stand-alone equity is negative and they never would.
  s.firms[kBuyer].other_assets = usd(50e9);
  s.market.funding.freeze_below = 0.5;
  SentimentSpec& m = s.market.sentiment;
  m.initial = 0.502;
  m.mean = 0.3;
  m.reversion = 2.0;
  m.volatility = 0.0;
  m.return_weight = 0.0;
  m.default_hit = m.failed_raise_hit = m.deal_lift = 0.0;
  const MemorySink sink = run_until(s, day(2025, 2, 28));
  std::vector<Event> frozen;
  for (const Event& e : sink.events) {
    if (e.type == EventType::funding_frozen) frozen.push_back(e);
    CHECK(e.type != EventType::funding_reopened);
  }
  REQUIRE(frozen.size() == 1);
  CHECK(field(frozen[0], "sentiment") < 0.5);
  CHECK(field(frozen[0], "freeze_below") == 0.5);
  const std::vector<Event> g = gaps(sink);
  REQUIRE(!g.empty());
  CHECK(g[0].date > frozen[0].date);
  CHECK(g[0].date.days() - frozen[0].date.days() <= 3);  // the next weekday
  CHECK(g[0].cause == frozen[0].seq);
  CHECK(g[0].amount == usd(5e9));
  CHECK(field(g[0], "low") == -5e9);
}

// The buffer counts operating outflows and what lenders are owed, not orders (MODEL.md §7.19,
// "What the buffer counts"). Four months from 20 B: operating costs 1 B a month, 0.4 B of margin
// in month 0, 0.2 B of debt service in month 2, 5 B of investments in month 1 and 10 B of
// invoices in month 3. Floor = 3 × (4 + 0.4 + 0.2) / 4 = 3.45 B (the orders would have made it
// 3 × 19.6 / 4 = 14.7 B). Cash: 18.6, 12.6, 11.4, 0.4: the gap is 3.45 − 0.4 = 3.05 B, opening in
// month 3; nothing is uncovered.
TEST_CASE("treasury: the buffer is months of operating outflows and debt service") {
  CashProjection p;
  p.reset(day(2025, 1, 2), usd(20e9), 4);
  for (ProjectedMonth& m : p.months)
    m.operating_out = usd(1e9);
  p.months[0].margin_out = usd(0.4e9);
  p.months[1].investments_out = usd(5e9);
  p.months[2].debt_service_out = usd(0.2e9);
  p.months[3].purchases_out = usd(10e9);
  const LiquidityGap g = liquidity_gap(p, 3.0);
  CHECK(g.floor == usd(3.45e9));
  CHECK(g.lowest == usd(0.4e9));
  CHECK(g.gap == usd(3.05e9));
  CHECK(g.opens_in == 3);
  CHECK(g.uncovered == Money::zero());
}
