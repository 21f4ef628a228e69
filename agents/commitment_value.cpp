#include "agents/commitment_value.hpp"

#include <algorithm>
#include <cmath>

namespace alchemy {

namespace {

// The longest span the valuation follows, in months (beyond it nothing is paid or idle).
constexpr int kMaxMonths = 40 * 12;

// Integral of the growth rate over [0, t] years: today's growth until the first later step of
// the path, then each step's rate from its date.
double growth_integral(const CommitmentOutlook& firm, double t) {
  double sum = 0.0, from = 0.0, g = firm.growth;
  for (std::size_t j = 0; j < firm.step_at.size() && firm.step_at[j] < t; ++j) {
    const double step = std::max(0.0, firm.step_at[j]);
    sum += g * (step - from);
    from = step;
    g = firm.step_growth[j];
  }
  return sum + g * (t - from);
}

// The part of `c`'s remaining value paid within [a, b) years (a point payment before today
// falls in the first month).
double paid_within(const CommitmentFlow& c, double a, double b) {
  if (c.to <= c.from) return (c.from >= a || a == 0.0) && c.from < b ? c.value : 0.0;
  const double overlap = std::min(b, c.to) - std::max(a, c.from);
  return overlap > 0.0 ? c.value * overlap / (c.to - c.from) : 0.0;
}

}  // namespace

CommitmentValue value_commitments(const CommitmentOutlook& firm,
                                  std::span<const CommitmentFlow> commitments) {
  CommitmentValue out;
  const double life = std::max(firm.gpu_life_years, 1.0 / 12.0);
  double last = 0.0;
  for (const auto& c : commitments)
    last = std::max(last, c.gw_per_dollar > 0.0 ? c.to + life : c.to);
  const int months = std::min(kMaxMonths, static_cast<int>(std::floor(last * 12.0)) + 1);
  const auto life_months = static_cast<std::size_t>(std::lround(life * 12.0));
  // GPUs delivered each month and their annual cost (price over the useful life), kept for
  // their life: a ring of life_months entries.
  std::vector<double> gpu_gw(life_months, 0.0), gpu_cost(life_months, 0.0);
  double gpu_gw_active = 0.0, gpu_cost_active = 0.0;
  const double rho = firm.revenue_per_gw_year;
  // β_k = (1 + rate)^{−(k + ½)/12}, one month's factor at a time.
  const double month_discount = std::pow(1.0 + firm.discount_rate, -1.0 / 12.0);
  double beta = std::pow(1.0 + firm.discount_rate, -1.0 / 24.0);
  // Demand at each month's midpoint, grown from the last by exp(∫ g) over the month between
  // (the factor is computed again only where the path steps).
  double demand = firm.demand * std::exp(growth_integral(firm, 0.5 / 12.0));
  double month_growth = 0.0, month_factor = 1.0;
  for (int k = 0; k < months; ++k, beta *= month_discount) {
    const double a = k / 12.0, b = (k + 1) / 12.0, mid = (k + 0.5) / 12.0;
    if (k > 0) {
      const double g = growth_integral(firm, mid) - growth_integral(firm, mid - 1.0 / 12.0);
      if (g != month_growth) {
        month_growth = g;
        month_factor = std::exp(g);
      }
      demand *= month_factor;
    }
    const std::size_t slot = static_cast<std::size_t>(k) % life_months;
    gpu_gw_active -= gpu_gw[slot];
    gpu_cost_active -= gpu_cost[slot];
    gpu_gw[slot] = gpu_cost[slot] = 0.0;
    double paid = 0.0, lease_gw = 0.0, lease_cost = 0.0;
    for (const auto& c : commitments) {
      const double p = paid_within(c, a, b);
      paid += p;
      if (c.gw_per_dollar > 0.0) {
        gpu_gw[slot] += p * c.gw_per_dollar;
        gpu_cost[slot] += p / life;
      }
      if (c.gw_at_start > 0.0 && c.from < b && (c.to > a || c.to <= c.from)) {
        lease_gw += c.gw_at_start;
        lease_cost += c.to > c.from ? c.value / (c.to - c.from) : 0.0;
      }
    }
    gpu_gw_active += gpu_gw[slot];
    gpu_cost_active += gpu_cost[slot];
    out.payments += beta * paid;
    const double committed = gpu_gw_active + lease_gw;
    if (rho <= 0.0 || committed <= 0.0) continue;
    const double used = std::max(firm.gw_now, demand / rho);
    const double idle = std::clamp(firm.gw_now + committed - used, 0.0, committed);
    const double cost_per_gw = (gpu_cost_active + lease_cost) / committed;
    out.stranded += beta * idle * cost_per_gw / 12.0;
  }
  return out;
}

}  // namespace alchemy
