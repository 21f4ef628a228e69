#include <doctest/doctest.h>

#include <numeric>
#include <stdexcept>
#include <vector>

#include "market/money.hpp"

using alchemy::Money;

TEST_CASE("money rounds to the nearest cent, half away from zero") {
  CHECK(Money::from_dollars(0.005).in_cents() == 1);
  CHECK(Money::from_dollars(-0.005).in_cents() == -1);
  CHECK(Money::from_dollars(4.3e9).in_cents() == 430'000'000'000LL);
  CHECK_THROWS_AS(Money::from_dollars(1e18), std::overflow_error);
  CHECK_THROWS_AS(Money::from_dollars(std::nan("")), std::overflow_error);
}

TEST_CASE("largest remainder split is exact and follows the quotas") {
  // 100 cents in thirds: quotas 33.33 each; one leftover cent to the first (ties to lower index).
  const std::vector<double> w{1, 1, 1};
  auto parts = alchemy::split_largest_remainder(Money::cents(100), w);
  CHECK(parts[0].in_cents() == 34);
  CHECK(parts[1].in_cents() == 33);
  CHECK(parts[2].in_cents() == 33);
  // Quotas 1.4, 2.6 and 6.0 of 10: floors 1, 2, 6 and the cent goes to the largest remainder (0.6).
  const std::vector<double> w2{0.14, 0.26, 0.60};
  parts = alchemy::split_largest_remainder(Money::cents(10), w2);
  CHECK(parts[0].in_cents() == 1);
  CHECK(parts[1].in_cents() == 3);
  CHECK(parts[2].in_cents() == 6);
  // Negative totals split symmetrically and still sum exactly.
  parts = alchemy::split_largest_remainder(Money::cents(-100), w);
  CHECK(parts[0].in_cents() + parts[1].in_cents() + parts[2].in_cents() == -100);
  // A zero weight never receives a cent.
  const std::vector<double> w3{0, 1, 1};
  parts = alchemy::split_largest_remainder(Money::cents(3), w3);
  CHECK(parts[0].in_cents() == 0);
  CHECK(parts[1].in_cents() + parts[2].in_cents() == 3);
}
