#include "sim/scenario/config_values.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>
#include <vector>

#include "market/magnitude.hpp"
#include "sim/scenario/config_suggest.hpp"

namespace alchemy {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string_view trim(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t'))
    t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t'))
    t.remove_suffix(1);
  return t;
}

std::string quoted(std::string_view t) {
  return "'" + std::string(t) + "'";
}

// Removes `_` digit separators; one that is not between two digits makes the text invalid.
std::optional<std::string> strip_separators(std::string_view t) {
  std::string out;
  out.reserve(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '_') {
      out += t[i];
      continue;
    }
    if (i == 0 || i + 1 == t.size() || !is_digit(t[i - 1]) || !is_digit(t[i + 1])) {
      return std::nullopt;
    }
  }
  return out;
}

bool all_digits(std::string_view t) {
  if (t.empty()) return false;
  for (char c : t) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// An unsigned decimal "digits × 10^scale" read from "123", "1.25", "4.3e9" (no sign).
struct Decimal {
  std::string digits;  // no leading zeros; empty for zero
  std::int64_t scale = 0;
  bool had_exponent = false;
};

std::optional<Decimal> parse_decimal(std::string_view t) {
  Decimal d;
  std::size_t i = 0;
  std::string raw;
  while (i < t.size() && is_digit(t[i]))
    raw += t[i++];
  if (raw.empty()) return std::nullopt;  // "", ".5", "e3"
  if (i < t.size() && t[i] == '.') {
    ++i;
    const std::size_t frac_from = i;
    while (i < t.size() && is_digit(t[i]))
      raw += t[i++];
    if (i == frac_from) return std::nullopt;  // "5."
    d.scale = -static_cast<std::int64_t>(i - frac_from);
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    bool neg = false;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) neg = t[i++] == '-';
    if (i == t.size()) return std::nullopt;
    std::int64_t e = 0;
    for (; i < t.size() && is_digit(t[i]); ++i) {
      e = std::min<std::int64_t>(e * 10 + (t[i] - '0'), 100000);  // saturate: far beyond range
    }
    d.scale += neg ? -e : e;
    d.had_exponent = true;
  }
  if (i != t.size()) return std::nullopt;
  const std::size_t nz = raw.find_first_not_of('0');
  d.digits = nz == std::string::npos ? "" : raw.substr(nz);
  return d;
}

const std::string kMoneyExpected =
    "expected a money amount such as 4.3B, 160M, 250k, 12_000_000 or 0.01 (suffixes k, M, B, T)";

}  // namespace

