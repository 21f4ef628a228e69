#include <doctest/doctest.h>

#include <cmath>

#include "market/funding_outlook.hpp"

using namespace alchemy;

// Reference values computed by hand from the closed forms in funding_outlook.hpp (Python's
// statistics.NormalDist for N): x0 = ln 0.4, μ = 0, κ = 0.5, σ = 0.12, t = 1.
TEST_CASE("sentiment outlook: the Ornstein–Uhlenbeck transition moments") {
  const LogNormalMoments x = sentiment_outlook(std::log(0.4), 0.0, 0.5, 0.12, 1.0);
  CHECK(x.mean == doctest::Approx(-0.5557584220922029).epsilon(1e-14));
  CHECK(x.variance == doctest::Approx(0.00910253604713123).epsilon(1e-14));
  // Without reversion: a random walk, variance σ² t.
  const LogNormalMoments w = sentiment_outlook(-0.3, 0.0, 0.0, 0.2, 2.0);
  CHECK(w.mean == -0.3);
  CHECK(w.variance == doctest::Approx(0.08).epsilon(1e-15));
  // Far ahead the stationary law N(μ, σ² / 2κ); today the point x0.
  const LogNormalMoments far = sentiment_outlook(-1.0, 0.1, 0.5, 0.12, 200.0);
  CHECK(far.mean == doctest::Approx(0.1).epsilon(1e-12));
  CHECK(far.variance == doctest::Approx(0.0144).epsilon(1e-12));
  const LogNormalMoments now = sentiment_outlook(-1.0, 0.1, 0.5, 0.12, 0.0);
  CHECK(now.mean == -1.0);
  CHECK(now.variance == 0.0);
}

TEST_CASE("funding outlook: the market is open with the normal tail probability") {
  const LogNormalMoments x = sentiment_outlook(std::log(0.4), 0.0, 0.5, 0.12, 1.0);
  CHECK(open_probability(x, 0.55) == doctest::Approx(0.6704086709216598).epsilon(1e-9));
  // With no uncertainty the market is open exactly when the level is at or above the cut.
  CHECK(open_probability({std::log(0.6), 0.0}, 0.55) == 1.0);
  CHECK(open_probability({std::log(0.5), 0.0}, 0.55) == 0.0);
  // At the cut itself, half.
  CHECK(open_probability({std::log(0.55), 0.04}, 0.55) == doctest::Approx(0.5).epsilon(1e-15));
}

TEST_CASE("funding outlook: expected supply is the lognormal partial expectation") {
  const LogNormalMoments x = sentiment_outlook(std::log(0.4), 0.0, 0.5, 0.12, 1.0);
  CHECK(expected_supply_factor(x, 2.0, 0.55) == doctest::Approx(0.2467241790363513).epsilon(1e-9));
  // The same by numerical integration of e^{εx} φ(x) over x ≥ ln f (midpoint rule, 8 sd).
  const double sd = std::sqrt(x.variance), cut = std::log(0.55);
  double integral = 0.0;
  const int n = 200000;
  const double lo = cut, hi = x.mean + 8.0 * sd, h = (hi - lo) / n;
  for (int k = 0; k < n; ++k) {
    const double v = lo + (k + 0.5) * h, z = (v - x.mean) / sd;
    integral += std::exp(2.0 * v) * std::exp(-0.5 * z * z) / (sd * std::sqrt(2.0 * M_PI)) * h;
  }
  CHECK(expected_supply_factor(x, 2.0, 0.55) == doctest::Approx(integral).epsilon(1e-8));
  // A freeze level far below: the full lognormal moment E[s^ε] = e^{ε m + ε² v / 2}.
  CHECK(expected_supply_factor(x, 2.0, 1e-9) ==
        doctest::Approx(std::exp(2.0 * x.mean + 2.0 * x.variance)).epsilon(1e-12));
  // Certain paths: the level to the elasticity, or nothing when frozen.
  CHECK(expected_supply_factor({std::log(0.8), 0.0}, 2.0, 0.55) ==
        doctest::Approx(0.64).epsilon(1e-14));
  CHECK(expected_supply_factor({std::log(0.5), 0.0}, 2.0, 0.55) == 0.0);
}
