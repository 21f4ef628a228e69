// The market phase's second pass after it refreshes the default probabilities
// (sim/engine/market_channels.hpp: reprice_market_channels) redoes only the terms that read a PD
// and keeps the rest of the day's build. Checked against the independent value it stands for: a
// whole new build of the same state, which must give the same numbers bit for bit (the engine's
// outputs are byte-identical whichever of the two it makes). The state is the baseline's on
// 2026-03-31, with every live firm's PD moved, and OpenAI's to 1 — a payer that surely defaults,
// whose purchase channels must disappear.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/engine/market_channels.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;

namespace {

// Purchase channels (supply, lease) whose payer is firm j.
std::size_t purchases_paid_by(const FeedbackChannels& ch, std::uint32_t j) {
  std::size_t count = 0;
  for (std::size_t q = 0; q < ch.col.size(); ++q) {
    if (ch.col[q] == j && (ch.kind[q] == EdgeKind::supply || ch.kind[q] == EdgeKind::lease))
      ++count;
  }
  return count;
}

}  // namespace

TEST_CASE(
    "repricing the channels at new default probabilities equals a whole new build, bit "
    "for bit") {
  const LoadedScenario s =
      load_scenario(std::string(ALCHEMY_SOURCE_DIR) + "/configs/ai_compute_2025.yaml");
  World world = make_world(s.spec, s.spec.seed);
  MemorySink sink;
  RunOptions opt;
  opt.until = Date::from_ymd(2026, 3, 31);
  continue_run(s.spec, world, sink, opt);
  const CompiledScenario rules = compile_scenario(s.spec);
  TickContext ctx{s.spec, world, sink, rules};

  std::uint32_t openai = 0;
  while (s.spec.firms[openai].id != "openai")
    ++openai;
  MarketChannels repriced = build_market_channels(ctx);
  REQUIRE(purchases_paid_by(repriced.channels, openai) > 0);
  REQUIRE(!repriced.claims.empty());

  // Every live firm's PD moved by a different amount (loans and receipts from each borrower and
  // payer, and every row's survival factor, change), OpenAI's to 1.
  for (std::size_t i = 0; i < world.firms.size(); ++i) {
    FirmState& f = world.firms[i];
    if (f.defaulted) continue;
    f.default_probability = i == openai ? 1.0 : 0.013 * static_cast<double>(i + 1);
  }
  reprice_market_channels(ctx, repriced);
  const MarketChannels whole = build_market_channels(ctx);

  CHECK(purchases_paid_by(whole.channels, openai) == 0);
  CHECK(repriced.a == whole.a);
  CHECK(repriced.going_concern == whole.going_concern);
  CHECK(repriced.enterprise_value == whole.enterprise_value);
  CHECK(repriced.enterprise_volatility == whole.enterprise_volatility);
  CHECK(repriced.channels.row_ptr == whole.channels.row_ptr);
  CHECK(repriced.channels.col == whole.channels.col);
  CHECK(repriced.channels.kind == whole.channels.kind);
  CHECK(repriced.channels.b == whole.channels.b);
  CHECK(repriced.channels.elasticity == whole.channels.elasticity);
  // The state's PDs are not those the first build read: the comparison is not vacuous.
  const MarketChannels before = [&] {
    World w = world;
    for (auto& f : w.firms) {
      if (!f.defaulted) f.default_probability = 0.0;
    }
    TickContext zero{s.spec, w, sink, rules};
    return build_market_channels(zero);
  }();
  CHECK(before.a != whole.a);
  CHECK(before.channels.col.size() > whole.channels.col.size());
}
