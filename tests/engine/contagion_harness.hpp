#pragma once
// A world built from a scenario, on which a test runs the contagion phase alone and reads the
// events it emitted (contagion_test.cpp, estate_test.cpp).

#include <vector>

#include "sim/engine/compiled_scenario.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/world/output_sink.hpp"
#include "sim/world/world.hpp"

namespace alchemy::testing {

struct ContagionHarness {
  ScenarioSpec spec;
  World world;
  MemorySink sink;
  CompiledScenario rules;
  explicit ContagionHarness(ScenarioSpec s)
      : spec(std::move(s)), world(make_world(spec, 1)), rules(compile_scenario(spec)) {}
  void run_contagion() {
    TickContext ctx{spec, world, sink, rules};
    run_contagion_phase(ctx);
  }
  std::vector<Event> of(EventType t) const {
    std::vector<Event> out;
    for (const auto& e : sink.events) {
      if (e.type == t) out.push_back(e);
    }
    return out;
  }
  // The contagion pass replaces the world with its accepted trial: read firms afresh after it.
  FirmState& firm(std::size_t i) { return world.firms[i]; }
  Money outside(Channel c) const { return world.rest_of_world[static_cast<std::size_t>(c)]; }
};

}  // namespace alchemy::testing
