#pragma once
// The loop measure's linear model of the engine (MODEL.md §7.13): how a small move of each firm's
// log price moves every firm's log value, through every channel the engine's dynamics have, and
// the sentiment index as one more node. Each entry is the engine's own response, read off the
// engine's own functions at the current state rather than assumed:
//   within  (same tick)  the price solve's channels: holdings follow their issuer's price (e = 1),
//                        W_ij = b_ij / V_i (market/feedback.hpp: diagnostic_linearisation);
//   credit  (next tick)  a price move changes the firm's default probability in the next
//                        decisions phase (its own survival factor and every contract that carries
//                        it: a buyer's backlog, a borrower's loan): the default outlook
//                        (default_outlook.hpp) re-read with the firm's price and going-concern
//                        value moved by a small step h, and the prices' channels rebuilt with the
//                        new probability, (log V_i' − log V_i) / h;
//   sentiment            firm j's price → sentiment: return_weight × its sector weight / the sum
//                        of the live listed firms' (the AI-sector return, MODEL.md §7.7, §7.12);
//                        sentiment → firm i's value (next tick): every multiple moves as s^β and
//                        the funding outlook with s, so the channels and default outlooks are
//                        rebuilt with log s moved by h.
// Sentiment keeps 1 − reversion × dt of a move a tick later (its mean reversion, MODEL.md §7.12).
// The step h is 10⁻⁴ in log: small enough that the curvature of the put and of the default
// outlook's probabilities adds less than 10⁻³ of an entry, large enough to stay far above the
// rounding of values in the hundreds of billions.

#include <cstddef>
#include <span>
#include <vector>

#include "market/influence_matrix.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

struct LoopModel {
  std::size_t firms = 0;  // n; node n of `w` is sentiment
  // Every entry at once, for the spectral radius and the circuits: (n + 1) × (n + 1), the firms'
  // within and credit entries (a firm's credit response to its own price is left out: it is no
  // circuit through the web) and the sentiment node's row and column.
  InfluenceMatrix w;
  // The parts, n × n, for the response over time (predict_log_values).
  InfluenceMatrix within;  // same tick
  InfluenceMatrix credit;  // next tick, the diagonal included
  std::vector<double> to_sentiment;    // [j]: ∂ log s / ∂ log P_j (the same tick's return)
  std::vector<double> from_sentiment;  // [i]: ∂ log V_i / ∂ log s (the next tick's value)
  double sentiment_reversion = 0.0;    // per year (market.sentiment.reversion)
};

// The model at the world's current state (after a tick's market phase).
LoopModel loop_model(const TickContext& ctx);

// ∂ log V_i / ∂ n_j for every i: how a step of firm j's news moves the values at the start-of-tick
// prices (its multiple, hence its business and its backlog; MODEL.md §7.7), read like the model's
// entries. A `price` shock of size v is a news step v.
std::vector<double> news_response(const TickContext& ctx, std::size_t firm);

// The log-value responses the model predicts for ticks 1..ticks after a permanent step `impulse`
// (per firm) to log values before the price solve — a news shock, which stays — with
// y_t the firms' log values and σ_t log sentiment after tick t (y_0 = σ_0 = 0):
//   y_t = (I − within)⁻¹ (impulse + credit y_{t−1} + from_sentiment σ_{t−1})
//   σ_t = persistence σ_{t−1} + to_sentiment · (y_t − y_{t−1})
// with persistence = 1 − reversion × dt (dt: the tick's length in years); the same tick's fixed
// point by Jacobi sweeps until no entry moves by 10⁻¹⁵. Returns y_1 .. y_ticks.
std::vector<std::vector<double>> predict_log_values(const LoopModel& m,
                                                    std::span<const double> impulse,
                                                    std::size_t ticks, double dt);

}  // namespace alchemy
