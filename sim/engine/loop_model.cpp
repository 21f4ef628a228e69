#include "sim/engine/loop_model.hpp"

#include <algorithm>
#include <cmath>

#include "market/feedback.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/engine/default_outlook.hpp"
#include "sim/engine/market_channels.hpp"
#include "sim/engine/tick_workspace.hpp"

namespace alchemy {

namespace {

constexpr double kStep = 1e-4;  // h, in log (loop_model.hpp)

// V_i at the start-of-tick prices (x = 1): a_i + Σ_j b_ij, what the linearisation divides by.
void start_values(const MarketChannels& mc, std::vector<double>& v) {
  const FeedbackChannels& ch = mc.channels;
  v.assign(mc.a.begin(), mc.a.end());
  for (std::size_t i = 0; i + 1 < ch.row_ptr.size(); ++i) {
    for (std::size_t k = ch.row_ptr[i]; k < ch.row_ptr[i + 1]; ++k)
      v[i] += ch.b[k];
  }
}

// Which rows respond: live firms above the value floor (diagnostic_linearisation's rows).
std::vector<std::uint8_t> responding(const World& w, const MarketChannels& mc,
                                     const std::vector<double>& v) {
  std::vector<std::uint8_t> out(w.firms.size(), 0);
  const double floor = FeedbackOptions{}.value_floor;
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = !w.firms[i].defaulted && v[i] > floor * mc.mv0[i] ? 1 : 0;
  return out;
}

// A default probability below this, as the day's decisions assessed it, is left as it is: the
// firm has no uncovered need (that alone would make it larger) and its Black–Cox tail moves by a
// small multiple of itself under a 1 % move, less than 10⁻⁷ — nothing the loop measure could
// show (the acceptance test compares responses from 10⁻⁵).
constexpr double kNegligiblePd = 1e-6;

// Projects every firm the engine assesses (cash_projection.hpp: projection_needed) whose default
// probability is not negligible, as the decisions phase does, so that its default outlook can be
// re-read at a moved state.
void project_all(const TickContext& ctx, LoopWorkspace& o) {
  const std::size_t n = ctx.world.firms.size();
  o.projected.assign(n, 0);
  o.projections.resize(n);
  if (!projections_needed(ctx)) return;
  bool indexed = false;
  for (std::size_t j = 0; j < n; ++j) {
    const auto firm = static_cast<std::int32_t>(j);
    if (!projection_needed(ctx, firm) || ctx.world.firms[j].default_probability < kNegligiblePd)
      continue;
    if (!indexed) {
      index_for_projection(ctx, longest_treasury_horizon(ctx), o.projection_index);
      indexed = true;
    }
    project_cash(ctx, o.projection_index, firm, ctx.spec.firms[j].treasury.horizon_months,
                 o.projections[j]);
    o.projected[j] = 1;
  }
}

// Firm j's default probability by its outlook (MODEL.md §7.20) at the world's current state.
double outlook_pd(const TickContext& ctx, const LoopWorkspace& o, std::size_t j) {
  return default_outlook(ctx, static_cast<std::int32_t>(j), o.projections[j]).default_probability;
}

}  // namespace

LoopModel loop_model(const TickContext& ctx) {
  World& w = ctx.world;
  const std::size_t n = w.firms.size();
  LoopWorkspace& o = ctx.buffers().loops;
  MarketChannels& mc = o.channels;
  build_market_channels(ctx, mc);
  std::vector<double> v, moved;
  start_values(mc, v);
  const std::vector<std::uint8_t> rows = responding(w, mc, v);
  std::vector<std::uint8_t> active(n);
  for (std::size_t i = 0; i < n; ++i)
    active[i] = w.firms[i].defaulted ? 0 : 1;

  LoopModel m;
  m.firms = n;
  m.within = diagnostic_linearisation(mc.channels, mc.a, mc.mv0, active);
  m.sentiment_reversion = ctx.spec.market.sentiment.reversion;

  // The rows' log-value moves per unit of `step` after `bump` changed the state (undone by
  // `undo`): the prices' channels rebuilt at the moved state — when `bump` moved only a default
  // probability, the base build repriced (the same values as a whole build).
  MarketChannels& bumped = o.bumped;
  const auto response = [&](double step, auto&& bump, auto&& undo, bool only_pd = false) {
    bump();
    if (only_pd) {
      bumped = mc;
      reprice_market_channels(ctx, bumped);
    } else {
      build_market_channels(ctx, bumped, &mc.commitments);
    }
    undo();
    start_values(bumped, moved);
    std::vector<double> out(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      if (rows[i] && moved[i] > 0.0) out[i] = (std::log(moved[i]) - std::log(v[i])) / step;
    }
    return out;
  };

  // The default outlook's slopes: the next decisions phase reads each firm's price, its
  // going-concern value and sentiment (MODEL.md §7.20); each is moved by e^h in turn.
  project_all(ctx, o);
  m.pd_price.assign(n, 0.0);
  m.pd_value.assign(n, 0.0);
  m.pd_sentiment.assign(n, 0.0);
  m.survival.assign(n, 1.0);
  const double up = std::exp(kStep);
  const double sentiment = w.market.sentiment;
  for (std::size_t j = 0; j < n; ++j) {
    FirmState& f = w.firms[j];
    m.survival[j] = 1.0 - f.default_probability;
    if (!o.projected[j] || f.defaulted) continue;
    const double base = outlook_pd(ctx, o, j);
    const double price = f.price, value = f.going_concern_value;
    f.price = price * up;
    m.pd_price[j] = (outlook_pd(ctx, o, j) - base) / kStep;
    f.price = price;
    f.going_concern_value = value * up;
    m.pd_value[j] = (outlook_pd(ctx, o, j) - base) / kStep;
    f.going_concern_value = value;
    w.market.sentiment = sentiment * up;
    m.pd_sentiment[j] = (outlook_pd(ctx, o, j) - base) / kStep;
    w.market.sentiment = sentiment;
  }
  // What a firm's default probability does to every value: its own survival factor and every
  // contract that carries it (a buyer's backlog, a borrower's loan; MODEL.md §7.7), read by
  // moving it by 10⁻⁴ (down when it is within that of 1).
  std::vector<InfluenceEntry> effect;
  for (std::size_t j = 0; j < n; ++j) {
    // A probability that a 1 % move of the price, the value or sentiment changes by less than
    // 10⁻¹¹ moves nothing measurable (the comparisons of the acceptance test start at 10⁻⁵).
    if (std::abs(m.pd_price[j]) + std::abs(m.pd_value[j]) + std::abs(m.pd_sentiment[j]) < 1e-9)
      continue;
    FirmState& f = w.firms[j];
    const double pd = f.default_probability;
    const double step = pd + kStep <= 1.0 ? kStep : -kStep;
    const std::vector<double> r = response(
        step, [&] { f.default_probability = pd + step; }, [&] { f.default_probability = pd; },
        true);
    for (std::size_t i = 0; i < n; ++i) {
      if (r[i] != 0.0)
        effect.push_back(
            {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j), EdgeKind::supply, r[i]});
    }
  }
  // Revaluation: the channels rebuilt with j's price moved (every holding of j, its warrants by
  // their option model, the puts that read them), less what the same tick's elasticity carried.
  // Only a firm some holding reads can move another's channels by its price (the stakes' and
  // warrants' columns, which `within` lists).
  std::vector<std::uint8_t> held(n, 0);
  for (const std::uint32_t j : m.within.col)
    held[j] = 1;
  std::vector<InfluenceEntry> revalued;
  for (std::size_t j = 0; j < n; ++j) {
    FirmState& f = w.firms[j];
    if (f.defaulted || !held[j]) continue;
    const double price = f.price;
    const std::vector<double> r = response(
        kStep, [&] { f.price = price * up; }, [&] { f.price = price; });
    for (std::size_t i = 0; i < n; ++i) {
      if (r[i] != 0.0)
        revalued.push_back(
            {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j), EdgeKind::stake, r[i]});
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = m.within.row_ptr[i]; k < m.within.row_ptr[i + 1]; ++k)
      revalued.push_back(
          {static_cast<std::uint32_t>(i), m.within.col[k], EdgeKind::stake, -m.within.w[k]});
  }
  // Sentiment → values through the multiples (every multiple moves as s^β, MODEL.md §7.7).
  m.from_sentiment = response(
      kStep, [&] { w.market.sentiment = sentiment * up; }, [&] { w.market.sentiment = sentiment; });
  // Prices → sentiment: the AI-sector return is the sector-weighted mean of the live listed
  // firms' log returns (phase_market.cpp), return_weight of which enters log sentiment.
  m.to_sentiment.assign(n, 0.0);
  const auto in_sector = [&](std::size_t j) {
    const FirmSpec& s = ctx.spec.firms[j];
    return s.listed && !w.firms[j].defaulted && s.valuation.sector_weight > 0.0;
  };
  double weights = 0.0;
  for (std::size_t j = 0; j < n; ++j) {
    if (in_sector(j)) weights += ctx.spec.firms[j].valuation.sector_weight;
  }
  for (std::size_t j = 0; weights > 0.0 && j < n; ++j) {
    if (in_sector(j))
      m.to_sentiment[j] = ctx.spec.market.sentiment.return_weight *
                          ctx.spec.firms[j].valuation.sector_weight / weights;
  }

  // The graph. A credit entry's kind is the channel of i on j that carries j's probability: a
  // purchase (the buyer's survival in its seller's backlog) or a loan (the borrower's expected
  // loss), the largest when a pair has several; a pair with neither is one through i's
  // commitments, classed as a purchase.
  const FeedbackChannels& ch = mc.channels;
  const auto credit_kind = [&](std::uint32_t i, std::uint32_t j) {
    EdgeKind kind = EdgeKind::supply;
    double largest = 0.0;
    for (std::size_t k = ch.row_ptr[i]; k < ch.row_ptr[i + 1]; ++k) {
      const EdgeKind c = ch.kind[k];
      const bool carries = c == EdgeKind::supply || c == EdgeKind::lease || c == EdgeKind::loan;
      if (ch.col[k] == j && carries && ch.b[k] > largest) {
        largest = ch.b[k];
        kind = c;
      }
    }
    return kind;
  };
  // A revaluation entry's kind: i's holding of j with the largest value (a warrant or a stake).
  const auto strongest_holding = [&](std::size_t i, std::uint32_t j) {
    EdgeKind kind = EdgeKind::stake;
    double largest = 0.0;
    for (std::size_t k = ch.row_ptr[i]; k < ch.row_ptr[i + 1]; ++k) {
      if (ch.col[k] == j && ch.elasticity[k] != 0.0 && ch.b[k] > largest) {
        largest = ch.b[k];
        kind = ch.kind[k];
      }
    }
    return kind;
  };
  std::vector<InfluenceEntry> all;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = m.within.row_ptr[i]; k < m.within.row_ptr[i + 1]; ++k)
      all.push_back(
          {static_cast<std::uint32_t>(i), m.within.col[k], m.within.kind[k], m.within.w[k]});
  }
  std::vector<double> through_pd(n, 0.0);  // sentiment → i through the default probabilities
  for (InfluenceEntry& e : effect) {
    through_pd[e.i] += e.w * m.pd_sentiment[e.j];
    const double credit = e.w * (m.pd_price[e.j] + m.pd_value[e.j]);
    e.kind = credit_kind(e.i, e.j);
    if (e.i != e.j && credit != 0.0) all.push_back({e.i, e.j, e.kind, credit});
  }
  const auto node = static_cast<std::uint32_t>(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto u = static_cast<std::uint32_t>(i);
    const double from = m.from_sentiment[i] + through_pd[i];
    if (m.to_sentiment[i] != 0.0) all.push_back({node, u, EdgeKind::sentiment, m.to_sentiment[i]});
    if (from != 0.0) all.push_back({u, node, EdgeKind::sentiment, from});
  }
  m.pd_effect = influence_from_entries(n, std::move(effect));
  m.revaluation = influence_from_entries(n, std::move(revalued));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = m.revaluation.row_ptr[i]; k < m.revaluation.row_ptr[i + 1]; ++k) {
      if (m.revaluation.col[k] != i)
        all.push_back({static_cast<std::uint32_t>(i), m.revaluation.col[k],
                       strongest_holding(i, m.revaluation.col[k]), m.revaluation.w[k]});
    }
  }
  m.w = influence_from_entries(n + 1, std::move(all));
  return m;
}

