// Phase 5, market: each firm's news takes its step (a random walk on log value, MODEL.md §7.7),
// then prices are set at the values, which depend on other firms' prices through holdings
// (market/feedback.hpp solves the within-tick fixed point); then sentiment (fed by the AI-sector
// return), the GPU index, the risk-free rate and the quarter's funding supply update, and holders
// re-mark stakes and warrants.

#include <algorithm>
#include <cmath>

#include "agents/valuation.hpp"
#include "market/feedback.hpp"
#include "sim/contracts/contract_kind.hpp"
#include "sim/contracts/contract_settlement.hpp"
#include "sim/engine/market_channels.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/engine/tick_workspace.hpp"
#include "sim/engine/treasury.hpp"

namespace alchemy {

namespace {

// A counterparty's value reaches the channels that depend on it at most a factor 10 from its
// start-of-tick value in one tick (MODEL.md §7.7): with prices at value (κ = 1), a firm whose
// value recovers from a collapse would otherwise scale every contract channel on it by its whole
// recovery at once.
const double kMaxChannelMove = std::log(10.0);

int quarter_of(Date d) {
  return d.year() * 4 + static_cast<int>((d.month() - 1) / 3);
}

// Treasury-stock method, each warrant contract at its own strike: n (1 − K/P) more shares for
// every contract in the money.
void update_diluted_shares(TickContext& ctx, MarketWorkspace& ws) {
  std::vector<double>& extra = ws.extra_shares;
  extra.assign(ctx.world.firms.size(), 0.0);
  for (std::size_t c = 0; c < ctx.spec.contracts.size(); ++c) {
    const ContractSpec& cs = ctx.spec.contracts[c];
    if (const auto extra_shares = kind_of(cs).extra_shares)
      extra[cs.from] += extra_shares(ctx, static_cast<std::int32_t>(c));
  }
  for (std::size_t i = 0; i < ctx.world.firms.size(); ++i) {
    FirmState& f = ctx.world.firms[i];
    f.diluted_shares = f.shares + extra[i];
  }
}

// What the decisions phase reads of the firms' values until the next market phase.
void store_values(World& w, const MarketChannels& mc) {
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    w.firms[i].commitment_value = mc.commitments[i].net();
    w.firms[i].going_concern_value = mc.going_concern[i];
    w.firms[i].enterprise_value = mc.enterprise_value[i];
    w.firms[i].enterprise_volatility = mc.enterprise_volatility[i];
    w.firms[i].risky_value = mc.risky_value[i];
  }
}

// News (MODEL.md §7.7): each live firm's log news factor takes its idiosyncratic step (a random
// walk, with Poisson jumps) and the deals and `price` shocks announced since the last market
// phase. It is persistent: a price moves with news once and stays, as a stock's does.
void add_news(TickContext& ctx) {
  World& w = ctx.world;
  const double sqrt_dt = std::sqrt(ctx.dt);
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    FirmState& f = w.firms[i];
    const ValuationSpec& v = ctx.spec.firms[i].valuation;
    double z = v.volatility * sqrt_dt * f.rng.normal();
    if (v.jump_intensity > 0.0) {
      const auto jumps = f.rng.poisson(v.jump_intensity * ctx.dt);
      for (std::uint64_t k = 0; k < jumps; ++k)
        z += v.jump_size * f.rng.normal();
    }
    if (!f.defaulted) f.news += z + w.pending_jump[i];
  }
}

