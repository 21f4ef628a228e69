// Phase 4, decisions: every firm's strategy rules see the observables as of the start of this
// phase; firms act in a seeded permutation (so no firm has first claim on anything by its id).
// Raises from outside capital are collected and filled together at the end of the phase, by
// value and growth when the quarter's supply is short (issue 3, "Funding supply"; issue 17).

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "agents/capacity.hpp"
#include "sim/contracts/common.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/engine/compute_cost.hpp"
#include "sim/engine/default_outlook.hpp"
#include "sim/engine/line_tags.hpp"
#include "sim/engine/projection_lines.hpp"
#include "sim/engine/reference.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/engine/tick_workspace.hpp"
#include "sim/engine/treasury.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

namespace {

double market_value(const FirmState& f) {
  return f.price * std::max(f.diluted_shares, f.shares);
}

// The firm's projection made at the start of this decisions phase (observe), for the treasury
// and the participation constraint; made for the firms projection_needed names.
const CashProjection& projection_of(const DecisionWorkspace& ws, std::int32_t firm) {
  return ws.projections[static_cast<std::size_t>(firm)];
}

// Only the observables some rule reads (rules.observed): the divisions of the others would be
// most of this phase's time. The rest of the table is left as it was; no condition reads it.
// With attribution every live firm is projected by line too, and a projection without a gap
// becomes the firm's reference (MODEL.md §7.23); the observables read only the firms
// projection_needed names, so attribution changes no decision.
void observe(TickContext& ctx, DecisionWorkspace& ws) {
  const World& w = ctx.world;
  ObservationTable& t = ws.observations;
  t.values.resize(w.firms.size());
  // The treasury's projection (MODEL.md §7.18), only when something reads it.
  const bool attribution = attribution_on(ctx);
  const bool project = projections_needed(ctx) || attribution;
  if (project) {
    index_for_projection(ctx, longest_treasury_horizon(ctx), ws.projection_index);
    ws.projections.resize(w.firms.size());
  }
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    const FirmState& f = w.firms[i];
    const FirmSpec& s = ctx.spec.firms[i];
    auto& row = t.values[i];
    // Computes an observable's value (the lambda) only when some rule reads it.
    const auto set = [&](ObservableId id, auto value) {
      const auto k = static_cast<std::size_t>(id);
      if (ctx.compiled.observed[k]) row[k] = value();
    };
    const double mv = market_value(f);
    set(ObservableId::cash, [&] { return f.cash.dollars(); });
    if (attribution && !f.defaulted) {
      CashProjection& p = ws.projections[i];
      project_lines(ctx, ws.projection_index, static_cast<std::int32_t>(i),
                    s.treasury.horizon_months, p, &ws.lines);
      update_reference(ctx, static_cast<std::int32_t>(i), p, ws.lines);
      ws.lines.clear();
    } else if (project && projection_needed(ctx, static_cast<std::int32_t>(i))) {
      project_cash(ctx, ws.projection_index, static_cast<std::int32_t>(i),
                   s.treasury.horizon_months, ws.projections[i]);
    }
    if (project && projection_needed(ctx, static_cast<std::int32_t>(i))) {
      const CashProjection& p = ws.projections[i];
      set(ObservableId::runway_months, [&] { return p.runway_months(); });
      set(ObservableId::projected_gap,
          [&] { return std::max(0.0, -static_cast<double>(p.min_cash().in_cents()) * 0.01); });
      set(ObservableId::months_to_gap, [&] {
        const auto k = p.first_gap_month(Money::zero());
        return k ? static_cast<double>(*k) : 999.0;
      });
    }
    set(ObservableId::leverage, [&] {
      return mv > 0.0 ? static_cast<double>(f.total_debt().in_cents()) / (mv * 100.0) : 999.0;
    });
    set(ObservableId::drawdown,
        [&] { return f.peak_price > 0.0 ? 1.0 - f.price / f.peak_price : 0.0; });
    set(ObservableId::price, [&] { return f.price; });
    set(ObservableId::market_value, [&] { return mv; });
    set(ObservableId::revenue_growth, [&] { return f.growth; });
    set(ObservableId::net_income, [&] { return f.net_income_trailing; });
    set(ObservableId::gw, [&] { return f.gw(); });
    set(ObservableId::utilisation, [&] {
      const double capacity = revenue_capacity(s, f);
      return capacity > 0.0 ? f.demand / capacity : 0.0;
    });
    set(ObservableId::unmet_demand, [&] { return unmet_demand(s, f); });
    set(ObservableId::default_probability, [&] { return f.default_probability; });
    set(ObservableId::commitment_value, [&] { return f.commitment_value; });
    set(ObservableId::sentiment, [&] { return w.market.sentiment; });
    set(ObservableId::risk_free, [&] { return w.market.risk_free; });
    set(ObservableId::year, [&] { return static_cast<double>(w.date.year()); });
    set(ObservableId::distress, [&] { return f.distressed ? 1.0 : 0.0; });
    set(ObservableId::defaulted, [&] { return f.defaulted ? 1.0 : 0.0; });
  }
}

