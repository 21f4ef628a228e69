#include "market/credit_risk.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "market/options.hpp"  // normal_cdf

namespace alchemy {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// ln N(x). Below x = −30 the tail comes from the asymptotic series of Mills' ratio (Abramowitz &
// Stegun 26.2.12), N(x) = φ(x)/|x| · (1 − 1/x² + 3/x⁴ − 15/x⁶ + 105/x⁸ − 945/x¹⁰ + …), whose first
// omitted term is below 2e-14 there; erfc itself underflows to 0 near x = −38.
double log_normal_cdf(double x) {
  if (x > -30.0) return std::log(normal_cdf(x));
  const double u = 1.0 / (x * x);
  const double series =
      1.0 - u * (1.0 - 3.0 * u * (1.0 - 5.0 * u * (1.0 - 7.0 * u * (1.0 - 9.0 * u))));
  return -0.5 * x * x - std::log(-x) - 0.5 * std::log(2.0 * std::numbers::pi) + std::log(series);
}

bool positive(double x) {
  return std::isfinite(x) && x > 0.0;
}

}  // namespace

double merton_default_probability(double V, double sigma, double D, double drift, double T) {
  if (D <= 0.0) return 0.0;
  if (V <= 0.0) return 1.0;
  if (sigma <= 0.0 || T <= 0.0) return std::log(V / D) + drift * std::max(T, 0.0) < 0.0 ? 1.0 : 0.0;
  const double s = sigma * std::sqrt(T);
  const double d2 = (std::log(V / D) + (drift - 0.5 * sigma * sigma) * T) / s;
  return normal_cdf(-d2);
}

double merton_credit_spread(double V, double sigma, double D, double r, double T) {
  if (D <= 0.0) return 0.0;
  if (V <= 0.0) return kInfinity;
  if (T <= 0.0) return V >= D ? 0.0 : kInfinity;
  // Debt = D e^{−rT} − P with P the Black–Scholes put on the assets struck at D, so
  // N(d2) + N(−d1) V/(D e^{−rT}) = 1 − P/(D e^{−rT}). Taking log1p of the put's share keeps the
  // spread of nearly safe debt accurate where 1 − (tiny) would round it away.
  const double pv_debt = D * std::exp(-r * T);
  const double s = sigma * std::sqrt(T);
  double put_share = std::max(0.0, 1.0 - V / pv_debt);  // sigma = 0: the payoff is certain
  if (s > 0.0) {
    const double d1 = (std::log(V / D) + (r + 0.5 * sigma * sigma) * T) / s;
    put_share = normal_cdf(s - d1) - V / pv_debt * normal_cdf(-d1);
  }
  put_share = std::clamp(put_share, 0.0, 1.0);  // rounding of two near-equal tails
  return -std::log1p(-put_share) / T;
}

double black_cox_default_probability(double V, double sigma, double K, double drift, double T) {
  if (K <= 0.0) return 0.0;
  if (V <= K) return 1.0;
  if (T <= 0.0) return 0.0;
  const double a = std::log(V / K);           // > 0: the distance to the barrier in log units
  const bool certain = a + drift * T <= 0.0;  // the sigma = 0 path reaches the barrier by T
  if (sigma <= 0.0) return certain ? 1.0 : 0.0;
  const double nu = drift - 0.5 * sigma * sigma;
  const double s = sigma * std::sqrt(T);
  const double ends_below = normal_cdf((-a - nu * T) / s);
  // (K/V)^{2nu/sigma²} N(x) as exp(−2 nu a / sigma² + ln N(x)): for small sigma and nu < 0 the
  // power overflows while N(x) underflows, and their product is finite (its exponent tends to
  // −(a + nu T)²/(2 sigma² T)). When even the exponents overflow, sigma is so small that the
  // sigma = 0 path is the answer.
  const double power_exponent = -2.0 * nu * a / (sigma * sigma);
  const double x = (-a + nu * T) / s;
  if (!std::isfinite(power_exponent) || !std::isfinite(x)) return certain ? 1.0 : 0.0;
  const double reflected = std::exp(power_exponent + log_normal_cdf(x));
  return std::min(1.0, ends_below + reflected);
}

