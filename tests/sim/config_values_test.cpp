// The value syntaxes of scenario files: exact money, numbers, fractions, durations, dates, and
// their rejections (garbage, overflow, fractions of a cent, fractional durations).

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/scenario/config_suggest.hpp"
#include "sim/scenario/config_values.hpp"

using namespace alchemy;

namespace {
std::int64_t cents(std::string_view text, Negative n = Negative::rejected) {
  const auto p = parse_money(text, n);
  REQUIRE_MESSAGE(p.ok(), p.problem());
  return p.value().in_cents();
}
std::string money_problem(std::string_view text, Negative n = Negative::rejected) {
  const auto p = parse_money(text, n);
  REQUIRE_FALSE(p.ok());
  return p.problem();
}
}  // namespace

TEST_CASE("money: suffixes, separators and decimals are exact") {
  CHECK(cents("4.3B") == 430'000'000'000LL);
  CHECK(cents("160M") == 16'000'000'000LL);
  CHECK(cents("12_000_000") == 1'200'000'000LL);
  CHECK(cents("0.01") == 1);
  CHECK(cents("1.5T") == 150'000'000'000'000LL);
  CHECK(cents("250k") == 25'000'000LL);
  CHECK(cents("250K") == 25'000'000LL);
  CHECK(cents("$3.25") == 325);
  CHECK(cents("4.30 B") == 430'000'000'000LL);  // as format_human prints it
  CHECK(cents("50e9") == 5'000'000'000'000LL);
  CHECK(cents("1e-2") == 1);
  CHECK(cents("-92233720368547758.08", Negative::allowed) == INT64_MIN);
  CHECK(cents("0") == 0);
  CHECK(cents("-0") == 0);
  CHECK(cents("007") == 700);
  // A value a double cannot hold exactly still parses to the exact cent.
  CHECK(cents("90071992547409.93") == 9'007'199'254'740'993LL);
  CHECK(cents("-2.5M", Negative::allowed) == -250'000'000LL);
}

TEST_CASE("money: garbage is rejected with what was expected") {
  for (const char* bad : {"abc", "1.2.3",  "5X",     "nan",   "NaN",  "inf", "-inf", "",
                          "-",   "$",      "B",      "1e3B",  "1_",   "_1",  "1__0", ".5",
                          "5.",  "4.3 bn", "4.3  B", "1,000", "0x10", "1e",  "--1",  "5 M M"}) {
    CAPTURE(bad);
    CHECK(money_problem(bad).find("expected a money amount") != std::string::npos);
  }
}

TEST_CASE("money: overflow, fractions of a cent and negatives") {
  CHECK(cents("92233720368547758.07") == INT64_MAX);
  CHECK(money_problem("92233720368547758.08").find("too large") != std::string::npos);
  CHECK(money_problem("100_000T").find("too large") != std::string::npos);
  CHECK(money_problem("1e30").find("too large") != std::string::npos);
  CHECK(money_problem("1e99999999").find("too large") != std::string::npos);
  CHECK(money_problem("99999999999999999999999999999").find("too large") != std::string::npos);
  CHECK(money_problem("0.001").find("fractions of a cent") != std::string::npos);
  CHECK(money_problem("1.2345678912345M").find("fractions of a cent") != std::string::npos);
  CHECK(money_problem("1.25e-2").find("fractions of a cent") != std::string::npos);
  CHECK(money_problem("1e-9").find("fractions of a cent") != std::string::npos);
  CHECK(money_problem("-5B").find("zero or more") != std::string::npos);
}

TEST_CASE("money_text is short and reads back exactly") {
  CHECK(money_text(Money::cents(430'000'000'000LL)) == "4.3B");
  CHECK(money_text(Money::cents(16'000'000'000LL)) == "160M");
  CHECK(money_text(Money::cents(25'000'000LL)) == "250k");
  CHECK(money_text(Money::cents(1)) == "0.01");
  CHECK(money_text(Money::cents(-1'234'567'800LL)) == "-12_345_678");
  CHECK(money_text(Money::zero()) == "0");
  CHECK(money_text(Money::cents(150'000'000LL)) == "1.5M");
  CHECK(money_text(Money::cents(12'000'000LL)) == "120k");
  const std::vector<std::int64_t> samples{1,
                                          99,
                                          100,
                                          123'456'789,
                                          150'000'000'000'000,
                                          INT64_MAX,
                                          -INT64_MAX,
                                          INT64_MIN,
                                          100'000'000'000'000'000,
                                          120'000};
  for (std::int64_t c : samples) {
    CAPTURE(c);
    CHECK(cents(money_text(Money::cents(c)), Negative::allowed) == c);
  }
}

TEST_CASE("number_text is the shortest text that reads back") {
  CHECK(number_text(0.04) == "0.04");
  CHECK(number_text(50e9) == "5e10");
  CHECK(number_text(1e9) == "1e9");
  CHECK(number_text(123456.0) == "123456");
  CHECK(number_text(1e21) == "1e21");
  CHECK(number_text(1e-5) == "1e-5");
  CHECK(number_text(-2.5e-7) == "-2.5e-7");
  for (double x : {0.1, 1.0 / 3.0, 123456.789, 1e300, -4e-300}) {
    CAPTURE(x);
    CHECK(parse_number(number_text(x)).value() == x);
  }
}

TEST_CASE("numbers and fractions") {
  CHECK(parse_number("0.25").value() == 0.25);
  CHECK(parse_number("-3").value() == -3.0);
  CHECK(parse_number("+3").value() == 3.0);
  CHECK(parse_number("1e-4").value() == 1e-4);
  CHECK(parse_number("1_000").value() == 1000.0);
  CHECK(parse_number("800e6").value() == 800e6);
  for (const char* bad :
       {"abc", "1.2.3", "nan", "inf", ".inf", "24%", "5B", "", "1e", "0x1p3", "1_", "- 1"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_number(bad).ok());
  }
  CHECK(parse_number("1e400").problem().find("out of the range") != std::string::npos);

  CHECK(parse_fraction("24%").value() == doctest::Approx(0.24));
  CHECK(parse_fraction("24 %").value() == doctest::Approx(0.24));
  CHECK(parse_fraction("0.24").value() == 0.24);
  CHECK(parse_fraction("-5%").value() == doctest::Approx(-0.05));
  for (const char* bad : {"%", "24%%", "abc%", "1.2.3", "nan%"}) {
    CAPTURE(bad);
    CHECK(parse_fraction(bad).problem().find("percentage") != std::string::npos);
  }
}

TEST_CASE("whole numbers, booleans, dates, steps, choices") {
  CHECK(parse_integer("7").value() == 7);
  CHECK(parse_integer("-1_000").value() == -1000);
  CHECK(parse_integer("9223372036854775807").value() == INT64_MAX);
  CHECK(parse_integer("9223372036854775808").problem().find("out of range") != std::string::npos);
  CHECK_FALSE(parse_integer("1.5").ok());
  CHECK_FALSE(parse_integer("1e3").ok());
  CHECK(parse_unsigned("18446744073709551615").value() == UINT64_MAX);
  CHECK(parse_unsigned("18446744073709551616").problem().find("out of range") != std::string::npos);
  CHECK_FALSE(parse_unsigned("-1").ok());

  CHECK(parse_bool("true").value());
  CHECK_FALSE(parse_bool("FALSE").value());
  CHECK(parse_bool("yes").problem() == "expected true or false, got 'yes'");

  CHECK(parse_date("2025-07-01").value() == Date::from_ymd(2025, 7, 1));
  CHECK(parse_date("2024-02-29").ok());
  CHECK(parse_date("2025-02-29").problem() == "'2025-02-29' is not a calendar day");
  CHECK(parse_date("2025-7-1").problem().find("YYYY-MM-DD") != std::string::npos);
  CHECK(parse_date("01/07/2025").problem().find("YYYY-MM-DD") != std::string::npos);

  CHECK(parse_step("1w").value() == StepUnit::week);
  CHECK(parse_step("1D").problem().find("did you mean '1d'") != std::string::npos);
  CHECK_FALSE(parse_step("2d").ok());

  const std::vector<std::string> names{"erdos_renyi", "barabasi_albert", "core_periphery"};
  CHECK(parse_choice("core_periphery", names).value() == 2);
  CHECK(parse_choice("barabasi_albret", names).problem() ==
        "expected erdos_renyi, barabasi_albert or core_periphery, got 'barabasi_albret'; did you "
        "mean 'barabasi_albert'?");
}

TEST_CASE("durations are whole units and add to dates exactly") {
  CHECK(parse_duration("10y").value() == Duration{10, DurationUnit::year});
  CHECK(parse_duration("6m").value() == Duration{6, DurationUnit::month});
  CHECK(parse_duration("90d").value() == Duration{90, DurationUnit::day});
  CHECK(parse_duration("1w").value() == Duration{1, DurationUnit::week});
  const Date jan31 = Date::from_ymd(2025, 1, 31);
  CHECK(parse_duration("1m").value().after(jan31) == Date::from_ymd(2025, 2, 28));
  CHECK(parse_duration("1y").value().after(Date::from_ymd(2024, 2, 29)) ==
        Date::from_ymd(2025, 2, 28));
  CHECK(parse_duration("2w").value().after(jan31) == Date::from_ymd(2025, 2, 14));
  CHECK(parse_duration("90d").value().str() == "90d");

  CHECK(parse_duration("0.5y").problem().find("whole numbers") != std::string::npos);
  CHECK(parse_duration("0.5y").problem().find("6m") != std::string::npos);
  for (const char* bad : {"10", "y", "10x", "-1y", "1.y", "ten y", "10 y", ""}) {
    CAPTURE(bad);
    CHECK(parse_duration(bad).problem().find("expected a duration") != std::string::npos);
  }
  CHECK(parse_duration("1001y").problem().find("too long") != std::string::npos);
  CHECK(parse_duration("99999999999999999999d").problem().find("too long") != std::string::npos);

  CHECK(parse_days("30").value() == 30);
  CHECK(parse_days("4w").value() == 28);
  CHECK(parse_days("3m").value() == 90);
  CHECK_FALSE(parse_days("-3").ok());
  CHECK_FALSE(parse_days("99999999999999999999").ok());
}

TEST_CASE("did you mean: nearest within a third of the length, transpositions count one") {
  const std::vector<std::string> keys{"growth", "growth_path", "volatility", "users"};
  CHECK(edit_distance("growht", "growth") == 1);
  CHECK(closest_match("growht", keys) == "growth");
  CHECK(closest_match("volatilty", keys) == "volatility");
  CHECK(closest_match("Users", keys) == "users");
  CHECK_FALSE(closest_match("cash", keys));
  CHECK(did_you_mean("xyz", keys).empty());
  CHECK(join_choices(keys) == "growth, growth_path, volatility or users");
}