void move_prices(TickContext& ctx, MarketWorkspace& ws) {
  World& w = ctx.world;
  const std::size_t n = w.firms.size();
  add_news(ctx);
  build_market_channels(ctx, ws.channels);
  store_values(w, ws.channels);
  // The channels carry every firm's survival: built again if today's values moved a PD (one
  // step towards the fixed point of values and PDs; the next tick's decisions take the next).
  // Only PDs differ from the first build: what reads them is redone, the rest kept.
  if (refresh_default_probabilities(ctx)) {
    reprice_market_channels(ctx, ws.channels);
    store_values(w, ws.channels);
  }
  const MarketChannels& mc = ws.channels;

  std::vector<std::uint8_t>& active = ws.active;
  active.resize(n);
  const double days = std::max(1.0, ctx.dt * 365.0);
  const std::vector<double>& kappa = ws.kappa_by_days.get(
      days, n, [&](std::size_t i) { return kappa_over(ctx.spec.firms[i].valuation.kappa, days); });
  for (std::size_t i = 0; i < n; ++i)
    active[i] = w.firms[i].defaulted ? 0 : 1;

  FeedbackOptions opt;
  opt.max_iterations = static_cast<int>(ctx.spec.market.max_price_iterations);
  opt.max_channel_move = kMaxChannelMove;
  // No shock: the news is already in the values (a_i's multiple), so prices are at them.
  const FeedbackState state{mc.a, mc.mv0, kappa, {}, active};
  if (ws.kernel) {
    ws.kernel->rebuild(opt.max_elasticity_classes);
  } else {
    ws.kernel.emplace(mc.channels, opt.max_elasticity_classes);
  }
  FeedbackResult& r = ws.result;
  ws.kernel->solve(state, opt, r);
  if (!r.converged) {
    Event e;
    e.type = EventType::price_not_converged;
    ctx.emit(e.with("residual", r.max_change)
                 .with("iterations", r.iterations)
                 .with("diverged", r.diverged ? 1 : 0));
  }

  double sector_return = 0.0, sector_weight = 0.0;
  const double large_up =
      ws.exp_large_move.get(ctx.spec.market.large_move, [](double x) { return std::exp(x); });
  const double large_down = 1.0 / large_up;
  for (std::size_t i = 0; i < n; ++i) {
    FirmState& f = w.firms[i];
    const FirmSpec& spec = ctx.spec.firms[i];
    if (f.defaulted) continue;  // its price and mark are 0 from its default (open_estate)
    const double old_price = f.price;
    f.price = std::max(kMinimumQuote, r.mv[i] / std::max(f.diluted_shares, 1e-9));
    f.peak_price = std::max(f.peak_price, f.price);
    const double ratio = old_price > 0.0 ? f.price / old_price : 1.0;
    if (spec.listed) {
      f.mark = f.price;
      if (spec.valuation.sector_weight > 0.0 && old_price > 0.0) {
        sector_return += spec.valuation.sector_weight * std::log(ratio);
        sector_weight += spec.valuation.sector_weight;
      }
    }
    // |log return| ≥ large_move, compared as a ratio (the log only for the event).
    const bool jumped = w.pending_jump[i] != 0.0;
    if (ratio >= large_up || ratio <= large_down || jumped) {
      const double ret = std::log(ratio);
      Event e;
      e.type = jumped ? EventType::announcement : EventType::large_move;
      e.firm = static_cast<std::int32_t>(i);
      e.cause = jumped ? w.jump_cause[i] : 0;
      e.amount = Money::from_dollars(r.mv[i] - mc.mv0[i]);
      ctx.emit(e.with("return", ret).with("price", f.price));
    }
  }
  std::fill(w.pending_jump.begin(), w.pending_jump.end(), 0.0);
  std::fill(w.jump_cause.begin(), w.jump_cause.end(), 0);
  w.market.last_sector_return = sector_weight > 0.0 ? sector_return / sector_weight : 0.0;
}

// Sentiment: a mean-reverting log index that rises with the network's realised return and with
// deals, and falls with defaults and failed raises (itself a loop: sentiment feeds multiples and
// funding, which feed returns and raises).
void update_sentiment(TickContext& ctx, MarketWorkspace& ws) {
  MarketState& m = ctx.world.market;
  const SentimentSpec& s = ctx.spec.market.sentiment;
  const double log_mean = ws.log_sentiment_mean.get(s.mean, [](double x) { return std::log(x); });
  const double freeze_below = ctx.spec.market.funding.freeze_below;
  const bool was_open = m.sentiment >= freeze_below;
  const double log_before = std::log(m.sentiment);
  // The innovation is the common factor's news; the rest is feedback from the web (MODEL.md
  // §7.7), kept apart so that the run summary can say how much of sentiment's realised
  // volatility each explains.
  const double innovation = s.volatility * std::sqrt(ctx.dt) * ctx.world.market_rng.normal();
  const double feedback =
      s.reversion * (log_mean - log_before) * ctx.dt + s.return_weight * m.last_sector_return +
      s.deal_lift * m.recent_deal_volume / 100e9 -
      (s.default_hit * m.recent_defaults + s.failed_raise_hit * m.recent_failed_raises);
  m.sentiment = std::clamp(std::exp(log_before + innovation + feedback), s.floor, s.cap);
  const double change = std::log(m.sentiment) - log_before;
  m.sentiment_innovation_ss += innovation * innovation;
  m.sentiment_feedback_ss += feedback * feedback;
  m.sentiment_change_ss += change * change;
  m.sentiment_years += ctx.dt;
  m.recent_defaults = 0;
  m.recent_failed_raises = 0;
  m.recent_deal_volume = 0.0;
  // The funding market closing (no raise filled, no outside debt rolled over) is news to every
  // treasury, whose projection counted on rollovers while it was open (MODEL.md §7.18, §7.19).
  const bool open = m.sentiment >= freeze_below;
  if (open != was_open) {
    Event e;
    e.type = open ? EventType::funding_reopened : EventType::funding_frozen;
    const std::uint64_t seq =
        ctx.emit(e.with("sentiment", m.sentiment).with("freeze_below", freeze_below));
    if (!open) {
      for (std::size_t i = 0; i < ctx.world.firms.size(); ++i)
        note_surprise(ctx, static_cast<std::int32_t>(i), seq);
    }
  }
}

