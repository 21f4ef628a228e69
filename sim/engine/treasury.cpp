#include "sim/engine/treasury.hpp"

#include <algorithm>

#include "sim/contracts/common.hpp"
#include "sim/contracts/credit_line.hpp"
#include "sim/engine/asset_sales.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/engine/purchase_deferral.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/engine/tick_workspace.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

namespace {

// What the buffer is counted in (MODEL.md §7.19): the month's operating outflows and what its
// lenders are owed (debt service, margin). Purchase commitments and investments are not buffered:
// the projection already holds each against the cash that must meet it, so a buffer in months of
// them would pre-fund a year of orders again on top (and grow with every order signed).
Money buffered_outflow(const ProjectedMonth& m) {
  return m.operating_out + m.debt_service_out + m.margin_out;
}

Event treasury_event(EventType type, std::int32_t firm, Money amount, std::uint64_t cause) {
  Event e;
  e.type = type;
  e.firm = firm;
  e.amount = amount;
  e.cause = cause;
  return e;
}

double stake_price(const TickContext& ctx, std::int32_t issuer) {
  const FirmState& is = ctx.world.firms[static_cast<std::size_t>(issuer)];
  return ctx.spec.firms[static_cast<std::size_t>(issuer)].listed ? is.price : is.mark;
}

// Sells the same share of every stake, enough to raise `needed` (all of them if that is short).
bool sell_stakes(TickContext& ctx, std::int32_t firm, Money needed, std::uint64_t cause) {
  const FirmState& f = ctx.firm(firm);
  double value = 0.0;
  for (const StakeState& s : f.stakes) {
    if (s.shares > 0.0 && !ctx.firm(s.issuer).defaulted)
      value += s.shares * stake_price(ctx, s.issuer);
  }
  if (value <= 0.0) return false;
  const double share = std::min(1.0, needed.dollars() / value);
  std::vector<std::int32_t> issuers;
  for (const StakeState& s : f.stakes) {
    if (s.shares > 0.0 && !ctx.firm(s.issuer).defaulted) issuers.push_back(s.issuer);
  }
  for (const std::int32_t issuer : issuers)
    sell_stake_share(ctx, firm, issuer, share, cause);
  return true;
}

// Cuts purchase commitments until the cash they free by the trough month `trough` (the month of
// the lowest projected cash) covers `needed`. A full cut of commitment c frees by then
//   r_c = its projected payments in months 0..trough − cancel_penalty_c × remaining_c
// (the penalty is paid now, before the trough). The commitments with the most relief per dollar of
// penalty are cut first, each in full, the last in part; all of those with r_c > 0 if that is
// short. This is the optimum of the fractional knapsack min Σ s_c P_c subject to Σ s_c r_c ≥
// needed, 0 ≤ s_c ≤ 1 (Dantzig 1957): the least penalty for the relief. The penalties fall due
// today, so the cuts stop at what today's cash can pay: a cut whose penalty the firm cannot pay
// would turn a future gap into today's default (the review of issue 17's commitment value, §2).
enum class CutOutcome { cut, nothing_frees_cash, no_cash_for_penalty };
CutOutcome cut_purchases(TickContext& ctx, std::int32_t firm, Money needed, const CashProjection& p,
                         int trough, const ProjectionIndex& index, std::uint64_t cause) {
  struct Relief {
    std::int32_t contract;
    double relief;   // r_c: cash freed by the trough month by cutting all of it
    double penalty;  // what cutting all of it costs now
  };
  std::vector<Relief> reliefs;
  CashProjection one;
  for (const std::int32_t c : ctx.compiled.contracts_of[static_cast<std::size_t>(firm)]) {
    const ContractSpec& cs = ctx.contract_spec(c);
    const ContractKind& kind = kind_of(cs);
    const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
    if (!kind.cancel_penalty || !kind.project || as_index(cs.from) != firm || !st.signed_ ||
        st.cancelled || !st.remaining.is_positive())
      continue;
    one.reset(p.today, Money::zero(), static_cast<int>(p.months.size()));
    kind.project(ctx, c, firm, index, one);
    Money payments;
    for (int k = 0; k <= trough; ++k)
      payments += one.months[static_cast<std::size_t>(k)].purchases_out;
    const double penalty = kind.cancel_penalty(cs) * st.remaining.dollars();
    const double relief = payments.dollars() - penalty;
    if (relief > 0.0) reliefs.push_back({c, relief, penalty});
  }
  if (reliefs.empty()) return CutOutcome::nothing_frees_cash;
  // Best relief per penalty first (r_a / P_a > r_b / P_b, multiplied out so that a commitment
  // without penalty comes first); ties keep the contracts' order.
  std::stable_sort(reliefs.begin(), reliefs.end(), [](const Relief& a, const Relief& b) {
    return a.relief * b.penalty > b.relief * a.penalty;
  });
  double left = needed.dollars();
  double cash = std::max(0.0, ctx.firm(firm).cash.dollars());  // for the penalties
  bool cut = false;
  for (const Relief& r : reliefs) {
    if (left <= 0.0) break;
    double share = std::min(1.0, left / r.relief);
    if (r.penalty > 0.0) share = std::min(share, cash / r.penalty);
    if (share <= 0.0) continue;
    cut_commitment(ctx, r.contract, share, cause);
    cut = true;
    left -= share * r.relief;
    cash -= share * r.penalty;
  }
  return cut ? CutOutcome::cut : CutOutcome::no_cash_for_penalty;
}

// The first month in which the projection reaches its lowest cash.
int trough_month(const CashProjection& p) {
  int trough = 0;
  Money cash = p.start_cash, lowest;
  for (std::size_t k = 0; k < p.months.size(); ++k) {
    cash += p.months[k].net();
    if (k == 0 || cash < lowest) {
      lowest = cash;
      trough = static_cast<int>(k);
    }
  }
  return trough;
}

}  // namespace

