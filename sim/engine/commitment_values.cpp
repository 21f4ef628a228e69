#include "sim/engine/commitment_values.hpp"

#include <algorithm>

#include "sim/contracts/common.hpp"
#include "sim/contracts/contract_kind.hpp"
#include "sim/contracts/lease.hpp"
#include "sim/contracts/supply.hpp"
#include "sim/engine/compute_cost.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

namespace {

// The compute cost path's mean factor (cost then / cost at signing) over the monthly dates from
// `from` to `to` of supply `cs`.
double mean_cost_factor(const TickContext& ctx, const ContractSpec& cs, Date from, Date to) {
  double sum = 0.0;
  int n = 0;
  for (Date d = from; d <= to; d = d.plus_months(1), ++n)
    sum += compute_cost_factor(ctx.spec.market, cs.signed_on, d);
  return n > 0 ? sum / n : compute_cost_factor(ctx.spec.market, cs.signed_on, from);
}

bool valued(const FirmSpec& spec, const FirmState& f) {
  return spec.compute.revenue_per_gw_year.is_positive() && !f.defaulted;
}

// What contract `c` still asks of its buyer, if it is a purchase commitment the buyer pays for:
// the remaining value spread over the remaining schedule (a deferred supply's moved back by its
// months deferred, as next_year_flow reads it), and the capacity it brings — GPUs with each
// delivery, as settle_delivery adds them (delivered GPUs are paid for and in place); a lease's GW
// over its term, started or not (its payments go on, used or idle). Services bring no capacity,
// so nothing of theirs can stand idle: they are not read.
std::optional<CommitmentFlow> flow_of(const TickContext& ctx, std::size_t c) {
  const ContractSpec& cs = ctx.spec.contracts[c];
  const ContractState& st = ctx.world.contracts[c];
  if (kind_of(cs).cancel_penalty == nullptr || !st.signed_ || st.cancelled ||
      !st.remaining.is_positive() || ctx.world.firms[cs.from].defaulted ||
      ctx.world.firms[cs.to].defaulted)
    return std::nullopt;
  const int today = ctx.world.date.days();
  const int shift = deferral_shift_days(cs, st);
  // A lease past its end brings no capacity (what remains of it is rounding of its parts).
  if (cs.type() == ContractType::lease && cs.end.days() <= today) return std::nullopt;
  CommitmentFlow f;
  f.from = std::max(0, cs.start.days() + shift - today) / 365.0;
  f.to = std::max(f.from, (cs.end.days() + shift - today) / 365.0);
  f.value = st.remaining.dollars();
  if (cs.type() == ContractType::supply) {
    const SupplyTerms& terms = cs.as<SupplyTerms>();
    // Invoiced on the compute cost path, the remaining parts cost their signed dollars times the
    // path's mean factor over the months still to deliver (equal monthly parts); the GW they bring
    // stay those signed.
    const double factor =
        terms.invoice == Invoice::path
            ? mean_cost_factor(
                  ctx, cs, ctx.world.date.plus_days(std::max(0, cs.start.days() + shift - today)),
                  cs.end.plus_days(shift))
            : 1.0;
    f.value *= factor;
    if (terms.delivery == Delivery::gpus) {
      const Money per_gw = hardware_cost_per_gw(ctx, as_index(cs.from), ctx.world.date);
      f.gw_per_dollar = terms.gw > 0.0 ? terms.gw / (cs.amount.dollars() * factor)
                                       : (per_gw.is_positive() ? 1.0 / per_gw.dollars() : 0.0);
    }
  } else if (cs.type() == ContractType::lease) {
    f.gw_at_start = cs.as<LeaseTerms>().gw * st.cut_factor;
  }
  if (f.gw_per_dollar <= 0.0 && f.gw_at_start <= 0.0) return std::nullopt;
  return f;
}

// `leased_in_place`: the GW of the firm's started leases valued as commitments, which its
// capacity in place leaves out.
CommitmentOutlook outlook_of(const TickContext& ctx, std::size_t i, double leased_in_place) {
  const FirmSpec& spec = ctx.spec.firms[i];
  const FirmState& f = ctx.world.firms[i];
  const Date today = ctx.world.date;
  CommitmentOutlook o;
  o.demand = f.demand;
  o.growth = f.growth;
  for (const auto& step : spec.revenue.growth_path) {
    if (step.from <= today) continue;
    o.step_at.push_back((step.from.days() - today.days()) / 365.0);
    o.step_growth.push_back(step_growth(spec.revenue, step));
  }
  o.gw_now = std::max(0.0, f.gw() - leased_in_place);
  o.revenue_per_gw_year = spec.compute.revenue_per_gw_year.dollars();
  o.gpu_life_years = spec.compute.depreciation_years;
  // The payments are contractual, fixed like debt: discounted at what the firm's debt costs at
  // neutral sentiment before its own default risk, r + debt_spread (Brealey & Myers: debt-
  // equivalent flows at the borrowing rate; not the cost of equity, which would make a firm
  // whose investors ask more look more valuable).
  o.discount_rate = ctx.world.market.risk_free + ctx.spec.market.funding.debt_spread;
  return o;
}

}  // namespace

void commitment_values(const TickContext& ctx, std::vector<CommitmentValue>& out) {
  const std::size_t n = ctx.world.firms.size();
  out.assign(n, CommitmentValue{});
  std::vector<std::vector<CommitmentFlow>> flows;
  std::vector<double> leased_in_place;
  for (std::size_t c = 0; c < ctx.spec.contracts.size(); ++c) {
    const auto buyer = static_cast<std::size_t>(ctx.spec.contracts[c].from);
    if (buyer >= n || !valued(ctx.spec.firms[buyer], ctx.world.firms[buyer])) continue;
    if (const auto f = flow_of(ctx, c)) {
      if (flows.empty()) {
        flows.resize(n);
        leased_in_place.assign(n, 0.0);
      }
      flows[buyer].push_back(*f);
      if (f->gw_at_start > 0.0 && ctx.world.contracts[c].delivered.is_positive())
        leased_in_place[buyer] += f->gw_at_start;
    }
  }
  for (std::size_t i = 0; i < flows.size(); ++i) {
    if (!flows[i].empty())
      out[i] = value_commitments(outlook_of(ctx, i, leased_in_place[i]), flows[i]);
  }
}

}  // namespace alchemy
