#include "sim/contracts/equity_investment.hpp"

#include <algorithm>
#include <cmath>

#include "market/rng.hpp"
#include "sim/contracts/common.hpp"
#include "sim/contracts/supply.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/world/fund_tracing.hpp"

namespace alchemy {

namespace {

const TrancheTerms& tranches_of(const ContractSpec& cs) {
  return cs.as<EquityTerms>().tranche;
}

// A tranche's GW gate reads the GPUs the investor delivered to the investee, or (gw_source:
// all) the investee's whole capacity.
bool met(const TickContext& ctx, const ContractSpec& cs, std::size_t tranche) {
  const auto investor = as_index(cs.from), investee = as_index(cs.to);
  const bool own = cs.as<EquityTerms>().gw_source == GwSource::counterparty;
  return milestone_met(
      ctx, tranches_of(cs).milestones, tranche,
      [&] {
        return own ? gw_delivered(ctx, investor, investee)
                   : ctx.world.firms[static_cast<std::size_t>(investee)].gw();
      },
      investee);
}

// The odds that the condition holds, while it is open; 1 once resolved (a failed one has blocked
// the contract) or without one.
double odds(const ContractSpec& cs, Date today) {
  return condition_open(cs, today) ? 1.0 - cs.as<EquityTerms>().condition_fails : 1.0;
}

void sign(TickContext& ctx, std::int32_t c, Date start) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const TrancheTerms& t = tranches_of(cs);
  ctx.contract(c).remaining = cs.amount;
  // Scheduled before the tranches, so a tranche due on the condition's date follows its outcome.
  if (const auto& when = cs.as<EquityTerms>().condition_date)
    schedule(ctx, std::max(*when, ctx.world.date), ItemKind::contract_due, as_index(cs.from), c, 0,
             cs.amount);
  const int n = std::max(1, t.tranches);
  const auto parts = equal_parts(cs.amount, static_cast<std::size_t>(n));
  const int span = cs.end.days() - start.days();
  for (int k = 0; k < n; ++k) {
    const auto ku = static_cast<std::size_t>(k);
    Date due = start.plus_days(span * k / n);
    if (ku < t.milestones.size()) {
      const Milestone& m = t.milestones[ku];
      // Paid per GW deployed: a tranche gated on the investor's GPUs falls due on the delivery
      // that is scheduled to reach its GW, not on a date spread over the contract.
      if (m.min_gw_deployed > 0.0 && cs.as<EquityTerms>().gw_source == GwSource::counterparty) {
        if (const auto reached =
                date_gw_scheduled(ctx.spec.contracts, cs.from, cs.to, m.min_gw_deployed)) {
          due = std::max(start, *reached);
        }
      }
      if (m.not_before) due = std::max(due, *m.not_before);
    }
    schedule(ctx, due, ItemKind::tranche_due, as_index(cs.from), c, k, parts[ku]);
  }
}

void settle_tranche(TickContext& ctx, const ScheduledItem& it, std::uint64_t cause) {
  const ContractSpec& cs = ctx.contract_spec(it.contract);
  ContractState& st = ctx.contract(it.contract);
  const auto investor = as_index(cs.from), investee = as_index(cs.to);
  if (st.cancelled || st.blocked || ctx.firm(investee).defaulted || ctx.firm(investor).defaulted) {
    if (st.blocked && !st.cancelled) {
      Event e = contract_event(EventType::tranche_blocked, cs, it.contract, it.amount, 0);
      ctx.emit(e.with("tranche", it.index).with("reason_blocked", 1));
    }
    return;
  }
  if ((st.vested_mask >> it.index) & 1u) return;  // drawn early by a draw_tranche action
  const bool ok = met(ctx, cs, static_cast<std::size_t>(it.index));
  if (!ok || ctx.firm(investor).cash < it.amount) {
    Event e = contract_event(EventType::tranche_blocked, cs, it.contract, it.amount, 0);
    ctx.emit(e.with("tranche", it.index).with("milestone_met", ok ? 1 : 0));
    // Retry monthly until a year after the contract's end; then the tranche lapses.
    const Date retry = ctx.world.date.plus_months(1);
    if (retry <= cs.end.plus_days(365)) {
      schedule(ctx, retry, ItemKind::tranche_due, investor, it.contract, it.index, it.amount);
    }
    return;
  }
  // The investor's discretion (MODEL.md §7.3): what its own price says it can afford to fund.
  const FirmState& inv = ctx.firm(investor);
  const double elasticity = cs.as<EquityTerms>().price_elasticity;
  const double share = elasticity > 0.0 && inv.peak_price > 0.0
                           ? std::pow(std::min(1.0, inv.price / inv.peak_price), elasticity)
                           : 1.0;
  const Money paid = share < 1.0 ? it.amount.times(share) : it.amount;
  const EquityIssue issued = issue_equity(ctx, investor, investee, paid);
  trace_investment(ctx.world, it.contract, investor, investee, paid);
  st.remaining -= it.amount;  // what is not paid lapses
  st.delivered += paid;
  ++st.tranches_done;
  st.vested_mask |= 1u << it.index;  // for investments: the tranches drawn
  Event e = contract_event(EventType::tranche_drawn, cs, it.contract, paid, cause);
  ctx.emit(e.with("tranche", it.index)
               .with("shares", issued.shares)
               .with("price", issued.price)
               .with("share", share));
}

// The condition resolves: one uniform draw u from the contract's own stream, a pure function of
// (the run's seed, the contract id), so the outcome is the same whatever else the run draws and
// adding a condition moves no other random number; it fails when u < condition_fails (1: always,
// 0: never). A failure blocks every tranche not drawn yet (each says so on its date).
void resolve(TickContext& ctx, const ScheduledItem& it) {
  const ContractSpec& cs = ctx.contract_spec(it.contract);
  ContractState& st = ctx.contract(it.contract);
  if (st.cancelled) return;  // ended by a default or a shock, which said so
  const double p = cs.as<EquityTerms>().condition_fails;
  const std::uint64_t kind_seed = derive_seed(ctx.world.seed, stable_hash("condition"));
  Rng rng(derive_seed(kind_seed, stable_hash(cs.id)));
  const bool failed = rng.uniform() < p;
  if (failed) st.blocked = true;
  Event e = contract_event(EventType::condition_resolved, cs, it.contract, st.remaining, 0);
  ctx.emit(e.with("failed", failed ? 1 : 0).with("probability", p));
}

void settle(TickContext& ctx, const ScheduledItem& it) {
  if (it.kind == ItemKind::contract_due) return resolve(ctx, it);
  settle_tranche(ctx, it, 0);
}

// Draws the lowest undrawn tranche now, if its milestone is met and the investor can pay.
bool draw_early(TickContext& ctx, std::int32_t c, std::uint64_t cause) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const ContractState& st = ctx.contract(c);
  // Money that depends on an open condition cannot be drawn before it resolves.
  if (!st.signed_ || st.cancelled || st.blocked || condition_open(cs, ctx.world.date)) return false;
  const int n = std::max(1, tranches_of(cs).tranches);
  const auto parts = equal_parts(cs.amount, static_cast<std::size_t>(n));
  for (int t = 0; t < n; ++t) {
    if ((st.vested_mask >> t) & 1u) continue;
    if (!met(ctx, cs, static_cast<std::size_t>(t))) return false;
    if (ctx.firm(as_index(cs.from)).cash < parts[static_cast<std::size_t>(t)]) return false;
    ScheduledItem it;
    it.date = ctx.world.date;
    it.kind = ItemKind::tranche_due;
    it.firm = as_index(cs.from);
    it.contract = c;
    it.index = t;
    it.amount = parts[static_cast<std::size_t>(t)];
    settle_tranche(ctx, it, cause);
    return true;
  }
  return false;
}

