#include "sim/contracts/loan.hpp"

#include <algorithm>

#include "sim/contracts/common.hpp"
#include "sim/contracts/debt.hpp"
#include "sim/contracts/supply.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/engine/compiled_scenario.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

namespace {

// A loan that finances a supply is drawn by its deliveries (draw_financing); any other is drawn
// in full on its start.
void sign(TickContext& ctx, std::int32_t c, Date start) {
  const ContractSpec& cs = ctx.contract_spec(c);
  ctx.contract(c).remaining = cs.amount;
  if (cs.as<LoanTerms>().financed >= 0) return;
  schedule(ctx, start, ItemKind::loan_draw, as_index(cs.from), c, 0, cs.amount);
}

// The lender lends what it can of `wanted`; the drawn principal becomes a debt of the borrower,
// secured by `pledged` (the GPUs this draw paid for: cost and GW), or by the whole fleet when
// nothing is pledged.
void draw(TickContext& ctx, std::int32_t c, Money wanted, Money pledged_cost, double pledged_gw) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const LoanTerms& terms = cs.as<LoanTerms>();
  ContractState& st = ctx.contract(c);
  const auto lender = as_index(cs.from), borrower = as_index(cs.to);
  if (st.cancelled || ctx.firm(lender).defaulted || ctx.firm(borrower).defaulted) return;
  FirmState& l = ctx.firm(lender);
  const Money principal = min(min(wanted, st.remaining), max(l.cash, Money::zero()));
  if (!principal.is_positive()) return;
  transfer(ctx.world, lender, borrower, principal);
  l.loans_held += principal;
  DebtState d;
  d.id = cs.id;
  d.principal = principal;
  d.rate = terms.rate;
  d.maturity = cs.end;
  d.amortising = terms.amortising;
  d.lender = lender;
  d.contract = c;
  d.gpu_collateral = terms.gpu_collateral;
  d.max_ltv = terms.max_ltv;
  if (terms.gpu_collateral) {
    d.pledged_cost = pledged_cost;
    d.pledged_book = pledged_cost;
    d.pledged_gw = pledged_gw;
    d.pledged_index = ctx.world.market.gpu_index;
  }
  FirmState& b = ctx.firm(borrower);
  b.debt.push_back(d);
  // A loan drawn in full is done with; a financing loan keeps the rest for later deliveries.
  st.remaining = terms.financed >= 0 ? st.remaining - principal : Money::zero();
  st.delivered += principal;
  const auto debt_index = as_index(b.debt.size() - 1);
  const Date drawn_on = terms.financed >= 0 ? ctx.world.date : cs.start;
  const auto dates = monthly_dates(drawn_on.plus_months(1), cs.end);
  if (terms.amortising && !dates.empty()) {
    const auto parts = equal_parts(principal, dates.size());
    for (std::size_t k = 0; k < dates.size(); ++k) {
      schedule(ctx, dates[k], ItemKind::loan_amortise, borrower, c, debt_index, parts[k]);
    }
  } else {
    schedule(ctx, std::max(cs.end, ctx.world.date), ItemKind::debt_maturity, borrower, c,
             debt_index, Money::zero());
  }
  Event e = contract_event(EventType::loan_drawn, cs, c, principal, 0).with("rate", terms.rate);
  if (pledged_cost.is_positive())
    e = e.with("pledged", pledged_cost.dollars()).with("index", ctx.world.market.gpu_index);
  ctx.emit(e);
}

void settle_draw(TickContext& ctx, const ScheduledItem& it) {
  draw(ctx, it.contract, ctx.contract_spec(it.contract).amount, Money::zero(), 0.0);
}

void settle(TickContext& ctx, const ScheduledItem& it) {
  switch (it.kind) {
    case ItemKind::loan_draw:
      settle_draw(ctx, it);
      break;
    case ItemKind::loan_amortise:
      repay_principal(ctx, it.firm, it.index, it.amount);
      break;
    default:  // debt_maturity
      settle_debt_maturity(ctx, it);
      break;
  }
}