// Each firm's probability of default over its horizon (MODEL.md §7.20), from the projection just
// made: what its equity holders, lenders and the funding market read this tick. A firm that is
// not projected (nothing reads its projection: no treasury, no rule on it — the banks aggregate,
// or every firm of a scenario without treasuries) is not assessed and its PD stays 0; a
// defaulted firm's is 1.
void assess_default_risk(TickContext& ctx) {
  for (FirmState& f : ctx.world.firms) {
    if (f.defaulted) f.default_probability = 1.0;
  }
  refresh_default_probabilities(ctx);
}

// The firms whose projection showed a gap: the ones whose treasury may act on it this tick.
void note_gaps(const TickContext& ctx, DecisionWorkspace& ws) {
  ws.gapped.clear();
  for (std::size_t i = 0; i < ctx.world.firms.size(); ++i) {
    if (projection_needed(ctx, static_cast<std::int32_t>(i)) &&
        ws.projections[i].min_cash().is_negative())
      ws.gapped.push_back(static_cast<std::int32_t>(i));
  }
}

// What the market reads at the close is the outlook after the day's actions (MODEL.md §7.20):
// a firm that saw a gap this morning and has raised, drawn, sold or cut by the close is assessed
// again on a projection made now. Assessed only in the morning, its PD jumped to the odds of a
// raise that the same day then settled, and back the next day — a daily flicker that its
// partners' prices carried (issue 19). Other firms' outlooks did not change with the day's
// actions except through a shared funding pool, which the next morning reads.
void reassess_after_actions(TickContext& ctx, DecisionWorkspace& ws) {
  if (ws.gapped.empty()) return;
  index_for_projection(ctx, longest_treasury_horizon(ctx), ws.projection_index);
  for (const std::int32_t i : ws.gapped) {
    FirmState& f = ctx.firm(i);
    if (f.defaulted) continue;
    CashProjection& p = ws.projections[static_cast<std::size_t>(i)];
    project_cash(ctx, ws.projection_index, i, ctx.firm_spec(i).treasury.horizon_months, p);
    f.default_probability = default_outlook(ctx, i, p).default_probability;
  }
}

Event firm_event(EventType type, std::int32_t firm, Money amount, std::uint64_t cause = 0) {
  Event e;
  e.cause = cause;
  e.type = type;
  e.firm = firm;
  e.amount = amount;
  return e;
}

// The buyer's commitments a cut or cancel applies to: the named contract, or all with "*".
std::vector<std::int32_t> commitments_of(const TickContext& ctx, std::int32_t firm,
                                         std::int32_t target) {
  std::vector<std::int32_t> out;
  for (std::size_t c = 0; c < ctx.spec.contracts.size(); ++c) {
    const ContractSpec& cs = ctx.spec.contracts[c];
    const bool purchase = kind_of(cs).cancel_penalty != nullptr;
    if (!purchase || as_index(cs.from) != firm || !ctx.world.contracts[c].signed_) continue;
    if (target == kAllTargets || target == as_index(c)) out.push_back(as_index(c));
  }
  return out;
}

// What a cash-spending rule may spend: its amount, leaving at least the rule's min_cash.
Money spendable(const FirmState& f, const RuleSpec& rule, Money wanted) {
  return min(wanted, max(f.cash - rule.min_cash, Money::zero()));
}

void buy_compute(TickContext& ctx, std::int32_t firm, const RuleSpec& rule, std::int32_t supplier) {
  FirmState& f = ctx.firm(firm);
  const Money amount = spendable(f, rule, rule.amount);
  const Money per_gw = hardware_cost_per_gw(ctx, firm, ctx.world.date);
  if (!amount.is_positive() || !per_gw.is_positive()) return;
  if (supplier >= 0 && !ctx.firm(supplier).defaulted) {
    transfer(ctx.world, firm, supplier, amount);
    FirmState& s = ctx.firm(supplier);
    s.book_revenue(amount);
    const Money cogs = amount.times(ctx.firm_spec(supplier).costs.cost_of_revenue);
    s.book_income(-cogs);
    pay_or_owe(ctx.world, supplier, -1, cogs, Channel::suppliers, -1);
  } else {
    pay_to_outside(ctx.world, firm, amount, Channel::suppliers);
  }
  const double gw = amount.dollars() / per_gw.dollars();
  f.fleet_book += amount;
  f.fleet_gross += amount;
  f.gw_owned += gw;
  Event e = firm_event(EventType::compute_bought, firm, amount);
  e.counterparty = supplier;
  ctx.emit(e.with("gw", gw));
}

