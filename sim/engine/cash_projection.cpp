#include "sim/engine/cash_projection.hpp"

#include <algorithm>
#include <cmath>

#include "sim/contracts/contract_kind.hpp"
#include "sim/contracts/debt.hpp"
#include "sim/engine/collateral.hpp"
#include "sim/engine/compiled_scenario.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

namespace {

// ∫ g dt from `today` to `d` (years) at the firm's growth now. The treasury plans on today's
// run-rate and growth (issue 17): it does not foresee the steps of its growth path, which are the
// scenario's account of what will happen, not the firm's forecast (a restated path is a surprise).
double growth_integral(const FirmState& f, Date today, Date d) {
  return f.growth * year_fraction(today, d);
}

// Operating flows month by month, after the contracts have said what capacity arrives: demand at
// the month's midpoint (today's level grown at the path's rate, no noise), capped by the capacity
// then in place — today's, plus what arrived in earlier months and half of what arrives in this
// one — as operate_firm caps it; its cost of revenue, the fixed costs at their growth, and power
// on owned capacity. Depreciation is not cash; interest is debt service.
void project_operations(const FirmSpec& spec, const FirmState& f, CashProjection& out) {
  double bought = 0.0, leased = 0.0;  // capacity arrived in the months before this one
  for (std::size_t k = 0; k < out.months.size(); ++k) {
    ProjectedMonth& m = out.months[k];
    const Date start = out.month_start(static_cast<int>(k));
    const Date end = out.month_start(static_cast<int>(k) + 1);
    const double years = year_fraction(start, end);
    const Date mid = start.plus_days((end.days() - start.days()) / 2);
    const double t_mid = year_fraction(out.today, mid);
    const double gw_owned = f.gw_owned + bought + 0.5 * m.gw_bought;
    const double gw = gw_owned + f.gw_leased + leased + 0.5 * m.gw_leased;
    const double demand = f.demand * std::exp(growth_integral(f, out.today, mid));
    const double per_gw = spec.compute.revenue_per_gw_year.dollars();
    const double served = per_gw > 0.0 ? std::min(demand, per_gw * std::max(gw, 0.0)) : demand;
    const Money revenue = Money::from_dollars(served * years);
    m.operating_in += revenue;
    m.operating_out += revenue.times(spec.costs.cost_of_revenue);
    m.operating_out +=
        Money::from_dollars(f.fixed_costs * std::exp(spec.costs.fixed_growth * t_mid) * years);
    m.operating_out += spec.compute.power_per_gw_year.times(gw_owned * years);
    bought += m.gw_bought;
    leased += m.gw_leased;
  }
}

// Interest on the outstanding principal of [from, to) (days), ACT/365F.
Money interest(Money principal, double rate, Date from, Date to) {
  return principal.times(rate * year_fraction(from, to));
}

// Trade and other claims open today: the firm's payables and receivables, by due date (overdue
// ones in month 0). A claim under a purchase commitment is an invoice (purchases_out for the
// buyer, sales_in for the seller); any other (interest, principal, penalties, operating bills
// left unpaid) is debt service owed, or financing received.
void project_claims(const TickContext& ctx, const ProjectionIndex& index, std::int32_t firm,
                    CashProjection& out) {
  for (const std::int32_t k : index.claims_of[static_cast<std::size_t>(firm)]) {
    const Claim& cl = ctx.world.claims[static_cast<std::size_t>(k)];
    const int m = out.month_of(cl.due);
    if (m < 0) continue;
    const bool purchase =
        cl.contract >= 0 && kind_of(ctx.contract_spec(cl.contract)).cancel_penalty != nullptr;
    ProjectedMonth& pm = out.months[static_cast<std::size_t>(m)];
    if (cl.debtor == firm) (purchase ? pm.purchases_out : pm.debt_service_out) += cl.amount;
    if (cl.creditor == firm) (purchase ? pm.sales_in : pm.financing_in) += cl.amount;
  }
}

// A debt without a contract (the firm's starting debt, raised debt) is repaid in full at its
// maturity, unless it would roll over on today's terms (rolls_over: outside lenders, an open
// market, a firm not in distress), as the settlement would if it fell due today: then it pays only
// interest, at its present rate, over the whole horizon.
std::span<const Repayment> bullet(const DebtState& d, const CashProjection& out, Repayment& slot) {
  slot = {d.maturity, d.principal};
  return {&slot, out.month_of(d.maturity) < 0 ? 0U : 1U};
}

void project_own_debts(const TickContext& ctx, const ProjectionIndex& index, std::int32_t firm,
                       CashProjection& out) {
  Repayment slot;
  for (const DebtState& d : ctx.world.firms[static_cast<std::size_t>(firm)].debt) {
    if (d.contract < 0 && d.principal.is_positive())
      project_debt(d,
                   rolls_over(ctx, firm, d) ? std::span<const Repayment>{} : bullet(d, out, slot),
                   true, out);
  }
  for (const auto& lent : index.lent_by[static_cast<std::size_t>(firm)]) {
    const FirmState& b = ctx.world.firms[static_cast<std::size_t>(lent.borrower)];
    const DebtState& d = b.debt[static_cast<std::size_t>(lent.debt)];
    if (!b.defaulted && d.principal.is_positive())
      project_debt(d, bullet(d, out, slot), false, out);
  }
}

}  // namespace

