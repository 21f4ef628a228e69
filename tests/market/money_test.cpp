#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
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
  CHECK_THROWS_AS(Money::from_dollars(INFINITY), std::overflow_error);
  CHECK_THROWS_AS(Money::from_dollars(-1e17), std::overflow_error);
}

TEST_CASE("a share of an amount is rounded once, to the nearest cent, half away from zero") {
  CHECK(Money::cents(1001).times(0.5).in_cents() == 501);    // 500.5
  CHECK(Money::cents(-1001).times(0.5).in_cents() == -501);  // -500.5
  CHECK(Money::cents(999).times(0.5).in_cents() == 500);     // 499.5
  CHECK(Money::cents(300).times(1.0 / 3.0).in_cents() == 100);
  CHECK(Money::cents(100'000'000'000'000'000LL).times(0.3).in_cents() == 30'000'000'000'000'000LL);
  CHECK(Money::cents(12345).times(0.0).in_cents() == 0);
  CHECK_THROWS_AS(Money::cents(100'000'000'000'000'000LL).times(1000.0), std::overflow_error);
}

// from_dollars rounds by integer truncation instead of calling std::round; the two must agree on
// every input, including the classic traps of round-by-adding-0.5.
TEST_CASE("money rounding agrees with std::round, edge cases and a million random amounts") {
  auto expected = [](double dollars) {
    return static_cast<std::int64_t>(std::round(dollars * 100.0));
  };
  const double traps[] = {0.0,
                          -0.0,
                          0.004999999999999999,
                          0.49999999999999994 / 100.0,
                          0.015,
                          0.025,
                          -0.025,
                          4503599627370497.0 / 100.0,
                          9.0e16,
                          -9.0e16,
                          1e-300,
                          123456.785};
  for (double x : traps)
    CHECK(Money::from_dollars(x).in_cents() == expected(x));
  std::uint64_t s = 42;
  for (int k = 0; k < 1'000'000; ++k) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    const double u = static_cast<double>(s >> 11) * 0x1.0p-53;  // [0, 1)
    const double magnitude = std::pow(10.0, -4.0 + 20.0 * u);   // 1e-4 .. 1e16 USD
    const double x = ((s >> 3) & 1 ? -1.0 : 1.0) * magnitude;
    const double half = (std::floor(x * 100.0) + 0.5) / 100.0;  // near a half cent
    REQUIRE(Money::from_dollars(x).in_cents() == expected(x));
    REQUIRE(Money::from_dollars(half).in_cents() == expected(half));
  }
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
