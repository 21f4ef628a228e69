#include "market/funding_outlook.hpp"

#include <cmath>

#include "market/options.hpp"

namespace alchemy {

LogNormalMoments sentiment_outlook(double x0, double mu, double kappa, double sigma, double t) {
  t = std::max(0.0, t);
  LogNormalMoments m;
  if (kappa <= 0.0) {
    m.mean = x0;
    m.variance = sigma * sigma * t;
    return m;
  }
  const double decay = std::exp(-kappa * t);
  m.mean = mu + (x0 - mu) * decay;
  // 1 − e^{−2κt} = −expm1(−2κt): exact for small κt, where the difference would cancel.
  m.variance = sigma * sigma * -std::expm1(-2.0 * kappa * t) / (2.0 * kappa);
  return m;
}

double open_probability(const LogNormalMoments& x, double freeze) {
  const double cut = std::log(freeze);
  if (x.variance <= 0.0) return x.mean >= cut ? 1.0 : 0.0;
  return normal_cdf((x.mean - cut) / std::sqrt(x.variance));
}

double expected_supply_factor(const LogNormalMoments& x, double elasticity, double freeze) {
  const double cut = std::log(freeze);
  if (x.variance <= 0.0) return x.mean >= cut ? std::exp(elasticity * x.mean) : 0.0;
  const double scale = std::exp(elasticity * x.mean + 0.5 * elasticity * elasticity * x.variance);
  return scale * normal_cdf((x.mean + elasticity * x.variance - cut) / std::sqrt(x.variance));
}

}  // namespace alchemy