// The investee's value depends on the investor's: b = undrawn, unblocked tranches due in the next
// 365 days (market_channels.hpp), at the condition's odds while it is open (the market prices the
// conditional money at its probability; tranches due before the condition's date are read at
// them too, a simplification that matters only while such a tranche is pending).
void channels(const TickContext& ctx, std::int32_t c, const std::vector<double>&,
              std::vector<MarketChannels::Entry>& out) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  if (st.blocked) return;
  const double flow = next_year_flow(cs, st, ctx.world.date) * odds(cs, ctx.world.date);
  if (flow > 0.0) {
    out.push_back({static_cast<std::uint32_t>(cs.to), static_cast<std::uint32_t>(cs.from),
                   EdgeKind::funding, flow, 0.0});
  }
}

void network_edge(const TickContext& ctx, std::int32_t c, Network& net) {
  if (!ctx.world.contracts[static_cast<std::size_t>(c)].blocked)
    remaining_edge(ctx, c, EdgeKind::funding, net);
}

// Whether tranche `t` is owed on its date alone: no milestone, or only a `not_before` date (its
// item is already scheduled on or after it). A GW or price gate depends on what others do.
bool unconditional(const ContractSpec& cs, std::size_t t) {
  const auto& ms = tranches_of(cs).milestones;
  return t >= ms.size() || (ms[t].min_gw_deployed <= 0.0 && ms[t].min_issuer_price <= 0.0);
}

