#pragma once
// DebtRank: how far a shock to some firms' equity spreads through interbank exposures. Reported
// as an impact measure only — it is never applied to balance sheets as a second write-down (the
// engine's equity losses come from marks and clearing).
//
// Leverage (impact) matrix: Λ_ij = A_ij / E_i, where A_ij is firm i's interbank claim on firm j
// (what j owes i) and E_i firm i's equity. A relative equity loss h_j of the debtor j lowers the
// value of i's claim by A_ij h_j, i.e. i's relative equity by Λ_ij h_j.
//
// Two variants:
//   - original (Battiston, Puliga, Kaushik, Tasca & Caldarelli 2012, "DebtRank: too central to
//     fail?", Sci. Rep. 2:541): impacts W_ij = min(1, Λ_ij); firms are Undistressed, Distressed or
//     Inactive; a distressed firm passes on its whole h_j(t−1) once and then becomes inactive, so
//     distress travels each link at most once (no reverberation on cycles).
//       h_i(t) = min(1, h_i(t−1) + Σ_{j distressed at t−1} W_ij h_j(t−1))
//   - linear (Bardoscia, Battiston, Caccioli & Caldarelli 2015, "DebtRank: a microscopic
//     foundation for shock propagation", PLoS ONE 10(6), eq. 6): every firm passes on its
//     increments, for as long as they arrive,
//       h_i(t+1) = min(1, h_i(t) + Σ_j Λ_ij (h_j(t) − h_j(t−1))),  h(0) = 0, h(1) = shock.
//     Without defaults it converges to (I − Λ)^{-1} h(1) iff the spectral radius of Λ is below 1.
//
// DebtRank of a shock (Battiston et al. 2012): R = Σ_i v_i h_i(T) − Σ_i v_i h_i(1), the loss
// caused by propagation, excluding the initial shock itself; v_i are relative economic weights
// summing to 1 (by default equity weights, v_i = E_i / Σ_j E_j).
//
// A firm with E_i <= 0 has no buffer to lose: it starts at h_i = 1 (already in default) and its
// row of Λ is empty.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "market/liability_graph.hpp"

namespace alchemy {

// Λ in compressed sparse rows by the firm that suffers the loss (the creditor i): row i lists the
// debtors j it is exposed to and Λ_ij.
struct LeverageMatrix {
  std::size_t firm_count = 0;
  std::vector<std::size_t> row_start;  // firm_count + 1 offsets
  std::vector<FirmIndex> debtor;
  std::vector<double> value;
  std::vector<std::uint8_t> no_buffer;  // 1 where E_i <= 0
};

// Throws std::invalid_argument on bad liabilities (see group_by_creditor), a size mismatch or a
// non-finite equity.
LeverageMatrix leverage_matrix(std::size_t firm_count, std::span<const Liability> liabilities,
                               std::span<const double> equity);

// v_i = max(E_i, 0) / Σ_j max(E_j, 0); uniform if no firm has positive equity.
std::vector<double> equity_weights(std::span<const double> equity);

enum class DebtRankVariant { original, linear };
const char* to_string(DebtRankVariant v);

struct DebtRankOptions {
  DebtRankVariant variant = DebtRankVariant::linear;
  double tolerance = 1e-12;         // linear: stop when no h_i moved by more than this
  std::size_t max_rounds = 100000;  // linear: safety cap (the original stops by itself)
};

struct DebtRankResult {
  std::vector<double> h;          // relative equity loss at the end, in [0, 1]
  std::vector<double> initial_h;  // h(1): the shock (and 1 for firms with no buffer)
  double debtrank = 0.0;          // R, excluding the initial shock
  double total_loss = 0.0;        // Σ v_i h_i(T), including it
  std::size_t rounds = 0;         // propagation steps taken
  std::size_t default_count = 0;  // firms with h_i = 1 at the end
  bool converged = true;          // false only if the linear variant hit max_rounds
};

// shock: h_i(1) per firm, each in [0, 1]. weights: v_i, one per firm (empty: equity weights are
// not known here, so uniform 1/n — pass equity_weights(E) for the usual choice).
DebtRankResult debtrank(const LeverageMatrix& leverage, std::span<const double> shock,
                        std::span<const double> weights = {}, const DebtRankOptions& options = {});

// R_i for every firm i: the DebtRank of the shock where i alone is in default (h_i(1) = 1).
std::vector<double> systemic_impact(const LeverageMatrix& leverage,
                                    std::span<const double> weights = {},
                                    const DebtRankOptions& options = {});

struct ImpactRank {
  FirmIndex firm = 0;
  double debtrank = 0.0;
};
// Every firm by decreasing systemic impact; ties by firm index.
std::vector<ImpactRank> rank_by_impact(std::span<const double> impact);

}  // namespace alchemy
