#pragma once
// The market kernel: one tick of price formation with feedback through the network,
//
//     log MV_i' = log MV_i⁰ + κ_i (log V_i(MV') − log MV_i⁰) + z_i,
//     V_i(MV) = a_i + Σ_j b_ij · x_j^{e_ij},      x_j = MV_j / MV_j⁰,
//
// solved to a within-tick fixed point on contiguous CSR arrays, strong component by strong
// component (market/feedback_blocks.hpp). MODEL.md §7.7 gives the model, what a_i, b_ij and e_ij
// stand for, how components are solved and when a solve stops, the value floor, inactive firms,
// and how the channel sum is computed so that results are the same bits on every platform.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "market/edge_kind.hpp"
#include "market/feedback_blocks.hpp"
#include "market/influence_matrix.hpp"

namespace alchemy {

// Channels in CSR, row i = the firm whose value depends on the columns j. The caller builds it
// from the contract network and balance sheets (see the engine notes in the report / README).
struct FeedbackChannels {
  std::vector<std::size_t> row_ptr{0};  // firm_count() + 1 entries
  std::vector<std::uint32_t> col;       // j
  std::vector<EdgeKind> kind;           // channel kind (for W and loop classes)
  std::vector<double> b;                // b_ij, dollars at start of tick
  std::vector<double> elasticity;       // e_ij

  std::size_t firm_count() const { return row_ptr.empty() ? 0 : row_ptr.size() - 1; }
  std::size_t channel_count() const { return col.size(); }
  // Throws std::invalid_argument on inconsistent sizes, columns out of range, non-finite values
  // or a channel from a firm to itself.
  void validate() const;
};

// Per-firm inputs of one tick, each of firm_count() entries (views: the caller owns the data).
struct FeedbackState {
  std::span<const double> a;             // a_i, dollars
  std::span<const double> mv0;           // MV_i⁰ > 0, dollars
  std::span<const double> kappa;         // κ_i ≥ 0, speed of adjustment toward V_i (1 = fully)
  std::span<const double> shock;         // z_i, log units (noise + jumps); empty = none
  std::span<const std::uint8_t> active;  // 0 = inactive (defaulted); empty = all active
};

struct FeedbackOptions {
  double tolerance = 1e-12;        // on max_i |Δ log MV_i| between sweeps
  int max_iterations = 200;        // sweeps; a damped-but-converging system needs
                                   // ~ log(tolerance) / log(ρ(diag(κ) W)) of them
  double damping = 1.0;            // ω ∈ (0, 1]
  double value_floor = 1e-6;       // V_i ≥ value_floor × MV_i⁰
  double divergence_limit = 30.0;  // |log MV_i − log MV_i⁰| beyond this (a factor e^30) = diverged
  // A column's move enters its channels clamped to |log x_j| ≤ this (infinity: no clamp). The
  // engine bounds it so that a firm recovering from a collapsed start-of-tick value (x_j ~ 1e9)
  // cannot blow up the contract channels scaled by it; the rest of the move reaches them on the
  // next tick (MODEL.md §7.7).
  double max_channel_move = std::numeric_limits<double>::infinity();
  std::size_t max_elasticity_classes = 8;
};

struct FeedbackResult {
  std::vector<double> mv;  // MV_i' (the last iterate when not converged)
  bool converged = false;
  bool diverged = false;    // stopped by divergence_limit or a non-finite value
  int iterations = 0;       // the most sweeps any component took (1: no loop needed any)
  double max_change = 0.0;  // max_i |Δ log MV_i| of the loops' last sweeps (0: no loop)
  std::size_t floored = 0;  // active firms whose V_i was at the floor in their last evaluation
};

// The kernel with its per-structure work done once: channels validated, elasticity classes and
// the gather index built, buffers allocated. The engine keeps one per network structure and calls
// solve() every tick; `channels` is held by reference and must outlive the kernel. Between solves
// the caller may change b (the start-of-tick values); after changing anything else (structure,
// elasticities) it calls rebuild(). Not thread-safe: one kernel per thread.
class FeedbackKernel {
 public:
  // Throws std::invalid_argument if the channels fail FeedbackChannels::validate().
  explicit FeedbackKernel(
      const FeedbackChannels& channels,
      std::size_t max_elasticity_classes = FeedbackOptions{}.max_elasticity_classes);
  // Throws std::invalid_argument when the state does not match the channels (sizes, MV⁰ ≤ 0,
  // non-finite values) or the options are out of range.
  FeedbackResult solve(const FeedbackState& state, const FeedbackOptions& options = {});
  // The same, into `out`, whose `mv` keeps its capacity from solve to solve (the engine's form).
  void solve(const FeedbackState& state, const FeedbackOptions& options, FeedbackResult& out);
  // Re-reads the channels it refers to after they changed in place (a new tick's channels in the
  // same object), keeping its buffers: the engine's per-tick use allocates nothing once warm.
  // When only b and elasticities changed (with channels that shared an elasticity still sharing
  // one) it re-reads the elasticities and skips the rest.
  void rebuild(std::size_t max_elasticity_classes = FeedbackOptions{}.max_elasticity_classes);

