// The market phase's price process (sim/engine/phase_market.cpp, issue 19): a defaulted firm's
// equity is worth 0 from its default on, and sentiment's sums of squares split its log changes
// into the common factor's innovation and the web's feedback — the innovation exactly 0 without
// volatility, and with volatility σ and no feedback a realised variance of σ² a year within its
// sampling error.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "agents/firm_kinds.hpp"
#include "market/calendar.hpp"
#include "scenario_fixtures.hpp"
#include "sim/engine/engine.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

constexpr std::size_t kListed = 0, kPrivate = 1;  // firms sorted by id

// Two quiet firms, one listed and one private, each with 50 B of cash, 100 B of other assets and
// 120 B of debt (book equity 30 B), that default as soon as their book equity is negative. On
// 2025-03-03 a shock writes off all of their other assets: −70 B, so both default that day.
ScenarioSpec two_defaults() {
  ScenarioSpec s;
  s.name = "defaults";
  s.start = day(2025, 1, 1);
  s.end = day(2025, 6, 30);
  s.market.sentiment.volatility = 0;
  s.market.gpu.volatility = 0;
  for (const char* id : {"listed", "private"}) {
    FirmSpec f = quiet_firm(id);
    f.listed = std::string(id) == "listed";
    f.other_assets = usd(100e9);
    f.debt = {{"bonds", usd(120e9), 0.05, day(2030, 1, 1), false, 1, ""}};
    f.default_when_insolvent = true;
    s.firms.push_back(f);
    s.shocks.push_back({day(2025, 3, 3), ShockKind::asset_write_off, id, 1.0});
  }
  return s;
}

}  // namespace

TEST_CASE("price process: a defaulted firm's equity is worth 0 from its default on") {
  const ScenarioSpec s = two_defaults();
  struct Day {
    Date date;
    double price[2], mark[2];
    bool defaulted[2];
  };
  std::vector<Day> days;
  RunOptions opt;
  opt.after_tick = [&](const World& w) {
    Day d{w.date, {}, {}, {}};
    for (std::size_t i : {kListed, kPrivate}) {
      d.price[i] = w.firms[i].price;
      d.mark[i] = w.firms[i].mark;
      d.defaulted[i] = w.firms[i].defaulted;
    }
    days.push_back(d);
  };
  MemorySink sink;
  run_scenario(s, 1, sink, opt);

  // Both default on the shock's date, once.
  for (std::size_t i : {kListed, kPrivate}) {
    std::vector<Date> defaults;
    for (const Event& e : sink.events)
      if (e.type == EventType::default_ && e.firm == static_cast<std::int32_t>(i))
        defaults.push_back(e.date);
    REQUIRE(defaults.size() == 1);
    CHECK(defaults[0] == day(2025, 3, 3));
  }
  // The price each firm's series row shows (a private firm's is its mark), by date.
  auto row_price = [&](std::size_t firm, Date d) {
    for (const SeriesRow& r : sink.rows)
      if (r.firm == static_cast<std::int32_t>(firm) && r.date == d) return r.price;
    FAIL("no series row for firm " << firm << " on " << d.iso());
    return -1.0;
  };
  std::size_t before = 0, after = 0;
  // The default is found in the contagion phase, after that day's market phase priced the firm:
  // the estate sets price and mark to 0 (estate.cpp), so the default day's series row shows 0,
  // and a private firm's series price (its mark) is 0 from then on too.
  double default_day_row[2] = {0.0, 0.0}, private_row_after = 0.0;
  for (const Day& d : days)
    for (std::size_t i : {kListed, kPrivate}) {
      INFO(std::string(i == kListed ? "listed" : "private") << " firm on " << d.date.iso());
      if (d.date < day(2025, 3, 3)) {
        ++before;
        CHECK_FALSE(d.defaulted[i]);
        CHECK(d.price[i] >= 1e-4);  // alive: at least the smallest quote
        CHECK(row_price(i, d.date) > 0.0);
      } else if (d.date == day(2025, 3, 3)) {
        CHECK(d.defaulted[i]);
        default_day_row[i] = row_price(i, d.date);
      } else {
        ++after;
        CHECK(d.defaulted[i]);
        CHECK(d.price[i] == 0.0);  // the market phase's price from the day after on
        if (i == kListed) {
          CHECK(d.mark[i] == 0.0);
          CHECK(row_price(i, d.date) == 0.0);
        } else {
          private_row_after = std::max(private_row_after, row_price(i, d.date));
        }
      }
    }
  INFO("the default day's series price: listed " << default_day_row[kListed] << ", private "
                                                 << default_day_row[kPrivate]);
  CHECK(default_day_row[kListed] == 0.0);
  CHECK(default_day_row[kPrivate] == 0.0);
  INFO("the private firm's series price after its default: up to " << private_row_after);
  CHECK(private_row_after == 0.0);
  // The run has days on both sides of the default (2025-01-02 to 2025-02-28: 40 trading days a
  // firm; 2025-03-04 to 2025-06-30: 82).
  CHECK(before == 2 * 40);
  CHECK(after == 2 * 82);
}

