#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <vector>

#include "market/credit_risk.hpp"
#include "market/options.hpp"
#include "market/rng.hpp"

using namespace alchemy;

namespace {

// Merton's equity (a call on the assets) and its volatility, forward: used to build inputs whose
// implied assets are known.
struct Equity {
  double value, volatility;
};
Equity merton_equity(double V, double sigma_V, double D, double r, double T) {
  const double s = sigma_V * std::sqrt(T);
  const double d1 = (std::log(V / D) + (r + 0.5 * sigma_V * sigma_V) * T) / s;
  const double E = V * normal_cdf(d1) - D * std::exp(-r * T) * normal_cdf(d1 - s);
  return {E, normal_cdf(d1) * sigma_V * V / E};
}

}  // namespace

TEST_CASE("Merton default probability at points of the normal table") {
  // sigma = 0.2, T = 1, drift 0.02: drift − sigma²/2 = 0, so d2 = ln(V/D)/0.2 and V = D e^{0.2 d}
  // puts d2 at d. Table values of N: N(0) = 0.5, N(−1) = 0.158655254, N(−1.96) = 0.024997895,
  // N(−2.326347874) = 0.01.
  const double D = 80.0;
  CHECK(merton_default_probability(D, 0.2, D, 0.02, 1.0) == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(merton_default_probability(D * std::exp(0.2), 0.2, D, 0.02, 1.0) ==
        doctest::Approx(0.158655254).epsilon(1e-8));
  CHECK(merton_default_probability(D * std::exp(0.2 * 1.96), 0.2, D, 0.02, 1.0) ==
        doctest::Approx(0.024997895).epsilon(1e-7));
  CHECK(merton_default_probability(D * std::exp(0.2 * 2.326347874), 0.2, D, 0.02, 1.0) ==
        doctest::Approx(0.01).epsilon(1e-8));
  // Below the default point the sign flips: N(+1) = 0.841344746.
  CHECK(merton_default_probability(D * std::exp(-0.2), 0.2, D, 0.02, 1.0) ==
        doctest::Approx(0.841344746).epsilon(1e-8));
}

TEST_CASE("Merton inversion reproduces Hull's example") {
  // Hull, "Options, Futures and Other Derivatives", credit risk chapter: E = 3, sigma_E = 0.80,
  // D = 10, r = 5 %, T = 1 → V0 = 12.40, sigma_V = 0.2123, N(−d2) = 0.127 (12.7 %); the debt is
  // worth 12.40 − 3 = 9.40 against 9.51 riskless, an expected loss of about 1.2 %.
  const ImpliedAssets a = implied_asset_value_and_volatility(3.0, 0.80, 10.0, 0.05, 1.0);
  REQUIRE(a.ok());
  CHECK(std::abs(a.value - 12.40) <= 0.005);
  CHECK(std::abs(a.volatility - 0.2123) <= 0.00005);
  const double pd = merton_default_probability(a.value, a.volatility, 10.0, 0.05, 1.0);
  CHECK(std::abs(pd - 0.127) <= 0.0005);
  // Both of Merton's equations hold at the solution.
  const Equity e = merton_equity(a.value, a.volatility, 10.0, 0.05, 1.0);
  CHECK(e.value == doctest::Approx(3.0).epsilon(1e-12));
  CHECK(e.volatility == doctest::Approx(0.80).epsilon(1e-12));
  // The spread is the yield of the debt V − E over the riskless 10 e^{−0.05} (balance sheet
  // identity), and 1 − e^{−s}, the share lost, is Hull's 1.2 % to his rounding.
  const double s = merton_credit_spread(a.value, a.volatility, 10.0, 0.05, 1.0);
  CHECK(s == doctest::Approx(-std::log((a.value - 3.0) / (10.0 * std::exp(-0.05)))).epsilon(1e-10));
  CHECK(std::abs((1.0 - std::exp(-s)) - 0.012) <= 0.0005);
}

TEST_CASE("Merton inversion recovers known assets over a grid, inside its bracket") {
  // Inputs built forward from (V, sigma_V): the inversion must return them. Landing on the
  // original every time is also the numerical check that the root is unique on this grid.
  int worst_iterations = 0;
  for (double leverage : {0.01, 0.3, 0.7, 0.95, 1.5, 5.0}) {  // D / V
    for (double sigma_V : {0.02, 0.1, 0.3, 0.8, 2.0}) {
      for (double T : {0.25, 1.0, 5.0}) {
        for (double r : {0.0, 0.05}) {
          const double V = 100.0, D = leverage * V;
          const Equity e = merton_equity(V, sigma_V, D, r, T);
          if (e.value < 1e-6 * V) continue;  // equity lost in the rounding of V
          CAPTURE(leverage);
          CAPTURE(sigma_V);
          CAPTURE(T);
          const ImpliedAssets a =
              implied_asset_value_and_volatility(e.value, e.volatility, D, r, T);
          REQUIRE(a.ok());
          CHECK(a.value == doctest::Approx(V).epsilon(1e-9));
          CHECK(a.volatility == doctest::Approx(sigma_V).epsilon(1e-8));
          // The bracket of the .cpp: sigma_E E / (E + D e^{−rT}) ≤ sigma_V ≤ sigma_E.
          CHECK(a.volatility <= e.volatility * (1.0 + 1e-12));
          CHECK(a.volatility >=
                e.volatility * e.value / (e.value + D * std::exp(-r * T)) * (1.0 - 1e-12));
          worst_iterations = std::max(worst_iterations, a.iterations);
        }
      }
    }
  }
  MESSAGE("most false-position steps on the grid: " << worst_iterations);
  CHECK(worst_iterations <= 30);
}

TEST_CASE("Merton inversion: thin equity, no debt, and inputs with no solution") {
  // Tiny equity against the debt: solved to the precision doubles allow (~1e-16 D/E).
  const ImpliedAssets thin = implied_asset_value_and_volatility(1e3, 1.5, 1e9, 0.04, 1.0);
  REQUIRE(thin.ok());
  const Equity back = merton_equity(thin.value, thin.volatility, 1e9, 0.04, 1.0);
  CHECK(back.value == doctest::Approx(1e3).epsilon(1e-9));
  CHECK(back.volatility == doctest::Approx(1.5).epsilon(1e-9));
  // Equity below the rounding of the debt cannot be read: an error, not NaN.
  CHECK(implied_asset_value_and_volatility(1e-12, 0.5, 1e6, 0.04, 1.0).error ==
        "the equity could not be inverted into asset value and volatility");
  const ImpliedAssets free = implied_asset_value_and_volatility(50.0, 0.4, 0.0, 0.05, 1.0);
  REQUIRE(free.ok());
  CHECK(free.value == 50.0);
  CHECK(free.volatility == 0.4);
  CHECK(implied_asset_value_and_volatility(0.0, 0.4, 10.0, 0.05, 1.0).error ==
        "equity value must be a positive number");
  CHECK(implied_asset_value_and_volatility(5.0, 0.0, 10.0, 0.05, 1.0).error ==
        "equity volatility must be a positive number");
  CHECK(implied_asset_value_and_volatility(5.0, 0.4, -1.0, 0.05, 1.0).error ==
        "debt must be a number >= 0");
  CHECK(implied_asset_value_and_volatility(5.0, 0.4, 10.0, NAN, 1.0).error ==
        "the risk-free rate must be a number");
  CHECK(implied_asset_value_and_volatility(5.0, 0.4, 10.0, 0.05, 0.0).error ==
        "the horizon must be a positive number of years");
  CHECK(implied_asset_value_and_volatility(INFINITY, 0.4, 10.0, 0.05, 1.0).error ==
        "equity value must be a positive number");
}

TEST_CASE("Asset value for a known asset volatility (the private firm's case)") {
  // Hull's example read the other way: at sigma_V = 0.2123, E = 3 is the call on V ≈ 12.40.
  const ImpliedAssets hull = implied_asset_value(3.0, 0.2123, 10.0, 0.05, 1.0);
  REQUIRE(hull.ok());
  CHECK(std::abs(hull.value - 12.40) <= 0.005);
  CHECK(hull.volatility == 0.2123);
  // Equity built forward from known assets gives them back, deep in and far out of the money.
  for (double leverage : {0.01, 0.5, 0.9, 2.0}) {
    for (double sigma_V : {0.05, 0.4, 1.5}) {
      const Equity e = merton_equity(100.0, sigma_V, 100.0 * leverage, 0.03, 2.0);
      if (e.value < 1e-6 * 100.0) continue;
      CAPTURE(leverage);
      CAPTURE(sigma_V);
      const ImpliedAssets a = implied_asset_value(e.value, sigma_V, 100.0 * leverage, 0.03, 2.0);
      REQUIRE(a.ok());
      CHECK(a.value == doctest::Approx(100.0).epsilon(1e-10));
    }
  }
  CHECK(implied_asset_value(7.0, 0.3, 0.0, 0.05, 1.0).value == 7.0);
  CHECK(implied_asset_value(7.0, 0.0, 10.0, 0.05, 1.0).error ==
        "asset volatility must be a positive number");
  CHECK(implied_asset_value(7.0, 0.3, 10.0, 0.05, -1.0).error ==
        "the horizon must be a positive number of years");
}

TEST_CASE("Asset volatility of a private firm from named comparables") {
  // Two comparables built forward from known assets: the average of their asset volatilities.
  const Equity a = merton_equity(200.0, 0.25, 120.0, 0.04, 1.0);
  const Equity b = merton_equity(50.0, 0.45, 10.0, 0.04, 1.0);
  const std::vector<Comparable> comps = {{"Alpha", a.value, a.volatility, 120.0},
                                         {"Beta", b.value, b.volatility, 10.0}};
  const ComparablesVolatility v = asset_volatility_from_comparables(comps, 0.04, 1.0);
  REQUIRE(v.ok());
  REQUIRE(v.asset_volatility.size() == 2);
  CHECK(v.asset_volatility[0] == doctest::Approx(0.25).epsilon(1e-8));
  CHECK(v.asset_volatility[1] == doctest::Approx(0.45).epsilon(1e-8));
  CHECK(v.volatility == doctest::Approx(0.35).epsilon(1e-8));

  // Low leverage: the inversion is the simple unlevering sigma_E E / (E + D) to within the
  // discounting of D (D / E = 1 %, r T = 4 %: a relative difference below 1e-3).
  const std::vector<Comparable> light = {{"Light", 1000.0, 0.5, 10.0}};
  const ComparablesVolatility l = asset_volatility_from_comparables(light, 0.04, 1.0);
  REQUIRE(l.ok());
  CHECK(l.volatility == doctest::Approx(0.5 * 1000.0 / 1010.0).epsilon(1e-3));

  CHECK(asset_volatility_from_comparables({}, 0.04, 1.0).error == "no comparables");
  const std::vector<Comparable> broken = {{"Alpha", a.value, a.volatility, 120.0},
                                          {"CoreWeave", 30.0, -0.6, 10.0}};
  const ComparablesVolatility e = asset_volatility_from_comparables(broken, 0.04, 1.0);
  CHECK(e.error == "comparable 'CoreWeave': equity volatility must be a positive number");
  CHECK(e.asset_volatility.empty());
}

TEST_CASE("Merton default probability: physical against risk-neutral, and monotonicity") {
  // A drift above r (a risk premium) lowers the probability; drift = r is the risk-neutral one.
  CHECK(merton_default_probability(100, 0.3, 80, 0.12, 1.0) <
        merton_default_probability(100, 0.3, 80, 0.05, 1.0));
  for (double V : {60.0, 90.0, 100.0, 150.0}) {
    for (double drift : {-0.1, 0.0, 0.05, 0.2}) {
      double prev = -1.0;
      for (double D = 10.0; D <= 300.0; D += 10.0) {  // increasing in the default point: always
        const double p = merton_default_probability(V, 0.3, D, drift, 1.0);
        CHECK(p >= prev);
        prev = p;
      }
      // Increasing in sigma when the sigma = 0 path ends above D (d2 = A/(sigma√T) − sigma√T/2
      // with A = ln(V/D) + drift T ≥ 0); below, more volatility is the chance to recover.
      const double D = 80.0;
      if (std::log(V / D) + drift >= 0.0) {
        prev = -1.0;
        for (double sigma = 0.01; sigma <= 3.0; sigma += 0.01) {
          const double p = merton_default_probability(V, sigma, D, drift, 1.0);
          CHECK(p >= prev);
          prev = p;
        }
      }
      // Increasing in T when V > D and drift ≤ sigma²/2 (both terms of d2 fall with T).
      const double sigma = 0.6;
      if (V > D && drift <= 0.5 * sigma * sigma) {
        prev = -1.0;
        for (double T = 0.05; T <= 10.0; T += 0.05) {
          const double p = merton_default_probability(V, sigma, D, drift, T);
          CHECK(p >= prev);
          prev = p;
        }
      }
    }
  }
  // Limits: no debt, no assets, no time, no volatility.
  CHECK(merton_default_probability(100, 0.3, 0.0, 0.05, 1.0) == 0.0);
  CHECK(merton_default_probability(0.0, 0.3, 80, 0.05, 1.0) == 1.0);
  CHECK(merton_default_probability(100, 0.3, 80, 0.05, 0.0) == 0.0);
  CHECK(merton_default_probability(70, 0.3, 80, 0.05, 0.0) == 1.0);
  CHECK(merton_default_probability(100, 0.0, 80, -0.1, 1.0) == 0.0);  // 100 e^{−0.1} = 90.5 > 80
  CHECK(merton_default_probability(100, 0.0, 95, -0.1, 1.0) == 1.0);  // 90.5 < 95
}

TEST_CASE("Merton credit spread: zero without debt, positive with it, rising in D and sigma") {
  CHECK(merton_credit_spread(100, 0.3, 0.0, 0.05, 1.0) == 0.0);
  CHECK(merton_credit_spread(100, 0.3, 1e-9, 0.05, 1.0) == 0.0);  // D → 0: riskless
  for (double sigma : {0.1, 0.3, 0.8}) {
    double prev = 0.0;
    for (double D = 20.0; D <= 200.0; D += 10.0) {
      const double s = merton_credit_spread(100, sigma, D, 0.05, 1.0);
      CHECK(s > 0.0);
      CHECK(s > prev);
      prev = s;
    }
  }
  // Vega of the put is positive: the spread rises with sigma at any leverage.
  for (double D : {30.0, 80.0, 150.0}) {
    double prev = 0.0;
    for (double sigma = 0.05; sigma <= 2.0; sigma += 0.05) {
      const double s = merton_credit_spread(100, sigma, D, 0.05, 2.0);
      CHECK(s > prev);
      prev = s;
    }
  }
  // sigma = 0: debt pays min(V e^{rT}, D), so s = max(0, −ln(V / (D e^{−rT})) / T); V = 50,
  // D = 100, r = 0, T = 1 → ln 2.
  CHECK(merton_credit_spread(50, 0.0, 100, 0.0, 1.0) == doctest::Approx(std::log(2.0)));
  CHECK(merton_credit_spread(150, 0.0, 100, 0.05, 1.0) == 0.0);
  // T → 0: a solvent firm's spread vanishes, an insolvent one's grows without bound.
  CHECK(merton_credit_spread(100, 0.3, 80, 0.05, 1e-9) < 1e-9);
  CHECK(merton_credit_spread(100, 0.3, 80, 0.05, 0.0) == 0.0);
  CHECK(merton_credit_spread(70, 0.3, 80, 0.05, 0.0) == INFINITY);
  CHECK(merton_credit_spread(70, 0.3, 80, 0.05, 1e-9) ==
        doctest::Approx(-std::log(70.0 / 80.0) / 1e-9).epsilon(1e-3));
  CHECK(merton_credit_spread(0.0, 0.3, 80, 0.05, 1.0) == INFINITY);
}

namespace {

// Monte Carlo of ln V on m equal steps (exact GBM increments). `discrete`: the share of paths
// that end a step at or below the barrier (a discretely monitored barrier). `bridge`: each path
// scores the probability that it touched the barrier anywhere, given its step ends, from the
// Brownian bridge's crossing probability exp(−2 (y0 − b)(y1 − b)/(sigma² dt)) (Glasserman,
// "Monte Carlo Methods in Financial Engineering", 2004): an unbiased estimate of the continuous
// first-passage probability. Each comes with its standard error.
struct FirstPassageMc {
  double discrete, discrete_se, bridge, bridge_se;
};
FirstPassageMc first_passage_mc(double V, double sigma, double K, double drift, double T, int m,
                                int paths, std::uint64_t seed) {
  Rng rng(seed);
  const double dt = T / m, nu = drift - 0.5 * sigma * sigma;
  const double b = std::log(K), step_sd = sigma * std::sqrt(dt);
  double hits = 0.0, sum = 0.0, sum_sq = 0.0;
  for (int p = 0; p < paths; ++p) {
    double y = std::log(V), survive = 1.0;
    bool hit = false;
    for (int i = 0; i < m && !hit; ++i) {
      const double next = y + nu * dt + step_sd * rng.normal();
      if (next <= b) {
        hit = true;
      } else {
        survive *= 1.0 - std::exp(-2.0 * (y - b) * (next - b) / (sigma * sigma * dt));
      }
      y = next;
    }
    hits += hit ? 1.0 : 0.0;
    const double score = hit ? 1.0 : 1.0 - survive;
    sum += score;
    sum_sq += score * score;
  }
  const double n = paths, pd = hits / n, mean = sum / n;
  return {pd, std::sqrt(pd * (1.0 - pd) / n), mean,
          std::sqrt((sum_sq / n - mean * mean) / (n - 1.0))};
}

}  // namespace

TEST_CASE("Black-Cox first passage against a Monte Carlo of the asset path") {
  // 20,000 paths of 250 steps per case. Tolerance: 4 standard errors of each estimate (~0.003;
  // the seed is fixed, so the test is deterministic, and a 4-sigma miss would be a 6e-5 event).
  // The bridge estimate is unbiased for the continuous barrier, so it is compared with the closed
  // form itself. The discretely monitored one misses crossings between steps; Broadie, Glasserman
  // & Kou (1997) show it equals the continuous probability for a barrier moved away from the path
  // by e^{−0.5826 sigma √dt}, up to o(√dt). That remainder is below the tolerance here: with
  // 400,000 paths (two seeds) both estimates land within 2 standard errors (~0.0007) of their
  // formula in all three cases.
  struct Case {
    double V, sigma, K, drift, T;
  };
  for (const Case c : {Case{100, 0.3, 70, 0.05, 1.0}, Case{100, 0.4, 80, -0.10, 2.0},
                       Case{100, 0.6, 60, 0.0, 0.5}}) {
    CAPTURE(c.K);
    const FirstPassageMc mc = first_passage_mc(c.V, c.sigma, c.K, c.drift, c.T, 250, 20000, 17);
    const double exact = black_cox_default_probability(c.V, c.sigma, c.K, c.drift, c.T);
    const double shifted = black_cox_default_probability(
        c.V, c.sigma, c.K * std::exp(-0.5826 * c.sigma * std::sqrt(c.T / 250)), c.drift, c.T);
    MESSAGE("Black-Cox " << exact << ", bridge MC " << mc.bridge << " ± " << mc.bridge_se
                         << "; shifted barrier " << shifted << ", discrete MC " << mc.discrete
                         << " ± " << mc.discrete_se);
    CHECK(exact > 0.05);  // a case where the comparison means something
    CHECK(std::abs(mc.bridge - exact) <= 4.0 * mc.bridge_se);
    CHECK(std::abs(mc.discrete - shifted) <= 4.0 * mc.discrete_se);
    CHECK(mc.discrete < exact);  // discrete monitoring only misses crossings
  }
}

TEST_CASE("Black-Cox limits, and never below Merton at the barrier") {
  CHECK(black_cox_default_probability(100, 0.3, 0.0, 0.05, 1.0) == 0.0);
  CHECK(black_cox_default_probability(100, 0.3, 1e-300, 0.05, 1.0) == 0.0);
  CHECK(black_cox_default_probability(100, 0.3, 1e-300, -0.5, 1.0) == 0.0);
  CHECK(black_cox_default_probability(100, 0.3, 100, 0.05, 1.0) == 1.0);
  CHECK(black_cox_default_probability(100, 0.3, 120, 0.05, 1.0) == 1.0);
  CHECK(black_cox_default_probability(100, 0.3, 70, 0.05, 0.0) == 0.0);
  CHECK(black_cox_default_probability(100, 0.3, 70, 0.05, 1e-6) < 1e-12);
  // sigma → 0 tends to the certain path ln 100 + drift t against ln 80 (reached at
  // t = ln(1.25)/0.3 = 0.74 with drift −0.3), with no NaN however small sigma is.
  for (double sigma : {1e-2, 1e-4, 1e-8, 1e-100, 1e-200, 0.0}) {
    CAPTURE(sigma);
    const double reaches = black_cox_default_probability(100, sigma, 80, -0.3, 1.0);
    const double stays = black_cox_default_probability(100, sigma, 80, -0.1, 1.0);
    CHECK(reaches == doctest::Approx(1.0).epsilon(1e-6));
    CHECK(stays == doctest::Approx(0.0).epsilon(1e-6));
    CHECK(stays >= 0.0);
    CHECK(reaches <= 1.0);
  }
  // Touching K before T includes ending below K at T; equality only without time.
  for (double K : {10.0, 50.0, 80.0, 99.0}) {
    for (double drift : {-0.2, 0.0, 0.05, 0.3}) {
      for (double sigma : {0.05, 0.3, 1.0}) {
        for (double T : {0.1, 1.0, 5.0}) {
          CHECK(black_cox_default_probability(100, sigma, K, drift, T) >=
                merton_default_probability(100, sigma, K, drift, T));
        }
      }
    }
  }
}

TEST_CASE("Black-Cox monotonicity in the barrier, the horizon and sigma") {
  for (double drift : {-0.3, -0.05, 0.0, 0.05, 0.3}) {
    for (double sigma : {0.05, 0.3, 1.0}) {
      double prev = -1.0;
      for (double K = 5.0; K < 100.0; K += 5.0) {
        const double p = black_cox_default_probability(100, sigma, K, drift, 1.0);
        CHECK(p >= prev);
        prev = p;
      }
      // A first-passage probability accumulates with time, whatever the drift; where it has
      // levelled off (at 1, or at 7e-24 for drift 0.3 and sigma 0.05) it may wobble in the last
      // bit, hence the relative 1e-12.
      prev = -1.0;
      for (double T = 0.05; T <= 10.0; T += 0.05) {
        const double p = black_cox_default_probability(100, sigma, 80, drift, T);
        CHECK(p >= prev * (1.0 - 1e-12));
        prev = p;
      }
    }
    // In sigma only while the sigma = 0 path stays above the barrier (ln(V/K) + drift T > 0);
    // otherwise volatility is the chance to escape (shown numerically on this grid, not proved).
    for (double V : {101.0, 110.0, 150.0, 300.0}) {
      for (double T : {0.1, 1.0, 5.0}) {
        if (std::log(V / 100.0) + drift * T <= 0.0) continue;
        double prev = -1.0;
        for (double sigma = 0.01; sigma <= 3.0; sigma += 0.01) {
          const double p = black_cox_default_probability(V, sigma, 100.0, drift, T);
          CHECK(p >= prev - 1e-15);
          prev = p;
        }
      }
    }
  }
}

TEST_CASE("Realised volatility of daily closes, by hand") {
  // Constant prices: every log return 0.
  const std::vector<double> flat(30, 42.0);
  REQUIRE(realised_volatility(flat).ok());
  CHECK(realised_volatility(flat).value == 0.0);
  // Alternating ±x: every squared return is x², so the volatility is x √252.
  const double x = 0.02;
  std::vector<double> zigzag = {100.0};
  for (int i = 0; i < 40; ++i)
    zigzag.push_back(zigzag.back() * std::exp(i % 2 == 0 ? x : -x));
  CHECK(realised_volatility(zigzag).value == doctest::Approx(x * std::sqrt(252.0)).epsilon(1e-12));
  // A steady trend of c per day counts as |c| √days (realised variance is not demeaned).
  std::vector<double> trend = {100.0};
  for (int i = 0; i < 10; ++i)
    trend.push_back(trend.back() * std::exp(-0.01));
  CHECK(realised_volatility(trend, 250.0).value ==
        doctest::Approx(0.01 * std::sqrt(250.0)).epsilon(1e-12));
  // 100 → 110 → 99: ln 1.1 = 0.0953102, ln 0.9 = −0.1053605; mean square 0.0100924, × 252 =
  // 2.543293, square root 1.594771.
  const std::vector<double> three = {100.0, 110.0, 99.0};
  CHECK(realised_volatility(three).value == doctest::Approx(1.594771).epsilon(1e-6));

  CHECK(realised_volatility(std::vector<double>{5.0}).error ==
        "a volatility needs at least 2 prices");
  CHECK(realised_volatility(std::vector<double>{5.0, 0.0, 6.0}).error == "price 1 is not positive");
  CHECK(realised_volatility(three, 0.0).error == "trading days per year must be a positive number");
}
