#include "sim/run/simulate_to.hpp"

#include <algorithm>

#include "sim/engine/engine.hpp"
#include "sim/engine/network_generator.hpp"
#include "sim/scenario/config_error.hpp"

namespace alchemy {

std::unique_ptr<SimulatedState> simulate_to(const AtOptions& o) {
  auto s = std::make_unique<SimulatedState>();
  s->loaded = load_scenario(o.scenario, o.overrides);
  s->loaded.spec = with_generated_network(s->loaded.spec, s->loaded.spec.seed);
  const ScenarioSpec& spec = s->loaded.spec;
  Date at = std::min(spec.end, spec.start.plus_months(12).plus_days(-1));
  if (!o.at.empty()) {
    const auto parsed = Date::parse_iso(o.at);
    if (!parsed || *parsed < spec.start || *parsed > spec.end) {
      throw ConfigError({"<command line>", 0, 0}, "--at",
                        "expected an ISO date between " + spec.start.iso() + " and " +
                            spec.end.iso() + ", got '" + o.at + "'");
    }
    at = *parsed;
  }
  s->world = make_world(spec, spec.seed);
  MemorySink sink;
  RunOptions opt;
  opt.until = at;
  continue_run(spec, s->world, sink, opt);
  return s;
}

}  // namespace alchemy
