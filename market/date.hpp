#pragma once
// Calendar dates. Anything a user sees is a date, never a tick count. A Date is a count of days
// since 1970-01-01 (proleptic Gregorian), so it is plain data, ordered and cheap to copy.

#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace alchemy {

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date from_days(std::int32_t days_since_epoch) { return Date(days_since_epoch); }
  static Date from_ymd(int year, unsigned month, unsigned day);  // throws std::invalid_argument
  // Strict ISO 8601 calendar date "YYYY-MM-DD"; nullopt if malformed or not a real day.
  static std::optional<Date> parse_iso(std::string_view text);

  constexpr std::int32_t days() const { return days_; }
  // Inline: the phases ask for months and quarters every tick, and the conversion is a few
  // integer operations once the call is gone.
  int year() const { return static_cast<int>(ymd().year()); }
  unsigned month() const { return static_cast<unsigned>(ymd().month()); }
  unsigned day() const { return static_cast<unsigned>(ymd().day()); }
  // 0 = Monday ... 6 = Sunday.
  unsigned weekday() const;
  std::string iso() const;  // "YYYY-MM-DD"

  constexpr Date plus_days(std::int32_t n) const { return Date(days_ + n); }
  // Adds calendar months; the day is clamped to the end of the target month (Jan 31 + 1m = Feb 28).
  Date plus_months(int n) const;
  bool is_quarter_end() const;  // the last calendar day of Mar, Jun, Sep or Dec

  friend constexpr auto operator<=>(Date, Date) = default;
  friend constexpr bool operator==(Date, Date) = default;

 private:
  constexpr explicit Date(std::int32_t d) : days_(d) {}
  std::chrono::year_month_day ymd() const {
    return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days_}}};
  }
  std::int32_t days_ = 0;
};

// ACT/365F: actual days between two dates over a fixed 365-day year. The day-count convention of
// every accrual (interest, depreciation, revenue and cost rates) in the model.
inline double year_fraction(Date from, Date to) {
  return (to.days() - from.days()) / 365.0;
}

}  // namespace alchemy