bool projections_needed(const TickContext& ctx) {
  const auto reads = [&](ObservableId id) {
    return ctx.compiled.observed[static_cast<std::size_t>(id)];
  };
  return ctx.compiled.projects || reads(ObservableId::runway_months) ||
         reads(ObservableId::projected_gap) || reads(ObservableId::months_to_gap);
}

void CashProjection::reset(Date t, Money cash, int horizon) {
  today = t;
  start_cash = cash;
  const auto n = static_cast<std::size_t>(std::max(1, horizon));
  months.assign(n, ProjectedMonth{});
  bounds.resize(n + 1);
  for (std::size_t k = 0; k <= n; ++k)
    bounds[k] = t.plus_months(static_cast<int>(k));
}

void CashProjection::reset(Money cash, std::span<const Date> first_days) {
  today = first_days.front();
  start_cash = cash;
  months.assign(first_days.size() - 1, ProjectedMonth{});
  bounds.assign(first_days.begin(), first_days.end());
}

int CashProjection::month_of(Date d) const {
  if (months.empty() || d >= bounds.back()) return -1;
  if (d < today) return 0;
  // The first bound after d closes d's month.
  const auto after = std::upper_bound(bounds.begin(), bounds.end(), d);
  return static_cast<int>(after - bounds.begin()) - 1;
}

Money CashProjection::cash_at_end(int k) const {
  Money cash = start_cash;
  for (int j = 0; j <= k; ++j)
    cash += months[static_cast<std::size_t>(j)].net();
  return cash;
}

std::optional<int> CashProjection::first_gap_month(Money floor) const {
  Money cash = start_cash;
  for (std::size_t k = 0; k < months.size(); ++k) {
    cash += months[k].net();
    if (cash < floor) return static_cast<int>(k);
  }
  return std::nullopt;
}

Money CashProjection::min_cash() const {
  Money cash = start_cash, lowest = start_cash;
  bool first = true;
  for (const ProjectedMonth& m : months) {
    cash += m.net();
    if (first || cash < lowest) lowest = cash;
    first = false;
  }
  return lowest;
}

double CashProjection::runway_months() const {
  Money cash = start_cash;
  for (std::size_t k = 0; k < months.size(); ++k) {
    const Money end = cash + months[k].net();
    if (end.is_negative()) {
      const double c = std::max(0.0, static_cast<double>(cash.in_cents()));
      const double e = static_cast<double>(end.in_cents());
      return static_cast<double>(k) + c / (c - e);
    }
    cash = end;
  }
  return 999.0;
}

namespace {

// Buckets the scheduler's items dated before `until` by contract, each contract's in settlement
// order (what remains of a contract is used up by its earlier items first; within one contract
// every item is of the calendar phase, so (date, seq) is the scheduler's order), and groups each
// contract's principal repayments by debt.
void bucket_items(const TickContext& ctx, Date until, ProjectionIndex& index) {
  const Scheduler& scheduler = ctx.world.scheduler;
  index.until = until;
  index.items_of.resize(ctx.spec.contracts.size());
  index.repayments_of.resize(ctx.spec.contracts.size());
  for (const std::int32_t c : index.touched) {
    index.items_of[static_cast<std::size_t>(c)].clear();
    index.repayments_of[static_cast<std::size_t>(c)].clear();
  }
  index.touched.clear();
  for (const ScheduledItem& it : scheduler.unordered()) {
    if (it.contract < 0 || !(it.date < until)) continue;
    auto& items = index.items_of[static_cast<std::size_t>(it.contract)];
    if (items.empty()) index.touched.push_back(it.contract);
    items.push_back(it);
  }
  for (const std::int32_t c : index.touched) {
    auto& items = index.items_of[static_cast<std::size_t>(c)];
    std::sort(items.begin(), items.end(), [](const ScheduledItem& a, const ScheduledItem& b) {
      return a.date != b.date ? a.date < b.date : a.seq < b.seq;
    });
    auto& repayments = index.repayments_of[static_cast<std::size_t>(c)];
    for (std::size_t k = 0; k < items.size(); ++k) {
      if (items[k].kind == ItemKind::loan_amortise || items[k].kind == ItemKind::debt_maturity)
        repayments.push_back(static_cast<std::int32_t>(k));
    }
    // Stable: each debt's repayments stay in the items' date order.
    std::stable_sort(repayments.begin(), repayments.end(), [&](std::int32_t a, std::int32_t b) {
      return items[static_cast<std::size_t>(a)].index < items[static_cast<std::size_t>(b)].index;
    });
  }
  index.items_built = true;
  index.scheduler_size = scheduler.size();
  index.scheduler_seq = scheduler.next_seq();
}

// The index as bucket_items would make it now, when nothing was added to the scheduler since it
// was made (the same next sequence number), only taken: the calendar phase takes every calendar
// item dated on or before today (until none is due) and no other, and every contract's items are
// calendar items, so what left is each contract's items dated on or before today, at the front of
// its list. The repayments' grouping keeps its order; the positions move down by what was dropped.
void drop_settled(const TickContext& ctx, ProjectionIndex& index) {
  const Date today = ctx.world.date;
  std::erase_if(index.touched, [&](std::int32_t c) {
    auto& items = index.items_of[static_cast<std::size_t>(c)];
    const auto settled = std::partition_point(
        items.begin(), items.end(), [&](const ScheduledItem& it) { return !(today < it.date); });
    const auto dropped = static_cast<std::int32_t>(settled - items.begin());
    if (dropped == 0) return false;
    items.erase(items.begin(), settled);
    auto& repayments = index.repayments_of[static_cast<std::size_t>(c)];
    std::erase_if(repayments, [&](std::int32_t k) { return k < dropped; });
    for (std::int32_t& k : repayments)
      k -= dropped;
    return items.empty();
  });
  index.scheduler_size = ctx.world.scheduler.size();
}

}  // namespace

