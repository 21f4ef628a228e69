// The loops the baseline must reveal (issue 4), at the date `alchemy loops` analyses by default
// (one year after the start). Each is named in the facts (ai-compute-2025-facts.md, "The deals"):
//   - the cash loop NVIDIA ↔ OpenAI: NVIDIA's stake in and sales to OpenAI depend on OpenAI's
//     price; OpenAI's funding (NVIDIA's undrawn 100 B) depends on NVIDIA's;
//   - the capital loop NVIDIA ↔ CoreWeave: NVIDIA's stake in and GPU sales to CoreWeave depend on
//     CoreWeave's price; CoreWeave's revenue backstop from NVIDIA depends on NVIDIA's;
//   - the three-firm loop NVIDIA → OpenAI → CoreWeave → NVIDIA;
//   - the warrant loop AMD ↔ OpenAI: OpenAI's warrants depend on AMD's price; AMD's sales to
//     OpenAI depend on OpenAI's.
// Every one must reinforce itself (positive gain): these are the reflexive loops of the article.
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

TEST_CASE("the baseline reveals the four loops of the facts, each self-reinforcing") {
  const Analysed a = baseline_loops();

  const Circuit* cash = find_loop(a, {"nvidia", "openai"});
  REQUIRE(cash != nullptr);
  CHECK(cash->gain > 0.0);
  CHECK(has_kind(*cash, EdgeKind::funding));  // NVIDIA's undrawn investment
  CHECK(has_kind(*cash, EdgeKind::supply));   // OpenAI's GPU purchases

  const Circuit* capital = find_loop(a, {"nvidia", "coreweave"});
  REQUIRE(capital != nullptr);
  CHECK(capital->gain > 0.0);
  CHECK(has_kind(*capital, EdgeKind::stake));   // NVIDIA's IPO stake in CoreWeave
  CHECK(has_kind(*capital, EdgeKind::supply));  // GPU purchases and the capacity backstop

  const Circuit* three = find_loop(a, {"nvidia", "openai", "coreweave"});
  REQUIRE(three != nullptr);
  CHECK(three->gain > 0.0);

  const Circuit* warrant = find_loop(a, {"amd", "openai"});
  REQUIRE(warrant != nullptr);
  CHECK(warrant->gain > 0.0);
  CHECK(has_kind(*warrant, EdgeKind::warrant));
}
