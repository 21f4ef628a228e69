#pragma once
// Clearing of an interbank liability network: the greatest clearing vector of Eisenberg & Noe
// (2001), and its extension with default costs by Rogers & Veraart (2013).
//
// Model. Firm i has outside (external, non-interbank) assets e_i >= 0, owes L_ij to firm j, and
// owes L^ext_i to "outside creditors", one sink node outside the network. Its nominal liabilities
// are p̄_i = Σ_j L_ij + L^ext_i. Given what it receives from its debtors, x_i, its payable assets
// are e_i + x_i.
//   - Solvent (e_i + x_i >= p̄_i): it pays p̄_i in full.
//   - In default (e_i + x_i < p̄_i, strictly; see is_in_default): its assets are realised at
//     α e_i + β x_i (Rogers & Veraart 2013, eq. 3; α = β = 1 is Eisenberg & Noe 2001) and all of
//     that value goes to its creditors, split by the seniority convention below.
// Assets at face g_i >= 0 (optional, zero by default) are assets that keep their full value in
// default: cash, and claims on debtors outside the clearing that are solvent and pay in full (a
// defaulted firm's estate holding a loan to a live firm, say). They count in the default test,
// e_i + g_i + x_i < p̄_i, and are realised without a cost: α e_i + g_i + β x_i. Rogers & Veraart's
// haircuts are for assets sold in a hurry (α) and for claims on other defaulters (β); applying α
// to cash or to a performing claim would charge a fire-sale cost on what is not sold.
// A clearing vector is a fixed point of this map; the map is monotone, so the set of fixed points
// has a greatest element (Tarski), the one every solver here returns.
//
// Seniority of the external liabilities (ClearingOptions::seniority):
//   - pari_passu: the outside sink is just another creditor (the classical Eisenberg–Noe set-up,
//     and Rogers–Veraart's). A defaulted firm pays every creditor, network and outside alike, the
//     same recovery rate: firm j receives (L_ij / p̄_i) p_i, the sink (L^ext_i / p̄_i) p_i.
//   - senior: outside creditors are paid first, in full if the realised value allows it; only what
//     is left, max(0, value − L^ext_i), is shared pro rata among network creditors. This is the
//     usual "deposits before interbank" convention (e.g. Elsinger, Lehar & Summer 2006).
//
// Algorithms (ClearingOptions::algorithm; both return the same vector — see the tests):
//   - exact: Eisenberg & Noe's fictitious default algorithm; for α, β < 1 it is Rogers &
//     Veraart's "Greatest Clearing Vector Algorithm" (GA, their Definition 3.6). Each round fixes
//     the current default set, solves the linear system for the defaulted firms' payments (dense,
//     Eigen), and adds the firms that turn out to default; at most 2n + 1 rounds. Dense: for small
//     networks.
//   - iterative: Picard iteration of the clearing map from p̄. The sequence decreases
//     monotonically to the greatest fixed point (for default costs too: the default test is
//     strict, so the map is continuous along decreasing sequences). One round is one pass over the
//     creditor rows, O(firms + debts), so it scales to 10^6 firms and 10^7 debts. Once a round
//     leaves the default set unchanged, what is left is a linear convergence (at ρ of the
//     defaulted block, ~0.4 on random networks); with `accelerate` (the default) that part is
//     solved by Anderson acceleration on the defaulted firms alone and checked by one whole round,
//     which keeps the result the greatest clearing vector (the argument is at solve_iterative in
//     clearing.cpp). The result equals plain Picard iteration's to the tolerance, does not depend
//     on the firms' order beyond rounding, and is computed on one thread (the same bits whatever
//     threads a sweep uses).
//   - automatic: exact up to `exact_max_firms` firms, iterative above.
//
// Units: plain doubles, dollars. Rounding to cents is the engine's job.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "market/liability_graph.hpp"

