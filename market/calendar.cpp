#include "market/calendar.hpp"

#include <algorithm>

namespace alchemy {

std::string_view to_string(StepUnit u) {
  switch (u) {
    case StepUnit::day:
      return "1d";
    case StepUnit::week:
      return "1w";
    case StepUnit::month:
      return "1m";
  }
  return "?";
}

std::optional<StepUnit> step_unit_from_string(std::string_view s) {
  if (s == "1d") return StepUnit::day;
  if (s == "1w") return StepUnit::week;
  if (s == "1m") return StepUnit::month;
  return std::nullopt;
}

MarketCalendar::MarketCalendar(std::vector<Date> holidays, bool weekends_closed)
    : holidays_(std::move(holidays)), weekends_closed_(weekends_closed) {
  std::sort(holidays_.begin(), holidays_.end());
  holidays_.erase(std::unique(holidays_.begin(), holidays_.end()), holidays_.end());
}

bool MarketCalendar::is_trading_day(Date d) const {
  if (weekends_closed_ && d.weekday() >= 5) return false;
  return !std::binary_search(holidays_.begin(), holidays_.end(), d);
}

Date MarketCalendar::on_or_after(Date d) const {
  // At most a few weekend days and holidays in a row; the bound guards a calendar that closes
  // every day (which validation rejects).
  for (int i = 0; i < 3660; ++i) {
    if (is_trading_day(d)) return d;
    d = d.plus_days(1);
  }
  return d;
}

std::vector<Date> MarketCalendar::tick_dates(Date start, Date end, StepUnit step) const {
  std::vector<Date> out;
  if (step == StepUnit::day) {
    for (Date d = start; d <= end; d = d.plus_days(1)) {
      if (is_trading_day(d)) out.push_back(d);
    }
    return out;
  }
  for (int k = 0;; ++k) {
    const Date anchor = step == StepUnit::week ? start.plus_days(7 * k) : start.plus_months(k);
    if (anchor > end) break;
    const Date d = on_or_after(anchor);
    if (d > end) break;
    if (out.empty() || out.back() < d) out.push_back(d);
  }
  return out;
}

namespace {

Date nth_weekday(int year, unsigned month, unsigned weekday, int n) {
  // weekday: 0 = Monday. n >= 1 counts from the start of the month; n = -1 is the last one.
  if (n > 0) {
    Date d = Date::from_ymd(year, month, 1);
    while (d.weekday() != weekday)
      d = d.plus_days(1);
    return d.plus_days(7 * (n - 1));
  }
  Date d = Date::from_ymd(year, month, 1).plus_months(1).plus_days(-1);
  while (d.weekday() != weekday)
    d = d.plus_days(-1);
  return d;
}

// Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" computus).
Date easter_sunday(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date::from_ymd(y, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

// NYSE observance: a holiday on Saturday is taken on Friday, on Sunday on Monday.
Date observed(Date d) {
  if (d.weekday() == 5) return d.plus_days(-1);
  if (d.weekday() == 6) return d.plus_days(1);
  return d;
}

}  // namespace

std::vector<Date> nyse_holidays(int first_year, int last_year) {
  std::vector<Date> out;
  for (int y = first_year; y <= last_year; ++y) {
    const Date new_year = Date::from_ymd(y, 1, 1);
    // NYSE does not close on Friday Dec 31 when Jan 1 is a Saturday.
    if (new_year.weekday() != 5) out.push_back(observed(new_year));
    out.push_back(nth_weekday(y, 1, 0, 3));                            // Martin Luther King Jr. Day
    out.push_back(nth_weekday(y, 2, 0, 3));                            // Washington's Birthday
    out.push_back(easter_sunday(y).plus_days(-2));                     // Good Friday
    out.push_back(nth_weekday(y, 5, 0, -1));                           // Memorial Day
    if (y >= 2022) out.push_back(observed(Date::from_ymd(y, 6, 19)));  // Juneteenth
    out.push_back(observed(Date::from_ymd(y, 7, 4)));                  // Independence Day
    out.push_back(nth_weekday(y, 9, 0, 1));                            // Labor Day
    out.push_back(nth_weekday(y, 11, 3, 4));                           // Thanksgiving
    out.push_back(observed(Date::from_ymd(y, 12, 25)));                // Christmas
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace alchemy
