#pragma once
// The loop measure's linear model of the engine (MODEL.md §7.13): how a small move of each firm's
// log price moves every firm's log value, through every channel the engine's dynamics have, and
// the sentiment index as one more node. Each entry is the engine's own response, read off the
// engine's own functions at the current state rather than assumed:
//   within  (same tick)  the price solve's channels: holdings follow their issuer's price (e = 1),
//                        W_ij = b_ij / V_i (market/feedback.hpp: diagnostic_linearisation);
//   revaluation (next)   the next tick's channels are built at the new prices: a warrant is
//                        re-valued by its option model (its elasticity is above 1), the put
//                        re-read; the start-of-tick build re-read with j's price moved by e^h,
//                        less `within`;
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
  // circuit through the web) and the sentiment node's row and column. Credit: W_ij =
  // pd_effect_ij × (pd_price_j + pd_value_j), a move of j's price with its value; sentiment → i:
  // from_sentiment_i + Σ_j pd_effect_ij pd_sentiment_j.
  InfluenceMatrix w;
  // The parts, for the response over time (predict_log_values):
  InfluenceMatrix within;     // n × n, same tick
  InfluenceMatrix pd_effect;  // n × n: ∂ log V_i / ∂ PD_j
  // n × n, next tick: the channels' values re-read at the new prices beyond what the same tick's
  // elasticities carried (a warrant's option elasticity above 1, the put): ∂ log V_i / ∂ log P_j
  // of the start-of-tick build, less `within`.
  InfluenceMatrix revaluation;
  std::vector<double> pd_price;        // [j]: ∂ PD_j / ∂ log P_j (the next decisions phase)
  std::vector<double> pd_value;        // [j]: ∂ PD_j / ∂ log G_j, G its going-concern value
  std::vector<double> pd_sentiment;    // [j]: ∂ PD_j / ∂ log s (the funding outlook)
  std::vector<double> survival;        // [j]: 1 − PD_j
  std::vector<double> to_sentiment;    // [j]: ∂ log s / ∂ log P_j (the same tick's return)
  std::vector<double> from_sentiment;  // [i]: ∂ log V_i / ∂ log s through the multiples
  double sentiment_reversion = 0.0;    // per year (market.sentiment.reversion)
};

// The model at the world's current state (after a tick's market phase).
LoopModel loop_model(const TickContext& ctx);

// ∂ log V_i / ∂ n_j for every i: how a step of firm j's news moves the values at the start-of-tick
// prices (its multiple, hence its business and its backlog; MODEL.md §7.7), read like the model's
// entries. A `price` shock of size v is a news step v.
std::vector<double> news_response(const TickContext& ctx, std::size_t firm);

// The log-value responses the models predict for ticks 1..T after a permanent step `impulses[0]`
// to log values before the price solve — a news shock, which stays: T = path.size(), path[t] the
// model at the state after tick t (path[0] at the shock's eve), impulses[t] the step read at that
// state (news_response × the step) and dt[t] tick t + 1's length in years. With y_t the firms'
// log values (= log prices), g_t their log going-concern values, π_t their default probabilities
// and σ_t log sentiment after tick t, all as moves from the unshocked run (0 at t = 0), and
// W = path[t − 1]:
//   π_t = W.pd_price ⊙ y_{t−1} + W.pd_value ⊙ g_{t−1} + W.pd_sentiment σ_{t−1}
//   y_t = (I − W.within)⁻¹ (impulse + W.revaluation y_{t−1} + W.pd_effect π_t
//                           + W.from_sentiment σ_{t−1})
//   g_t = y_t + π_t / W.survival            (V = survival × G)
//   σ_t = (1 − W.sentiment_reversion × dt) σ_{t−1} + W.to_sentiment · (y_t − y_{t−1})
// the same tick's fixed point by Jacobi sweeps until no entry moves by 10⁻¹⁵. One model repeated
// is W's own prediction from one date; the models along the run follow its sensitivities as they
// change (a firm's default outlook in particular). Returns y_1 .. y_T.
std::vector<std::vector<double>> predict_log_values(std::span<const LoopModel> path,
                                                    std::span<const std::vector<double>> impulses,
                                                    std::span<const double> dt);

}  // namespace alchemy