namespace alchemy {

// The tie rule, stated once: a firm is in default when its payable assets are strictly less than
// its nominal liabilities. Assets exactly equal to p̄_i pay in full.
constexpr bool is_in_default(double payable_assets, double nominal_liabilities) {
  return payable_assets < nominal_liabilities;
}

enum class ExternalSeniority { pari_passu, senior };
enum class ClearingAlgorithm { exact, iterative, automatic };

const char* to_string(ExternalSeniority s);
const char* to_string(ClearingAlgorithm a);

struct ClearingOptions {
  double alpha = 1.0;  // share of outside assets realised in default, in [0, 1]
  double beta = 1.0;   // share of interbank claims realised in default, in [0, 1]
  ExternalSeniority seniority = ExternalSeniority::pari_passu;
  ClearingAlgorithm algorithm = ClearingAlgorithm::automatic;
  // Iterative solver: stop when no payment moved by more than tolerance × max(1, max_i p̄_i).
  double tolerance = 1e-14;
  // Iterative solver: Anderson acceleration once the default set settles; false is plain Picard
  // iteration, the reference the tests and tools/bench/bench_clearing compare it with.
  bool accelerate = true;
  std::size_t max_rounds = 1'000'000;
  std::size_t exact_max_firms = 256;  // `automatic` uses the dense exact solver up to this size
};

// Everything the solver needs, as plain data.
struct ClearingInput {
  std::size_t firm_count = 0;
  std::vector<Liability> liabilities;        // debtor -> creditor, nominal
  std::vector<double> outside_assets;        // e_i >= 0, one per firm
  std::vector<double> external_liabilities;  // L^ext_i >= 0, one per firm (empty: all zero)
  std::vector<double> assets_at_face;        // g_i >= 0, one per firm (empty: all zero)
};

// The liability structure prepared once (creditor rows, p̄, shares) and reusable across many
// solves with different outside assets, as in a Monte Carlo over shocks.
class ClearingNetwork {
 public:
  // Throws std::invalid_argument on bad indices, self-debts, negative or non-finite amounts.
  ClearingNetwork(std::size_t firm_count, std::span<const Liability> liabilities,
                  std::span<const double> external_liabilities = {});

  std::size_t firm_count() const { return rows_.firm_count; }
  const CreditorRows& rows() const { return rows_; }
  std::span<const double> network_liabilities() const { return network_; }    // Σ_j L_ij
  std::span<const double> external_liabilities() const { return external_; }  // L^ext_i
  std::span<const double> nominal_liabilities() const { return nominal_; }    // p̄_i
  // Σ_j L_ij / p̄_i: the intra-network share of firm i's liabilities (1 when p̄_i = 0).
  double network_share(std::size_t i) const;

 private:
  CreditorRows rows_;
  std::vector<double> network_;
  std::vector<double> external_;
  std::vector<double> nominal_;
};

struct ClearingResult {
  std::vector<double> payments;             // p_i: everything firm i pays (network + outside)
  std::vector<double> payments_to_network;  // the part of p_i its network creditors receive
  std::vector<double> payments_to_outside;  // the part of p_i the outside sink receives
  std::vector<double> received;             // x_i: what firm i receives from its debtors
  std::vector<double> equity;               // e_i + g_i + x_i − p̄_i (negative in default)
  std::vector<double> network_share;        // Σ_j L_ij / p̄_i
  std::vector<std::uint8_t> defaulted;      // 1 when is_in_default(e_i + x_i, p̄_i)
  double total_paid = 0.0;                  // Σ_i p_i
  double total_to_outside = 0.0;            // Σ_i payments_to_outside_i
  std::size_t default_count = 0;
  std::size_t rounds = 0;  // exact: fictitious-default rounds; iterative: evaluations of the
                           // map, whole rounds and the cheaper ones on the frozen default set
  ClearingAlgorithm algorithm = ClearingAlgorithm::iterative;  // the one actually used
  bool converged = true;  // false only if the iterative solver hit max_rounds
};

// Throws std::invalid_argument if outside_assets (or assets_at_face) has the wrong size or a
// negative or non-finite entry, or if α or β is outside [0, 1].
//
// The exact solver falls back to the iterative one (and reports `iterative`) in the degenerate
// case where a group of defaulted firms owes only to itself with β = 1 and its linear system is
// singular; that needs senior external debts exceeding outside assets.
ClearingResult clear(const ClearingNetwork& network, std::span<const double> outside_assets,
                     const ClearingOptions& options = {});
// The same with assets at face g (one per firm, or empty for none); same errors for g.
ClearingResult clear(const ClearingNetwork& network, std::span<const double> outside_assets,
                     std::span<const double> assets_at_face, const ClearingOptions& options);
ClearingResult clear(const ClearingInput& input, const ClearingOptions& options = {});

}  // namespace alchemy
