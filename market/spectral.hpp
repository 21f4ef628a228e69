#pragma once
// Spectral radius ρ(W) of the influence matrix and the feedback multiplier 1/(1 − ρ)
// (DESIGN.md, "Prices and feedback"): ρ < 1 means feedback is damped and a shock s to log prices
// ends up as (I − W)⁻¹ s, at most 1/(1 − ρ) times larger along the Perron direction; ρ ≥ 1 means
// explosive (the multiplier is reported as +∞ and flagged).
//
// Method. W is block triangular in its strong components (market/loops.hpp), so its
// eigenvalues are those of the diagonal blocks and ρ(W) = max over components of ρ(W_C). A
// component of one firm contributes |W_ii| (0 without a self-loop, so an acyclic W gives exactly
// 0). The channels of a pair are added first (W_ij is their sum). For each larger component:
//   * nonnegative block of at most noda_limit firms: Noda's inverse iteration on the dense block
//     (Noda 1971; Elsner 1976), θ ← θ − min_i x_i / y_i with (θI − W_C) y = x, from θ = the
//     largest row sum. Each step gives the same Collatz–Wielandt bracket as below, and it closes
//     quadratically: ~5 steps where the power iteration needs hundreds (a loop of k firms has k
//     eigenvalues of modulus near ρ, and I + W_C separates them poorly). If rounding stops it
//     short of the tolerance, the power iteration below takes over.
//   * larger nonnegative block: power iteration on A = I + W_C, and ρ(W_C) = ρ(A) − 1. A is
//     irreducible with a positive diagonal, hence primitive: 1 + ρ is its only eigenvalue of
//     largest modulus and the iteration converges, where plain power iteration on W_C stalls on
//     pure cycles (a k-cycle's eigenvalues all have modulus ρ). Each step gives the
//     Collatz–Wielandt bracket min_i (Ax)_i / x_i ≤ ρ(A) ≤ max_i (Ax)_i / x_i (x > 0), and the
//     iteration stops when its width is below tolerance × ρ(A); the bracket is reported. Sparse:
//     O(entries) per step, so it scales to 10^6 firms. A component whose largest row sum (an
//     upper bound on its ρ) cannot beat the best lower bound found so far is skipped.
//   * signed block of at most dense_limit firms: Eigen's EigenSolver on the dense block, max |λ|.
//   * signed block above dense_limit: ρ(|W_C|) by the power iteration above, an upper bound on
//     ρ(W_C) (Wielandt: |W| ≥ |W_C| entrywise implies ρ(W_C) ≤ ρ(|W_C|)); the result is flagged
//     not exact and its lower bound is left at what the exact blocks gave.

#include <cstddef>
#include <string_view>

#include "market/influence_matrix.hpp"
#include "market/loops.hpp"

namespace alchemy {

enum class SpectralMethod {
  acyclic,          // no component with a cycle: ρ = 0 exactly
  perron_power,     // every cyclic block nonnegative (or a single firm): Perron root by Noda's
                    // or the power iteration, or exact
  dense_eigen,      // some signed block solved with EigenSolver, none bounded
  abs_upper_bound,  // some signed block above dense_limit: ρ is an upper bound
};
std::string_view to_string(SpectralMethod m);

struct SpectralOptions {
  double tolerance = 1e-12;      // width of the Collatz–Wielandt bracket, relative to 1 + ρ(W_C)
  int max_iterations = 100'000;  // per component
  std::size_t dense_limit = 500;  // signed blocks up to this size go to EigenSolver
  // Nonnegative blocks up to this size go to Noda's iteration (dense: O(m³) a step, so beyond a
  // few dozen firms the sparse power iteration's hundreds of O(entries) steps cost less).
  std::size_t noda_limit = 32;
};

struct SpectralResult {
  double rho = 0.0;        // best estimate (the upper bound when not exact)
  double rho_lower = 0.0;  // rigorous bounds, up to rounding
  double rho_upper = 0.0;
  bool exact = true;      // false when some block only has an upper bound
  bool converged = true;  // false when an iteration reached its step limit
  SpectralMethod method = SpectralMethod::acyclic;
  int iterations = 0;                 // iteration steps (Noda's and power), all components
  std::size_t cyclic_components = 0;  // components with a cycle (size > 1 or a self-loop)

  bool explosive() const { return rho >= 1.0; }
  double multiplier() const;  // 1/(1 − ρ); +∞ when explosive
};

// Throws std::invalid_argument if `w` fails InfluenceMatrix::validate(). With a memo, the strong
// components come from it (found again only when w's structure changed).
SpectralResult spectral_radius(const InfluenceMatrix& w, const SpectralOptions& options = {},
                               ComponentsMemo* memo = nullptr);

// 1/(1 − ρ) for ρ < 1, +∞ otherwise.
double feedback_multiplier(double rho);

}  // namespace alchemy
