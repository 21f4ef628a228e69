// The price process's firm-local parts (agents/valuation.hpp, issue 19): the limited-liability put
// against Black–Scholes values worked by hand, the forward growth as a day-weighted average of
// the scheduled path, the value volatility of own news and the common factor, and the multiple's
// loading on sentiment.
#include <doctest/doctest.h>

#include <cmath>

#include "agents/valuation.hpp"
#include "market/options.hpp"

using namespace alchemy;

namespace {

// N(x) by the error function, as the normal table gives it.
double normal_cdf_by_erf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

}  // namespace

TEST_CASE("valuation: the limited-liability put is a one-year Black-Scholes put at rate 0") {
  // S = K = 100, σ = 0.2, T = 1, r = 0: d1 = σ/2 = 0.1, d2 = −0.1, so
  // put = K N(0.1) − S N(−0.1) = 100 (2 N(0.1) − 1), N(0.1) = 0.539827837277029: 7.96556745...
  CHECK(limited_liability_put(100, 100, 0.2) == doctest::Approx(7.965567455405804).epsilon(1e-13));
  CHECK(limited_liability_put(100, 100, 0.2) ==
        doctest::Approx(100 * (2 * normal_cdf_by_erf(0.1) - 1)).epsilon(1e-13));
  // In the money for the put (ev 80 < liabilities 100), σ = 0.3: d1 = (ln 0.8 + 0.045)/0.3 =
  // −0.593812, d2 = −0.893812; put = 100 N(0.893812) − 80 N(0.593812) = 23.5343901...
  CHECK(limited_liability_put(80, 100, 0.3) == doctest::Approx(23.534390103173763).epsilon(1e-12));
  // Out of the money (ev 150, σ = 0.4): d1 = (ln 1.5 + 0.08)/0.4 = 1.213663, d2 = 0.813663;
  // put = 100 N(−0.813663) − 150 N(−1.213663) = 3.9261688...
  CHECK(limited_liability_put(150, 100, 0.4) == doctest::Approx(3.926168888089741).epsilon(1e-12));
}

TEST_CASE("valuation: the put satisfies put-call parity with the Black-Scholes call") {
  // At r = 0 and T = 1: call − put = ev − liabilities, so equity = ev − liabilities + put is the
  // call on the enterprise value (Merton 1974). The call from market/options (Hull's formula,
  // cost of carry b = r = 0) is computed independently.
  for (const double ev : {20.0, 80.0, 100.0, 130.0, 400.0})
    for (const double sigma : {0.05, 0.3, 0.9}) {
      const double put = limited_liability_put(ev, 100, sigma);
      const double call = bsm_call(ev, 100, 1.0, 0.0, 0.0, sigma);
      INFO("ev " << ev << ", sigma " << sigma);
      CHECK(call - put == doctest::Approx(ev - 100).epsilon(1e-12).scale(100));
      CHECK(put >= std::max(0.0, 100 - ev) - 1e-12);  // at least its intrinsic value
    }
}

TEST_CASE("valuation: the put's limits: no volatility, no enterprise value, no liabilities") {
  // σ → 0: the put is worth its intrinsic value max(0, liabilities − ev).
  CHECK(limited_liability_put(80, 100, 0.0) == 20.0);
  CHECK(limited_liability_put(120, 100, 0.0) == 0.0);
  CHECK(limited_liability_put(80, 100, 1e-6) == doctest::Approx(20.0).epsilon(1e-12));
  CHECK(limited_liability_put(120, 100, 1e-6) == doctest::Approx(0.0));
  CHECK(limited_liability_put(120, 100, 1e-6) >= 0.0);
  // ev ≤ 0: equity cannot be below 0, so the put makes up everything: liabilities − ev.
  CHECK(limited_liability_put(0, 100, 0.3) == 100.0);
  CHECK(limited_liability_put(-50, 100, 0.3) == 150.0);
  // Nothing owed: limited liability adds nothing, whatever the value.
  CHECK(limited_liability_put(100, 0, 0.3) == 0.0);
  CHECK(limited_liability_put(-50, 0, 0.3) == 0.0);
  // Its value grows with volatility (vega > 0).
  CHECK(limited_liability_put(100, 100, 0.4) > limited_liability_put(100, 100, 0.2));
}

