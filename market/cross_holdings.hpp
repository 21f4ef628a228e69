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
// Because failure costs only lower values, the equilibria are ordered. The best-case (greatest)
// equilibrium is found as in EGJ (Section II.C): start with no failures, compute values, add the
// organisations below their thresholds, recompute, until no new failure; each round's new
// failures are a "wave" (failure_round).

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

struct CrossHoldingsOptions {
  // dense: factor I − C once (Eigen LU) and back-substitute each round. iterative: Jacobi sweeps
  // V ← d − b + C V over sparse rows (a contraction in the 1-norm, since every column of C sums
  // to less than 1). automatic: dense up to dense_max_firms.
  CrossHoldingsSolver solver = CrossHoldingsSolver::automatic;
  std::size_t dense_max_firms = 1000;
  double tolerance = 1e-14;  // iterative: relative change in V
  std::size_t max_sweeps = 1'000'000;
};

struct CrossHoldingsResult {
  std::vector<double> book_value;          // V
  std::vector<double> market_value;        // v = Ĉ V
  std::vector<std::uint8_t> failed;        // 1 when v_i < v̲_i
  std::vector<std::size_t> failure_round;  // round in which i failed; 0 if it did not
  std::size_t failure_count = 0;
  std::size_t rounds = 0;  // valuations computed (the last one adds no failure)
};

// Throws std::invalid_argument on bad indices, self-holdings, shares outside [0, 1), a column of C
// summing to 1 or more, negative costs, or vectors of the wrong size.
CrossHoldingsResult cross_holdings_equilibrium(const CrossHoldingsInput& input,
                                               const CrossHoldingsOptions& options = {});

}  // namespace alchemy
