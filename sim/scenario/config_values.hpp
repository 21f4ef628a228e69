#pragma once
// Strict parsers for the value syntaxes of scenario files. Each takes the scalar's text and returns
// the value or a message that says what was expected; the caller adds file:line:column and the key
// path (see config_schema.hpp). Nothing is guessed: "5X", "1.2.3", "nan", "0.5y" and amounts that
// do not fit are rejected rather than truncated.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "market/calendar.hpp"
#include "market/date.hpp"
#include "market/money.hpp"

namespace alchemy {

// A parsed value, or the reason there is none.
template <class T>
class Parsed {
 public:
  Parsed(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose (return value;)
  static Parsed failure(std::string problem) {
    Parsed p;
    p.problem_ = std::move(problem);
    return p;
  }
  bool ok() const { return value_.has_value(); }
  const T& value() const { return *value_; }
  const std::string& problem() const { return problem_; }

 private:
  Parsed() = default;
  std::optional<T> value_;
  std::string problem_;
};

enum class Negative { rejected, allowed };

// Money: digits with optional `_` between them, an optional fraction, and an optional suffix
// k/K (thousand), M (million), B (billion) or T (trillion), or an exponent (50e9). An optional
// leading `$`. Exact decimal arithmetic: "4.3B" is 430 000 000 000 cents, not a rounded double.
// Fractions of a cent and amounts beyond a signed 64-bit count of cents are errors.
Parsed<Money> parse_money(std::string_view text, Negative negative = Negative::rejected);

// A plain finite number: 0.25, -3, 1e-4, 1_000. No %, no suffix, no nan or inf.
Parsed<double> parse_number(std::string_view text);

// A fraction: a plain number (0.24) or a percentage (24% = 0.24).
Parsed<double> parse_fraction(std::string_view text);

// A whole number (underscores allowed between digits).
Parsed<std::int64_t> parse_integer(std::string_view text);
Parsed<std::uint64_t> parse_unsigned(std::string_view text);

// true or false (also True/TRUE/False/FALSE, the YAML 1.2 core spellings); not yes/no/on/off.
Parsed<bool> parse_bool(std::string_view text);

// ISO 8601 calendar date YYYY-MM-DD.
Parsed<Date> parse_date(std::string_view text);

// A calendar duration: a whole count and a unit d (days), w (weeks), m (months), y (years).
// Fractions are rejected ("0.5y" → write "6m") so that adding a duration to a date is exact.
enum class DurationUnit { day, week, month, year };
struct Duration {
  std::int64_t count = 0;
  DurationUnit unit = DurationUnit::day;

  // The date `count` units after `from`; months and years clamp the day to the month's end
  // (2025-01-31 + 1m = 2025-02-28), as Date::plus_months.
  Date after(Date from) const;
  // Days at 7 per week, 30 per month and 365 per year, for parameters kept in days
  // (cooldowns, payment terms).
  std::int64_t approx_days() const;
  std::string str() const;  // "90d"
  friend bool operator==(const Duration&, const Duration&) = default;
};
Parsed<Duration> parse_duration(std::string_view text);

// A count of days: a whole number of days (30) or a duration (30d, 4w, 3m = 90 days).
Parsed<std::int64_t> parse_days(std::string_view text);

// The simulation step: 1d, 1w or 1m.
Parsed<StepUnit> parse_step(std::string_view text);

// One of `names` (exact spelling); the index of the match. The message lists the choices and
// suggests the nearest one.
Parsed<std::size_t> parse_choice(std::string_view text, std::span<const std::string> names);

// Short exact text of an amount in the syntax parse_money reads: "4.3B", "160M", "250k", "0.01".
std::string money_text(Money m);
// Shortest text that reads back to the same double ("0.04", "5e10", "1e-5").
std::string number_text(double x);

}  // namespace alchemy
