#include "sim/contracts/contract_settlement.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "market/options.hpp"
#include "sim/world/ledger.hpp"
#include "sim/engine/shocks.hpp"

namespace alchemy {

namespace {

std::int32_t as_index(std::size_t i) {
  return static_cast<std::int32_t>(i);
}

// Dates start, start + 1 month, ... up to end (inclusive): the monthly schedule of a contract.
std::vector<Date> monthly_dates(Date start, Date end) {
  std::vector<Date> out;
  for (int k = 0;; ++k) {
    const Date d = start.plus_months(k);
    if (d > end) break;
    out.push_back(d);
  }
  if (out.empty()) out.push_back(start);
  return out;
}

std::vector<Money> equal_parts(Money total, std::size_t n) {
  const std::vector<double> w(n, 1.0);
  return split_largest_remainder(total, w);
}

double market_value(const FirmState& f) {
  return f.price * std::max(f.diluted_shares, f.shares);
}

void schedule(TickContext& ctx, Date d, ItemKind kind, std::int32_t firm, std::int32_t contract,
              std::int32_t index, Money amount) {
  ScheduledItem it;
  it.date = d;
  it.phase = Phase::calendar;
  it.firm = firm;
  it.contract = contract;
  it.kind = kind;
  it.index = index;
  it.amount = amount;
  ctx.world.scheduler.add(it);
}

// Announcement effect (DESIGN.md "Prices and feedback", issue 4): a signed deal moves each
// party's log price by beta × sentiment × deal size / market value, capped at ±1. The jump is
// applied in this tick's market phase, on top of the move toward fundamental value.
void announce(TickContext& ctx, std::int32_t firm, Money amount, std::uint64_t cause) {
  const FirmState& f = ctx.firm(firm);
  const double mv = market_value(f);
  if (mv <= 0.0 || f.defaulted) return;
  const double beta = ctx.firm_spec(firm).valuation.announcement_beta;
  const double jump =
      std::clamp(beta * ctx.world.market.sentiment * amount.dollars() / mv, -1.0, 1.0);
  ctx.world.pending_jump[static_cast<std::size_t>(firm)] += jump;
  ctx.world.jump_cause[static_cast<std::size_t>(firm)] = cause;
}

Event contract_event(EventType type, const ContractSpec& cs, std::int32_t c, Money amount,
                     std::uint64_t cause) {
  Event e;
  e.type = type;
  e.firm = as_index(cs.from);
  e.counterparty = as_index(cs.to);
  e.contract = c;
  e.amount = amount;
  e.cause = cause;
  return e;
}

bool milestone_met(const TickContext& ctx, const ContractSpec& cs, std::size_t tranche,
                   std::int32_t beneficiary, std::int32_t issuer) {
  if (tranche >= cs.milestones.size()) return true;
  const Milestone& m = cs.milestones[tranche];
  if (m.not_before && ctx.world.date < *m.not_before) return false;
  if (m.min_gw_deployed > 0.0) {
    // Warrants: the holder's deployment of the issuer's chips; investments: the investee's fleet.
    const double gw = cs.type == ContractType::warrant
                          ? gw_delivered(ctx, issuer, beneficiary)
                          : ctx.world.firms[static_cast<std::size_t>(beneficiary)].gw();
    if (gw + 1e-12 < m.min_gw_deployed) return false;
  }
  if (m.min_issuer_price > 0.0 &&
      ctx.world.firms[static_cast<std::size_t>(issuer)].price < m.min_issuer_price) {
    return false;
  }
  return true;
}

// Books a stake of `shares` in `issuer` for `holder`, carried at `value`.
void add_stake(FirmState& holder, std::int32_t issuer, double shares, Money value) {
  for (auto& s : holder.stakes) {
    if (s.issuer == issuer) {
      s.shares += shares;
      s.booked += value;
      return;
    }
  }
  holder.stakes.push_back({issuer, shares, value});
  std::sort(holder.stakes.begin(), holder.stakes.end(),
            [](const StakeState& a, const StakeState& b) { return a.issuer < b.issuer; });
}

void settle_supply_delivery(TickContext& ctx, const ScheduledItem& it) {
  const ContractSpec& cs = ctx.contract_spec(it.contract);
  ContractState& st = ctx.contract(it.contract);
  const auto buyer = as_index(cs.from), seller = as_index(cs.to);
  if (st.cancelled || ctx.firm(buyer).defaulted || ctx.firm(seller).defaulted) return;
  const Money value = min(it.amount.times(st.cut_factor), st.remaining);
  if (!value.is_positive()) return;
  st.remaining -= value;
  st.delivered += value;

  FirmState& b = ctx.firm(buyer);
  FirmState& s = ctx.firm(seller);
  const double share_of_deal =
      cs.amount.is_positive() ? value.dollars() / cs.amount.dollars() : 0.0;
  double gw = 0.0;
  if (cs.delivery == Delivery::gpus) {
    b.fleet_book += value;
    b.fleet_gross += value;
    const Money per_gw = ctx.firm_spec(buyer).compute.hardware_per_gw;
    gw = cs.gw > 0.0 ? cs.gw * share_of_deal
                     : (per_gw.is_positive() ? value.dollars() / per_gw.dollars() : 0.0);
    b.gw_owned += gw;
  } else {
    b.book_income(-value);  // compute services are an operating expense of the buyer
  }
  s.book_revenue(value);
  // The seller's cost of the goods it delivers.
  const Money cogs = value.times(ctx.firm_spec(seller).costs.cost_of_revenue);
  s.book_income(-cogs);
  pay_or_owe(ctx.world, seller, -1, cogs, Channel::suppliers, -1);
  add_claim(ctx.world, Claim{buyer, seller, it.contract, value,
                             ctx.world.date.plus_days(cs.payment_days), Channel::suppliers});
  if (ctx.verbose || it.index == 0) {
    Event e = contract_event(EventType::delivery, cs, it.contract, value, 0);
    ctx.emit(e.with("gw", gw));
  }
}

void settle_lease_payment(TickContext& ctx, const ScheduledItem& it) {
  const ContractSpec& cs = ctx.contract_spec(it.contract);
  ContractState& st = ctx.contract(it.contract);
  const auto lessee = as_index(cs.from), lessor = as_index(cs.to);
  if (st.cancelled || ctx.firm(lessee).defaulted || ctx.firm(lessor).defaulted) return;
  if (it.index == 0) ctx.firm(lessee).gw_leased += cs.gw * st.cut_factor;
  const Money value = min(it.amount.times(st.cut_factor), st.remaining);
  if (!value.is_positive()) return;
  st.remaining -= value;
  st.delivered += value;
  ctx.firm(lessee).book_income(-value);
  ctx.firm(lessor).book_revenue(value);
  const Money cogs = value.times(ctx.firm_spec(lessor).costs.cost_of_revenue);
  ctx.firm(lessor).book_income(-cogs);
  pay_or_owe(ctx.world, lessor, -1, cogs, Channel::suppliers, -1);
  const Money shortfall =
      pay_or_owe(ctx.world, lessee, lessor, value, Channel::suppliers, it.contract);
  if (shortfall.is_positive()) {
    Event e = contract_event(EventType::payment_missed, cs, it.contract, value, 0);
    ctx.emit(e.with("shortfall", shortfall.dollars()));
  } else if (ctx.verbose) {
    ctx.emit(contract_event(EventType::payment, cs, it.contract, value, 0));
  }
}

void settle_lease_end(TickContext& ctx, const ScheduledItem& it) {
  const ContractSpec& cs = ctx.contract_spec(it.contract);
  const ContractState& st = ctx.contract(it.contract);
  FirmState& lessee = ctx.firm(as_index(cs.from));
  if (st.delivered.is_positive())
    lessee.gw_leased = std::max(0.0, lessee.gw_leased - cs.gw * st.cut_factor);
}

void settle_tranche(TickContext& ctx, const ScheduledItem& it, std::uint64_t cause = 0) {
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
  const auto tranche = static_cast<std::size_t>(it.index);
  if ((st.vested_mask >> it.index) & 1u) return;  // drawn early by a draw_tranche action
  FirmState& inv = ctx.firm(investor);
  const bool met = milestone_met(ctx, cs, tranche, investee, investee);
  if (!met || inv.cash < it.amount) {
    Event e = contract_event(EventType::tranche_blocked, cs, it.contract, it.amount, 0);
    ctx.emit(e.with("tranche", it.index).with("milestone_met", met ? 1 : 0));
    // Retry monthly until a year after the contract's end; then the tranche lapses.
    const Date retry = ctx.world.date.plus_months(1);
    if (retry <= cs.end.plus_days(365)) {
      schedule(ctx, retry, ItemKind::tranche_due, investor, it.contract, it.index, it.amount);
    }
    return;
  }
  FirmState& ee = ctx.firm(investee);
  const double price = ee.price;  // the round is priced at the current (shadow) price
  const double new_shares = it.amount.dollars() / price;
  transfer(ctx.world, investor, investee, it.amount);
  ee.shares += new_shares;
  ee.diluted_shares += new_shares;
  ee.flows.capital_issued += it.amount;
  add_stake(inv, investee, new_shares, it.amount);
  if (!ctx.firm_spec(investee).listed) {
    ee.last_round_price = price;
    ee.mark = price;
  }
  st.remaining -= it.amount;
  st.delivered += it.amount;
  ++st.tranches_done;
  st.vested_mask |= 1u << it.index;  // for investments: the tranches drawn
  Event e = contract_event(EventType::tranche_drawn, cs, it.contract, it.amount, cause);
  ctx.emit(e.with("tranche", it.index).with("shares", new_shares).with("price", price));
}

void settle_warrant_check(TickContext& ctx, const ScheduledItem& it) {
  const ContractSpec& cs = ctx.contract_spec(it.contract);
  ContractState& st = ctx.contract(it.contract);
  const auto issuer = as_index(cs.from), holder = as_index(cs.to);
  if (st.cancelled || ctx.firm(issuer).defaulted) return;
  const int tranches = std::max(1, cs.tranches);
  const double per_tranche = cs.warrant_shares / tranches;
  const bool last_check = it.index == 1;
  for (int t = 0; t < tranches; ++t) {
    const std::uint32_t bit = 1u << t;
    if ((st.vested_mask | st.lapsed_mask) & bit) continue;
    const Money strike_paid = Money::from_dollars(per_tranche * cs.strike);
    if (milestone_met(ctx, cs, static_cast<std::size_t>(t), holder, issuer) &&
        ctx.firm(holder).cash >= strike_paid && !ctx.firm(holder).defaulted) {
      FirmState& is = ctx.firm(issuer);
      FirmState& ho = ctx.firm(holder);
      st.vested_mask |= bit;
      const std::uint64_t vested =
          ctx.emit(contract_event(EventType::warrant_vested, cs, it.contract, Money::zero(), 0)
                       .with("tranche", t)
                       .with("shares", per_tranche));
      // The holder exercises at once (the strike is nominal) and keeps the shares as a stake.
      const Money warrants_before = ho.warrants_booked;
      transfer(ctx.world, holder, issuer, strike_paid);
      is.shares += per_tranche;
      is.flows.capital_issued += strike_paid;
      const Money stake_value = Money::from_dollars(per_tranche * is.price);
      add_stake(ho, issuer, per_tranche, stake_value);
      ho.warrants_booked = Money::from_dollars(warrants_value_held(ctx, holder));
      // The holder's gain: shares worth more than strike plus the warrant's carrying value.
      ho.flows.revaluations += stake_value - strike_paid + (ho.warrants_booked - warrants_before);
      ctx.emit(contract_event(EventType::warrant_exercised, cs, it.contract, strike_paid, vested)
                   .with("shares", per_tranche)
                   .with("price", is.price));
    } else if (last_check) {
      st.lapsed_mask |= bit;
      ctx.emit(contract_event(EventType::warrant_lapsed, cs, it.contract, Money::zero(), 0)
                   .with("tranche", t)
                   .with("shares", per_tranche));
    }
  }
}

void settle_loan_draw(TickContext& ctx, const ScheduledItem& it) {
  const ContractSpec& cs = ctx.contract_spec(it.contract);
  ContractState& st = ctx.contract(it.contract);
  const auto lender = as_index(cs.from), borrower = as_index(cs.to);
  if (st.cancelled || ctx.firm(lender).defaulted || ctx.firm(borrower).defaulted) return;
  FirmState& l = ctx.firm(lender);
  const Money principal = min(cs.amount, max(l.cash, Money::zero()));
  if (!principal.is_positive()) return;
  transfer(ctx.world, lender, borrower, principal);
  l.loans_held += principal;
  DebtState d;
  d.id = cs.id;
  d.principal = principal;
  d.rate = cs.rate;
  d.maturity = cs.end;
  d.amortising = cs.amortising;
  d.lender = lender;
  d.contract = it.contract;
  d.gpu_collateral = cs.gpu_collateral;
  d.max_ltv = cs.max_ltv;
  FirmState& b = ctx.firm(borrower);
  b.debt.push_back(d);
  st.remaining = Money::zero();
  st.delivered = principal;
  const auto debt_index = as_index(b.debt.size() - 1);
  if (cs.amortising) {
    const auto dates = monthly_dates(cs.start.plus_months(1), cs.end);
    const auto parts = equal_parts(principal, dates.size());
    for (std::size_t k = 0; k < dates.size(); ++k) {
      schedule(ctx, dates[k], ItemKind::loan_amortise, borrower, it.contract, debt_index, parts[k]);
    }
  } else {
    schedule(ctx, cs.end, ItemKind::debt_maturity, borrower, it.contract, debt_index,
             Money::zero());
  }
  ctx.emit(
      contract_event(EventType::loan_drawn, cs, it.contract, principal, 0).with("rate", cs.rate));
}

// Repays `amount` of debt `debt_index` of `firm`: to a network lender, or to outside lenders.
// Any shortfall stays owed as an overdue claim; the debt itself is reduced in full.
void repay_principal(TickContext& ctx, std::int32_t firm, std::int32_t debt_index, Money amount) {
  FirmState& f = ctx.firm(firm);
  DebtState& d = f.debt[static_cast<std::size_t>(debt_index)];
  amount = min(amount, d.principal);
  if (!amount.is_positive()) return;
  d.principal -= amount;
  if (d.lender >= 0) ctx.firm(d.lender).loans_held -= amount;
  const Money shortfall =
      pay_or_owe(ctx.world, firm, d.lender, amount, Channel::outside_lenders, d.contract);
  Event e;
  e.type = shortfall.is_positive() ? EventType::payment_missed : EventType::loan_repaid;
  e.firm = firm;
  e.counterparty = d.lender;
  e.contract = d.contract;
  e.amount = amount;
  if (shortfall.is_positive()) e.with("shortfall", shortfall.dollars());
  ctx.emit(e);
}

void settle_debt_maturity(TickContext& ctx, const ScheduledItem& it) {
  FirmState& f = ctx.firm(it.firm);
  if (f.defaulted) return;
  DebtState& d = f.debt[static_cast<std::size_t>(it.index)];
  if (!d.principal.is_positive()) return;
  const FundingSpec& fs = ctx.spec.market.funding;
  // Outside debt rolls over for five years when the funding market is open and the firm is not
  // in distress: the debt wall is refinanced, at today's rate plus the firm's spread.
  if (d.lender < 0 && !f.distressed && ctx.world.market.sentiment >= fs.freeze_below) {
    const double mv = std::max(1.0, f.price * f.diluted_shares);
    const double leverage = f.total_debt().dollars() / mv;
    d.rate = debt_rate(ctx.world.market, fs, leverage);
    d.maturity = d.maturity.plus_months(60);
    schedule(ctx, d.maturity, ItemKind::debt_maturity, it.firm, -1, it.index, Money::zero());
    Event e;
    e.type = EventType::debt_raised;
    e.firm = it.firm;
    e.amount = d.principal;
    ctx.emit(e.with("rate", d.rate).with("refinanced", 1));
    return;
  }
  repay_principal(ctx, it.firm, it.index, d.principal);
}

}  // namespace

double next_year_flow(const ContractSpec& cs, const ContractState& st, Date today) {
  if (!st.remaining.is_positive()) return 0.0;
  const double total_days = std::max(1, cs.end.days() - cs.start.days());
  // USD a day, with one division (the market phase calls this for every contract every tick).
  const double rate_per_day =
      static_cast<double>(cs.amount.in_cents()) * st.cut_factor / (total_days * 100.0);
  const int from = std::max(today.days(), cs.start.days());
  const int to = std::min(today.days() + 365, cs.end.days());
  return std::min(st.remaining.dollars(), rate_per_day * std::max(0, to - from));
}

double gw_delivered(const TickContext& ctx, std::int32_t seller, std::int32_t buyer) {
  double gw = 0.0;
  for (std::size_t c = 0; c < ctx.spec.contracts.size(); ++c) {
    const ContractSpec& cs = ctx.spec.contracts[c];
    if (cs.type != ContractType::supply || as_index(cs.from) != buyer || as_index(cs.to) != seller)
      continue;
    if (cs.amount.is_positive() && cs.gw > 0.0) {
      gw += cs.gw * ctx.world.contracts[c].delivered.dollars() / cs.amount.dollars();
    }
  }
  return gw;
}

bool draw_next_tranche(TickContext& ctx, std::int32_t c, std::uint64_t cause) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const ContractState& st = ctx.contract(c);
  if (cs.type != ContractType::equity_investment || !st.signed_ || st.cancelled || st.blocked)
    return false;
  const int n = std::max(1, cs.tranches);
  const auto parts = equal_parts(cs.amount, static_cast<std::size_t>(n));
  for (int t = 0; t < n; ++t) {
    if ((st.vested_mask >> t) & 1u) continue;
    if (!milestone_met(ctx, cs, static_cast<std::size_t>(t), as_index(cs.to), as_index(cs.to)))
      return false;
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

double outstanding_warrant_shares(const TickContext& ctx, std::int32_t c) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  if (!st.signed_ || st.cancelled) return 0.0;
  const int tranches = std::max(1, cs.tranches);
  double shares = 0.0;
  for (int t = 0; t < tranches; ++t) {
    if (((st.vested_mask | st.lapsed_mask) >> t) & 1u) continue;
    shares += cs.warrant_shares / tranches;
  }
  return shares;
}

double unvested_warrant_value(const TickContext& ctx, std::int32_t c) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  if (!st.signed_ || st.cancelled) return 0.0;
  const FirmState& issuer = ctx.world.firms[cs.from];
  const double vol = ctx.firm_spec(as_index(cs.from)).valuation.volatility;
  const double r = ctx.world.market.risk_free;
  const double years = std::max(0.0, year_fraction(ctx.world.date, cs.end));
  const int tranches = std::max(1, cs.tranches);
  double value = 0.0;
  for (int t = 0; t < tranches; ++t) {
    if (((st.vested_mask | st.lapsed_mask) >> t) & 1u) continue;
    const double n = cs.warrant_shares / tranches;
    const auto tu = static_cast<std::size_t>(t);
    const double barrier = tu < cs.milestones.size() ? cs.milestones[tu].min_issuer_price : 0.0;
    if (barrier > 0.0) {
      value += n * up_and_in_call(issuer.price, cs.strike, barrier, years, r, r, vol);
    } else {
      value += n * std::max(0.0, issuer.price - cs.strike);
    }
  }
  return value;
}

