#include "market/date.hpp"

#include <cstdio>
#include <stdexcept>

namespace alchemy {

namespace chr = std::chrono;

namespace {
chr::year_month_day to_ymd(std::int32_t days) {
  return chr::year_month_day{chr::sys_days{chr::days{days}}};
}
}  // namespace

Date Date::from_ymd(int year, unsigned month, unsigned day) {
  const chr::year_month_day ymd{chr::year{year}, chr::month{month}, chr::day{day}};
  if (!ymd.ok()) {
    throw std::invalid_argument("not a calendar date: " + std::to_string(year) + "-" +
                                std::to_string(month) + "-" + std::to_string(day));
  }
  return Date(static_cast<std::int32_t>(chr::sys_days{ymd}.time_since_epoch().count()));
}

std::optional<Date> Date::parse_iso(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      out = out * 10 + (t[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
  const chr::year_month_day ymd{chr::year{y}, chr::month{static_cast<unsigned>(m)},
                                chr::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Date(static_cast<std::int32_t>(chr::sys_days{ymd}.time_since_epoch().count()));
}

unsigned Date::weekday() const {
  return chr::weekday{chr::sys_days{chr::days{days_}}}.iso_encoding() - 1;
}

std::string Date::iso() const {
  const auto ymd = to_ymd(days_);
  const int y = static_cast<int>(ymd.year());
  const auto m = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
  if (y < 0 || y > 9999) {  // not a date a scenario holds; the general form
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
  }
  // The digits by hand: snprintf was a measurable share of writing series.csv.
  const char text[10] = {static_cast<char>('0' + y / 1000),
                         static_cast<char>('0' + y / 100 % 10),
                         static_cast<char>('0' + y / 10 % 10),
                         static_cast<char>('0' + y % 10),
                         '-',
                         static_cast<char>('0' + m / 10),
                         static_cast<char>('0' + m % 10),
                         '-',
                         static_cast<char>('0' + d / 10),
                         static_cast<char>('0' + d % 10)};
  return std::string(text, 10);
}

Date Date::plus_months(int n) const {
  const auto ymd = to_ymd(days_);
  const chr::year_month ym = chr::year_month{ymd.year(), ymd.month()} + chr::months{n};
  const chr::day last = chr::year_month_day_last{ym.year(), chr::month_day_last{ym.month()}}.day();
  const chr::day d = ymd.day() > last ? last : ymd.day();
  const chr::year_month_day out{ym.year(), ym.month(), d};
  return Date(static_cast<std::int32_t>(chr::sys_days{out}.time_since_epoch().count()));
}

bool Date::is_quarter_end() const {
  const unsigned m = month();
  return m % 3 == 0 && plus_days(1).month() != m;
}

}  // namespace alchemy
