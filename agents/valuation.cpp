#include "agents/valuation.hpp"

#include <algorithm>
#include <cmath>

namespace alchemy {

double revenue_multiple(const ValuationSpec& v, double growth, double sentiment, double risk_free) {
  const double m = v.multiple + v.growth_weight * growth - v.rate_weight * (risk_free - 0.04);
  return std::max(0.5, m) * sentiment;
}

double kappa_over(double daily_kappa, double days) {
  return 1.0 - std::pow(1.0 - std::clamp(daily_kappa, 0.0, 1.0), days);
}

double forward_external_revenue(const FirmSpec& spec, const FirmState& f) {
  return forward_external_revenue(spec, f, std::exp(f.growth));
}

double forward_external_revenue(const FirmSpec& spec, const FirmState& f, double growth_factor) {
  const double forward_demand = f.demand * growth_factor;
  if (!spec.compute.revenue_per_gw_year.is_positive()) return forward_demand;
  return std::min(forward_demand, spec.compute.revenue_per_gw_year.dollars() * f.gw());
}

double net_financial_assets(const FirmState& f, double network_loans) {
  return (f.cash + f.receivables + f.loans_held + f.other_assets - f.total_debt() - f.payables)
             .dollars() -
         network_loans;
}

double diluted_shares(double shares, double warrant_shares, double strike, double price) {
  if (price <= strike || price <= 0.0) return shares;
  return shares + warrant_shares * (1.0 - strike / price);
}

}  // namespace alchemy