double warrants_value_held(const TickContext& ctx, std::int32_t holder) {
  double v = 0.0;
  for (std::size_t c = 0; c < ctx.spec.contracts.size(); ++c) {
    const ContractSpec& cs = ctx.spec.contracts[c];
    if (cs.type == ContractType::warrant && as_index(cs.to) == holder) {
      v += unvested_warrant_value(ctx, as_index(c));
    }
  }
  return v;
}

void warrants_value_by_holder(const TickContext& ctx, std::vector<double>& out) {
  out.assign(ctx.world.firms.size(), 0.0);  // summed in contract order, as warrants_value_held
  for (std::size_t c = 0; c < ctx.spec.contracts.size(); ++c) {
    const ContractSpec& cs = ctx.spec.contracts[c];
    if (cs.type == ContractType::warrant) out[cs.to] += unvested_warrant_value(ctx, as_index(c));
  }
}

Money cut_commitment(TickContext& ctx, std::int32_t c, double share, std::uint64_t cause) {
  const ContractSpec& cs = ctx.contract_spec(c);
  ContractState& st = ctx.contract(c);
  if (st.cancelled || !st.remaining.is_positive()) return Money::zero();
  share = std::clamp(share, 0.0, 1.0);
  const Money cut = st.remaining.times(share);
  const Money penalty = cut.times(cs.cancel_penalty);
  st.remaining -= cut;
  st.cut_factor *= (1.0 - share);
  if (share >= 1.0) st.cancelled = true;
  const auto buyer = as_index(cs.from), seller = as_index(cs.to);
  ctx.firm(buyer).book_income(-penalty);
  ctx.firm(seller).book_revenue(penalty);
  pay_or_owe(ctx.world, buyer, seller, penalty, Channel::suppliers, c);
  Event e =
      contract_event(share >= 1.0 ? EventType::commitment_cancelled : EventType::commitment_cut, cs,
                     c, cut, cause);
  ctx.emit(e.with("share", share).with("penalty", penalty.dollars()));
  return penalty;
}

