// The loops of the baseline's engine (issue 18 item 4), at the date `alchemy loops` analyses by
// default (one year after the start). W is what the engine's prices and decisions do (MODEL.md
// §7.13): holdings follow their issuer's price, contracts move their counterparty only through
// its default probability, sentiment is one node. Of the facts' loops (ai-compute-2025-facts.md,
// "The deals"):
//   - the warrant loop AMD ↔ OpenAI stays a direct loop: OpenAI's warrants depend on AMD's price;
//     AMD's sales to OpenAI on OpenAI's survival, which rises with OpenAI's price;
//   - NVIDIA ↔ OpenAI closes only through sentiment: NVIDIA's undrawn 100 B is a fixed amount,
//     so NVIDIA's price moves OpenAI only through the sector return's effect on sentiment and
//     OpenAI's multiple (nvidia>sentiment>openai>nvidia, OpenAI's purchases back to NVIDIA);
//   - NVIDIA ↔ CoreWeave likewise: coreweave>nvidia>sentiment>coreweave (the IPO stake, then
//     sentiment);
// and the strongest loops are each listed AI firm's own loop through sentiment, gain
// return_weight × its sector weight share × ∂log V/∂log s (≈ β).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/engine/loop_tracker.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;

namespace {

struct Analysed {
  std::vector<std::string> ids;
  CircuitSearch circuits;
};

Analysed baseline_loops() {
  const LoadedScenario s =
      load_scenario(std::string(ALCHEMY_SOURCE_DIR) + "/configs/ai_compute_2025.yaml");
  World world = make_world(s.spec, s.spec.seed);
  MemorySink sink;
  RunOptions opt;
  opt.until = Date::from_ymd(2025, 12, 31);
  continue_run(s.spec, world, sink, opt);
  const CompiledScenario rules = compile_scenario(s.spec);
  TickContext ctx{s.spec, world, sink, rules};
  Analysed out;
  for (const auto& f : s.spec.firms)
    out.ids.push_back(f.id);
  out.ids.push_back("sentiment");  // the sentiment node, after the firms
  out.circuits = analyse_loops(ctx).circuits;
  return out;
}

// The circuit whose influence order is `path` (price of each moves the next), if found.
const Circuit* find_loop(const Analysed& a, const std::vector<std::string>& path) {
  for (const auto& c : a.circuits.circuits) {
    if (c.firms.size() != path.size()) continue;
    for (std::size_t r = 0; r < path.size(); ++r) {  // any rotation
      bool same = true;
      for (std::size_t m = 0; m < path.size() && same; ++m) {
        same = a.ids[c.firms[(m + r) % path.size()]] == path[m];
      }
      if (same) return &c;
    }
  }
  return nullptr;
}

bool has_kind(const Circuit& c, EdgeKind k) {
  return std::any_of(c.hop_kinds.begin(), c.hop_kinds.end(),
                     [&](EdgeKindMask m) { return (m & mask_of(k)) != 0; });
}

}  // namespace

TEST_CASE("the baseline's loops: sentiment leads, contracts close no loop while OpenAI's PD is 0") {
  const Analysed a = baseline_loops();
  REQUIRE_FALSE(a.circuits.circuits.empty());

  // The strongest loop is a listed firm's own through sentiment: return_weight (0.02) × 1/5 of
  // the sector (five listed AI firms at equal weight) × its value's elasticity to sentiment,
  // which is its β (CoreWeave 4.1) times the part of its value its multiple carries (< 1).
  const Circuit& top = a.circuits.circuits.front();
  CHECK(top.loop_class == LoopClass::sentiment);
  const Circuit* coreweave = find_loop(a, {"coreweave", "sentiment"});
  REQUIRE(coreweave != nullptr);
  CHECK(coreweave->gain > 0.0);
  CHECK(coreweave->gain < 0.02 / 5 * 4.1);

  // A purchase or a lease moves its seller only through the buyer's default probability
  // (MODEL.md §7.7), and on this day OpenAI's does not move with its price: its projection shows
  // no gap and its 4 B of debt is far below its enterprise value (MODEL.md §7.20), so its PD is
  // 0 at any nearby price. No loop runs through its purchases: not AMD's backlog (the warrant
  // closes only through Microsoft's stake in OpenAI and sentiment), not NVIDIA's.
  CHECK(find_loop(a, {"amd", "openai"}) == nullptr);
  const Circuit* warrant = find_loop(a, {"amd", "openai", "microsoft", "sentiment"});
  REQUIRE(warrant != nullptr);
  CHECK(warrant->gain > 0.0);
  CHECK(has_kind(*warrant, EdgeKind::warrant));
  CHECK(has_kind(*warrant, EdgeKind::stake));
  CHECK_FALSE(has_kind(*warrant, EdgeKind::supply));
  CHECK(find_loop(a, {"nvidia", "openai"}) == nullptr);
  CHECK(find_loop(a, {"nvidia", "sentiment", "openai"}) == nullptr);
  for (const Circuit& c : a.circuits.circuits) {
    CHECK_FALSE(has_kind(c, EdgeKind::supply));
    CHECK_FALSE(has_kind(c, EdgeKind::lease));
  }

  // NVIDIA's IPO stake in CoreWeave closes through sentiment.
  CHECK(find_loop(a, {"nvidia", "coreweave"}) == nullptr);
  const Circuit* capital = find_loop(a, {"coreweave", "nvidia", "sentiment"});
  REQUIRE(capital != nullptr);
  CHECK(capital->gain > 0.0);
  CHECK(has_kind(*capital, EdgeKind::stake));
}
