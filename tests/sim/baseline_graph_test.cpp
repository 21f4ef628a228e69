// The loop marking on the baseline at 2025-12-31, against the loops `alchemy loops` prints there
// (README, "Worked example"): amd>openai>amd (warrant, supply), coreweave>nvidia>coreweave,
// nvidia>openai>nvidia (funding, supply) and coreweave>nvidia>openai>coreweave. Each hop of them
// must come back as a real contract edge, pointing the way cash goes; that checks the direction
// rules of sim/analysis/loop_edges.hpp against the engine's own channels.

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
  // Every hop of the four loops, as the contract that carries it (the loops' dominant channels
  // and the others on the same hops):
  //   amd → openai warrant (OpenAI holds AMD's warrants), openai → amd supply;
  //   coreweave → nvidia supply (GPU purchases), nvidia → coreweave stake (the IPO stake) and
  //   supply (the capacity backstop: NVIDIA buys CoreWeave's capacity);
  //   nvidia → openai funding (the undrawn 100 B), openai → nvidia supply;
  //   openai → coreweave supply (the three services contracts);
  //   and the Stargate loops: each partner (SoftBank, OpenAI, Oracle, MGX) → stargate funding (its
  //   equity still to pay) and stake (its shares), stargate → nvidia supply (the JV's GPUs),
  //   oracle → nvidia supply (Abilene's GPUs), softbank → openai stake (the 2025 round);
  //   openai → oracle and openai → stargate leases (valued whole from their signing, though they
  //   start in 2027: MODEL.md §7.7).
  const LoopEdges want{
      {"amd", "openai", EdgeKind::warrant},        {"coreweave", "nvidia", EdgeKind::supply},
      {"mgx", "stargate", EdgeKind::funding},      {"mgx", "stargate", EdgeKind::stake},
      {"nvidia", "coreweave", EdgeKind::stake},    {"nvidia", "coreweave", EdgeKind::supply},
      {"nvidia", "openai", EdgeKind::funding},     {"openai", "amd", EdgeKind::supply},
      {"openai", "coreweave", EdgeKind::supply},   {"openai", "nvidia", EdgeKind::supply},
      {"openai", "oracle", EdgeKind::lease},       {"openai", "stargate", EdgeKind::lease},
      {"openai", "stargate", EdgeKind::funding},   {"openai", "stargate", EdgeKind::stake},
      {"oracle", "nvidia", EdgeKind::supply},      {"oracle", "stargate", EdgeKind::funding},
      {"oracle", "stargate", EdgeKind::stake},     {"softbank", "openai", EdgeKind::stake},
      {"softbank", "stargate", EdgeKind::funding}, {"softbank", "stargate", EdgeKind::stake},
      {"stargate", "nvidia", EdgeKind::supply}};
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
