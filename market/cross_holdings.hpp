#pragma once
// Valuation with cross-holdings and failure costs (Elliott, Golub & Jackson 2014, "Financial
// networks and contagion", AER 104(10)). An optional valuation for research runs; the engine's
// marks do not depend on it.
//
// Organisation i holds a share C_ij of organisation j (C_ii = 0); the rest of j,
// Ĉ_jj = 1 − Σ_i C_ij > 0, belongs to outside investors. With direct (primitive) assets worth
// d_i = (D p)_i, book values satisfy
//     V = C V + d − b(v),   i.e.   V = (I − C)^{-1} (d − b(v)),
// and market values are v = Ĉ V (EGJ, eqs. 1–3). Organisation i fails when v_i falls strictly
// below its threshold v̲_i and then loses the failure cost β_i (a discontinuous drop in value):
// b_i = β_i 1{v_i < v̲_i}. A value exactly at the threshold is not a failure.
//
// Equilibria. Write F(S) = {i : v_i(S) < v̲_i} for the failures implied by the values v(S)
// computed with failure set S; an equilibrium is a fixed point S = F(S). (I − C)^{-1} ≥ 0 and
// Ĉ > 0, so more failures never raise a value: S ⊆ T implies v(T) ≤ v(S), hence F(S) ⊆ F(T).
// F is monotone on the finite lattice of subsets, so its fixed points have a least and a greatest
// element (Tarski 1955), and both are reached by iterating F from an end of the lattice:
//   - best case (least failure set, greatest values), EGJ Section II.C: start with no failures,
//     S_0 = ∅, and add the organisations below their thresholds, S_{k+1} = F(S_k), until no new
//     failure. The sequence grows (S_0 ⊆ S_1 by definition; then monotonicity) and every
//     equilibrium S* contains each S_k (∅ ⊆ S*, and S_k ⊆ S* gives S_{k+1} = F(S_k) ⊆ F(S*) = S*),
//     so the first repeat is the least fixed point. Each round's new failures are a "wave"
//     (failure_round).
//   - worst case (greatest failure set, least values): the same iteration from the other end.
//     Start with every organisation failed, S_0 = all, and remove those whose value with the
//     others' failures is at or above the threshold, S_{k+1} = F(S_k), until no one is removed.
//     The sequence shrinks and stays above every equilibrium (S* ⊆ S_k gives S* = F(S*) ⊆ F(S_k)),
//     so it stops at the greatest fixed point. EGJ study the best case; the worst case bounds what
//     self-fulfilling failures (a failure justified only by the others' failures) can do.
// Either way at most n + 1 valuations. Between the two, other equilibria may exist.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "market/liability_graph.hpp"

namespace alchemy {

struct CrossHolding {
  FirmIndex holder = 0;
  FirmIndex issuer = 0;
  double share = 0.0;  // C_{holder, issuer} in [0, 1)
};

struct CrossHoldingsInput {
  std::size_t firm_count = 0;
  std::vector<CrossHolding> holdings;
  std::vector<double> direct_assets;      // d_i >= 0
  std::vector<double> failure_threshold;  // v̲_i, on the market value
  std::vector<double> failure_cost;       // β_i >= 0
};

enum class CrossHoldingsSolver { dense, iterative, automatic };
enum class CrossHoldingsEquilibrium { best, worst };

const char* to_string(CrossHoldingsEquilibrium e);

struct CrossHoldingsOptions {
  CrossHoldingsEquilibrium equilibrium = CrossHoldingsEquilibrium::best;
  // dense: factor I − C once (Eigen LU) and back-substitute each round. iterative: Jacobi sweeps
  // V ← d − b + C V over sparse rows (a contraction in the 1-norm, since every column of C sums
  // to less than 1). automatic: dense up to dense_max_firms.
  CrossHoldingsSolver solver = CrossHoldingsSolver::automatic;
  std::size_t dense_max_firms = 1000;
  double tolerance = 1e-14;  // iterative: relative change in V
  std::size_t max_sweeps = 1'000'000;
};

struct CrossHoldingsResult {
  std::vector<double> book_value;    // V
  std::vector<double> market_value;  // v = Ĉ V
  std::vector<std::uint8_t> failed;  // 1 when v_i < v̲_i
  // best: the round (wave) in which i failed; worst: 1 for every organisation still failed (all
  // start failed); 0 for those that did not fail.
  std::vector<std::size_t> failure_round;
  std::size_t failure_count = 0;
  std::size_t rounds = 0;  // valuations computed (the last one changes no failure)
};

// Throws std::invalid_argument on bad indices, self-holdings, shares outside [0, 1), a column of C
// summing to 1 or more, negative costs, or vectors of the wrong size.
CrossHoldingsResult cross_holdings_equilibrium(const CrossHoldingsInput& input,
                                               const CrossHoldingsOptions& options = {});

}  // namespace alchemy
