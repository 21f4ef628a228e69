// A contract's backlog as the seller's value sees it (sim/contracts/common.hpp:
// backlog_revenue_years, issue 19): the remaining flows at their pace q from max(today, start)
// until what remains runs out, discounted at 1/m, in revenue-years:
//   B = q (e^{−a/m} − e^{−b/m}),  a = years until the flows begin, b = a + remaining / q,
// so that m × B = ∫_a^b q e^{−s/m} ds is the backlog's value. Each case by hand.
#include <doctest/doctest.h>

#include <cmath>

#include "scenario_fixtures.hpp"
#include "sim/contracts/common.hpp"
#include "sim/world/scenario_spec.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

// 100 B over four years, 2026-01-01 to 2030-01-01: 1461 days (2028 is a leap year), so
// q = 100 B × 365 / 1461 = 24.9829 B a year, and the whole amount lasts 1461/365 years.
ContractSpec four_year_supply() {
  ContractSpec c;
  c.id = "supply";
  c.set_type(ContractType::supply);
  c.from = 0;
  c.to = 1;
  c.signed_on = day(2025, 1, 1);
  c.start = day(2026, 1, 1);
  c.end = day(2030, 1, 1);
  c.amount = usd(100e9);
  return c;
}

ContractState untouched(const ContractSpec& c) {
  ContractState st;
  st.signed_ = true;
  st.remaining = c.amount;
  return st;
}

const double q = 100e9 * 365.0 / 1461.0;

}  // namespace

TEST_CASE("backlog: 100 B over four years from a year ahead at multiple 5, by hand") {
  const ContractSpec c = four_year_supply();
  const ContractState st = untouched(c);
  // a = 365/365 = 1 (2025 has 365 days), b = 1 + 1461/365; at m = 5:
  // q (e^{−0.2} − e^{−1.000548}) = 24.9829 B × (0.818731 − 0.367678) = 11.2686 B revenue-years.
  const double expected = q * (std::exp(-1.0 / 5) - std::exp(-(1.0 + 1461.0 / 365) / 5));
  CHECK(expected == doctest::Approx(11.268602640658789e9).epsilon(1e-12));
  CHECK(backlog_revenue_years(c, st, day(2025, 1, 1), 5.0) ==
        doctest::Approx(expected).epsilon(1e-12));
  // A day later the flows begin a day sooner: the backlog is worth more as its dates come
  // nearer (discounting), and the contract itself is unchanged.
  CHECK(backlog_revenue_years(c, st, day(2025, 1, 2), 5.0) ==
        doctest::Approx(
            q * (std::exp(-(364.0 / 365) / 5) - std::exp(-(364.0 / 365 + 1461.0 / 365) / 5)))
            .epsilon(1e-12));
}

TEST_CASE("backlog: half delivered, deferred, cut, and its limits") {
  const ContractSpec c = four_year_supply();
  // Half delivered two years in (2028-01-01): flows begin today (a = 0) and last
  // 50 B / q = 730.5/365 years: q (1 − e^{−730.5/(365 × 5)}) = 8.24094 B.
  ContractState half = untouched(c);
  half.remaining = usd(50e9);
  CHECK(backlog_revenue_years(c, half, day(2028, 1, 1), 5.0) ==
        doctest::Approx(8.240944970565871e9).epsilon(1e-12));
  // Deferred three months: the schedule moves by 2030-04-01 − 2030-01-01 = 90 days, so from a
  // year ahead a = (365 + 90)/365: q (e^{−455/1825} − e^{−(455 + 1461)/1825}) = 10.7264 B.
  ContractState deferred = untouched(c);
  deferred.months_deferred = 3;
  CHECK(backlog_revenue_years(c, deferred, day(2025, 1, 1), 5.0) ==
        doctest::Approx(10.726370718597322e9).epsilon(1e-12));
  // Cut to half its pace (cut_factor 0.5, half the amount remaining): q/2 for the same four years,
  // half the value.
  ContractState cut = untouched(c);
  cut.cut_factor = 0.5;
  cut.remaining = usd(50e9);
  CHECK(backlog_revenue_years(c, cut, day(2025, 1, 1), 5.0) ==
        doctest::Approx(11.268602640658789e9 / 2).epsilon(1e-12));
  // Without discounting (m → ∞) the value m × B is what remains, undiscounted: within
  // (a + b)/(2m) ≈ 3e-6 relative at m = 1e6.
  const double m = 1e6;
  CHECK(m * backlog_revenue_years(c, untouched(c), day(2025, 1, 1), m) ==
        doctest::Approx(100e9).epsilon(5e-6));
  // Nothing left, or no multiple: no backlog.
  ContractState done = untouched(c);
  done.remaining = Money::zero();
  CHECK(backlog_revenue_years(c, done, day(2025, 1, 1), 5.0) == 0.0);
  CHECK(backlog_revenue_years(c, untouched(c), day(2025, 1, 1), 0.0) == 0.0);
}