// Each undrawn tranche on its due date: a committed outflow of the investor, whatever its gate
// (a treasury provides for what it may have to pay); for the investee, committed financing when
// the tranche is owed on its date alone, else contingent (shown, not in its cash path). A tranche
// due on or after an open condition's date is contingent at the condition's odds, amount ×
// (1 − condition_fails); once the condition has held it is as without one, once failed nothing.
void project(const TickContext& ctx, std::int32_t c, std::int32_t firm,
             const ProjectionIndex& index, CashProjection& out) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  if (st.cancelled || st.blocked || ctx.world.firms[cs.from].defaulted ||
      ctx.world.firms[cs.to].defaulted)
    return;
  for (const ScheduledItem& it : index.items_of[static_cast<std::size_t>(c)]) {
    if (it.kind != ItemKind::tranche_due || ((st.vested_mask >> it.index) & 1u)) continue;
    const int m = out.month_of(it.date);
    if (m < 0) continue;
    ProjectedMonth& pm = out.months[static_cast<std::size_t>(m)];
    if (firm == as_index(cs.from)) pm.investments_out += it.amount;
    if (firm != as_index(cs.to)) continue;
    const auto& when = cs.as<EquityTerms>().condition_date;
    if (condition_open(cs, ctx.world.date) && *when <= it.date)
      pm.contingent_in += it.amount.times(odds(cs, ctx.world.date));
    else
      (unconditional(cs, static_cast<std::size_t>(it.index)) ? pm.financing_in
                                                             : pm.contingent_in) += it.amount;
  }
}

// A probability of failing needs the date it resolves on, between the signing and the run's end
// (the item is scheduled when the contract is signed).
std::optional<KindProblem> check(const ContractSpec& cs, Date first, Date last) {
  if (auto p = check_amount_positive(cs)) return p;
  const EquityTerms& t = cs.as<EquityTerms>();
  if (t.condition_fails > 0.0 && !t.condition_date)
    return KindProblem{"condition_fails",
                       "a condition that may fail needs the date it resolves on: give "
                       "condition_date",
                       std::nullopt, ""};
  if (t.condition_date && (*t.condition_date < cs.signed_on || *t.condition_date > last))
    return KindProblem{"condition_date",
                       "condition_date " + t.condition_date->iso() +
                           " must fall between the contract's signing (" + cs.signed_on.iso() +
                           ") and the run's end (" + last.iso() + ")",
                       std::nullopt, ""};
  return check_tranches(tranches_of(cs), first, last);
}

}  // namespace

bool condition_open(const ContractSpec& cs, Date today) {
  const auto& when = cs.as<EquityTerms>().condition_date;
  return when && today < *when;
}

const ContractKind equity_investment_kind{
    .name = "equity_investment",
    .check = check,
    .sign = sign,
    .settle = settle,
    .channels = channels,
    .network_edge = network_edge,
    .on_default = end_on_default,
    .draw_early = draw_early,
    .investment = true,
    .project = project,
};

}  // namespace alchemy
