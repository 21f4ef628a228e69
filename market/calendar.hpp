#pragma once
// The market calendar: which days are trading days, and the simulation's step.
// Day count: ACT/365F for every accrual (see year_fraction in date.hpp).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "market/date.hpp"

namespace alchemy {

enum class StepUnit { day, week, month };
std::string_view to_string(StepUnit u);
std::optional<StepUnit> step_unit_from_string(std::string_view s);

class MarketCalendar {
 public:
  MarketCalendar() = default;
  // holidays: extra non-trading days (any order, duplicates allowed); weekends are never trading
  // days when weekends_closed is true.
  MarketCalendar(std::vector<Date> holidays, bool weekends_closed);

  bool is_trading_day(Date d) const;
  // The first trading day on or after d.
  Date on_or_after(Date d) const;
  // The tick dates from start (rolled forward to a trading day) to end inclusive: every trading
  // day for StepUnit::day; for week and month, the first trading day on or after each calendar
  // anniversary of start (start + k weeks, start + k months).
  std::vector<Date> tick_dates(Date start, Date end, StepUnit step) const;

  const std::vector<Date>& holidays() const { return holidays_; }
  bool weekends_closed() const { return weekends_closed_; }

 private:
  std::vector<Date> holidays_;  // sorted, unique
  bool weekends_closed_ = true;
};

// NYSE full-day closures 2025–2035 (New Year, MLK, Presidents', Good Friday, Memorial, Juneteenth,
// Independence, Labor, Thanksgiving, Christmas, with the exchange's weekend-observance rule),
// computed from the rules, not listed by hand.
std::vector<Date> nyse_holidays(int first_year, int last_year);

}  // namespace alchemy