void update_market_conditions(TickContext& ctx) {
  MarketState& m = ctx.world.market;
  const GpuMarketSpec& g = ctx.spec.market.gpu;
  m.gpu_index *= std::exp((g.drift - 0.5 * g.volatility * g.volatility) * ctx.dt +
                          g.volatility * std::sqrt(ctx.dt) * ctx.world.market_rng.normal());
  for (const auto& p : ctx.spec.market.risk_free) {
    if (ctx.world.previous_date < p.from && p.from <= ctx.world.date) m.risk_free = p.rate;
  }
  if (quarter_of(ctx.world.date) != quarter_of(ctx.world.previous_date)) {
    // Outside capital supplied this quarter (issue 3, "Funding supply"):
    //   supply = base · sentiment^elasticity · exp(−rate_sensitivity · (r − 4 %)), 0 when frozen.
    const FundingSpec& f = ctx.spec.market.funding;
    const double factor = m.sentiment < f.freeze_below
                              ? 0.0
                              : std::pow(m.sentiment, f.sentiment_elasticity) *
                                    std::exp(-f.rate_sensitivity * (m.risk_free - 0.04));
    m.funding_left = f.quarterly_supply.times(factor);
  }
}

// Private marks: impaired to the shadow value at a quarter end when they stand more than the
// threshold above it (issue 3). Holders then book stakes at marks, warrants at model values.
void remark(TickContext& ctx, MarketWorkspace& ws) {
  World& w = ctx.world;
  const bool quarter_changed = quarter_of(w.date) != quarter_of(w.previous_date);
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    FirmState& f = w.firms[i];
    const FirmSpec& s = ctx.spec.firms[i];
    if (s.listed || f.defaulted || !quarter_changed) continue;
    if (f.price < f.mark * (1.0 - s.valuation.impairment_threshold)) {
      Event e;
      e.type = EventType::mark_impaired;
      e.firm = static_cast<std::int32_t>(i);
      e.amount = Money::from_dollars((f.price - f.mark) * f.shares);
      ctx.emit(e.with("old", f.mark).with("new", f.price));
      f.mark = f.price;
    }
  }
  std::vector<double>& warrants_held = ws.warrants_held;
  warrants_value_by_holder(ctx, warrants_held);
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    FirmState& f = w.firms[i];
    for (auto& st : f.stakes) {
      const FirmState& issuer = w.firms[static_cast<std::size_t>(st.issuer)];
      const double px =
          ctx.spec.firms[static_cast<std::size_t>(st.issuer)].listed ? issuer.price : issuer.mark;
      const Money value = Money::from_dollars(st.shares * px);
      f.flows.revaluations += value - st.booked;
      st.booked = value;
    }
    const Money warrants = Money::from_dollars(warrants_held[i]);
    f.flows.revaluations += warrants - f.warrants_booked;
    f.warrants_booked = warrants;
  }
}

}  // namespace

void value_firms(TickContext& ctx) {
  MarketWorkspace& ws = ctx.buffers().market;
  update_diluted_shares(ctx, ws);
  build_market_channels(ctx, ws.channels);
  store_values(ctx.world, ws.channels);
}

void run_market_phase(TickContext& ctx) {
  MarketWorkspace& ws = ctx.buffers().market;
  update_diluted_shares(ctx, ws);
  move_prices(ctx, ws);
  update_sentiment(ctx, ws);
  update_market_conditions(ctx);
  remark(ctx, ws);
}

}  // namespace alchemy
