#include "market/options.hpp"

#include <algorithm>
#include <cmath>

namespace alchemy {

double normal_cdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

double bsm_call(double S, double X, double T, double r, double b, double sigma) {
  if (T <= 0.0 || sigma <= 0.0)
    return std::max(0.0, S * std::exp((b - r) * T) - X * std::exp(-r * T));
  const double v = sigma * std::sqrt(T);
  const double d1 = (std::log(S / X) + (b + 0.5 * sigma * sigma) * T) / v;
  return S * std::exp((b - r) * T) * normal_cdf(d1) - X * std::exp(-r * T) * normal_cdf(d1 - v);
}

namespace {

// The building blocks A–F of Reiner & Rubinstein (1991) in Haug's notation, for phi = +1 (call)
// and eta = −1 (up barrier).
struct BarrierTerms {
  double A, B, C, D, E, F;
};

// `with_a = false` leaves A at 0 (an up-and-in call with X ≤ H does not use it).
BarrierTerms barrier_terms(double S, double X, double H, double T, double r, double b, double sigma,
                           double rebate, bool with_a = true) {
  constexpr double phi = 1.0, eta = -1.0;
  const double v = sigma * std::sqrt(T);
  const double mu = (b - 0.5 * sigma * sigma) / (sigma * sigma);
  const double x2 = std::log(S / H) / v + (1.0 + mu) * v;
  const double y1 = std::log(H * H / (S * X)) / v + (1.0 + mu) * v;
  const double y2 = std::log(H / S) / v + (1.0 + mu) * v;
  // b = r (no dividend; the warrants' case) makes the carry factor exp(0) = 1 exactly.
  const double carry = b == r ? S : S * std::exp((b - r) * T);
  const double disc = X * std::exp(-r * T);
  const double hs_mu1 = std::pow(H / S, 2.0 * (mu + 1.0));
  const double hs_mu = std::pow(H / S, 2.0 * mu);
  BarrierTerms t{};
  if (with_a) {
    const double x1 = std::log(S / X) / v + (1.0 + mu) * v;
    t.A = phi * carry * normal_cdf(phi * x1) - phi * disc * normal_cdf(phi * x1 - phi * v);
  }
  t.B = phi * carry * normal_cdf(phi * x2) - phi * disc * normal_cdf(phi * x2 - phi * v);
  t.C = phi * carry * hs_mu1 * normal_cdf(eta * y1) -
        phi * disc * hs_mu * normal_cdf(eta * y1 - eta * v);
  t.D = phi * carry * hs_mu1 * normal_cdf(eta * y2) -
        phi * disc * hs_mu * normal_cdf(eta * y2 - eta * v);
  if (rebate == 0.0) return t;  // E = F = 0; skipping them saves a third of the work (warrants)
  const double lambda = std::sqrt(mu * mu + 2.0 * r / (sigma * sigma));
  const double z = std::log(H / S) / v + lambda * v;
  t.E = rebate * std::exp(-r * T) *
        (normal_cdf(eta * x2 - eta * v) - hs_mu * normal_cdf(eta * y2 - eta * v));
  t.F = rebate * (std::pow(H / S, mu + lambda) * normal_cdf(eta * z) +
                  std::pow(H / S, mu - lambda) * normal_cdf(eta * z - 2.0 * eta * lambda * v));
  return t;
}

}  // namespace

double up_and_in_call(double S, double X, double H, double T, double r, double b, double sigma,
                      double rebate) {
  if (S >= H) return bsm_call(S, X, T, r, b, sigma);
  if (T <= 0.0) return rebate;
  if (sigma <= 0.0) return rebate * std::exp(-r * T);
  const BarrierTerms t = barrier_terms(S, X, H, T, r, b, sigma, rebate, X > H);
  return X > H ? t.A + t.E : t.B - t.C + t.D + t.E;
}

double up_and_out_call(double S, double X, double H, double T, double r, double b, double sigma) {
  if (S >= H || X >= H) return 0.0;
  if (T <= 0.0) return std::max(0.0, S - X);
  const BarrierTerms t = barrier_terms(S, X, H, T, r, b, sigma, 0.0);
  return t.A - t.B + t.C - t.D;
}

double warrant_tranche_value(double S, double X, double H, double T, double r, double sigma) {
  if (H > 0.0) return up_and_in_call(S, X, H, T, r, r, sigma);
  return std::max(0.0, S - X);
}

}  // namespace alchemy