Money buffer_floor(const CashProjection& p, double buffer_months) {
  Money outflow;
  for (const ProjectedMonth& m : p.months)
    outflow += buffered_outflow(m);
  const double months = static_cast<double>(std::max<std::size_t>(1, p.months.size()));
  return Money::from_dollars(outflow.dollars() / months * buffer_months);
}

LiquidityGap liquidity_gap(const CashProjection& p, double buffer_months) {
  LiquidityGap g;
  g.floor = buffer_floor(p, buffer_months);
  g.lowest = p.min_cash();
  g.gap = g.floor - g.lowest;
  if (const auto k = p.first_gap_month(g.floor)) g.opens_in = *k;
  g.uncovered = max(-g.lowest, Money::zero());
  return g;
}

void note_surprise(TickContext& ctx, std::int32_t firm, std::uint64_t seq) {
  FirmState& f = ctx.firm(firm);
  f.surprise_event = seq;
  f.surprise_day = ctx.world.date.days();
}

std::uint64_t shortfall_cause(const TickContext& ctx, std::int32_t firm) {
  if (ctx.firm_spec(firm).treasury.actions.empty()) return 0;
  const FirmState& f = ctx.world.firms[static_cast<std::size_t>(firm)];
  // Event numbers grow with time: whichever came last is what the firm knew least about.
  return std::max(f.treasury_gap_event, f.surprise_event);
}

Money sell_stake_share(TickContext& ctx, std::int32_t firm, std::int32_t issuer, double share,
                       std::uint64_t cause) {
  FirmState& f = ctx.firm(firm);
  for (auto& s : f.stakes) {
    if (s.issuer != issuer || s.shares <= 0.0) continue;
    const double price = stake_price(ctx, issuer);
    const double shares = s.shares * share;
    const Money proceeds = Money::from_dollars(shares * price);
    const Money booked_part = s.booked.times(share);
    s.shares -= shares;
    s.booked -= booked_part;
    receive_from_outside(ctx.world, firm, proceeds, Channel::outside_investors);
    f.book_income(proceeds - booked_part);  // realised gain or loss on the sale
    Event e = treasury_event(EventType::stake_sold, firm, proceeds, cause);
    e.counterparty = issuer;
    ctx.emit(e.with("shares", shares).with("price", price));
    return proceeds;
  }
  return Money::zero();
}

