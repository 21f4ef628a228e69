#include "market/price_statistics.hpp"

#include <cmath>
#include <cstddef>

namespace alchemy {

namespace {

double mean(const std::vector<double>& r) {
  double sum = 0.0;
  for (double x : r)
    sum += x;
  return sum / static_cast<double>(r.size());
}

}  // namespace

std::optional<double> annualised_volatility(const ReturnPaths& paths, double periods_per_year) {
  double squares = 0.0, degrees = 0.0;
  for (const std::vector<double>& r : paths) {
    if (r.size() < 2) continue;
    const double m = mean(r);
    for (double x : r)
      squares += (x - m) * (x - m);
    degrees += static_cast<double>(r.size() - 1);
  }
  if (degrees <= 0.0) return std::nullopt;
  return std::sqrt(periods_per_year * squares / degrees);
}

std::optional<double> pooled_correlation(const ReturnPaths& x, const ReturnPaths& y) {
  double xy = 0.0, xx = 0.0, yy = 0.0;
  for (std::size_t k = 0; k < x.size() && k < y.size(); ++k) {
    const std::vector<double>& a = x[k];
    const std::vector<double>& b = y[k];
    if (a.size() != b.size() || a.size() < 2) continue;
    const double ma = mean(a), mb = mean(b);
    for (std::size_t t = 0; t < a.size(); ++t) {
      xy += (a[t] - ma) * (b[t] - mb);
      xx += (a[t] - ma) * (a[t] - ma);
      yy += (b[t] - mb) * (b[t] - mb);
    }
  }
  if (xx <= 0.0 || yy <= 0.0) return std::nullopt;
  return xy / std::sqrt(xx * yy);
}

std::optional<double> lag1_autocorrelation(const ReturnPaths& paths) {
  double lagged = 0.0, squares = 0.0;
  for (const std::vector<double>& r : paths) {
    if (r.size() < 2) continue;
    const double m = mean(r);
    for (std::size_t t = 0; t < r.size(); ++t) {
      squares += (r[t] - m) * (r[t] - m);
      if (t > 0) lagged += (r[t] - m) * (r[t - 1] - m);
    }
  }
  if (squares <= 0.0) return std::nullopt;
  return lagged / squares;
}

std::optional<double> variance_ratio(const ReturnPaths& paths, int q) {
  if (q < 1) return std::nullopt;
  double one_squares = 0.0, one_divisor = 0.0, q_squares = 0.0, q_divisor = 0.0;
  for (const std::vector<double>& r : paths) {
    const std::size_t T = r.size();
    if (T < 2) continue;
    const double mu = mean(r);  // (X_T − X_0) / T
    for (double x : r)
      one_squares += (x - mu) * (x - mu);
    one_divisor += static_cast<double>(T - 1);
    const std::size_t qs = static_cast<std::size_t>(q);
    if (T <= qs) continue;  // no q-period sum varies (m ≤ 0)
    // X_k − X_{k−q} as a sliding sum of the q returns ending at k.
    double window = 0.0;
    for (std::size_t t = 0; t < qs; ++t)
      window += r[t];
    for (std::size_t k = qs;; ++k) {
      const double d = window - static_cast<double>(q) * mu;
      q_squares += d * d;
      if (k == T) break;
      window += r[k] - r[k - qs];
    }
    const double Td = static_cast<double>(T), qd = static_cast<double>(q);
    q_divisor += qd * (Td - qd + 1.0) * (1.0 - qd / Td);
  }
  if (one_divisor <= 0.0 || q_divisor <= 0.0 || one_squares <= 0.0) return std::nullopt;
  return (q_squares / q_divisor) / (one_squares / one_divisor);
}

}  // namespace alchemy
