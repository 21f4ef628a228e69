// DebtRank: original (Battiston et al. 2012) and linear (Bardoscia et al. 2015). No small worked
// example with printed numbers was found in either paper, so the expected values below are
// derived by hand, round by round, in the comments; the last case checks the linear variant
// against its closed form (I − Λ)^{-1} h(1) (Bardoscia et al. 2015, stable regime).

#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "market/debtrank.hpp"
#include "market/rng.hpp"

using alchemy::DebtRankOptions;
using alchemy::DebtRankResult;
using alchemy::DebtRankVariant;
using alchemy::Liability;

namespace {

DebtRankOptions variant(DebtRankVariant v) {
  DebtRankOptions o;
  o.variant = v;
  o.tolerance = 1e-15;
  return o;
}

// Two firms A (0) and B (1), both with equity 10. B owes A 5, A owes B 4, so
// Λ_AB = 5/10 = 0.5 (A's loss per unit of B's) and Λ_BA = 4/10 = 0.4.
struct TwoCycle {
  std::vector<Liability> debts{{1, 0, 5.0}, {0, 1, 4.0}};
  std::vector<double> equity{10.0, 10.0};
  alchemy::LeverageMatrix lev = alchemy::leverage_matrix(2, debts, equity);
  std::vector<double> weights = alchemy::equity_weights(equity);
};

}  // namespace

TEST_CASE("leverage matrix is exposure over the creditor's equity") {
  const TwoCycle c;
  REQUIRE(c.lev.row_start == std::vector<std::size_t>{0, 1, 2});
  CHECK(c.lev.debtor == std::vector<alchemy::FirmIndex>{1, 0});
  CHECK(c.lev.value[0] == doctest::Approx(0.5));
  CHECK(c.lev.value[1] == doctest::Approx(0.4));
  CHECK(c.weights == std::vector<double>{0.5, 0.5});
}

TEST_CASE(
    "two-firm cycle: the original variant stops after one pass, the linear one reverberates") {
  const TwoCycle c;
  const std::vector<double> shock{0.1, 0.0};
  // Original (Battiston et al. 2012). t=1: A distressed, h = (0.1, 0).
  // t=2: h_B = 0.4·0.1 = 0.04; A becomes inactive, B distressed.
  // t=3: h_A = 0.1 + 0.5·0.04 = 0.12; B inactive. Nobody is distressed: stop after 2 steps.
  // R = 0.5·(0.12 − 0.1) + 0.5·0.04 = 0.03.
  const DebtRankResult orig =
      alchemy::debtrank(c.lev, shock, c.weights, variant(DebtRankVariant::original));
  CHECK(orig.h[0] == doctest::Approx(0.12));
  CHECK(orig.h[1] == doctest::Approx(0.04));
  CHECK(orig.rounds == 2);
  CHECK(orig.debtrank == doctest::Approx(0.03));
  CHECK(orig.total_loss == doctest::Approx(0.08));
  // Linear (Bardoscia et al. 2015): increments go round the cycle, multiplied by Λ_BA Λ_AB = 0.2
  // each lap: h_A = 0.1 / (1 − 0.2) = 0.125, h_B = 0.4 · 0.125 = 0.05.
  // R = 0.5·0.025 + 0.5·0.05 = 0.0375 > 0.03: the original variant underestimates on cycles.
  const DebtRankResult lin =
      alchemy::debtrank(c.lev, shock, c.weights, variant(DebtRankVariant::linear));
  CHECK(lin.h[0] == doctest::Approx(0.125).epsilon(1e-12));
  CHECK(lin.h[1] == doctest::Approx(0.05).epsilon(1e-12));
  CHECK(lin.debtrank == doctest::Approx(0.0375).epsilon(1e-12));
  CHECK(lin.converged);
  CHECK(lin.rounds > 10);
  CHECK(lin.initial_h == shock);
}

TEST_CASE("original variant caps each impact at 1, the linear one only caps h") {
  // C (1) is exposed to A (0) for twice its equity: Λ_CA = 2. A loses 30%.
  // Original: W_CA = min(1, 2) = 1, so h_C = 0.3. Linear: h_C = min(1, 2·0.3) = 0.6.
  const std::vector<Liability> debts{{0, 1, 20.0}};
  const std::vector<double> equity{50.0, 10.0};
  const auto lev = alchemy::leverage_matrix(2, debts, equity);
  const std::vector<double> shock{0.3, 0.0};
  const auto w = alchemy::equity_weights(equity);
  CHECK(alchemy::debtrank(lev, shock, w, variant(DebtRankVariant::original)).h[1] ==
        doctest::Approx(0.3));
  CHECK(alchemy::debtrank(lev, shock, w, variant(DebtRankVariant::linear)).h[1] ==
        doctest::Approx(0.6));
  // A full default of A defaults C in both (h capped at 1).
  const std::vector<double> full{1.0, 0.0};
  for (auto v : {DebtRankVariant::original, DebtRankVariant::linear}) {
    const DebtRankResult r = alchemy::debtrank(lev, full, w, variant(v));
    CHECK(r.h[1] == 1.0);
    CHECK(r.default_count == 2);
    CHECK(r.debtrank == doctest::Approx(10.0 / 60.0));  // v_C = 10/60
  }
}