void vendor_invest(TickContext& ctx, std::int32_t firm, const RuleSpec& rule, std::int32_t c) {
  if (c < 0) return;
  const ContractSpec& cs = ctx.contract_spec(c);
  if (as_index(cs.to) != firm) return;  // only the seller can vendor-finance its customer
  const auto customer = as_index(cs.from);
  FirmState& f = ctx.firm(firm);
  FirmState& cust = ctx.firm(customer);
  if (cust.defaulted) return;
  const Money amount = spendable(f, rule, ctx.contract(c).remaining.times(rule.share));
  if (!amount.is_positive()) return;
  const double shares = amount.dollars() / cust.price;
  transfer(ctx.world, firm, customer, amount);
  cust.shares += shares;
  cust.diluted_shares += shares;
  cust.flows.capital_issued += amount;
  bool found = false;
  for (auto& s : f.stakes) {
    if (s.issuer == customer) {
      s.shares += shares;
      s.booked += amount;
      found = true;
    }
  }
  if (!found) {
    f.stakes.push_back({customer, shares, amount});
    std::sort(f.stakes.begin(), f.stakes.end(),
              [](const StakeState& a, const StakeState& b) { return a.issuer < b.issuer; });
  }
  Event e = firm_event(EventType::vendor_investment, firm, amount);
  e.counterparty = customer;
  e.contract = c;
  ctx.emit(e.with("shares", shares).with("price", cust.price));
}

void buyback(TickContext& ctx, std::int32_t firm, const RuleSpec& rule) {
  FirmState& f = ctx.firm(firm);
  const Money amount = spendable(f, rule, rule.amount);
  if (!amount.is_positive() || f.price <= 0.0) return;
  const double shares = std::min(f.shares * 0.5, amount.dollars() / f.price);
  const Money paid = Money::from_dollars(shares * f.price);
  pay_to_outside(ctx.world, firm, paid, Channel::outside_investors);
  f.shares -= shares;
  f.diluted_shares -= shares;
  f.flows.distributions += paid;
  ctx.emit(
      firm_event(EventType::buyback, firm, paid).with("shares", shares).with("price", f.price));
}

// How a short supply of outside capital is shared among this tick's raises (MODEL.md §7.6): in
// proportion to each firm's claim on it, w = market value × (1 + max(0, revenue growth)) (split
// evenly over the firm's raises of the tick), each raise capped at its amount, what a capped one
// leaves shared again among the others (water-filling: fill_k = min(R_k, λ w_k), Σ fill_k =
// supply). So the fills follow value and growth, not the asks: a firm asking more than its share
// gets its share, whatever it asks. All of them when the supply covers every raise.
std::vector<Money> split_supply(const TickContext& ctx, const std::vector<RaiseRequest>& requests,
                                Money supply, std::vector<double>& weights) {
  const std::size_t n = requests.size();
  std::vector<Money> fills(n);
  Money wanted;
  for (const auto& r : requests)
    wanted += r.amount;
  if (!supply.is_positive()) return fills;
  if (supply >= wanted) {
    for (std::size_t k = 0; k < n; ++k)
      fills[k] = requests[k].amount;
    return fills;
  }
  std::vector<int> raises_of(ctx.world.firms.size(), 0);
  for (const auto& r : requests)
    ++raises_of[static_cast<std::size_t>(r.firm)];
  weights.assign(n, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    const FirmState& f = ctx.world.firms[static_cast<std::size_t>(requests[k].firm)];
    // At least a dollar of weight, so that a raise of a firm valued at nothing is still ranked.
    weights[k] = std::max(1.0, market_value(f) * (1.0 + std::max(0.0, f.growth))) /
                 raises_of[static_cast<std::size_t>(requests[k].firm)];
  }
  // Raises in order of amount per weight: the first ones are filled in full while the supply
  // per unit of the remaining weight covers them; the rest share what is left by weight.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return requests[a].amount.dollars() * weights[b] < requests[b].amount.dollars() * weights[a];
  });
  Money left = supply;
  double weight_left = 0.0;
  for (const double w : weights)
    weight_left += w;
  std::size_t next = 0;
  for (; next < n; ++next) {
    const std::size_t k = order[next];
    if (requests[k].amount.dollars() * weight_left > left.dollars() * weights[k]) break;
    fills[k] = requests[k].amount;
    left -= requests[k].amount;
    weight_left -= weights[k];
  }
  std::vector<double> rest(n, 0.0);
  for (std::size_t j = next; j < n; ++j)
    rest[order[j]] = weights[order[j]];
  if (next < n && left.is_positive()) {
    const std::vector<Money> shares = split_largest_remainder(left, rest);
    for (std::size_t j = next; j < n; ++j)
      fills[order[j]] = shares[order[j]];
  }
  return fills;
}

