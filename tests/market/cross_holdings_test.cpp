// Cross-holdings valuation with failure costs (Elliott, Golub & Jackson 2014). No small worked
// example with printed numbers was found in the paper, so expected values are derived by hand in
// the comments from V = (I − C)^{-1}(d − b) and v = Ĉ V (EGJ eqs. 1–3).

#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "market/cross_holdings.hpp"
#include "market/rng.hpp"

using alchemy::CrossHoldingsEquilibrium;
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

CrossHoldingsResult solve(const CrossHoldingsInput& in, CrossHoldingsSolver s,
                          CrossHoldingsEquilibrium e = CrossHoldingsEquilibrium::best) {
  CrossHoldingsOptions o;
  o.solver = s;
  o.equilibrium = e;
  return alchemy::cross_holdings_equilibrium(in, o);
}

// The ring of configs/networks/egj_ring.yaml: A holds 1/2 of B, B 1/2 of C, C 1/2 of A.
CrossHoldingsInput ring() {
  CrossHoldingsInput in;
  in.firm_count = 3;
  in.holdings = {{0, 1, 0.5}, {1, 2, 0.5}, {2, 0, 0.5}};
  in.direct_assets = {1.0, 2.0, 4.0};
  in.failure_threshold = {0.75, 1.25, 0.75};
  in.failure_cost = {0.8, 1.6, 3.2};
  return in;
}

// v(S) for a given failure set S, computed apart from the library: V = r + C V with r = d − b(S)
// by plain fixed-point sweeps (a contraction: every column of C sums to less than 1), v = Ĉ V.
std::vector<double> values_with(const CrossHoldingsInput& in, const std::vector<bool>& failed) {
  const std::size_t n = in.firm_count;
  std::vector<double> outside(n, 1.0), v(n, 0.0);
  for (const auto& h : in.holdings)
    outside[h.issuer] -= h.share;
  for (int sweep = 0; sweep < 500; ++sweep) {
    std::vector<double> next(n);
    for (std::size_t i = 0; i < n; ++i)
      next[i] = in.direct_assets[i] - (failed[i] ? in.failure_cost[i] : 0.0);
    for (const auto& h : in.holdings)
      next[h.holder] += h.share * v[h.issuer];
    v = next;
  }
  for (std::size_t i = 0; i < n; ++i)
    v[i] *= outside[i];
  return v;
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

TEST_CASE("EGJ ring: failure costs select between no failure and everyone failed") {
  // Three organisations in a ring, each holding c = 1/2 of the next: C_AB = C_BC = C_CA = 1/2,
  // Ĉ = 1/2 for each. With r = d − b(S), V_A = r_A + V_B/2, V_B = r_B + V_C/2, V_C = r_C + V_A/2,
  // so V_A = (r_A + r_B/2 + r_C/4) / (1 − 1/8) and, with v = V/2,
  //   v_A = (4/7)(r_A + r_B/2 + r_C/4),  v_B = (4/7)(r_B + r_C/2 + r_A/4),
  //   v_C = (4/7)(r_C + r_A/2 + r_B/4).
  // d = (1, 2, 4), failure costs β = 0.8 d = (0.8, 1.6, 3.2), thresholds v̲ = (0.75, 1.25, 0.75).
  //   S = ∅:   r = d,     v = (4/7)(3, 4.25, 5) = (12/7, 17/7, 20/7) ≥ v̲: an equilibrium.
  //            V = 2v = (24/7, 34/7, 40/7); Σ v = 7 = Σ d.
  //   S = all: r = 0.2 d, v = (12/35, 17/35, 20/35) < v̲: an equilibrium; V = (24/35, 34/35, 40/35).
  // No other set is: alone, A, B or C would recover (v_A({A}) = (4/7)(0.2 + 1 + 1) = 8.8/7 ≥ 0.75,
  // v_B({B}) = (4/7)(0.4 + 2 + 0.25) = 10.6/7 ≥ 1.25, v_C({C}) = (4/7)(0.8 + 0.5 + 0.5) = 7.2/7 ≥
  // 0.75), and in each pair one recovers (v_A({A,B}) = v_A({A,C}) = 5.6/7 = 0.8 ≥ 0.75,
  // v_C({B,C}) = 5.6/7 ≥ 0.75). Everyone failing is self-fulfilling only through the ring.
  // The best case starts at ∅ and stops there; the worst starts at all and stops there: one
  // valuation each.
  for (auto s : {CrossHoldingsSolver::dense, CrossHoldingsSolver::iterative}) {
    const CrossHoldingsResult best = solve(ring(), s, CrossHoldingsEquilibrium::best);
    CHECK(best.failed == std::vector<std::uint8_t>{0, 0, 0});
    CHECK(best.failure_count == 0);
    CHECK(best.rounds == 1);
    const double best_v[3] = {12.0 / 7.0, 17.0 / 7.0, 20.0 / 7.0};
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(std::abs(best.market_value[i] - best_v[i]) <= 1e-12);
      CHECK(std::abs(best.book_value[i] - 2.0 * best_v[i]) <= 1e-12);
    }
    const CrossHoldingsResult worst = solve(ring(), s, CrossHoldingsEquilibrium::worst);
    CHECK(worst.failed == std::vector<std::uint8_t>{1, 1, 1});
    CHECK(worst.failure_count == 3);
    CHECK(worst.failure_round == std::vector<std::size_t>{1, 1, 1});
    CHECK(worst.rounds == 1);
    const double worst_v[3] = {12.0 / 35.0, 17.0 / 35.0, 20.0 / 35.0};
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(std::abs(worst.market_value[i] - worst_v[i]) <= 1e-12);
      CHECK(std::abs(worst.book_value[i] - 2.0 * worst_v[i]) <= 1e-12);
    }
  }
  // The six other failure sets, by the independent valuation: none is an equilibrium.
  const CrossHoldingsInput in = ring();
  for (unsigned mask = 1; mask < 7; ++mask) {
    const std::vector<bool> s{(mask & 1u) != 0, (mask & 2u) != 0, (mask & 4u) != 0};
    const std::vector<double> v = values_with(in, s);
    bool fixed = true;
    for (std::size_t i = 0; i < 3; ++i)
      fixed = fixed && (v[i] < in.failure_threshold[i]) == s[i];
    CHECK_MESSAGE(!fixed, "failure set " << mask);
  }
  CHECK(std::abs(values_with(in, {true, false, false})[0] - 8.8 / 7.0) <= 1e-12);
  CHECK(std::abs(values_with(in, {false, true, true})[2] - 5.6 / 7.0) <= 1e-12);
}

