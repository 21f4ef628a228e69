// Phase 2, operations: each firm's revenue, costs, depreciation and interest over the period
// since the previous tick (ACT/365F). Revenue needs compute: a firm with a revenue capacity per
// GW serves demand only up to its deployed capacity, and pays power for all of it (the article's
// "surplus compute" risk).

#include <algorithm>
#include <cmath>

#include "agents/capacity.hpp"
#include "market/exp_kernel.hpp"
#include "sim/engine/line_tags.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/engine/tick_workspace.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

namespace {

// A dated growth path sets the growth when each step begins (so a later `revenue_growth` shock
// is not undone by an earlier step on the next tick), scaled from 2026 by growth_scale.
double growth_now(const FirmSpec& spec, const FirmState& f, Date previous, Date today) {
  double g = f.growth;
  for (const auto& step : spec.revenue.growth_path) {
    if (previous < step.from && step.from <= today) g = step_growth(spec.revenue, step);
  }
  return g;
}

// What every firm's operations share in one tick, computed once per tick rather than per firm.
struct TickFactors {
  double dt;
  double sqrt_dt;
  const std::vector<double>& fixed_cost_growth;  // per firm: exp(fixed_growth · dt)
};

void operate_firm(TickContext& ctx, std::int32_t i, const TickFactors& tf) {
  const FirmSpec& spec = ctx.firm_spec(i);
  FirmState& f = ctx.firm(i);
  const double dt = tf.dt;

  // Demand: a geometric random walk with drift g (annual) and volatility sigma.
  const double g = growth_now(spec, f, ctx.world.previous_date, ctx.world.date);
  const double sigma = spec.revenue.volatility;
  const double shock = sigma > 0.0 ? sigma * tf.sqrt_dt * f.rng.normal() : 0.0;
  f.demand *= exp_any((g - 0.5 * sigma * sigma) * dt + shock);
  f.growth = g;

  const LineScope operations(ctx.world, tag_of(LineKind::operations));
  const Money revenue = Money::from_dollars(served_demand(spec, f) * dt);
  f.book_revenue(revenue);
  receive_from_outside(ctx.world, i, revenue, Channel::customers);

  const Money cost_of_revenue = revenue.times(spec.costs.cost_of_revenue);
  const Money fixed = Money::from_dollars(f.fixed_costs * dt);
  f.fixed_costs *= tf.fixed_cost_growth[static_cast<std::size_t>(i)];
  f.book_income(-(cost_of_revenue + fixed));
  pay_or_owe(ctx.world, i, -1, cost_of_revenue + fixed, Channel::suppliers, -1);

  // Power for owned capacity; a lessee's lease price already pays the lessor's power.
  const Money power = spec.compute.power_per_gw_year.times(f.gw_owned * dt);
  f.book_income(-power);
  pay_or_owe(ctx.world, i, -1, power, Channel::power, -1);

  // Straight-line depreciation of the fleet's gross cost over its life.
  if (f.fleet_book.is_positive() && spec.compute.depreciation_years > 0.0) {
    const Money dep = min(f.fleet_book, f.fleet_gross.times(dt / spec.compute.depreciation_years));
    f.fleet_book -= dep;
    f.book_income(-dep);
    if (f.fleet_book.is_zero()) f.fleet_gross = Money::zero();
    // GPUs pledged to one loan lose value on the same schedule (they are part of the fleet).
    for (auto& d : f.debt) {
      if (!d.pledged_book.is_positive()) continue;
      d.pledged_book -=
          min(d.pledged_book, d.pledged_cost.times(dt / spec.compute.depreciation_years));
      d.pledged_book = min(d.pledged_book, f.fleet_book);
    }
  }

  // Interest accrues daily and is paid as it accrues (to a network lender or outside lenders).
  for (auto& d : f.debt) {
    if (!d.principal.is_positive()) continue;
    const Money interest = d.principal.times(d.rate * dt);
    f.book_income(-interest);
    if (d.lender >= 0) ctx.firm(d.lender).book_revenue(interest);
    const LineScope line(ctx.world, debt_tag(ctx, d.contract));
    pay_or_owe(ctx.world, i, d.lender, interest, Channel::interest, d.contract);
  }

  if (ctx.verbose) {
    Event e;
    e.type = EventType::revenue;
    e.firm = i;
    e.amount = revenue;
    ctx.emit(e);
    e.type = EventType::cost;
    e.amount = cost_of_revenue + fixed + power;
    ctx.emit(e);
  }
}

}  // namespace

void run_operations_phase(TickContext& ctx) {
  TickWorkspace& ws = ctx.buffers();
  const auto& growth = ws.fixed_cost_growth.get(ctx.dt, ctx.world.firms.size(), [&](std::size_t i) {
    const double g = ctx.spec.firms[i].costs.fixed_growth;
    return g != 0.0 ? std::exp(g * ctx.dt) : 1.0;
  });
  const TickFactors tf{ctx.dt, std::sqrt(ctx.dt), growth};
  for (std::size_t i = 0; i < ctx.world.firms.size(); ++i) {
    if (!ctx.world.firms[i].defaulted) operate_firm(ctx, static_cast<std::int32_t>(i), tf);
  }
}

}  // namespace alchemy