// Fills this tick's raises from the quarter's outside capital (split_supply); nothing when the
// market is frozen.
void fill_raises(TickContext& ctx, const std::vector<RaiseRequest>& requests,
                 DecisionWorkspace& ws) {
  std::vector<double>& weights = ws.raise_weights;
  if (requests.empty()) return;
  MarketState& m = ctx.world.market;
  const FundingSpec& fs = ctx.spec.market.funding;
  const Money supply =
      m.sentiment < fs.freeze_below ? Money::zero() : max(m.funding_left, Money::zero());
  const std::vector<Money> fills = split_supply(ctx, requests, supply, weights);
  Money granted;
  for (const Money& got : fills)
    granted += got;
  m.funding_left -= granted;
  for (std::size_t k = 0; k < requests.size(); ++k) {
    const RaiseRequest& r = requests[k];
    FirmState& f = ctx.firm(r.firm);
    const Money got = fills[k];
    if (!got.is_positive()) {
      ctx.emit(firm_event(EventType::raise_failed, r.firm, r.amount, r.cause)
                   .with("equity", r.equity ? 1 : 0)
                   .with("supply", supply.dollars())
                   .with_text("reason", "supply"));
      continue;
    }
    if (r.equity) {
      // The investors buy only if the new shares are worth their price on the firm's
      // going-concern value, commitments included (Myers 1977; MODEL.md §7.19); refused, the
      // capital stays on offer.
      const EquityOffer issue = equity_offer(ctx, r.firm, got);
      const double discount = issue.discount, price = issue.price, shares = issue.shares,
                   value_net = issue.value_net;
      if (!issue.accepted) {
        m.funding_left += got;
        ctx.emit(firm_event(EventType::raise_failed, r.firm, r.amount, r.cause)
                     .with("equity", 1)
                     .with("supply", supply.dollars())
                     .with("price", price)
                     .with("value_net", value_net)
                     .with_text("reason", "participation"));
        continue;
      }
      receive_from_outside(ctx.world, r.firm, got, Channel::outside_investors);
      f.shares += shares;
      f.diluted_shares += shares;
      f.flows.capital_issued += got;
      if (!ctx.firm_spec(r.firm).listed) {
        f.last_round_price = price;
        f.mark = price;
      }
      ctx.emit(firm_event(EventType::equity_raised, r.firm, got, r.cause)
                   .with("shares", shares)
                   .with("price", price)
                   .with("discount", discount)
                   .with("value_net", value_net));
    } else {
      // Lenders ration before they price (MODEL.md §7.20): above the cut-off no rate is offered.
      if (f.default_probability > fs.max_default_probability) {
        m.funding_left += got;
        ctx.emit(firm_event(EventType::raise_failed, r.firm, r.amount, r.cause)
                     .with("equity", 0)
                     .with("supply", supply.dollars())
                     .with("default_probability", f.default_probability)
                     .with_text("reason", "default_probability"));
        continue;
      }
      const double rate = debt_rate(m, fs, f.default_probability);
      if (rate > r.max_rate) {
        // The firm's own guard: it will not borrow at this price; the capital stays on offer.
        m.funding_left += got;
        ctx.emit(firm_event(EventType::raise_failed, r.firm, r.amount, r.cause)
                     .with("equity", 0)
                     .with("supply", supply.dollars())
                     .with("rate", rate)
                     .with("max_rate", r.max_rate)
                     .with_text("reason", "rate"));
        continue;
      }
      DebtState d;
      d.id = "raised-" + ctx.world.date.iso();
      d.principal = got;
      d.rate = rate;
      d.maturity = ctx.world.date.plus_months(60);
      receive_from_outside(ctx.world, r.firm, got, Channel::outside_lenders);
      f.debt.push_back(d);
      ScheduledItem it;
      it.date = d.maturity;
      it.firm = r.firm;
      it.kind = ItemKind::debt_maturity;
      it.index = as_index(f.debt.size() - 1);
      ctx.world.scheduler.add(it);
      ctx.emit(firm_event(EventType::debt_raised, r.firm, got, r.cause).with("rate", d.rate));
    }
  }
}

}  // namespace