TEST_CASE("EGJ worst case: rescues come in rounds and reach the unique equilibrium") {
  // The pair with thresholds (1.3, 1.0), whose best case is "1 fails, 2 does not" (above).
  // Worst case, round 1, both failed: d − b = (0.5, 1.5), V = (0.5 + 0.6, 1.5 + 0.2)/0.84,
  // v = (0.785714, 1.214286): 2 is at or above 1.0 and is removed, 1 stays. Round 2, S = {1}:
  // V = (1.3, 2.2)/0.84, v = (0.928571, 1.571429): nothing changes. The equilibrium is unique, so
  // worst = best, with the same values.
  for (auto s : {CrossHoldingsSolver::dense, CrossHoldingsSolver::iterative}) {
    const CrossHoldingsResult w = solve(pair(1.0), s, CrossHoldingsEquilibrium::worst);
    const CrossHoldingsResult b = solve(pair(1.0), s, CrossHoldingsEquilibrium::best);
    CHECK(w.failed == std::vector<std::uint8_t>{1, 0});
    CHECK(w.failure_round == std::vector<std::size_t>{1, 0});
    CHECK(w.failure_count == 1);
    CHECK(w.rounds == 2);
    CHECK(std::abs(w.book_value[0] - 1.3 / 0.84) <= 1e-12);
    CHECK(std::abs(w.book_value[1] - 2.2 / 0.84) <= 1e-12);
    CHECK(std::abs(w.market_value[0] - b.market_value[0]) <= 1e-12);
    CHECK(std::abs(w.market_value[1] - b.market_value[1]) <= 1e-12);
  }
}

TEST_CASE("EGJ best and worst are the least and greatest of all equilibria (brute force)") {
  // Small random webs with large failure costs, so that several equilibria are common: every
  // failure set is valued by values_with() and tested for S = F(S); the best case must be the
  // intersection of all fixed points and itself one, the worst case their union and one.
  alchemy::Rng rng(77);
  int with_several = 0;
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t n = 6;
    CrossHoldingsInput in;
    in.firm_count = n;
    std::vector<double> held(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (i != j && rng.uniform() < 0.4) {
          const double c = 0.3 * rng.uniform();
          if (held[j] + c < 0.8) {
            held[j] += c;
            in.holdings.push_back(
                {static_cast<alchemy::FirmIndex>(i), static_cast<alchemy::FirmIndex>(j), c});
          }
        }
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      in.direct_assets.push_back(1.0 + rng.uniform());
      in.failure_threshold.push_back(0.4 + 0.6 * rng.uniform());
      in.failure_cost.push_back(1.5 * rng.uniform());
    }
    unsigned least = (1u << n) - 1, greatest = 0;
    int fixed_points = 0;
    for (unsigned mask = 0; mask < (1u << n); ++mask) {
      std::vector<bool> s(n);
      for (std::size_t i = 0; i < n; ++i)
        s[i] = (mask >> i) & 1u;
      const std::vector<double> v = values_with(in, s);
      bool fixed = true;
      for (std::size_t i = 0; i < n; ++i)
        fixed = fixed && (v[i] < in.failure_threshold[i]) == s[i];
      if (fixed) {
        ++fixed_points;
        least &= mask;
        greatest |= mask;
      }
    }
    REQUIRE(fixed_points >= 1);
    with_several += fixed_points > 1;
    auto mask_of = [n](const CrossHoldingsResult& r) {
      unsigned m = 0;
      for (std::size_t i = 0; i < n; ++i)
        m |= r.failed[i] ? 1u << i : 0u;
      return m;
    };
    const auto best = solve(in, CrossHoldingsSolver::dense, CrossHoldingsEquilibrium::best);
    const auto worst = solve(in, CrossHoldingsSolver::dense, CrossHoldingsEquilibrium::worst);
    CHECK(mask_of(best) == least);
    CHECK(mask_of(worst) == greatest);
    for (std::size_t i = 0; i < n; ++i)
      CHECK(worst.market_value[i] <= best.market_value[i] + 1e-12);
  }
  CHECK(with_several >= 5);  // the draw does exercise multiple equilibria
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
