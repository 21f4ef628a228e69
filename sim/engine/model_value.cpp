#include "sim/engine/model_value.hpp"

#include <algorithm>
#include <cstdint>

#include "market/feedback.hpp"
#include "sim/engine/compiled_scenario.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/market_channels.hpp"
#include "sim/engine/network_generator.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

namespace {

// Discards what the context emits: nothing is emitted while channels are built.
struct NoSink final : OutputSink {
  void event(const Event&) override {}
  void series(const SeriesRow&) override {}
  void market(const MarketRow&) override {}
};

}  // namespace

std::vector<double> model_prices_at_start(const ScenarioSpec& declared) {
  // A generated network's firms join the world (drawn from the scenario's seed, as a run draws
  // them): the valuation must read the spec that has them too.
  const ScenarioSpec spec =
      declared.network ? with_generated_network(declared, declared.seed) : declared;
  const std::vector<Date> days = tick_dates(spec, spec.end);
  if (days.empty()) return std::vector<double>(spec.firms.size(), 0.0);
  const CompiledScenario rules = compile_scenario(spec);
  NoSink sink;
  std::vector<double> price;
  RunOptions options;
  options.until = days.front();
  // After the first day's calendar phase: the contracts that start on day one (a lease that
  // brings a lab its capacity) are signed, and nothing has moved a price yet.
  options.after_phase = [&](Phase phase, const World& w) {
    if (phase != Phase::calendar || !price.empty()) return;
    World world = w;
    TickContext ctx{spec, world, sink, rules};
    const MarketChannels mc = build_market_channels(ctx);
    const std::size_t n = world.firms.size();
    const std::vector<double> kappa(n, 1.0), shock(n, 0.0);
    const std::vector<std::uint8_t> active(n, 1);
    FeedbackKernel kernel(mc.channels);
    FeedbackResult r;
    kernel.solve(FeedbackState{mc.a, mc.mv0, kappa, shock, active}, FeedbackOptions{}, r);
    price.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
      price[i] = r.mv[i] / std::max(world.firms[i].diluted_shares, 1e-9);
  };
  run_scenario(spec, spec.seed, sink, options);
  return price;
}

}  // namespace alchemy