namespace {

// The asset value at which the Black–Scholes call on the assets (strike D, maturity T, volatility
// sigma) is worth E. The call is increasing and convex in V, and at V0 = E + D e^{−rT} it is at
// least V0 − D e^{−rT} = E, so Newton's method from V0 moves left monotonically without
// overshooting the root; it stops when the call no longer exceeds E (the root, up to rounding) or
// the step is below 1e-15 V. NaN when the call's slope underflows (no inversion possible).
double asset_value_for_equity(double E, double sigma, double D, double r, double T) {
  const double pv_debt = D * std::exp(-r * T);
  const double s = sigma * std::sqrt(T);
  double V = E + pv_debt;
  for (int i = 0; i < 200; ++i) {
    const double d1 = (std::log(V / D) + (r + 0.5 * sigma * sigma) * T) / s;
    const double delta = normal_cdf(d1);
    if (!(delta > 0.0)) return std::numeric_limits<double>::quiet_NaN();
    const double excess = V * delta - pv_debt * normal_cdf(d1 - s) - E;
    if (!(excess > 0.0)) break;
    const double step = excess / delta;
    V -= step;
    if (step <= 1e-15 * V) break;
  }
  return V;
}

// ln of the equity volatility that sigma_V = e^x implies (second equation), minus ln sigma_E.
double log_volatility_gap(double x, double E, double sigma_E, double D, double r, double T,
                          double* V_out) {
  const double sigma = std::exp(x);
  const double V = asset_value_for_equity(E, sigma, D, r, T);
  *V_out = V;
  const double d1 = (std::log(V / D) + (r + 0.5 * sigma * sigma) * T) / (sigma * std::sqrt(T));
  return std::log(sigma * V * normal_cdf(d1) / E) - std::log(sigma_E);
}

// Why there is no solution to look for, or "" (`volatility_name` says which volatility is given).
std::string input_error(double E, double sigma, const char* volatility_name, double D, double r,
                        double T) {
  if (!positive(E)) return "equity value must be a positive number";
  if (!positive(sigma)) return std::string(volatility_name) + " must be a positive number";
  if (!std::isfinite(D) || D < 0.0) return "debt must be a number >= 0";
  if (!std::isfinite(r)) return "the risk-free rate must be a number";
  if (!positive(T)) return "the horizon must be a positive number of years";
  return "";
}

}  // namespace

ImpliedAssets implied_asset_value(double E, double sigma_V, double D, double r, double T) {
  ImpliedAssets out;
  out.error = input_error(E, sigma_V, "asset volatility", D, r, T);
  if (!out.ok()) return out;
  out.volatility = sigma_V;
  out.value = D == 0.0 ? E : asset_value_for_equity(E, sigma_V, D, r, T);
  if (!positive(out.value)) {
    out.value = 0.0;
    out.error = "the call on the assets could not be inverted";
  }
  return out;
}

