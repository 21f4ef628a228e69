#pragma once
// Money: an exact integer number of US cents. Every balance and every flow in the ledger is a
// Money, so sums are exact and cash conservation can be tested with ==, not with a tolerance.
// Conversions to and from double exist for valuation (prices, multiples), which is not money
// until it is booked; booking rounds half away from zero.

#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace alchemy {

// What Money throws when an amount does not fit in its int64 cents (or is not finite): a typed
// error, so the engine can tell the model leaving its representable range (a run of decades of
// compounding) from a bug, and stop the run with its own exit code (sim/engine/representable.hpp).
class MoneyOverflow : public std::overflow_error {
 public:
  explicit MoneyOverflow(double dollars);
  double dollars() const { return dollars_; }

 private:
  double dollars_;
};

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money cents(std::int64_t c) { return Money(c); }
  static constexpr Money zero() { return Money(0); }
  // Rounds to the nearest cent (half away from zero). Throws MoneyOverflow if the amount
  // does not fit (|x| above ~9.2e16 USD) or is not finite.
  // Inline, with the rounding done by integer truncation (no libm call): booking is on every
  // hot path of a tick. Gives exactly std::round's result (tested in money_test.cpp).
  static Money from_dollars(double dollars) { return rounded_cents(dollars * 100.0); }

  constexpr std::int64_t in_cents() const { return cents_; }
  constexpr double dollars() const { return static_cast<double>(cents_) / 100.0; }

  constexpr Money operator-() const { return Money(-cents_); }
  constexpr Money& operator+=(Money o) {
    cents_ += o.cents_;
    return *this;
  }
  constexpr Money& operator-=(Money o) {
    cents_ -= o.cents_;
    return *this;
  }
  friend constexpr Money operator+(Money a, Money b) { return Money(a.cents_ + b.cents_); }
  friend constexpr Money operator-(Money a, Money b) { return Money(a.cents_ - b.cents_); }
  friend constexpr auto operator<=>(Money, Money) = default;
  friend constexpr bool operator==(Money, Money) = default;

  constexpr bool is_zero() const { return cents_ == 0; }
  constexpr bool is_negative() const { return cents_ < 0; }
  constexpr bool is_positive() const { return cents_ > 0; }

  // A share of this amount, rounded to the nearest cent (half away from zero). In cents, so one
  // rounding, and no division by 100 on the way (a booking on every hot path).
  Money times(double factor) const { return rounded_cents(static_cast<double>(cents_) * factor); }

 private:
  constexpr explicit Money(std::int64_t c) : cents_(c) {}
  static Money rounded_cents(double c) {
    // 2^63 is exactly representable; anything at or beyond it cannot be an int64. NaN fails both.
    if (!(c < 0x1p63 && c > -0x1p63)) out_of_range(c / 100.0);
    // |c| < 2^63, so the truncation is exact, and so is c − t (Sterbenz: t and c share sign and
    // |t| ≥ |c|/2 when |c| ≥ 1; t = 0 otherwise).
    // The fraction is a coin toss for the branch predictor, so the step is added without a
    // branch (the comparisons become flags, not jumps).
    const auto t = static_cast<std::int64_t>(c);
    const double frac = c - static_cast<double>(t);
    return Money(t + static_cast<std::int64_t>(frac >= 0.5) -
                 static_cast<std::int64_t>(frac <= -0.5));
  }
  [[noreturn]] static void out_of_range(double dollars);
  std::int64_t cents_ = 0;
};

constexpr Money min(Money a, Money b) {
  return a < b ? a : b;
}
constexpr Money max(Money a, Money b) {
  return a < b ? b : a;
}

// Splits `total` into parts proportional to `weights` (nonnegative, not all zero) so that the
// parts sum to `total` exactly: each part gets the floor of its quota, and the cents left over go
// to the largest fractional remainders (Hamilton's largest-remainder method), ties to the lower
// index so the split is deterministic.
std::vector<Money> split_largest_remainder(Money total, std::span<const double> weights);

// "4.30 B", "-12.00 M", "950.25" — for human summaries, never for machine outputs.
std::string format_human(Money m);

}  // namespace alchemy
