#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "market/calendar.hpp"
#include "market/date.hpp"

using namespace alchemy;

namespace {
Date d(int y, unsigned m, unsigned day) {
  return Date::from_ymd(y, m, day);
}
std::vector<std::string> iso(const std::vector<Date>& ds) {
  std::vector<std::string> out;
  for (auto x : ds)
    out.push_back(x.iso());
  return out;
}
}  // namespace

TEST_CASE("dates: ISO parsing is strict and round-trips") {
  CHECK(Date::parse_iso("2025-10-06")->iso() == "2025-10-06");
  CHECK_FALSE(Date::parse_iso("2025-02-29"));  // not a leap year
  CHECK(Date::parse_iso("2024-02-29"));
  CHECK_FALSE(Date::parse_iso("2025-1-06"));
  CHECK_FALSE(Date::parse_iso("2025-10-06x"));
  CHECK(d(2025, 10, 6).weekday() == 0);  // a Monday
  CHECK(d(1970, 1, 1).days() == 0);
  CHECK(d(2025, 1, 31).plus_months(1).iso() == "2025-02-28");  // clamped to the month's end
  CHECK(d(2024, 12, 31).is_quarter_end());
  CHECK_FALSE(d(2025, 1, 31).is_quarter_end());
  CHECK(year_fraction(d(2025, 1, 1), d(2026, 1, 1)) == doctest::Approx(1.0));  // ACT/365F
  CHECK(year_fraction(d(2024, 1, 1), d(2025, 1, 1)) == doctest::Approx(366.0 / 365.0));
}

// NYSE full-day closures in 2025, as the exchange published them (nyse.com, "Holidays and
// trading hours"), except the one-off closure of 2025-01-09 (a national day of mourning), which
// no rule produces: scenarios add such days under `calendar.holidays`.
TEST_CASE("NYSE holiday rules reproduce the 2025 and 2027 closures") {
  CHECK(iso(nyse_holidays(2025, 2025)) ==
        std::vector<std::string>{"2025-01-01", "2025-01-20", "2025-02-17", "2025-04-18",
                                 "2025-05-26", "2025-06-19", "2025-07-04", "2025-09-01",
                                 "2025-11-27", "2025-12-25"});
  // 2027: Juneteenth and Independence Day fall on a Saturday and a Sunday (observed Friday 18 June
  // and Monday 5 July); Christmas on a Saturday is observed Friday 24 December.
  const auto y2027 = iso(nyse_holidays(2027, 2027));
  CHECK(std::count(y2027.begin(), y2027.end(), "2027-06-18") == 1);
  CHECK(std::count(y2027.begin(), y2027.end(), "2027-07-05") == 1);
  CHECK(std::count(y2027.begin(), y2027.end(), "2027-12-24") == 1);
  // 2022-01-01 was a Saturday: NYSE stayed open on Friday 2021-12-31.
  const auto y2022 = iso(nyse_holidays(2022, 2022));
  CHECK(std::count(y2022.begin(), y2022.end(), "2021-12-31") == 0);
}

TEST_CASE("trading days, weekly and monthly steps") {
  const MarketCalendar cal(nyse_holidays(2025, 2025), true);
  CHECK_FALSE(cal.is_trading_day(d(2025, 1, 4)));  // Saturday
  CHECK_FALSE(cal.is_trading_day(d(2025, 7, 4)));
  CHECK(cal.is_trading_day(d(2025, 7, 3)));
  // 2025: 261 weekdays minus the 10 rule-based closures = 251 (NYSE's published 250 also
  // counts the one-off closure of 9 January).
  CHECK(cal.tick_dates(d(2025, 1, 1), d(2025, 12, 31), StepUnit::day).size() == 251);
  const auto weekly = cal.tick_dates(d(2025, 1, 1), d(2025, 1, 31), StepUnit::week);
  CHECK(iso(weekly) == std::vector<std::string>{"2025-01-02", "2025-01-08", "2025-01-15",
                                                "2025-01-22", "2025-01-29"});
  const auto monthly = cal.tick_dates(d(2025, 1, 1), d(2025, 6, 30), StepUnit::month);
  CHECK(iso(monthly) == std::vector<std::string>{"2025-01-02", "2025-02-03", "2025-03-03",
                                                 "2025-04-01", "2025-05-01", "2025-06-02"});
}
