#include <doctest/doctest.h>

#include <initializer_list>

#include "market/options.hpp"

using namespace alchemy;

// Haug, "The Complete Guide to Option Pricing Formulas" (2nd ed.), Table 4-13 ("Standard barrier
// options"): S = 100, T = 0.5, r = 0.08, b = 0.04, rebate 3, sigma = 0.25, barrier H = 105.
TEST_CASE("up-and-in call reproduces Haug's table of standard barrier options") {
  CHECK(up_and_in_call(100, 90, 105, 0.5, 0.08, 0.04, 0.25, 3.0) ==
        doctest::Approx(14.1112).epsilon(1e-4));
  CHECK(up_and_in_call(100, 100, 105, 0.5, 0.08, 0.04, 0.25, 3.0) ==
        doctest::Approx(8.4482).epsilon(1e-4));
  CHECK(up_and_in_call(100, 110, 105, 0.5, 0.08, 0.04, 0.25, 3.0) ==
        doctest::Approx(4.5910).epsilon(1e-4));
}

TEST_CASE("Black-Scholes call: Hull's textbook example") {
  // Hull, Options, Futures and Other Derivatives, Example 15.6: S0 = 42, K = 40, r = 10 %,
  // sigma = 20 %, T = 0.5 → c = 4.76.
  CHECK(bsm_call(42, 40, 0.5, 0.10, 0.10, 0.20) == doctest::Approx(4.76).epsilon(1e-3));
}

TEST_CASE("in-out parity and limits of the barrier call") {
  for (double X : {0.01, 50.0, 90.0, 120.0}) {
    for (double H : {105.0, 150.0, 300.0}) {
      const double in = up_and_in_call(100, X, H, 2.0, 0.04, 0.04, 0.5);
      const double out = up_and_out_call(100, X, H, 2.0, 0.04, 0.04, 0.5);
      CHECK(in + out == doctest::Approx(bsm_call(100, X, 2.0, 0.04, 0.04, 0.5)).epsilon(1e-9));
      CHECK(in >= 0.0);
      CHECK(in <= bsm_call(100, X, 2.0, 0.04, 0.04, 0.5) + 1e-12);
    }
  }
  // Spot at or above the barrier: the barrier has been hit, the value is the plain call.
  CHECK(up_and_in_call(120, 50, 110, 1.0, 0.04, 0.04, 0.3) ==
        doctest::Approx(bsm_call(120, 50, 1.0, 0.04, 0.04, 0.3)));
  // A barrier far above spot is almost never reached.
  CHECK(up_and_in_call(100, 0.01, 1e6, 1.0, 0.04, 0.04, 0.3) < 1e-9);
}
