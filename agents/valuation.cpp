#include "agents/valuation.hpp"

#include <algorithm>
#include <cmath>

#include "market/options.hpp"

namespace alchemy {

double revenue_multiple(const ValuationSpec& v, double growth, double sentiment, double risk_free) {
  const double m = v.multiple + v.growth_weight * growth - v.rate_weight * (risk_free - 0.04);
  // The common factor's loading (MODEL.md §7.7): sentiment^beta, beta = 1 the plain multiple.
  const double factor = v.sentiment_beta == 1.0 ? sentiment : std::pow(sentiment, v.sentiment_beta);
  return std::max(0.5, m) * factor;
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

double value_volatility(const ValuationSpec& v, double factor_volatility) {
  return std::hypot(v.volatility, v.sentiment_beta * factor_volatility);
}

double forward_growth(const RevenueSpec& revenue, double growth, Date today) {
  const int horizon_days = 365;
  const int start = today.days();
  double weighted = 0.0;
  int at = start;  // the current segment runs from `at` at `g`
  double g = growth;
  for (const GrowthStep& step : revenue.growth_path) {
    const int from = step.from.days();
    if (from <= start) continue;
    if (from >= start + horizon_days) break;
    weighted += g * (from - at);
    at = from;
    g = step_growth(revenue, step);
  }
  weighted += g * (start + horizon_days - at);
  return weighted / horizon_days;
}

double limited_liability_put(double ev, double liabilities, double sigma) {
  if (liabilities <= 0.0) return 0.0;
  if (ev <= 0.0) return liabilities - ev;
  if (sigma <= 0.0) return std::max(0.0, liabilities - ev);
  const double d1 = (std::log(ev / liabilities) + 0.5 * sigma * sigma) / sigma;
  const double d2 = d1 - sigma;
  return liabilities * normal_cdf(-d2) - ev * normal_cdf(-d1);
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
