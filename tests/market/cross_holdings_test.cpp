// Cross-holdings valuation with failure costs (Elliott, Golub & Jackson 2014). No small worked
// example with printed numbers was found in the paper, so expected values are derived by hand in
// the comments from V = (I − C)^{-1}(d − b) and v = Ĉ V (EGJ eqs. 1–3).

#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "market/cross_holdings.hpp"
#include "market/rng.hpp"

using alchemy::CrossHoldingsInput;
using alchemy::CrossHoldingsOptions;
using alchemy::CrossHoldingsResult;
using alchemy::CrossHoldingsSolver;

namespace {

// Two organisations each holding 40% of the other: Ĉ = diag(0.6, 0.6), det(I − C) = 0.84,
//   V1 = (d1 + 0.4 d2) / 0.84,  V2 = (d2 + 0.4 d1) / 0.84.
CrossHoldingsInput pair(double threshold2) {
  CrossHoldingsInput in;
  in.firm_count = 2;
  in.holdings = {{0, 1, 0.4}, {1, 0, 0.4}};
  in.direct_assets = {1.0, 2.0};
  in.failure_threshold = {1.3, threshold2};
  in.failure_cost = {0.5, 0.5};
  return in;
}

CrossHoldingsResult solve(const CrossHoldingsInput& in, CrossHoldingsSolver s) {
  CrossHoldingsOptions o;
  o.solver = s;
  return alchemy::cross_holdings_equilibrium(in, o);
}

}  // namespace

TEST_CASE("EGJ: one failure, no cascade") {
  // d = (1, 2): V = (1.8, 2.4)/0.84 = (2.142857, 2.857143), v = (1.285714, 1.714286).
  // Round 1: v1 < 1.3, organisation 1 fails. Round 2: d − b = (0.5, 2):
  // V = (1.3, 2.2)/0.84 = (1.547619, 2.619048), v2 = 1.571429 >= 1.0. Done.
  for (auto s : {CrossHoldingsSolver::dense, CrossHoldingsSolver::iterative}) {
    const CrossHoldingsResult r = solve(pair(1.0), s);
    CHECK(r.failed == std::vector<std::uint8_t>{1, 0});
    CHECK(r.book_value[0] == doctest::Approx(1.3 / 0.84).epsilon(1e-12));
    CHECK(r.book_value[1] == doctest::Approx(2.2 / 0.84).epsilon(1e-12));
    CHECK(r.market_value[1] == doctest::Approx(0.6 * 2.2 / 0.84).epsilon(1e-12));
    CHECK(r.rounds == 2);
    CHECK(r.failure_round == std::vector<std::size_t>{1, 0});
  }
}

TEST_CASE("EGJ: a failure cost cascades through the cross-holding") {
  // Threshold of organisation 2 at 1.6: it survives round 1 (v2 = 1.714) but not the loss of
  // value of its holding in 1 (round 2: v2 = 1.571 < 1.6). Round 3: d − b = (0.5, 1.5),
  // V = (1.1, 1.7)/0.84 = (1.309524, 2.023810), v = (0.785714, 1.214286). Both failed.
  for (auto s : {CrossHoldingsSolver::dense, CrossHoldingsSolver::iterative}) {
    const CrossHoldingsResult r = solve(pair(1.6), s);
    CHECK(r.failed == std::vector<std::uint8_t>{1, 1});
    CHECK(r.failure_round == std::vector<std::size_t>{1, 2});
    CHECK(r.market_value[0] == doctest::Approx(0.6 * 1.1 / 0.84).epsilon(1e-12));
    CHECK(r.market_value[1] == doctest::Approx(0.6 * 1.7 / 0.84).epsilon(1e-12));
    CHECK(r.rounds == 3);
  }
}

TEST_CASE("EGJ tie rule: a market value exactly at the threshold is not a failure") {
  // No cross-holdings: v_i = d_i.
  CrossHoldingsInput in;
  in.firm_count = 1;
  in.direct_assets = {2.0};
  in.failure_threshold = {2.0};
  in.failure_cost = {1.0};
  CHECK(alchemy::cross_holdings_equilibrium(in).failure_count == 0);
  in.failure_threshold = {2.5};
  const auto r = alchemy::cross_holdings_equilibrium(in);
  CHECK(r.failure_count == 1);
  CHECK(r.market_value[0] == 1.0);
}

TEST_CASE("EGJ: dense and iterative agree, and the result is an equilibrium") {
  alchemy::Rng rng(31);
  for (int trial = 0; trial < 20; ++trial) {
    const std::size_t n = 30;
    CrossHoldingsInput in;
    in.firm_count = n;
    std::vector<double> held(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (i != j && rng.uniform() < 0.1) {
          const double c = 0.1 * rng.uniform();
          if (held[j] + c < 0.9) {
            held[j] += c;
            in.holdings.push_back(
                {static_cast<alchemy::FirmIndex>(i), static_cast<alchemy::FirmIndex>(j), c});
          }
        }
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      in.direct_assets.push_back(rng.uniform());
      in.failure_threshold.push_back(0.5 * rng.uniform());
      in.failure_cost.push_back(0.3 * rng.uniform());
    }
    const auto d = solve(in, CrossHoldingsSolver::dense);
    const auto it = solve(in, CrossHoldingsSolver::iterative);
    CHECK(d.failed == it.failed);
    for (std::size_t i = 0; i < n; ++i) {
      CHECK(it.book_value[i] == doctest::Approx(d.book_value[i]).epsilon(1e-10));
      // Equilibrium: failed exactly when below the threshold at the final values.
      CHECK(static_cast<bool>(d.failed[i]) == (d.market_value[i] < in.failure_threshold[i]));
    }
  }
}

TEST_CASE("EGJ input validation") {
  CrossHoldingsInput in = pair(1.0);
  in.holdings.push_back({0, 1, 0.7});  // 40% + 70% of organisation 2 held inside
  CHECK_THROWS_AS(alchemy::cross_holdings_equilibrium(in), std::invalid_argument);
  in = pair(1.0);
  in.failure_cost = {-1.0, 0.0};
  CHECK_THROWS_AS(alchemy::cross_holdings_equilibrium(in), std::invalid_argument);
  in = pair(1.0);
  in.holdings.push_back({1, 1, 0.1});
  CHECK_THROWS_AS(alchemy::cross_holdings_equilibrium(in), std::invalid_argument);
}