void index_for_projection(const TickContext& ctx, int horizon_months, ProjectionIndex& index) {
  const World& w = ctx.world;
  const int horizon = std::max(1, horizon_months);
  index.bounds.resize(static_cast<std::size_t>(horizon) + 1);
  for (std::size_t k = 0; k < index.bounds.size(); ++k)
    index.bounds[k] = w.date.plus_months(static_cast<int>(k));
  const bool nothing_added = index.items_built && index.scheduler_seq == w.scheduler.next_seq() &&
                             !(index.until < index.bounds.back());
  if (!nothing_added)
    bucket_items(ctx, w.date.plus_months(horizon + 1), index);
  else if (index.scheduler_size != w.scheduler.size())
    drop_settled(ctx, index);

  index.claims_of.resize(w.firms.size());
  index.lent_by.resize(w.firms.size());
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    index.claims_of[i].clear();
    index.lent_by[i].clear();
  }
  for (std::size_t k = 0; k < w.claims.size(); ++k) {
    const Claim& cl = w.claims[k];
    index.claims_of[static_cast<std::size_t>(cl.debtor)].push_back(static_cast<std::int32_t>(k));
    if (cl.creditor >= 0 && cl.creditor != cl.debtor)
      index.claims_of[static_cast<std::size_t>(cl.creditor)].push_back(
          static_cast<std::int32_t>(k));
  }
  for (std::size_t b = 0; b < w.firms.size(); ++b) {
    const auto& debts = w.firms[b].debt;
    for (std::size_t k = 0; k < debts.size(); ++k) {
      if (debts[k].lender >= 0 && debts[k].contract < 0)
        index.lent_by[static_cast<std::size_t>(debts[k].lender)].push_back(
            {static_cast<std::int32_t>(b), static_cast<std::int32_t>(k)});
    }
  }
}

void project_debt(const DebtState& d, std::span<const Repayment> repayments, bool as_borrower,
                  CashProjection& out) {
  Money principal = d.principal;
  std::size_t next = 0;
  for (std::size_t k = 0; k < out.months.size() && principal.is_positive(); ++k) {
    const Date end = out.month_start(static_cast<int>(k) + 1);
    Date from = out.month_start(static_cast<int>(k));
    Money paid;
    while (next < repayments.size() && repayments[next].date < end) {
      const Repayment& r = repayments[next++];
      const Date at = std::max(r.date, from);
      paid += interest(principal, d.rate, from, at);
      const Money part = min(r.amount, principal);
      paid += part;
      principal -= part;
      from = at;
    }
    paid += interest(principal, d.rate, from, end);
    ProjectedMonth& m = out.months[k];
    (as_borrower ? m.debt_service_out : m.financing_in) += paid;
  }
}

void project_cash(const TickContext& ctx, const ProjectionIndex& index, std::int32_t firm,
                  int horizon_months, CashProjection& out) {
  const FirmState& f = ctx.world.firms[static_cast<std::size_t>(firm)];
  const auto months = static_cast<std::size_t>(std::max(1, horizon_months));
  out.reset(f.cash, std::span(index.bounds).first(months + 1));
  for (const std::int32_t c : ctx.compiled.contracts_of[static_cast<std::size_t>(firm)]) {
    if (!ctx.world.contracts[static_cast<std::size_t>(c)].signed_) continue;
    if (const auto project = kind_of(ctx.contract_spec(c)).project)
      project(ctx, c, firm, index, out);
  }
  project_claims(ctx, index, firm, out);
  project_own_debts(ctx, index, firm, out);
  out.months[0].margin_out += margin_needed(f, ctx.world.market.gpu_index);
  project_operations(ctx.firm_spec(firm), f, out);
}

CashProjection project_cash(const TickContext& ctx, std::int32_t firm, int horizon_months) {
  ProjectionIndex index;
  index_for_projection(ctx, horizon_months, index);
  CashProjection out;
  project_cash(ctx, index, firm, horizon_months, out);
  return out;
}

}  // namespace alchemy
