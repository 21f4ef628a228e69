#include "market/rng.hpp"

#include <cmath>
#include <numbers>

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

double Rng::normal() {
  const double u1 = uniform_open();
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Rng::exponential() { return -std::log(uniform_open()); }

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