std::vector<double> news_response(const TickContext& ctx, std::size_t firm) {
  const std::size_t n = ctx.world.firms.size();
  MarketChannels base, bumped;
  build_market_channels(ctx, base);
  FirmState& f = ctx.world.firms[firm];
  const double news = f.news;
  f.news = news + kStep;
  build_market_channels(ctx, bumped, &base.commitments);
  f.news = news;
  std::vector<double> v, moved;
  start_values(base, v);
  start_values(bumped, moved);
  const std::vector<std::uint8_t> rows = responding(ctx.world, base, v);
  std::vector<double> out(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    if (rows[i] && moved[i] > 0.0) out[i] = (std::log(moved[i]) - std::log(v[i])) / kStep;
  }
  return out;
}

namespace {
// y ← (I − W)⁻¹ rhs by Jacobi sweeps from y = rhs.
void solve_within(const InfluenceMatrix& w, const std::vector<double>& rhs,
                  std::vector<double>& y) {
  y = rhs;
  std::vector<double> next(rhs.size());
  for (int sweep = 0; sweep < 10000; ++sweep) {
    double change = 0.0;
    for (std::size_t i = 0; i < rhs.size(); ++i) {
      double s = rhs[i];
      for (std::size_t k = w.row_ptr[i]; k < w.row_ptr[i + 1]; ++k)
        s += w.w[k] * y[w.col[k]];
      next[i] = s;
      change = std::max(change, std::abs(s - y[i]));
    }
    y.swap(next);
    if (change <= 1e-15) return;
  }
}

void add_product(const InfluenceMatrix& w, const std::vector<double>& x, std::vector<double>& out) {
  for (std::size_t i = 0; i + 1 < w.row_ptr.size(); ++i) {
    for (std::size_t k = w.row_ptr[i]; k < w.row_ptr[i + 1]; ++k)
      out[i] += w.w[k] * x[w.col[k]];
  }
}
}  // namespace

