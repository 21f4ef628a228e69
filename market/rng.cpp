#include "market/rng.hpp"

#include <algorithm>
#include <cmath>

namespace alchemy {

std::uint64_t Rng::below(std::uint64_t n) {
  if (n == 0) return 0;
  unsigned __int128 m = static_cast<unsigned __int128>(next_u64()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<unsigned __int128>(next_u64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

namespace {

// Marsaglia & Tsang (2000), Table 1: for 128 layers under f(x) = exp(−x²/2), the base layer's
// right edge r and the common area v of every layer (v = r f(r) + ∫_r^∞ f).
constexpr double kZigguratR = 3.442619855899;
constexpr double kZigguratV = 9.91256303526217e-3;

}  // namespace

Rng::Ziggurat Rng::make_ziggurat() {
  Ziggurat z{};
  const auto f = [](double x) { return std::exp(-0.5 * x * x); };
  z.x[0] = kZigguratV / f(kZigguratR);
  z.x[1] = kZigguratR;
  for (std::size_t i = 1; i < 127; ++i) {
    // The layer above x[i] has area v: x[i] (f(x[i + 1]) − f(x[i])) = v.
    const double fy = std::min(1.0, f(z.x[i]) + kZigguratV / z.x[i]);
    z.x[i + 1] = std::sqrt(-2.0 * std::log(fy));
  }
  z.x[128] = 0.0;
  for (std::size_t i = 0; i < 129; ++i)
    z.fx[i] = f(z.x[i]);
  z.fx[0] = f(kZigguratR);  // the base layer's height (x[0] is only a width)
  return z;
}

double Rng::normal_slow(Draw d) {
  const Ziggurat& z = ziggurat();
  while (true) {
    if (d.layer == 0) {
      // The tail beyond r (Marsaglia 1964): x = −ln(u1)/r, y = −ln(u2), accept when 2y > x².
      double t = 0.0, y = 0.0;
      do {
        t = -std::log(uniform_open()) / kZigguratR;
        y = -std::log(uniform_open());
      } while (2.0 * y <= t * t);
      return d.negative ? -(kZigguratR + t) : kZigguratR + t;
    }
    // The wedge: (x, y) uniform in the layer's rectangle beyond its core; under f, accept.
    const double y = z.fx[d.layer] + uniform() * (z.fx[d.layer + 1] - z.fx[d.layer]);
    if (y < std::exp(-0.5 * d.x * d.x)) return d.negative ? -d.x : d.x;
    // Rejected: a fresh draw, as in normal().
    d = draw(z);
    if (d.x < z.x[d.layer + 1]) return d.negative ? -d.x : d.x;
  }
}

double Rng::exponential() {
  return -std::log(uniform_open());
}

std::uint64_t Rng::poisson(double mean) {
  if (!(mean > 0.0)) return 0;
  if (mean > 500.0) {
    const double x = std::round(mean + std::sqrt(mean) * normal());
    return x < 0.0 ? 0 : static_cast<std::uint64_t>(x);
  }
  // Knuth's multiplication method, in log space to stay accurate for means up to 500.
  const double limit = -mean;
  double log_prod = 0.0;
  std::uint64_t k = 0;
  while (true) {
    log_prod += std::log(uniform_open());
    if (log_prod < limit) return k;
    ++k;
  }
}

}  // namespace alchemy
