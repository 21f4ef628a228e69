#include "sim/analysis/systemic_impact.hpp"

#include <algorithm>

namespace alchemy {

namespace {

// R_k for every firm k in one variant (see the header), and R_∅.
std::vector<double> impacts(const ExposureNetwork& net, const LeverageMatrix& lev,
                            const std::vector<double>& exposed_to, DebtRankVariant variant,
                            double& background) {
  const std::size_t n = net.firm_count();
  DebtRankOptions o;
  o.variant = variant;
  std::vector<double> shock(n, 0.0);
  const DebtRankResult none = debtrank(lev, shock, net.weights, o);
  background = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    background += net.weights[i] * none.h[i];
  std::vector<double> r(n, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    // Nobody exposed, defaulted or no buffer: the shock changes nothing, R_k = 0 exactly.
    if (!(exposed_to[k] > 0.0) || lev.no_buffer[k]) continue;
    shock[k] = 1.0;
    const DebtRankResult res = debtrank(lev, shock, net.weights, o);
    shock[k] = 0.0;
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (i != k) sum += net.weights[i] * (res.h[i] - none.h[i]);
    }
    r[k] = sum;
  }
  return r;
}

}  // namespace

SystemicImpact systemic_impact(const ExposureNetwork& net, DebtRankVariant rank_by) {
  const LeverageMatrix lev = net.leverage();
  const std::vector<double> exposed_to = net.exposure_to_each();
  SystemicImpact out;
  const std::vector<double> original =
      impacts(net, lev, exposed_to, DebtRankVariant::original, out.background_original);
  const std::vector<double> linear =
      impacts(net, lev, exposed_to, DebtRankVariant::linear, out.background_linear);
  out.ranking.resize(net.firm_count());
  for (std::size_t k = 0; k < net.firm_count(); ++k) {
    out.ranking[k] = {static_cast<FirmIndex>(k), original[k], linear[k]};
    if (lev.no_buffer[k] && !net.defaulted[k]) out.no_buffer.push_back(static_cast<FirmIndex>(k));
  }
  const bool by_original = rank_by == DebtRankVariant::original;
  std::stable_sort(out.ranking.begin(), out.ranking.end(),
                   [&](const FirmImpact& a, const FirmImpact& b) {
                     const double ka = by_original ? a.original : a.linear;
                     const double kb = by_original ? b.original : b.linear;
                     if (ka != kb) return ka > kb;
                     const double sa = by_original ? a.linear : a.original;
                     const double sb = by_original ? b.linear : b.original;
                     return sa > sb;
                   });
  return out;
}

}  // namespace alchemy
