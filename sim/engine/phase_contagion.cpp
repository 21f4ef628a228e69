// Phase 6, contagion: margin calls on GPU-secured loans (sim/engine/collateral.hpp), then defaults
// (a firm unable to pay what is due for longer than the grace period, or insolvent and distressed;
// sim/engine/contagion.hpp). Creditors are paid by the clearing of market/clearing.hpp; losses
// travel to their balance sheets, repeated to a fixed point within the tick.
//
// Payments and the GPU index are solved jointly. Seizures and liquidations sell GPUs to outside
// buyers, and the index they sell at depends on how much is sold (price impact, Cifuentes,
// Ferrucci & Shin 2005): selling fleet of book value B in a pass takes the index from p₀ to
//     g = p₀ · exp(−impact · B · p₀ / depth)        (the quantity sold, valued at the index before
//                                                    the pass, against the market's depth)
// while B itself depends on g (a lower index breaches more loans and pushes more firms into
// default). Every sale of a pass is priced at the same index, the greatest fixed point of
// g = F(g) = p₀ · exp(−impact · B(g) · p₀ / depth). B(g) grows as g falls, so F is increasing and
// iterating from g = p₀ descends to the greatest fixed point (Tarski). Each trial runs on a copy
// of the world with its events held back; the accepted trial replaces the world and its events go
// out. Quiet ticks (no loan over its limit, no open margin call, no firm meeting the default test)
// skip all of this.

#include <cmath>

#include "sim/engine/collateral.hpp"
#include "sim/engine/contagion.hpp"
#include "sim/engine/estate.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

namespace {

constexpr int kMaxIndexTrials = 100;

class HeldEvents final : public OutputSink {
 public:
  void event(const Event& e) override { events.push_back(e); }
  std::vector<Event> events;
};

double index_after_sales(double p0, double sold_book, const GpuMarketSpec& g) {
  return p0 * std::exp(-g.impact * sold_book * p0 / g.depth);
}

// Whether a pass could sell GPUs: a firm with a fleet or GPUs pledged to a debt (what a default
// liquidates and a margin call seizes). Without any, every trial sells nothing, so the first
// trial, at g = p₀, is the one accepted.
bool gpus_to_sell(const World& w) {
  for (const FirmState& f : w.firms) {
    if (!f.fleet_book.is_zero()) return true;
    for (const DebtState& d : f.debt) {
      if (!d.pledged_book.is_zero()) return true;
    }
  }
  return false;
}

// One pass of margin calls and defaults at the clearing GPU index; returns whether anything was
// seized or any firm defaulted.
bool contagion_pass(TickContext& ctx) {
  const double p0 = ctx.world.market.gpu_index;
  if (!gpus_to_sell(ctx.world)) {
    // The trial that would be accepted, run on the world itself: no copy of the world, which on a
    // large network costs more than the cascade. Its events are held back all the same, so that
    // an error part-way emits nothing, as a failed trial does.
    HeldEvents held;
    TickContext t{ctx.spec, ctx.world, held, ctx.compiled, ctx.verbose};
    t.dt = ctx.dt;
    const bool seized = process_margin_calls(t);
    const bool defaulted = resolve_defaults(t);
    ctx.world.market.gpu_index = index_after_sales(p0, t.gpu_sold_book, ctx.spec.market.gpu);
    for (const Event& e : held.events)
      ctx.sink.event(e);
    ctx.events += held.events.size();
    return seized || defaulted;
  }
  double g = p0;
  for (int trial_no = 1;; ++trial_no) {
    World trial = ctx.world;
    trial.market.gpu_index = g;
    HeldEvents held;
    TickContext t{ctx.spec, trial, held, ctx.compiled, ctx.verbose};
    t.dt = ctx.dt;
    const bool seized = process_margin_calls(t);
    const bool defaulted = resolve_defaults(t);
    const double next = index_after_sales(p0, t.gpu_sold_book, ctx.spec.market.gpu);
    if (g - next <= 1e-12 * p0 || trial_no == kMaxIndexTrials) {
      trial.market.gpu_index = next;
      ctx.world = std::move(trial);
      for (const Event& e : held.events)
        ctx.sink.event(e);
      ctx.events += held.events.size();
      return seized || defaulted;
    }
    g = next;
  }
}

}  // namespace

void run_contagion_phase(TickContext& ctx) {
  pay_backstopped(ctx);
  for (int pass = 0; pass < ctx.spec.contagion.max_rounds; ++pass) {
    if (!margin_calls_pending(ctx) && !defaults_pending(ctx) && !estate_clearing_due(ctx)) break;
    if (!contagion_pass(ctx)) break;
  }
}

}  // namespace alchemy
