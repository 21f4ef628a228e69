// Phase 7, record: series rows for every firm at the configured frequency, and the market row.
// Period flows (revenue, net income) are summed since the previous row.

#include <algorithm>
#include <cmath>

#include "agents/capacity.hpp"
#include "sim/engine/loop_tracker.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/engine/tick_workspace.hpp"

namespace alchemy {

namespace {

// Whether this tick starts a new period of `every` (the first and last ticks always do).
bool due(const TickContext& ctx, std::size_t ticks_total, StepUnit every) {
  const World& w = ctx.world;
  if (w.tick == 0 || static_cast<std::size_t>(w.tick) + 1 == ticks_total) return true;
  const Date prev = w.previous_date;
  switch (every) {
    case StepUnit::day:
      return true;
    case StepUnit::week:
      return (w.date.days() + 3) / 7 != (prev.days() + 3) / 7;  // Monday-based weeks
    case StepUnit::month:
      return w.date.month() != prev.month() || w.date.year() != prev.year();
  }
  return true;
}

void send_series_rows(TickContext& ctx) {
  const World& w = ctx.world;
  SeriesRow r;  // every field is set for each firm; declared once (zeroing it costs per firm)
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    const FirmState& f = w.firms[i];
    r.date = w.date;
    r.tick = w.tick;
    r.firm = static_cast<std::int32_t>(i);
    r.listed = ctx.spec.firms[i].listed;
    r.defaulted = f.defaulted;
    r.price = r.listed ? f.price : f.mark;
    r.shadow_price = f.price;
    r.shares = std::max(f.diluted_shares, f.shares);
    r.market_value = Money::from_dollars(r.price * r.shares);
    r.cash = f.cash;
    r.fleet = f.fleet_book;
    r.stakes = f.stakes_booked();
    r.warrants = f.warrants_booked;
    r.receivables = f.receivables + f.loans_held;
    r.other_assets = f.other_assets;
    r.operating_assets = f.operating_assets;
    r.debt = f.total_debt();
    r.payables = f.payables;
    r.other_liabilities = f.other_liabilities;
    r.equity = f.book_equity();
    r.revenue = f.period_revenue;
    r.net_income = f.period_net_income;
    r.gw = f.gw();
    r.unmet_demand = unmet_demand(ctx.spec.firms[i], f);
    r.default_probability = f.default_probability;
    r.commitment_value = f.commitment_value;
    ctx.sink.series(r);
  }
}

}  // namespace

void record_tick(TickContext& ctx, std::size_t ticks_total) {
  World& w = ctx.world;
  // Trailing net income (USD/year, 90-day exponential memory) for rule observables.
  const double weight = smoothing_weight(ctx.dt, ctx.buffers().smoothing);
  const double per_year = ctx.dt > 0.0 ? 0.01 / ctx.dt : 0.0;  // cents this tick → USD a year
  for (auto& f : w.firms) {
    const double rate =
        static_cast<double>((f.flows.net_income - f.income_at_last_tick).in_cents()) * per_year;
    f.net_income_trailing += weight * (rate - f.net_income_trailing);
    f.income_at_last_tick = f.flows.net_income;
  }
  if (due(ctx, ticks_total, ctx.spec.loops.every)) track_loops(ctx);
  if (!due(ctx, ticks_total, ctx.spec.record.series_every)) return;
  if (ctx.wants.series) send_series_rows(ctx);
  for (auto& f : w.firms) {  // the period ends here, whether or not a sink read it
    f.period_revenue = Money::zero();
    f.period_net_income = Money::zero();
  }
  if (ctx.wants.market) {
    MarketRow m;
    m.date = w.date;
    m.tick = w.tick;
    m.sentiment = w.market.sentiment;
    m.gpu_index = w.market.gpu_index;
    m.risk_free = w.market.risk_free;
    ctx.sink.market(m);
  }
}

}  // namespace alchemy
