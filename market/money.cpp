#include "market/money.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace alchemy {

MoneyOverflow::MoneyOverflow(double dollars)
    : std::overflow_error("money amount out of range: " + std::to_string(dollars)),
      dollars_(dollars) {}

void Money::out_of_range(double dollars) {
  throw MoneyOverflow(dollars);
}

std::vector<Money> split_largest_remainder(Money total, std::span<const double> weights) {
  std::vector<Money> parts(weights.size());
  if (weights.empty()) return parts;
  double sum = 0.0;
  for (double w : weights) {
    if (!(w >= 0.0) || !std::isfinite(w))
      throw std::invalid_argument("split weights must be finite and >= 0");
    sum += w;
  }
  if (sum <= 0.0) throw std::invalid_argument("split weights must not all be zero");

  const std::int64_t sign = total.is_negative() ? -1 : 1;
  const std::int64_t abs_total = sign * total.in_cents();
  std::vector<double> remainder(weights.size());
  std::int64_t assigned = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const long double quota = static_cast<long double>(abs_total) * weights[i] / sum;
    const auto floor_part = static_cast<std::int64_t>(quota);
    remainder[i] = static_cast<double>(quota - static_cast<long double>(floor_part));
    parts[i] = Money::cents(floor_part);
    assigned += floor_part;
  }
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  std::int64_t left = abs_total - assigned;
  for (std::size_t k = 0; left > 0; k = (k + 1) % order.size()) {
    // Only weights > 0 may receive a leftover cent.
    if (weights[order[k]] > 0.0) {
      parts[order[k]] += Money::cents(1);
      --left;
    }
  }
  if (sign < 0) {
    for (auto& p : parts)
      p = -p;
  }
  return parts;
}

std::string format_human(Money m) {
  const double d = m.dollars();
  const double a = std::fabs(d);
  char buf[64];
  if (a >= 1e12) {
    std::snprintf(buf, sizeof buf, "%.2f T", d / 1e12);
  } else if (a >= 1e9) {
    std::snprintf(buf, sizeof buf, "%.2f B", d / 1e9);
  } else if (a >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.2f M", d / 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f", d);
  }
  return buf;
}

}  // namespace alchemy
