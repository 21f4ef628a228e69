#include "sim/engine/compute_cost.hpp"

#include "sim/contracts/supply.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

namespace {

double cost_at(const MarketSpec& m, Date d) {
  double level = m.compute_cost.front().per_gw;
  for (const CostPoint& p : m.compute_cost) {
    if (d < p.from) break;
    level = p.per_gw;
  }
  return level;
}

}  // namespace

double compute_cost_factor(const MarketSpec& m, Date from, Date to) {
  if (m.compute_cost.empty()) return 1.0;
  return cost_at(m, to) / cost_at(m, from);
}

Money hardware_cost_per_gw(const TickContext& ctx, std::int32_t firm, Date date) {
  const Money per_gw = ctx.firm_spec(firm).compute.hardware_per_gw;
  if (ctx.spec.market.compute_cost.empty()) return per_gw;
  return per_gw.times(compute_cost_factor(ctx.spec.market, ctx.spec.start, date));
}

Money invoiced_value(const MarketSpec& m, const ContractSpec& cs, Money signed_value, Date date) {
  if (cs.as<SupplyTerms>().invoice != Invoice::path) return signed_value;
  return signed_value.times(compute_cost_factor(m, cs.signed_on, date));
}

}  // namespace alchemy