void sign_contract(TickContext& ctx, std::int32_t c) {
  const ContractSpec& cs = ctx.contract_spec(c);
  ContractState& st = ctx.contract(c);
  if (st.signed_) return;
  st.signed_ = true;
  st.remaining = cs.type == ContractType::warrant ? Money::zero() : cs.amount;
  const auto from = as_index(cs.from), to = as_index(cs.to);
  const std::uint64_t seq = ctx.emit(contract_event(EventType::deal_signed, cs, c, cs.amount, 0));
  // A warrant's announced size is the value of the shares granted at the issuer's price.
  const Money size = cs.type == ContractType::warrant
                         ? Money::from_dollars(cs.warrant_shares * ctx.firm(from).price)
                         : cs.amount;
  announce(ctx, from, size, seq);
  announce(ctx, to, size, seq);

  const Date start = std::max(cs.start, ctx.world.date);
  switch (cs.type) {
    case ContractType::supply: {
      const auto dates = monthly_dates(start, cs.end);
      const auto parts = equal_parts(cs.amount, dates.size());
      for (std::size_t k = 0; k < dates.size(); ++k) {
        schedule(ctx, dates[k], ItemKind::supply_delivery, from, c, as_index(k), parts[k]);
      }
      break;
    }
    case ContractType::lease: {
      const auto dates = monthly_dates(start, cs.end);
      const auto parts = equal_parts(cs.amount, dates.size());
      for (std::size_t k = 0; k < dates.size(); ++k) {
        schedule(ctx, dates[k], ItemKind::lease_payment, from, c, as_index(k), parts[k]);
      }
      schedule(ctx, cs.end, ItemKind::lease_end, from, c, 0, Money::zero());
      break;
    }
    case ContractType::equity_investment: {
      const int n = std::max(1, cs.tranches);
      const auto parts = equal_parts(cs.amount, static_cast<std::size_t>(n));
      const int span = cs.end.days() - start.days();
      for (int t = 0; t < n; ++t) {
        const auto tu = static_cast<std::size_t>(t);
        Date due = start.plus_days(span * t / n);
        if (tu < cs.milestones.size() && cs.milestones[tu].not_before) {
          due = std::max(due, *cs.milestones[tu].not_before);
        }
        schedule(ctx, due, ItemKind::tranche_due, from, c, t, parts[tu]);
      }
      break;
    }
    case ContractType::warrant: {
      // Monthly vesting checks; the last one (index 1) lapses what has not vested.
      const auto dates = monthly_dates(start, cs.end);
      for (std::size_t k = 0; k < dates.size(); ++k) {
        schedule(ctx, dates[k], ItemKind::warrant_check, from, c, k + 1 == dates.size() ? 1 : 0,
                 Money::zero());
      }
      break;
    }
    case ContractType::loan:
      schedule(ctx, start, ItemKind::loan_draw, from, c, 0, cs.amount);
      break;
  }
}

void settle_item(TickContext& ctx, const ScheduledItem& it) {
  switch (it.kind) {
    case ItemKind::sign_contract:
      sign_contract(ctx, it.contract);
      break;
    case ItemKind::supply_delivery:
      settle_supply_delivery(ctx, it);
      break;
    case ItemKind::lease_payment:
      settle_lease_payment(ctx, it);
      break;
    case ItemKind::lease_end:
      settle_lease_end(ctx, it);
      break;
    case ItemKind::tranche_due:
      settle_tranche(ctx, it);
      break;
    case ItemKind::warrant_check:
      settle_warrant_check(ctx, it);
      break;
    case ItemKind::loan_draw:
      settle_loan_draw(ctx, it);
      break;
    case ItemKind::loan_amortise:
      repay_principal(ctx, it.firm, it.index, it.amount);
      break;
    case ItemKind::debt_maturity:
      settle_debt_maturity(ctx, it);
      break;
    case ItemKind::shock:
      apply_shock(ctx, it);
      break;
  }
}

}  // namespace alchemy