std::vector<std::vector<double>> predict_log_values(std::span<const LoopModel> path,
                                                    std::span<const std::vector<double>> impulses,
                                                    std::span<const double> dt) {
  std::vector<std::vector<double>> out;
  if (path.empty()) return out;
  const std::size_t n = path.front().firms;
  std::vector<double> y(n, 0.0), g(n, 0.0), pd(n), rhs(n), next;
  double sigma = 0.0;
  for (std::size_t t = 0; t < path.size(); ++t) {
    const LoopModel& m = path[t];
    for (std::size_t j = 0; j < n; ++j)
      pd[j] = m.pd_price[j] * y[j] + m.pd_value[j] * g[j] + m.pd_sentiment[j] * sigma;
    for (std::size_t i = 0; i < n; ++i)
      rhs[i] = impulses[t][i] + m.from_sentiment[i] * sigma;
    add_product(m.pd_effect, pd, rhs);
    add_product(m.revaluation, y, rhs);
    solve_within(m.within, rhs, next);
    double ret = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
      ret += m.to_sentiment[j] * (next[j] - y[j]);
      g[j] = next[j] + (m.survival[j] > 0.0 ? pd[j] / m.survival[j] : 0.0);
    }
    sigma = (1.0 - m.sentiment_reversion * dt[t]) * sigma + ret;
    y = next;
    out.push_back(y);
  }
  return out;
}

}  // namespace alchemy