TEST_CASE("valuation: forward growth is the scheduled growth averaged over the next 365 days") {
  RevenueSpec revenue;
  const Date today = Date::from_ymd(2025, 1, 1);
  // No step within the year: the current growth.
  CHECK(forward_growth(revenue, 0.5, today) == 0.5);
  revenue.growth_path = {{Date::from_ymd(2024, 6, 1), 0.9},   // before today: already in `growth`
                         {Date::from_ymd(2026, 1, 1), 0.1}};  // 365 days on: outside the year
  CHECK(forward_growth(revenue, 0.5, today) == 0.5);
  // A step on 2025-04-01, 90 days on (31 + 28 + 31), to 0.2: (0.5 × 90 + 0.2 × 275) / 365 =
  // 100/365.
  revenue.growth_path = {{Date::from_ymd(2025, 4, 1), 0.2}};
  CHECK(forward_growth(revenue, 0.5, today) == doctest::Approx(100.0 / 365.0).epsilon(1e-15));
  // Linear in the days: a day later the year holds one day less of 0.5 and one more of 0.2.
  CHECK(forward_growth(revenue, 0.5, Date::from_ymd(2025, 1, 2)) ==
        doctest::Approx((0.5 * 89 + 0.2 * 276) / 365.0).epsilon(1e-15));
  // On the step's own date the step is the current growth (the caller passes it): the average is
  // it; the value moved toward it over the year before, not on the day.
  CHECK(forward_growth(revenue, 0.2, Date::from_ymd(2025, 4, 1)) == 0.2);
  // Two steps: 90 days at 0.5, 91 (2025-04-01 to 07-01) at 0.2, 184 at −0.1:
  // (45 + 18.2 − 18.4) / 365 = 44.8 / 365.
  revenue.growth_path = {{Date::from_ymd(2025, 4, 1), 0.2}, {Date::from_ymd(2025, 7, 1), -0.1}};
  CHECK(forward_growth(revenue, 0.5, today) == doctest::Approx(44.8 / 365.0).epsilon(1e-14));
  // A step from 2026 on is scaled by growth_scale (step_growth): from 2025-07-01, 184 days at
  // 0.5, then 181 days of the 2026 step 0.3 × 2.
  revenue.growth_path = {{Date::from_ymd(2026, 1, 1), 0.3}};
  revenue.growth_scale = 2.0;
  CHECK(forward_growth(revenue, 0.5, Date::from_ymd(2025, 7, 1)) ==
        doctest::Approx((0.5 * 184 + 0.6 * 181) / 365.0).epsilon(1e-15));
}

TEST_CASE("valuation: value volatility and the multiple's loading on sentiment") {
  ValuationSpec v;
  v.volatility = 0.3;
  v.sentiment_beta = 2.0;
  // sqrt(0.3² + (2 × 0.2)²) = sqrt(0.09 + 0.16) = 0.5.
  CHECK(value_volatility(v, 0.2) == doctest::Approx(0.5).epsilon(1e-15));
  CHECK(value_volatility(v, 0.0) == doctest::Approx(0.3).epsilon(1e-15));
  v.volatility = 0.0;
  v.sentiment_beta = 1.26;
  CHECK(value_volatility(v, 0.12) == doctest::Approx(1.26 * 0.12).epsilon(1e-15));

  // m = max(0.5, multiple + growth_weight g − rate_weight (r − 4 %)) × sentiment^β.
  ValuationSpec m;
  m.multiple = 10.0;
  m.growth_weight = 0.0;
  m.rate_weight = 0.0;
  m.sentiment_beta = 0.5;
  CHECK(revenue_multiple(m, 0.0, 1.21, 0.04) == doctest::Approx(11.0).epsilon(1e-15));
  m.sentiment_beta = 2.0;
  CHECK(revenue_multiple(m, 0.0, 0.9, 0.04) == doctest::Approx(8.1).epsilon(1e-15));
  m.sentiment_beta = 1.0;
  CHECK(revenue_multiple(m, 0.0, 0.9, 0.04) == doctest::Approx(9.0).epsilon(1e-15));
  // Neutral sentiment leaves the multiple whatever β is; the floor of 0.5 applies before it.
  m.sentiment_beta = 3.24;
  CHECK(revenue_multiple(m, 0.0, 1.0, 0.04) == 10.0);
  m.multiple = 0.1;
  CHECK(revenue_multiple(m, 0.0, 2.0, 0.04) ==
        doctest::Approx(0.5 * std::pow(2.0, 3.24)).epsilon(1e-15));
}