Parsed<Money> parse_money(std::string_view text, Negative negative) {
  const std::string_view t = trim(text);
  auto garbage = [&] { return Parsed<Money>::failure(kMoneyExpected + ", got " + quoted(text)); };
  std::string_view rest = t;
  bool minus = false;
  if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
    minus = rest.front() == '-';
    rest.remove_prefix(1);
  }
  if (!rest.empty() && rest.front() == '$') rest.remove_prefix(1);
  int power = 0;
  if (!rest.empty()) {
    power = magnitude_power(rest.back());
    if (power > 0) {
      rest.remove_suffix(1);
      if (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);  // "4.30 B", as printed
    }
  }
  const auto stripped = strip_separators(rest);
  if (!stripped) return garbage();
  auto dec = parse_decimal(*stripped);
  if (!dec || (dec->had_exponent && power > 0)) return garbage();

  // Cents = digits × 10^(scale + power + 2), computed exactly.
  std::string digits = dec->digits;
  std::int64_t scale = dec->scale + power + 2;
  if (scale < 0) {
    const auto drop = static_cast<std::size_t>(-scale);
    if (drop > digits.size() ||
        digits.find_first_not_of('0', digits.size() - drop) != std::string::npos) {
      if (!digits.empty()) {
        return Parsed<Money>::failure("money amount " + quoted(text) +
                                      " has fractions of a cent; amounts are exact to the cent");
      }
    }
    digits.resize(digits.size() >= drop ? digits.size() - drop : 0);
    scale = 0;
  }
  if (!digits.empty() && static_cast<std::int64_t>(digits.size()) + scale > 19) {
    return Parsed<Money>::failure(
        "money amount " + quoted(text) +
        " is too large: amounts must stay within ±92 233 720 368 547 758.07 USD (a signed 64-bit "
        "count of cents)");
  }
  unsigned __int128 cents = 0;
  for (char c : digits)
    cents = cents * 10 + static_cast<unsigned>(c - '0');
  for (std::int64_t k = 0; k < scale && !digits.empty(); ++k)
    cents *= 10;
  // The most negative int64 has no positive counterpart, so a negative amount may be 1 cent larger.
  const auto limit =
      static_cast<unsigned __int128>(std::numeric_limits<std::int64_t>::max()) + (minus ? 1 : 0);
  if (cents > limit) {
    return Parsed<Money>::failure(
        "money amount " + quoted(text) +
        " is too large: amounts must stay within ±92 233 720 368 547 758.07 USD (a signed 64-bit "
        "count of cents)");
  }
  if (minus && cents != 0 && negative == Negative::rejected) {
    return Parsed<Money>::failure("expected an amount of zero or more, got " + quoted(text));
  }
  // Negate in unsigned arithmetic: -(2^63) is representable only as the result.
  const auto magnitude = static_cast<std::uint64_t>(cents);
  return Money::cents(static_cast<std::int64_t>(minus ? 0 - magnitude : magnitude));
}

Parsed<double> parse_number(std::string_view text) {
  const std::string_view t = trim(text);
  const std::string expected = "expected a number such as 0.25, 3 or 1e-4, got " + quoted(text);
  std::string_view body = t;
  bool minus = false;
  if (!body.empty() && (body.front() == '-' || body.front() == '+')) {
    minus = body.front() == '-';
    body.remove_prefix(1);
  }
  const auto stripped = strip_separators(body);
  if (!stripped || !parse_decimal(*stripped)) return Parsed<double>::failure(expected);
  double x = 0.0;
  const char* first = stripped->data();
  const char* last = first + stripped->size();
  const auto [ptr, ec] = std::from_chars(first, last, x);
  if (ec == std::errc::result_out_of_range) {
    return Parsed<double>::failure("number " + quoted(text) + " is out of the range of a double");
  }
  if (ec != std::errc{} || ptr != last || !std::isfinite(x))
    return Parsed<double>::failure(expected);
  return minus ? -x : x;
}

Parsed<double> parse_fraction(std::string_view text) {
  std::string_view t = trim(text);
  const bool percent = !t.empty() && t.back() == '%';
  if (percent) t = trim(t.substr(0, t.size() - 1));
  const auto x = parse_number(t);
  if (!x.ok()) {
    return Parsed<double>::failure(
        "expected a fraction such as 0.24 or a percentage such as 24%, got " + quoted(text));
  }
  return percent ? x.value() / 100.0 : x.value();
}

Parsed<std::int64_t> parse_integer(std::string_view text) {
  const std::string_view t = trim(text);
  std::string_view body = t;
  const bool minus = !body.empty() && body.front() == '-';
  if (!body.empty() && (body.front() == '-' || body.front() == '+')) body.remove_prefix(1);
  const auto stripped = strip_separators(body);
  if (!stripped || !all_digits(*stripped)) {
    return Parsed<std::int64_t>::failure("expected a whole number such as 7 or 1_000, got " +
                                         quoted(text));
  }
  const std::string s = (minus ? "-" : "") + *stripped;
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size()) {
    return Parsed<std::int64_t>::failure("whole number " + quoted(text) +
                                         " is out of range (a signed 64-bit integer)");
  }
  return v;
}