// Sentiment's log change each tick is innovation + feedback (then clamped to [floor, cap]);
// the run keeps the sums of squares of each and of the change, and the years they cover.
TEST_CASE("price process: sentiment's innovation is 0 without volatility") {
  ScenarioSpec s = small_web();
  s.market.sentiment.volatility = 0;
  s.market.sentiment.return_weight = 0;
  World last;
  RunOptions opt;
  opt.after_tick = [&](const World& w) { last.market = w.market; };
  MemorySink sink;
  run_scenario(s, 3, sink, opt);
  CHECK(last.market.sentiment_innovation_ss == 0.0);
  CHECK(last.market.sentiment_years == doctest::Approx(3.0).epsilon(0.01));
  // What is left is feedback (mean reversion, defaults, failed raises): the change is it alone.
  CHECK(last.market.sentiment_change_ss ==
        doctest::Approx(last.market.sentiment_feedback_ss).epsilon(1e-9));
}

// With no feedback at all (no reversion, return weight, deal lift or hits), each tick's log change
// is its innovation σ √dt ε: Σ innovation² over T years has mean σ² T and variance
// 2 σ⁴ Σ dt², so Σ ss / Σ T over 20 seeds of three years estimates σ² with a relative standard
// error sqrt(2 Σ dt²) / Σ dt ≈ sqrt(2 / 15 000) ≈ 1.2 %; the test allows four of them.
TEST_CASE("price process: with volatility sigma and no feedback, innovation variance is sigma^2") {
  const double sigma = 0.15;
  ScenarioSpec s = small_web();
  s.market.sentiment.volatility = sigma;
  s.market.sentiment.return_weight = 0;
  s.market.sentiment.reversion = 0;
  s.market.sentiment.default_hit = 0;
  s.market.sentiment.failed_raise_hit = 0;
  s.market.sentiment.deal_lift = 0;
  double ss = 0.0, years = 0.0, dt_squares = 0.0, change_ss_recomputed = 0.0;
  double lowest = s.market.sentiment.cap, highest = s.market.sentiment.floor;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Date previous = s.start;
    double log_previous = std::log(s.market.sentiment.initial);
    World last;
    RunOptions opt;
    opt.after_tick = [&](const World& w) {
      const double dt = year_fraction(previous, w.date);
      dt_squares += dt * dt;
      previous = w.date;
      const double log_s = std::log(w.market.sentiment);
      change_ss_recomputed += (log_s - log_previous) * (log_s - log_previous);
      log_previous = log_s;
      lowest = std::min(lowest, w.market.sentiment);
      highest = std::max(highest, w.market.sentiment);
      last.market = w.market;
    };
    MemorySink sink;
    run_scenario(s, seed, sink, opt);
    // No feedback: exactly none recorded, and every change is the innovation (no clamping).
    CHECK(last.market.sentiment_feedback_ss == 0.0);
    CHECK(last.market.sentiment_change_ss ==
          doctest::Approx(last.market.sentiment_innovation_ss).epsilon(1e-12));
    ss += last.market.sentiment_innovation_ss;
    years += last.market.sentiment_years;
  }
  REQUIRE(lowest > s.market.sentiment.floor);
  REQUIRE(highest < s.market.sentiment.cap);
  // The run's sums agree with the sentiment the world showed after each tick, and its years with
  // the ticks' dates (ACT/365F from the start).
  CHECK(change_ss_recomputed == doctest::Approx(ss).epsilon(1e-9));
  CHECK(years == doctest::Approx(20 * year_fraction(s.start, s.end)).epsilon(0.01));
  const double per_year = ss / years;
  const double standard_error = sigma * sigma * std::sqrt(2.0 * dt_squares) / years;
  MESSAGE("realised innovation variance "
          << per_year << " a year against sigma^2 = " << sigma * sigma << " (standard error "
          << standard_error << ")");
  CHECK(std::abs(per_year - sigma * sigma) < 4.0 * standard_error);
}
