#include "sim/engine/projection_lines.hpp"

#include <algorithm>

#include "sim/contracts/contract_kind.hpp"
#include "sim/contracts/debt.hpp"
#include "sim/engine/collateral.hpp"
#include "sim/engine/compiled_scenario.hpp"
#include "sim/engine/line_tags.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

namespace {

// The committed net flow over the whole projection so far: a part's line total is what it moved.
Money window_net(const CashProjection& out) {
  Money total;
  for (const ProjectedMonth& m : out.months)
    total += m.net();
  return total;
}

// Records the part that projected since `before` was taken under `key` (when lines are kept):
// for a contract, whose hook may add to any month and field, the window's net before and after
// (one sum per contract: each one's "after" is the next one's "before").
struct LineRecorder {
  const CashProjection& out;
  std::vector<LineTotal>* lines;
  Money before;
  void finish(const LineKey& key) {
    if (!lines) return;
    const Money after = window_net(out);
    add(key, after - before);
    before = after;
  }
  // A part that knows its own total (claims, debts, margin, operations) needs no window sums.
  void add(const LineKey& key, Money moved) {
    if (lines && !moved.is_zero()) add_line(*lines, key, moved);
  }
};

// Operating flows month by month, after the contracts have said what capacity arrives: demand at
// the month's midpoint (today's level grown at today's growth, no noise), capped by the capacity
// then in place — today's, plus what arrived in earlier months and half of what arrives in this
// one — as operate_firm caps it; its cost of revenue, the fixed costs at their growth, and power
// on owned capacity. Depreciation is not cash; interest is debt service. The treasury plans on
// today's run-rate and growth (issue 17): it does not foresee the steps of its growth path, which
// are the scenario's account of what will happen, not the firm's forecast (a restated path is a
// surprise). The months' lengths and growth factors come from the index (month_tables).
// Returns its net flow over the window.
Money project_operations(const FirmSpec& spec, const FirmState& f, const ProjectionIndex& index,
                         std::int32_t firm, CashProjection& out) {
  Money total;
  const auto& demand_growth = index.demand_growth[static_cast<std::size_t>(firm)];
  const auto& cost_growth = index.cost_growth[static_cast<std::size_t>(firm)];
  const double per_gw = spec.compute.revenue_per_gw_year.dollars();
  double bought = 0.0, leased = 0.0;  // capacity arrived in the months before this one
  for (std::size_t k = 0; k < out.months.size(); ++k) {
    ProjectedMonth& m = out.months[k];
    const double years = index.years[k];
    const double gw_owned = f.gw_owned + bought + 0.5 * m.gw_bought;
    const double gw = gw_owned + f.gw_leased + leased + 0.5 * m.gw_leased;
    const double demand = f.demand * demand_growth[k];
    const double served = per_gw > 0.0 ? std::min(demand, per_gw * std::max(gw, 0.0)) : demand;
    const Money revenue = Money::from_dollars(served * years);
    const Money cost = revenue.times(spec.costs.cost_of_revenue) +
                       Money::from_dollars(f.fixed_costs * cost_growth[k] * years) +
                       spec.compute.power_per_gw_year.times(gw_owned * years);
    m.operating_in += revenue;
    m.operating_out += cost;
    total += revenue - cost;
    bought += m.gw_bought;
    leased += m.gw_leased;
  }
  return total;
}

// Trade and other claims open today: the firm's payables and receivables, by due date (overdue
// ones in month 0). A claim under a purchase commitment is an invoice (purchases_out for the
// buyer, sales_in for the seller); any other (interest, principal, penalties, operating bills
// left unpaid) is debt service owed, or financing received. Each claim is on its line
// (line_tags.hpp: claim_tag).
void project_claims(const TickContext& ctx, const ProjectionIndex& index, std::int32_t firm,
                    CashProjection& out, LineRecorder& rec) {
  for (const std::int32_t k : index.claims_of[static_cast<std::size_t>(firm)]) {
    const Claim& cl = ctx.world.claims[static_cast<std::size_t>(k)];
    const int m = out.month_of(cl.due);
    if (m < 0) continue;
    const bool purchase =
        cl.contract >= 0 && kind_of(ctx.contract_spec(cl.contract)).cancel_penalty != nullptr;
    ProjectedMonth& pm = out.months[static_cast<std::size_t>(m)];
    if (cl.debtor == firm) (purchase ? pm.purchases_out : pm.debt_service_out) += cl.amount;
    if (cl.creditor == firm) (purchase ? pm.sales_in : pm.financing_in) += cl.amount;
    if (rec.lines) {
      const bool owed = cl.debtor == firm;
      rec.add(line_key(claim_tag(ctx, cl), firm, owed ? cl.creditor : cl.debtor),
              owed ? -cl.amount : cl.amount);
    }
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

// Each debt on the funding-cost line with its other party: the lender (−1: outside) for the
// firm's own, the borrower for a loan it holds.
void project_own_debts(const TickContext& ctx, const ProjectionIndex& index, std::int32_t firm,
                       CashProjection& out, LineRecorder& rec) {
  Repayment slot;
  for (const DebtState& d : ctx.world.firms[static_cast<std::size_t>(firm)].debt) {
    if (d.contract < 0 && d.principal.is_positive()) {
      const Money paid = project_debt(
          d, rolls_over(ctx, firm, d) ? std::span<const Repayment>{} : bullet(d, out, slot), true,
          out);
      rec.add({LineKind::funding_cost, -1, d.lender}, -paid);
    }
  }
  for (const auto& lent : index.lent_by[static_cast<std::size_t>(firm)]) {
    const FirmState& b = ctx.world.firms[static_cast<std::size_t>(lent.borrower)];
    const DebtState& d = b.debt[static_cast<std::size_t>(lent.debt)];
    if (!b.defaulted && d.principal.is_positive())
      rec.add({LineKind::funding_cost, -1, lent.borrower},
              project_debt(d, bullet(d, out, slot), false, out));
  }
}

}  // namespace

void project_lines(const TickContext& ctx, const ProjectionIndex& index, std::int32_t firm,
                   int months, CashProjection& out, std::vector<LineTotal>* lines) {
  const FirmState& f = ctx.world.firms[static_cast<std::size_t>(firm)];
  const auto n = static_cast<std::size_t>(std::max(1, months));
  out.reset(f.cash, std::span(index.bounds).first(n + 1));
  LineRecorder rec{out, lines, Money::zero()};  // the window's net is 0 before the first part
  for (const std::int32_t c : ctx.compiled.contracts_of[static_cast<std::size_t>(firm)]) {
    if (!ctx.world.contracts[static_cast<std::size_t>(c)].signed_) continue;
    if (const auto project = kind_of(ctx.contract_spec(c)).project) {
      project(ctx, c, firm, index, out);
      if (lines) rec.finish(line_key(contract_tag(ctx, c), firm, -1));
    }
  }
  project_claims(ctx, index, firm, out, rec);
  project_own_debts(ctx, index, firm, out, rec);
  const Money margin = margin_needed(f, ctx.world.market.gpu_index);
  out.months[0].margin_out += margin;
  rec.add({LineKind::margin, -1, -1}, -margin);
  rec.add({LineKind::operations, -1, -1},
          project_operations(ctx.firm_spec(firm), f, index, firm, out));
}

void project_cash(const TickContext& ctx, const ProjectionIndex& index, std::int32_t firm,
                  int horizon_months, CashProjection& out) {
  project_lines(ctx, index, firm, horizon_months, out, nullptr);
}

}  // namespace alchemy