// The draws still to come: on the start for a plain loan; for a loan that finances a GPU supply,
// on each pending delivery of it within the loan's dates, in proportion to the delivery, as
// draw_financing draws them. Financing of the borrower, an investment of the lender.
void project_draws(const TickContext& ctx, std::int32_t c, bool as_borrower,
                   const ProjectionIndex& index, CashProjection& out) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const LoanTerms& terms = cs.as<LoanTerms>();
  Money remaining = ctx.world.contracts[static_cast<std::size_t>(c)].remaining;
  const auto draw_at = [&](Date d, Money wanted) {
    const Money drawn = min(wanted, remaining);
    remaining -= drawn;
    const int m = out.month_of(d);
    if (m < 0 || !drawn.is_positive()) return;
    ProjectedMonth& pm = out.months[static_cast<std::size_t>(m)];
    (as_borrower ? pm.financing_in : pm.investments_out) += drawn;
  };
  if (terms.financed < 0) {
    for (const ScheduledItem& it : index.items_of[static_cast<std::size_t>(c)]) {
      if (it.kind == ItemKind::loan_draw) draw_at(it.date, it.amount);
    }
    return;
  }
  const ContractSpec& sc = ctx.contract_spec(terms.financed);
  const ContractState& sst = ctx.world.contracts[static_cast<std::size_t>(terms.financed)];
  if (sst.cancelled || !sc.amount.is_positive() || sc.as<SupplyTerms>().delivery != Delivery::gpus)
    return;
  Money supply_left = sst.remaining;
  for (const ScheduledItem& it : index.items_of[static_cast<std::size_t>(terms.financed)]) {
    if (it.kind != ItemKind::supply_delivery) continue;
    const Money value = min(it.amount.times(sst.cut_factor), supply_left);
    if (!value.is_positive()) continue;
    supply_left -= value;
    if (it.date < cs.start || cs.end < it.date) continue;
    draw_at(it.date,
            Money::from_dollars(cs.amount.dollars() * value.dollars() / sc.amount.dollars()));
  }
}

// What is drawn: each of the borrower's debts under the contract, its interest month by month and
// its scheduled repayments (the monthly parts of an amortising loan, the rest at maturity) — debt
// service of the borrower, financing received by the lender. What is not drawn yet: its draws
// (project_draws); interest on a draw made within the horizon is not projected (it starts small).
void project(const TickContext& ctx, std::int32_t c, std::int32_t firm,
             const ProjectionIndex& index, CashProjection& out) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const auto borrower = as_index(cs.to);
  if (ctx.world.firms[cs.to].defaulted || ctx.world.firms[static_cast<std::size_t>(firm)].defaulted)
    return;
  const bool as_borrower = firm == borrower;
  const auto& debts = ctx.world.firms[cs.to].debt;
  // The contract's repayment items grouped by the debt they repay (the index groups them).
  const auto& items = index.items_of[static_cast<std::size_t>(c)];
  const auto& due = index.repayments_of[static_cast<std::size_t>(c)];
  const auto item = [&](auto at) -> const ScheduledItem& {
    return items[static_cast<std::size_t>(*at)];
  };
  std::vector<Repayment> repayments;
  auto next = due.begin();
  for (std::size_t k = 0; k < debts.size(); ++k) {
    while (next != due.end() && item(next).index < as_index(k))
      ++next;
    const DebtState& d = debts[k];
    if (d.contract != c || !d.principal.is_positive() || (!as_borrower && d.lender != firm))
      continue;
    repayments.clear();
    Money left = d.principal;
    for (; next != due.end() && item(next).index == as_index(k); ++next) {
      const ScheduledItem& it = item(next);
      const Money part = it.kind == ItemKind::loan_amortise ? min(it.amount, left) : left;
      repayments.push_back({it.date, part});
      left -= part;
    }
    project_debt(d, repayments, as_borrower, out);
  }
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  if (!st.cancelled && st.remaining.is_positive() && !ctx.world.firms[cs.from].defaulted)
    project_draws(ctx, c, as_borrower, index, out);
}

}  // namespace

void draw_financing(TickContext& ctx, std::int32_t supply, Money value, double gw) {
  const ContractSpec& sc = ctx.contract_spec(supply);
  if (!sc.amount.is_positive()) return;
  for (const std::int32_t c : ctx.compiled.financing_loans[static_cast<std::size_t>(supply)]) {
    const ContractSpec& cs = ctx.contract_spec(c);
    if (ctx.world.date < cs.start || cs.end < ctx.world.date) continue;
    const Money wanted =
        Money::from_dollars(cs.amount.dollars() * value.dollars() / sc.amount.dollars());
    draw(ctx, c, wanted, value, gw);
  }
}

// Once drawn, a loan's price channel, network edge and exposure are those of the borrower's
// debt (what is actually outstanding), read from the firms' debt, not from the contract.
const ContractKind loan_kind{
    .name = "loan",
    .check = [](const ContractSpec& cs, Date, Date) { return check_amount_positive(cs); },
    .sign = sign,
    .settle = settle,
    .on_default = end_on_default,
    .project = project,
};

}  // namespace alchemy