TEST_CASE("systemic impact: every firm alone in default, ranked") {
  // Two-firm cycle. A defaults (h_A = 1): h_B = 0.4, R_A = 0.5·0.4 = 0.2 (A's own h is capped).
  // B defaults: h_A = 0.5, R_B = 0.25. Same in both variants. Ranking: B, then A.
  const TwoCycle c;
  for (auto v : {DebtRankVariant::original, DebtRankVariant::linear}) {
    const std::vector<double> impact = alchemy::systemic_impact(c.lev, c.weights, variant(v));
    CHECK(impact[0] == doctest::Approx(0.2));
    CHECK(impact[1] == doctest::Approx(0.25));
    const auto ranks = alchemy::rank_by_impact(impact);
    CHECK(ranks[0].firm == 1);
    CHECK(ranks[1].firm == 0);
  }
}

TEST_CASE("a firm with no equity starts in default") {
  const std::vector<Liability> debts{{0, 1, 5.0}};
  const std::vector<double> equity{-1.0, 10.0};
  const auto lev = alchemy::leverage_matrix(2, debts, equity);
  const DebtRankResult r =
      alchemy::debtrank(lev, std::vector<double>{0.0, 0.0}, alchemy::equity_weights(equity));
  CHECK(r.initial_h[0] == 1.0);
  CHECK(r.h[1] == doctest::Approx(0.5));
  CHECK(r.debtrank == doctest::Approx(0.5));  // v = (0, 1)
}

TEST_CASE("linear DebtRank converges to (I - Lambda)^-1 h(1) on random stable networks") {
  // Bardoscia et al. (2015): with spectral radius of Λ below 1 and no firm reaching h = 1, the
  // dynamics converges to h(∞) = Σ_k Λ^k h(1) = (I − Λ)^{-1} h(1).
  alchemy::Rng rng(4242);
  for (int trial = 0; trial < 10; ++trial) {
    const std::size_t n = 20;
    std::vector<Liability> debts;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (i != j && rng.uniform() < 0.2) {
          debts.push_back({static_cast<alchemy::FirmIndex>(i), static_cast<alchemy::FirmIndex>(j),
                           rng.uniform()});
        }
      }
    }
    std::vector<double> equity(n);
    for (double& e : equity)
      e = 5.0 + 5.0 * rng.uniform();  // row sums of Λ well below 1
    const auto lev = alchemy::leverage_matrix(n, debts, equity);
    std::vector<double> shock(n);
    for (double& s : shock)
      s = 0.01 * rng.uniform();
    Eigen::MatrixXd m = Eigen::MatrixXd::Identity(n, n);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = lev.row_start[i]; k < lev.row_start[i + 1]; ++k) {
        m(i, lev.debtor[k]) -= lev.value[k];
      }
    }
    const Eigen::VectorXd expected =
        m.fullPivLu().solve(Eigen::Map<const Eigen::VectorXd>(shock.data(), n));
    const DebtRankResult r = alchemy::debtrank(lev, shock, alchemy::equity_weights(equity),
                                               variant(DebtRankVariant::linear));
    for (std::size_t i = 0; i < n; ++i)
      CHECK(r.h[i] == doctest::Approx(expected(i)).epsilon(1e-10));
    // The original variant never exceeds the linear one (each link is used at most once, and
    // min(1, Λ) <= Λ).
    const DebtRankResult o = alchemy::debtrank(lev, shock, alchemy::equity_weights(equity),
                                               variant(DebtRankVariant::original));
    for (std::size_t i = 0; i < n; ++i)
      CHECK(o.h[i] <= r.h[i] + 1e-15);
    CHECK(o.debtrank <= r.debtrank + 1e-15);
  }
}

TEST_CASE("DebtRank input validation") {
  const TwoCycle c;
  CHECK_THROWS_AS(alchemy::debtrank(c.lev, std::vector<double>{1.5, 0.0}), std::invalid_argument);
  CHECK_THROWS_AS(alchemy::debtrank(c.lev, std::vector<double>{0.5}), std::invalid_argument);
  CHECK_THROWS_AS(alchemy::leverage_matrix(2, c.debts, std::vector<double>{1.0}),
                  std::invalid_argument);
}
