#pragma once
// Buffers the phases reuse from tick to tick (derived data, never World state), so that a warm
// tick allocates nothing: the market phase's channels, the feedback kernel built on them and the
// per-firm inputs of the solve; the decisions phase's observation table, firm order and raises;
// the channels of the record phase's loop analysis.
// One per run, owned by the engine's loop; a TickContext without one (a test, a one-off
// analysis) makes its own on first use (TickContext::buffers()).

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "agents/strategy.hpp"
#include "market/feedback.hpp"
#include "market/loops.hpp"
#include "market/money.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/engine/market_channels.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

// Per-firm factors that depend only on the step length, computed once per length: a run has a
// handful of lengths (a day, a weekend, a holiday weekend), so a factor like (1 − κ)^days or
// exp(g·dt) costs one libm call per firm and length instead of one per firm and tick.
class StepLengthCache {
 public:
  template <typename Compute>  // Compute(firm index) → the factor for this step length
  const std::vector<double>& get(double step, std::size_t firms, Compute compute) {
    for (const auto& [length, factors] : entries_) {
      if (length == step && factors.size() == firms) return factors;
    }
    std::vector<double> factors(firms);
    for (std::size_t i = 0; i < firms; ++i)
      factors[i] = compute(i);
    entries_.emplace_back(step, std::move(factors));
    return entries_.back().second;
  }

 private:
  std::vector<std::pair<double, std::vector<double>>> entries_;
};

// f(x) for an x that is constant over a run (a scenario parameter), computed again only when x
// changes: a libm call per run instead of per tick.
class ConstantMemo {
 public:
  template <typename F>
  double get(double x, F f) {
    if (!(x == x_)) {
      x_ = x;
      y_ = f(x);
    }
    return y_;
  }

 private:
  double x_ = std::numeric_limits<double>::quiet_NaN();  // never equal: the first get computes
  double y_ = 0.0;
};

// The weight of a step of `dt` years in the 90-day exponential averages (burn, net income) that
// the rules observe: 1 − exp(−dt / (90/365)), cached per step length.
inline double smoothing_weight(double dt, StepLengthCache& cache) {
  return cache.get(dt, 1, [dt](std::size_t) { return 1.0 - std::exp(-dt / (90.0 / 365.0)); })[0];
}

struct MarketWorkspace {
  MarketWorkspace() = default;
  MarketWorkspace(const MarketWorkspace&) = delete;  // the kernel refers to `channels.channels`
  MarketWorkspace& operator=(const MarketWorkspace&) = delete;

  MarketChannels channels;
  std::optional<FeedbackKernel> kernel;
  FeedbackResult result;
  StepLengthCache kappa_by_days;  // κ converted to the step, per step length in days
  std::vector<double> extra_shares, warrants_held;  // per firm: dilution, warrants held
  std::vector<std::uint8_t> active;
  ConstantMemo exp_large_move;      // exp(market.large_move)
  ConstantMemo log_sentiment_mean;  // log(market.sentiment.mean)
};

// A raise asked for in the decisions phase, filled at its end from the quarter's outside capital.
struct RaiseRequest {
  std::int32_t firm;
  bool equity;  // else debt
  Money amount;
  double max_rate = 1.0;    // debt: refused when priced above this (the rule's or treasury's guard)
  std::uint64_t cause = 0;  // the treasury_gap event the raise answers, if any
};

struct DecisionWorkspace {
  ObservationTable observations;
  ProjectionIndex projection_index;  // the treasury's view of the books (cash_projection.hpp)
  // [firm]: this tick's projection, for the firms projection_needed names
  std::vector<CashProjection> projections;
  std::vector<std::int32_t> gapped;  // the firms whose projection this tick showed a gap
  std::vector<LineTotal> lines;      // a firm's projection by line, for its reference (attribution)
  std::vector<std::int32_t> order;
  std::vector<RaiseRequest> raises;
  std::vector<double> raise_weights;
};

// The loop model's buffers (sim/engine/loop_model.cpp): the channels at the state and at a bumped
// one, and each projected firm's projection, from which its default outlook is re-read.
struct LoopWorkspace {
  MarketChannels channels, bumped;
  ProjectionIndex projection_index;
  std::vector<CashProjection> projections;
  std::vector<std::uint8_t> projected;  // [firm]: projected (its default probability is assessed)
};

struct TickWorkspace {
  StepLengthCache fixed_cost_growth;  // exp(fixed_growth · dt) per firm, for the operations phase
  StepLengthCache smoothing;          // one entry: the 90-day averages' weight of a step
  std::vector<Money> shortfall;       // per firm: overdue after the settlement phase's payments
  MarketWorkspace market;
  DecisionWorkspace decisions;
  LoopWorkspace loops;             // the record phase's loop model (sim/engine/loop_model.cpp) ...
  ComponentsMemo components_memo;  // ... and its strong components while they stay
};

inline TickWorkspace& TickContext::buffers() const {
  if (workspace != nullptr) return *workspace;
  if (!own_buffers) own_buffers = std::make_shared<TickWorkspace>();
  return *own_buffers;
}

}  // namespace alchemy
