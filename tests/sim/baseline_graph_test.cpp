// The loop marking on the baseline at 2025-12-31, against the loops `alchemy loops` prints there
// (README, "Worked example"): amd>openai>amd (warrant, supply), openai>stargate>openai (lease,
// stake) and the loops through the sentiment node. Each firm-to-firm hop of them must come back
// as a real contract edge, pointing the way cash goes; that checks the direction rules of
// sim/analysis/loop_edges.hpp against the engine's own channels.

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "sim/analysis/contract_network.hpp"
#include "sim/analysis/loop_edges.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/loop_tracker.hpp"
#include "sim/scenario/scenario_loader.hpp"

using namespace alchemy;

TEST_CASE(
    "baseline 2025-12-31: the edges on loops are live contracts, pointing the way cash goes") {
  const LoadedScenario s =
      load_scenario(std::string(ALCHEMY_SOURCE_DIR) + "/configs/ai_compute_2025.yaml");
  World world = make_world(s.spec, s.spec.seed);
  MemorySink sink;
  RunOptions opt;
  opt.until = Date::from_ymd(2025, 12, 31);
  continue_run(s.spec, world, sink, opt);
  const CompiledScenario rules = compile_scenario(s.spec);
  TickContext ctx{s.spec, world, sink, rules};
  std::vector<std::string> ids;
  for (const auto& f : s.spec.firms)
    ids.push_back(f.id);
  const LoopEdges marked = loop_edges(analyse_loops(ctx).circuits, ids);

  std::set<LoopEdge> live;
  for (const EdgeRecord& e : contract_network(ctx).active_edges())
    live.insert({e.from, e.to, e.kind});
  for (const LoopEdge& e : marked) {
    INFO(e.from << " -> " << e.to << " " << to_string(e.kind));
    CHECK(live.contains(e));
  }
  // Every contract hop of the loops of the engine's own responses (MODEL.md §7.13), as the
  // contract that carries it. Holdings move with their issuer's price (stakes, warrants); a
  // purchase or a lease moves its seller through the buyer's default probability, and on this
  // day OpenAI's (the buyer of every such contract here) does not move with its price: no gap in
  // its projection, debt far below its enterprise value (MODEL.md §7.20). So the hops are the
  // holdings on loops through sentiment: amd → openai warrant (OpenAI holds AMD's warrants),
  // microsoft → openai, nvidia → coreweave (the IPO stake), nvidia → xai-gpu-vehicle, openai →
  // stargate and oracle → stargate stakes.
  const LoopEdges want{
      {"amd", "openai", EdgeKind::warrant},     {"microsoft", "openai", EdgeKind::stake},
      {"nvidia", "coreweave", EdgeKind::stake}, {"nvidia", "xai-gpu-vehicle", EdgeKind::stake},
      {"openai", "stargate", EdgeKind::stake},  {"oracle", "stargate", EdgeKind::stake}};
  for (const LoopEdge& e : marked) {
    if (!want.contains(e))
      MESSAGE("on a loop, not expected: " << e.from << " -> " << e.to << " " << to_string(e.kind));
  }
  for (const LoopEdge& e : want) {
    if (!marked.contains(e))
      MESSAGE("expected, not on a loop: " << e.from << " -> " << e.to << " " << to_string(e.kind));
  }
  CHECK(marked == want);
}