 private:
  const FeedbackChannels& c_;
  std::vector<double> classes_;             // distinct elasticities
  std::vector<std::uint64_t> key_;          // scratch: per channel, class << 32 | column
  std::vector<std::uint64_t> distinct_;     // scratch: the distinct keys, sorted
  std::vector<std::uint32_t> power_index_;  // per channel: its entry in power_
  std::vector<double> power_e_;             // per power: the elasticity e ...
  std::vector<std::uint32_t> power_col_;    // ... and the column j of x_j^e
  std::vector<std::uint32_t> power_first_;  // per power: the first channel that uses it
  // What the power table was built from, so that rebuild() redoes it only when that changed.
  bool built_ = false;
  std::size_t built_max_classes_ = 0;
  std::vector<std::size_t> built_row_ptr_;
  std::vector<std::uint32_t> built_col_;
  bool refresh_elasticities(std::size_t max_classes);
  double d_limit_ = 700.0;  // |y − y⁰| clamp: |e (y − y⁰)| ≤ 700 for exp_kernel
  BlockOrder blocks_;       // the order of the solve (market/feedback_blocks)
  std::vector<std::size_t> stage_power_ptr_;  // stage s's powers: [ptr[s], ptr[s + 1])
  void sort_powers_by_stage();
  std::vector<double> y0_, y_, power_;
  std::vector<double> floor_v_, v_, log_v_;  // by position in blocks_.firms
};

// One-shot form: builds a FeedbackKernel and solves once.
FeedbackResult solve_feedback(const FeedbackChannels& channels, const FeedbackState& state,
                              const FeedbackOptions& options = {});

// V_i(MV) without the floor, for every firm (inactive ones included), at market values `mv`.
std::vector<double> fundamental_values(const FeedbackChannels& channels, std::span<const double> a,
                                       std::span<const double> mv0, std::span<const double> mv);

// The diagnostic linearisation at start-of-tick values (x = 1):
//     W_ij = ∂log V_i / ∂log MV_j = b_ij e_ij x_j^{e_ij} / V_i = b_ij e_ij / V_i(MV⁰),
// one entry per channel with its kind, zero entries dropped. It is never added to the dynamics
// (it *describes* them: the fixed point's response to a small shock s is (I − diag(κ) W)⁻¹ s).
// Rows of inactive firms, and of firms whose V_i(MV⁰) is at or below the floor (where the floored
// value does not respond to prices), are empty. Channels with the same (i, j, kind) are added.
InfluenceMatrix diagnostic_linearisation(const FeedbackChannels& channels,
                                         std::span<const double> a, std::span<const double> mv0,
                                         std::span<const std::uint8_t> active = {},
                                         double value_floor = FeedbackOptions{}.value_floor);

}  // namespace alchemy