ImpliedAssets implied_asset_value_and_volatility(double E, double sigma_E, double D, double r,
                                                 double T) {
  ImpliedAssets out;
  out.error = input_error(E, sigma_E, "equity volatility", D, r, T);
  if (!out.ok()) return out;
  if (D == 0.0) {  // no debt: the equity is the assets
    out.value = E;
    out.volatility = sigma_E;
    return out;
  }
  // The bracket. Let g(sigma_V) be the equity volatility sigma_V V N(d1) / E with V from the first
  // equation. At lo = sigma_E E/(E + D e^{−rT}): V ≤ E + D e^{−rT} (the call there is already ≥ E)
  // and N(d1) ≤ 1, so g ≤ sigma_E. At hi = sigma_E: V N(d1) = E + D e^{−rT} N(d2) ≥ E, so
  // g ≥ sigma_E. g is continuous, so the root lies between.
  double lo = std::log(sigma_E * E / (E + D * std::exp(-r * T)));
  double hi = std::log(sigma_E);
  double V_lo = 0.0, V_hi = 0.0;
  double g_lo = log_volatility_gap(lo, E, sigma_E, D, r, T, &V_lo);
  double g_hi = log_volatility_gap(hi, E, sigma_E, D, r, T, &V_hi);
  // Illinois false position (Dowell & Jarratt 1971): the secant through the bracket's ends, the
  // value kept at an end that stays twice in a row halved, which keeps convergence superlinear.
  // Where E is tiny against D the call loses digits to cancellation and g turns noisy; so every
  // third step is a bisection if the bracket has not halved over the three before, and the
  // bracket keeps closing on a sign change whatever the noise. Stops when |g| ≤ 1e-13 or the
  // bracket is narrower than 1e-13 in ln sigma_V (relative in sigma_V).
  auto solved = [&](double x, double V, int steps) {
    out.value = V;
    out.volatility = std::exp(x);
    out.iterations = steps;
    return out;
  };
  double x = hi, V_x = V_hi;  // the last point evaluated, always an end of the bracket
  double width_before = hi - lo;
  int kept = 0;  // −1: lo stayed last time, +1: hi stayed
  for (int i = 0; i < 300; ++i) {
    if (!std::isfinite(g_lo) || !std::isfinite(g_hi)) break;
    if (g_lo >= 0.0) return solved(lo, V_lo, i);
    if (g_hi <= 0.0) return solved(hi, V_hi, i);
    if (hi - lo <= 1e-13) return solved(x, V_x, i);
    bool bisect = false;
    if (i % 3 == 2) {
      bisect = hi - lo > 0.5 * width_before;
      width_before = hi - lo;
    }
    x = bisect ? 0.5 * (lo + hi) : (lo * g_hi - hi * g_lo) / (g_hi - g_lo);
    const double g_x = log_volatility_gap(x, E, sigma_E, D, r, T, &V_x);
    if (std::abs(g_x) <= 1e-13) return solved(x, V_x, i + 1);
    if (g_x < 0.0) {
      lo = x, g_lo = g_x, V_lo = V_x;
      if (kept == +1) g_hi *= 0.5;
      kept = +1;
    } else {
      hi = x, g_hi = g_x, V_hi = V_x;
      if (kept == -1) g_lo *= 0.5;
      kept = -1;
    }
  }
  out.error = "the equity could not be inverted into asset value and volatility";
  return out;
}

ComparablesVolatility asset_volatility_from_comparables(std::span<const Comparable> comparables,
                                                        double r, double T) {
  ComparablesVolatility out;
  if (comparables.empty()) {
    out.error = "no comparables";
    return out;
  }
  double sum = 0.0;
  for (const Comparable& c : comparables) {
    const ImpliedAssets a =
        implied_asset_value_and_volatility(c.equity_value, c.equity_volatility, c.debt, r, T);
    if (!a.ok()) {
      out.error = "comparable '" + c.name + "': " + a.error;
      out.asset_volatility.clear();
      return out;
    }
    out.asset_volatility.push_back(a.volatility);
    sum += a.volatility;
  }
  out.volatility = sum / static_cast<double>(comparables.size());
  return out;
}

VolatilityEstimate realised_volatility(std::span<const double> prices,
                                       double trading_days_per_year) {
  VolatilityEstimate out;
  if (!positive(trading_days_per_year))
    out.error = "trading days per year must be a positive number";
  else if (prices.size() < 2)
    out.error = "a volatility needs at least 2 prices";
  for (std::size_t i = 0; out.ok() && i < prices.size(); ++i)
    if (!positive(prices[i])) out.error = "price " + std::to_string(i) + " is not positive";
  if (!out.ok()) return out;
  double sum_squares = 0.0;
  for (std::size_t i = 1; i < prices.size(); ++i) {
    const double r = std::log(prices[i] / prices[i - 1]);
    sum_squares += r * r;
  }
  out.value =
      std::sqrt(trading_days_per_year * sum_squares / static_cast<double>(prices.size() - 1));
  return out;
}

}  // namespace alchemy
