#include "sim/analysis/network_amount.hpp"

#include <cctype>
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdlib>

#include "market/magnitude.hpp"

namespace alchemy {

namespace {

std::string_view trim(std::string_view t) {
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front())))
    t.remove_prefix(1);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back())))
    t.remove_suffix(1);
  return t;
}

std::string lower(std::string_view t) {
  std::string out;
  for (const char c : t)
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

ParsedAmount problem(std::string text) {
  return {std::nullopt, std::move(text)};
}

}  // namespace

ParsedAmount parse_network_amount(std::string_view raw, bool nonnegative) {
  const std::string_view text = trim(raw);
  const std::string got = "got '" + std::string(raw) + "'";
  const std::string expected =
      std::string("expected ") + (nonnegative ? "a nonnegative amount, " : "") + kAmountSyntax;
  if (text.empty()) return problem("the amount is empty; " + expected);
  if (text.find_first_of("\"'") != std::string_view::npos) {
    return problem("quotes are not part of the format: write the number plain; " + expected + ", " +
                   got);
  }
  std::string_view body = text;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) body.remove_prefix(1);
  const std::string word = lower(body);
  if (word.rfind("nan", 0) == 0 || word.rfind("inf", 0) == 0) {
    return problem("not a finite number; " + expected + ", " + got);
  }
  const double scale = magnitude_scale(text.back());
  std::string_view number = text;
  if (magnitude_power(text.back()) > 0) number.remove_suffix(1);
  std::string digits;
  for (std::size_t i = 0; i < number.size(); ++i) {
    if (number[i] == '_') {
      const bool between = i > 0 && i + 1 < number.size() &&
                           std::isdigit(static_cast<unsigned char>(number[i - 1])) &&
                           std::isdigit(static_cast<unsigned char>(number[i + 1]));
      if (!between) return problem(expected + ", " + got);
      continue;
    }
    digits.push_back(number[i]);
  }
  if (digits.empty() || digits.find_first_of("xXpP") != std::string::npos) {
    return problem(expected + ", " + got);
  }
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size()) return problem(expected + ", " + got);
  const double scaled = v * scale;
  if (!std::isfinite(scaled)) {
    return problem("out of range: an amount must be below 1.8e308; " + got);
  }
  if (scaled != 0.0 && std::fabs(scaled) < DBL_MIN) {
    return problem("too close to zero to compute with (below 2.2e-308 in size): write 0; " + got);
  }
  if (errno == ERANGE && v == 0.0) {
    return problem("too close to zero to compute with (below 2.2e-308 in size): write 0; " + got);
  }
  if (nonnegative && scaled < 0.0) return problem(expected + ", " + got);
  return {scaled, {}};
}

void AmountTotal::add(double amount, const SourceLocation& where, const std::string& key) {
  sum_ += std::fabs(amount);
  if (!std::isfinite(sum_)) {
    throw ConfigError(where, key,
                      "the amounts of this file add up to more than 1.8e308, the largest number "
                      "the clearing can sum; scale the amounts down (e.g. to millions)");
  }
}

}  // namespace alchemy