Parsed<std::uint64_t> parse_unsigned(std::string_view text) {
  const std::string_view t = trim(text);
  std::string_view body = t;
  if (!body.empty() && body.front() == '+') body.remove_prefix(1);
  const auto stripped = strip_separators(body);
  if (!stripped || !all_digits(*stripped)) {
    return Parsed<std::uint64_t>::failure("expected a whole number of zero or more, got " +
                                          quoted(text));
  }
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(stripped->data(), stripped->data() + stripped->size(), v);
  if (ec != std::errc{} || ptr != stripped->data() + stripped->size()) {
    return Parsed<std::uint64_t>::failure("whole number " + quoted(text) +
                                          " is out of range (an unsigned 64-bit integer)");
  }
  return v;
}

Parsed<bool> parse_bool(std::string_view text) {
  const std::string_view t = trim(text);
  if (t == "true" || t == "True" || t == "TRUE") return true;
  if (t == "false" || t == "False" || t == "FALSE") return false;
  return Parsed<bool>::failure("expected true or false, got " + quoted(text));
}

Parsed<Date> parse_date(std::string_view text) {
  const std::string_view t = trim(text);
  if (auto d = Date::parse_iso(t)) return *d;
  const bool shaped = t.size() == 10 && t[4] == '-' && t[7] == '-' && all_digits(t.substr(0, 4)) &&
                      all_digits(t.substr(5, 2)) && all_digits(t.substr(8, 2));
  if (shaped) return Parsed<Date>::failure(quoted(text) + " is not a calendar day");
  return Parsed<Date>::failure("expected a date YYYY-MM-DD such as 2025-07-01, got " +
                               quoted(text));
}

Date Duration::after(Date from) const {
  switch (unit) {
    case DurationUnit::day:
      return from.plus_days(static_cast<std::int32_t>(count));
    case DurationUnit::week:
      return from.plus_days(static_cast<std::int32_t>(7 * count));
    case DurationUnit::month:
      return from.plus_months(static_cast<int>(count));
    case DurationUnit::year:
      return from.plus_months(static_cast<int>(12 * count));
  }
  return from;
}

std::int64_t Duration::approx_days() const {
  switch (unit) {
    case DurationUnit::day:
      return count;
    case DurationUnit::week:
      return 7 * count;
    case DurationUnit::month:
      return 30 * count;
    case DurationUnit::year:
      return 365 * count;
  }
  return count;
}

std::string Duration::str() const {
  static constexpr std::array<char, 4> kUnit{'d', 'w', 'm', 'y'};
  return std::to_string(count) + kUnit[static_cast<std::size_t>(unit)];
}

Parsed<Duration> parse_duration(std::string_view text) {
  const std::string_view t = trim(text);
  const std::string expected =
      "expected a duration such as 10y, 6m, 90d or 1w (a whole number and a unit d, w, m or y), "
      "got " +
      quoted(text);
  if (t.size() < 2) return Parsed<Duration>::failure(expected);
  Duration d;
  // Whole units only, so that date + duration is exact; also bounds the count so every date
  // stays inside the calendar (1000 years).
  std::int64_t max_count = 0;
  switch (t.back()) {
    case 'd':
      d.unit = DurationUnit::day;
      max_count = 365000;
      break;
    case 'w':
      d.unit = DurationUnit::week;
      max_count = 52000;
      break;
    case 'm':
      d.unit = DurationUnit::month;
      max_count = 12000;
      break;
    case 'y':
      d.unit = DurationUnit::year;
      max_count = 1000;
      break;
    default:
      return Parsed<Duration>::failure(expected);
  }
  const std::string_view count = t.substr(0, t.size() - 1);
  if (!all_digits(count)) {
    if (count.find('.') != std::string_view::npos && parse_number(count).ok()) {
      return Parsed<Duration>::failure("durations take whole numbers, got " + quoted(text) +
                                       "; use a smaller unit instead (6m rather than 0.5y)");
    }
    return Parsed<Duration>::failure(expected);
  }
  if (count.size() > 7 || std::stoll(std::string(count)) > max_count) {
    return Parsed<Duration>::failure("duration " + quoted(text) +
                                     " is too long (at most 1000 years)");
  }
  d.count = std::stoll(std::string(count));
  return d;
}