void run_treasury(TickContext& ctx, std::int32_t firm, const CashProjection& p,
                  const ProjectionIndex& index, std::vector<RaiseRequest>& raises) {
  const TreasurySpec& t = ctx.firm_spec(firm).treasury;
  FirmState& f = ctx.firm(firm);
  if (t.actions.empty() || f.defaulted) return;
  const LiquidityGap g = liquidity_gap(p, t.buffer_months);
  if (!g.gap.is_positive()) {
    // The episode is over: the buffer holds over the whole horizon.
    f.treasury_gap_event = 0;
    f.treasury_step = 0;
    // Drawn credit lines are repaid from cash beyond twice the buffer (what a draw restores,
    // below), so that a line drawn today is not repaid tomorrow (MODEL.md §7.19).
    const Money surplus = g.lowest - g.floor - g.floor;
    if (surplus.is_positive()) repay_credit_lines(ctx, firm, surplus);
    return;
  }
  const Date today = ctx.world.date;
  const bool waiting = today.days() < f.treasury_wait_until;
  // An episode is stated when first projected, even while the firm waits to act, so that the log
  // dates it; its cause is what the projection did not foresee, if that came since the previous
  // tick. It is stated again, with today's figures, at the start of each round of the order (each
  // review), each statement caused by the previous one: the chain of an episode runs back to the
  // day it was first projected, and every action cites the latest statement.
  const bool restate = f.treasury_gap_event != 0 && !waiting && f.treasury_step == 0;
  if (f.treasury_gap_event == 0 || restate) {
    const std::uint64_t by =
        restate ? f.treasury_gap_event
                : (f.surprise_day >= ctx.world.previous_date.days() ? f.surprise_event : 0);
    f.treasury_gap_event = ctx.emit(treasury_event(EventType::treasury_gap, firm, g.gap, by)
                                        .with("opens_in", g.opens_in)
                                        .with("floor", g.floor.dollars())
                                        .with("low", g.lowest.dollars()));
  }
  if (waiting) return;
  const std::uint64_t cause = f.treasury_gap_event;
  // An issue restores the buffer twice over, so that a firm raises every few months rather than
  // every day (assumption; MODEL.md §7.19).
  const Money issue = g.gap + g.floor;
  const auto step = static_cast<std::size_t>(f.treasury_step) % t.actions.size();
  const TreasuryAction action = t.actions[step];
  // An action that finds nothing to act on still leaves its event under the gap, with why.
  const auto failed = [&](const char* reason) {
    ctx.emit(treasury_event(EventType::treasury_action_failed, firm, g.gap, cause)
                 .with_text("action", to_string(action))
                 .with_text("reason", reason));
  };
  switch (action) {
    case TreasuryAction::raise_equity:
      raises.push_back({firm, true, issue, 1.0, cause});
      break;
    case TreasuryAction::raise_debt:
      raises.push_back({firm, false, issue, t.max_rate, cause});
      break;
    case TreasuryAction::sell_stakes:
      if (!sell_stakes(ctx, firm, g.gap, cause)) failed("no stakes to sell");
      break;
    case TreasuryAction::draw_credit_line: {
      const char* reason = "";
      if (!draw_credit_lines(ctx, firm, issue, cause, reason).is_positive()) failed(reason);
      break;
    }
    case TreasuryAction::sell_assets:
      if (!sell_other_assets(ctx, firm, g.gap, cause).is_positive())
        failed("no other assets to sell");
      break;
    case TreasuryAction::defer_purchases:
      if (defer_purchases(ctx, firm, g.gap, p, index, cause) <= 0.0)
        failed("no deferral that frees cash within the horizon");
      break;
    case TreasuryAction::cut_purchases:
      // Orders are cut only to avoid running out of cash, not to keep the buffer: a cut costs
      // its penalty and the capacity it would have bought.
      if (!g.uncovered.is_positive())
        failed("cash lasts the horizon: orders are cut only to avoid running out");
      else
        switch (cut_purchases(ctx, firm, g.uncovered, p, trough_month(p), index, cause)) {
          case CutOutcome::cut:
            break;
          case CutOutcome::nothing_frees_cash:
            failed("no purchase whose cut frees cash by the lowest month");
            break;
          case CutOutcome::no_cash_for_penalty:
            failed("no cash to pay a cut's penalty");
            break;
        }
      break;
  }
  // One action a day, in order; after the last, the firm waits before starting over.
  f.treasury_step = static_cast<std::int32_t>(step + 1);
  if (step + 1 == t.actions.size()) {
    f.treasury_step = 0;
    f.treasury_wait_until = today.plus_days(t.review_days).days();
  }
}

}  // namespace alchemy
