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

// Projects every firm the engine assesses (cash_projection.hpp: projection_needed), as the
// decisions phase does, so that its default outlook can be re-read at a moved state.
void project_all(const TickContext& ctx, LoopWorkspace& o) {
  const std::size_t n = ctx.world.firms.size();
  o.projected.assign(n, 0);
  o.projections.resize(n);
  if (!projections_needed(ctx)) return;
  int horizon = 1;
  for (const FirmSpec& s : ctx.spec.firms)
    horizon = std::max(horizon, s.treasury.horizon_months);
  index_for_projection(ctx, horizon, o.projection_index);
  for (std::size_t j = 0; j < n; ++j) {
    const auto firm = static_cast<std::int32_t>(j);
    if (!projection_needed(ctx, firm)) continue;
    project_cash(ctx, o.projection_index, firm, ctx.spec.firms[j].treasury.horizon_months,
                 o.projections[j]);
    o.projected[j] = 1;
  }
}

// Firm j's default probability by its outlook (MODEL.md §7.20) at the world's current state.
double outlook_pd(const TickContext& ctx, const LoopWorkspace& o, std::size_t j) {
  return default_outlook(ctx, static_cast<std::int32_t>(j), o.projections[j]).default_probability;
}

// Sets every firm's default probability to its stored one moved by what its outlook says now at
// the bumped state minus what it says at the base state (`base`), so that the stored level, which
// the day's decisions set, is kept and only the response is added.
void add_pd_moves(const TickContext& ctx, const LoopWorkspace& o, const std::vector<double>& base,
                  const std::vector<double>& stored) {
  for (std::size_t j = 0; j < base.size(); ++j) {
    if (!o.projected[j]) continue;
    ctx.world.firms[j].default_probability = std::clamp(stored[j] + outlook_pd(ctx, o, j) - base[j], 0.0, 1.0);
  }
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

  // The rows' log-value moves after `bump` changed the state (undone by `undo`), over h.
  MarketChannels& bumped = o.bumped;
  const auto response = [&](auto&& bump, auto&& undo) {
    bump();
    build_market_channels(ctx, bumped);
    undo();
    start_values(bumped, moved);
    std::vector<double> out(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      if (rows[i] && moved[i] > 0.0) out[i] = (std::log(moved[i]) - std::log(v[i])) / kStep;
    }
    return out;
  };

  project_all(ctx, o);
  std::vector<double> stored(n), base(n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    stored[j] = w.firms[j].default_probability;
    if (o.projected[j]) base[j] = outlook_pd(ctx, o, j);
  }
  const auto restore_pds = [&] {
    for (std::size_t j = 0; j < n; ++j)
      w.firms[j].default_probability = stored[j];
  };

  // Credit: j's price and going-concern value moved by e^h (its price is its value per share,
  // MODEL.md §7.7), its outlook re-read, the channels rebuilt with the new probability.
  std::vector<InfluenceEntry> credit;
  const double up = std::exp(kStep);
  for (std::size_t j = 0; j < n; ++j) {
    if (!o.projected[j] || w.firms[j].defaulted) continue;
    FirmState& f = w.firms[j];
    const double price = f.price, value = f.going_concern_value;
    f.price = price * up;
    f.going_concern_value = value * up;
    const double pd = outlook_pd(ctx, o, j);
    f.price = price;
    f.going_concern_value = value;
    if (pd == base[j]) continue;
    const std::vector<double> r =
        response([&] { f.default_probability = std::clamp(stored[j] + pd - base[j], 0.0, 1.0); },
                 restore_pds);
    for (std::size_t i = 0; i < n; ++i) {
      if (r[i] != 0.0)
        credit.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j),
                          EdgeKind::supply, r[i]});
    }
  }
  // Sentiment → values: log s moved by h; the multiples and every outlook read it.
  const double sentiment = w.market.sentiment;
  m.from_sentiment = response(
      [&] {
        w.market.sentiment = sentiment * up;
        add_pd_moves(ctx, o, base, stored);
      },
      [&] {
        w.market.sentiment = sentiment;
        restore_pds();
      });
  // Prices → sentiment: the AI-sector return is the sector-weighted mean of the live listed
  // firms' log returns (phase_market.cpp), return_weight of which enters log sentiment.
  m.to_sentiment.assign(n, 0.0);
  double weights = 0.0;
  for (std::size_t j = 0; j < n; ++j) {
    const FirmSpec& s = ctx.spec.firms[j];
    if (s.listed && !w.firms[j].defaulted && s.valuation.sector_weight > 0.0)
      weights += s.valuation.sector_weight;
  }
  for (std::size_t j = 0; weights > 0.0 && j < n; ++j) {
    const FirmSpec& s = ctx.spec.firms[j];
    if (s.listed && !w.firms[j].defaulted && s.valuation.sector_weight > 0.0)
      m.to_sentiment[j] = ctx.spec.market.sentiment.return_weight * s.valuation.sector_weight / weights;
  }

  // The credit entries' kind in the graph: the channel of i on j that carries j's probability
  // (the largest, when a pair has several); a pair with none is one through i's own
  // commitments, classed as a purchase.
  const FeedbackChannels& ch = mc.channels;
  const auto credit_kind = [&](std::uint32_t i, std::uint32_t j) {
    EdgeKind kind = EdgeKind::supply;
    double largest = 0.0;
    for (std::size_t k = ch.row_ptr[i]; k < ch.row_ptr[i + 1]; ++k) {
      if (ch.col[k] == j && ch.elasticity[k] == 0.0 && ch.b[k] > largest) {
        largest = ch.b[k];
        kind = ch.kind[k];
      }
    }
    return kind;
  };
  std::vector<InfluenceEntry> all;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = m.within.row_ptr[i]; k < m.within.row_ptr[i + 1]; ++k)
      all.push_back({static_cast<std::uint32_t>(i), m.within.col[k], m.within.kind[k], m.within.w[k]});
  }
  for (InfluenceEntry& e : credit) {
    e.kind = credit_kind(e.i, e.j);
    if (e.i != e.j) all.push_back(e);
  }
  const auto node = static_cast<std::uint32_t>(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto u = static_cast<std::uint32_t>(i);
    if (m.to_sentiment[i] != 0.0) all.push_back({node, u, EdgeKind::sentiment, m.to_sentiment[i]});
    if (m.from_sentiment[i] != 0.0)
      all.push_back({u, node, EdgeKind::sentiment, m.from_sentiment[i]});
  }
  m.credit = influence_from_entries(n, std::move(credit));
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
  build_market_channels(ctx, bumped);
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
void solve_within(const InfluenceMatrix& w, const std::vector<double>& rhs, std::vector<double>& y) {
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

std::vector<std::vector<double>> predict_log_values(const LoopModel& m,
                                                    std::span<const double> impulse,
                                                    std::size_t ticks, double dt) {
  const std::size_t n = m.firms;
  const double persistence = 1.0 - m.sentiment_reversion * dt;
  std::vector<std::vector<double>> out;
  std::vector<double> y(n, 0.0), rhs(n), next;
  double sigma = 0.0;
  for (std::size_t t = 0; t < ticks; ++t) {
    for (std::size_t i = 0; i < n; ++i)
      rhs[i] = impulse[i] + m.from_sentiment[i] * sigma;
    add_product(m.credit, y, rhs);
    solve_within(m.within, rhs, next);
    double ret = 0.0;
    for (std::size_t j = 0; j < n; ++j)
      ret += m.to_sentiment[j] * (next[j] - y[j]);
    sigma = persistence * sigma + ret;
    y = next;
    out.push_back(y);
  }
  return out;
}

}  // namespace alchemy