bool refresh_default_probabilities(TickContext& ctx) {
  DecisionWorkspace& ws = ctx.buffers().decisions;
  bool changed = false;
  for (std::size_t i = 0; i < ctx.world.firms.size(); ++i) {
    FirmState& f = ctx.world.firms[i];
    if (f.defaulted || !projection_needed(ctx, static_cast<std::int32_t>(i))) continue;
    const double pd =
        default_outlook(ctx, static_cast<std::int32_t>(i), ws.projections[i]).default_probability;
    changed = changed || pd != f.default_probability;
    f.default_probability = pd;
  }
  return changed;
}

void run_decisions_phase(TickContext& ctx) {
  World& w = ctx.world;
  DecisionWorkspace& ws = ctx.buffers().decisions;
  const ObservationTable& table = ws.observations;
  // Everything the firms decide moves cash as funding (raises, sales, purchases, buybacks),
  // except the cuts and deferrals of a contract, which set its line (MODEL.md §7.23).
  const LineScope funding(w, tag_of(LineKind::funding));
  observe(ctx, ws);
  assess_default_risk(ctx);
  note_gaps(ctx, ws);

  // A seeded Fisher–Yates permutation of the firms, drawn anew each tick.
  std::vector<std::int32_t>& order = ws.order;
  order.resize(w.firms.size());
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t k = order.size(); k > 1; --k) {
    std::swap(order[k - 1], order[w.decision_rng.below(k)]);
  }

  std::vector<RaiseRequest>& raises = ws.raises;
  raises.clear();
  for (const std::int32_t i : order) {
    FirmState& f = ctx.firm(i);
    if (f.defaulted) continue;
    const FirmSpec& spec = ctx.firm_spec(i);
    const auto& conditions = ctx.compiled.conditions[static_cast<std::size_t>(i)];
    for (std::size_t r = 0; r < conditions.size(); ++r) {
      const RuleSpec& rule = spec.rules[r];
      if (w.date.days() - static_cast<std::int64_t>(f.rule_last_fired[r]) < rule.cooldown_days)
        continue;
      if (!conditions[r].holds(static_cast<std::size_t>(i), table)) continue;
      f.rule_last_fired[r] = w.date.days();
      const std::int32_t target = ctx.compiled.targets[static_cast<std::size_t>(i)][r];
      switch (ctx.compiled.actions[static_cast<std::size_t>(i)][r]) {
        case ActionId::raise_equity:
          raises.push_back({i, true, rule.amount, 1.0, 0});
          break;
        case ActionId::raise_debt:
          raises.push_back({i, false, rule.amount, rule.max_rate, 0});
          break;
        case ActionId::draw_tranche:
          if (target >= 0) {
            if (const auto draw_early = kind_of(ctx.contract_spec(target)).draw_early)
              draw_early(ctx, target, 0);
          }
          break;
        case ActionId::cut_commitment:
        case ActionId::cancel_commitment: {
          const double share =
              ctx.compiled.actions[static_cast<std::size_t>(i)][r] == ActionId::cancel_commitment
                  ? 1.0
                  : rule.share;
          for (const std::int32_t c : commitments_of(ctx, i, target))
            cut_commitment(ctx, c, share, 0);
          break;
        }
        case ActionId::sell_stake:
          sell_stake_share(ctx, i, target, rule.share, 0);
          break;
        case ActionId::buy_compute:
          buy_compute(ctx, i, rule, target);
          break;
        case ActionId::vendor_invest:
          vendor_invest(ctx, i, rule, target);
          break;
        case ActionId::buyback:
          buyback(ctx, i, rule);
          break;
      }
    }
    // Then its treasury, on the projection made at the start of the phase (MODEL.md §7.19). A
    // backstopped firm's rescuer covers any gap, so its treasury neither raises nor cuts: the
    // counterfactual keeps the firm buying and paying as its contracts say.
    if (!spec.treasury.actions.empty() && !f.defaulted && !f.backstopped)
      run_treasury(ctx, i, projection_of(ws, i), ws.projection_index, raises);
  }
  fill_raises(ctx, raises, ws);
  reassess_after_actions(ctx, ws);
}

}  // namespace alchemy