Parsed<std::int64_t> parse_days(std::string_view text) {
  const std::string_view t = trim(text);
  if (all_digits(t)) {
    const auto n = parse_integer(t);
    if (n.ok() && n.value() <= 365000) return n.value();
    return Parsed<std::int64_t>::failure("number of days " + quoted(text) + " is too large");
  }
  const auto d = parse_duration(t);
  if (!d.ok()) {
    return Parsed<std::int64_t>::failure(
        "expected a number of days such as 30, or a duration such as 30d, 4w or 3m, got " +
        quoted(text));
  }
  return d.value().approx_days();
}

Parsed<StepUnit> parse_step(std::string_view text) {
  if (auto s = step_unit_from_string(trim(text))) return *s;
  static const std::vector<std::string> kSteps{"1d", "1w", "1m"};
  return Parsed<StepUnit>::failure("expected a step of 1d, 1w or 1m, got " + quoted(text) +
                                   did_you_mean(trim(text), kSteps));
}

Parsed<std::size_t> parse_choice(std::string_view text, std::span<const std::string> names) {
  const std::string_view t = trim(text);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == t) return i;
  }
  return Parsed<std::size_t>::failure("expected " + join_choices(names) + ", got " + quoted(text) +
                                      did_you_mean(t, names));
}

std::string money_text(Money m) {
  const std::int64_t c = m.in_cents();
  const bool minus = c < 0;
  // Magnitude as unsigned so that the most negative amount does not overflow.
  const std::uint64_t abs_cents =
      minus ? 0 - static_cast<std::uint64_t>(c) : static_cast<std::uint64_t>(c);
  const std::string sign = minus ? "-" : "";
  const std::uint64_t dollars = abs_cents / 100;
  if (abs_cents % 100 != 0) {
    const std::uint64_t rest = abs_cents % 100;
    return sign + std::to_string(dollars) + "." + (rest < 10 ? "0" : "") + std::to_string(rest);
  }
  struct Suffix {
    char letter;
    std::uint64_t scale;
  };
  static constexpr std::array<Suffix, 4> kSuffixes{
      {{'T', 1'000'000'000'000ULL}, {'B', 1'000'000'000ULL}, {'M', 1'000'000ULL}, {'k', 1'000ULL}}};
  for (const auto& s : kSuffixes) {
    // The largest suffix the amount reaches, when it needs at most three decimals with it;
    // otherwise all the digits ("12_345_678", not "12345.678k").
    if (dollars < s.scale) continue;
    if (dollars % (s.scale / 1000) != 0) break;
    const std::uint64_t whole = dollars / s.scale;
    std::uint64_t frac = (dollars % s.scale) / (s.scale / 1000);  // thousandths
    std::string out = sign + std::to_string(whole);
    if (frac != 0) {
      std::string f = std::to_string(frac);
      f.insert(0, 3 - f.size(), '0');
      while (f.back() == '0')
        f.pop_back();
      out += "." + f;
    }
    return out + s.letter;
  }
  // Digits grouped in thousands with `_`, which parse_money reads back.
  std::string digits = std::to_string(dollars);
  for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<std::size_t>(i), "_");
  }
  return sign + digits;
}

std::string number_text(double x) {
  std::array<char, 64> buf{};
  const auto [ptr, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  if (ec != std::errc{}) return "?";
  std::string out(buf.data(), ptr);
  // "5e+10" → "5e10", "1e-05" → "1e-5": the way people write it (and parse_number reads both).
  const std::size_t e = out.find('e');
  if (e != std::string::npos) {
    std::size_t digits = e + 1;
    if (out[digits] == '+') {
      out.erase(digits, 1);
    } else if (out[digits] == '-') {
      ++digits;
    }
    while (digits + 1 < out.size() && out[digits] == '0')
      out.erase(digits, 1);
  }
  return out;
}

}  // namespace alchemy
