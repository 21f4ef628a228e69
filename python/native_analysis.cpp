#include "python/native_analysis.hpp"

#include <algorithm>
#include <sstream>

#include <pybind11/stl.h>

#include "python/native_run.hpp"
#include "python/scenario_input.hpp"
#include "sim/analysis/contract_network.hpp"
#include "sim/analysis/exposure_network.hpp"
#include "sim/analysis/graph_export.hpp"
#include "sim/analysis/systemic_impact.hpp"
#include "sim/engine/compiled_scenario.hpp"
#include "sim/engine/loop_tracker.hpp"
#include "sim/engine/network_generator.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/scenario/scenario_tree.hpp"

namespace py = pybind11;

namespace alchemy::python {

namespace {

struct StateAt {
  LoadedScenario loaded;
  World world;
};

// sim/run/simulate_to's steps, from a path or a dict: the scenario's own seed, its generated
// network drawn from it, and the first year by default.
StateAt state_at(py::handle scenario, const py::dict& sets, const std::optional<std::string>& at) {
  StateAt s;
  s.loaded = scenario_from_tree(scenario_tree(scenario_input(scenario), overrides_of(sets)));
  s.loaded.spec = with_generated_network(s.loaded.spec, s.loaded.spec.seed);
  const ScenarioSpec& spec = s.loaded.spec;
  Date date = std::min(spec.end, spec.start.plus_months(12).plus_days(-1));
  if (at) {
    const auto parsed = Date::parse_iso(*at);
    if (!parsed || *parsed < spec.start || *parsed > spec.end) {
      throw py::value_error("at: expected an ISO date between " + spec.start.iso() + " and " +
                            spec.end.iso() + ", got '" + *at + "'");
    }
    date = *parsed;
  }
  s.world = make_world(spec, spec.seed);
  MemorySink sink;
  RunOptions options;
  options.until = date;
  py::gil_scoped_release unlocked;
  continue_run(spec, s.world, sink, options);
  return s;
}

}  // namespace

std::string graph_json(py::handle scenario, const py::dict& sets,
                       const std::optional<std::string>& at) {
  StateAt s = state_at(scenario, sets, at);
  const CompiledScenario rules = compile_scenario(s.loaded.spec);
  MemorySink sink;
  TickContext ctx{s.loaded.spec, s.world, sink, rules};
  std::ostringstream out;
  write_json(contract_network(ctx), out);
  return out.str();
}

py::dict loops_at(py::handle scenario, const py::dict& sets, const std::optional<std::string>& at) {
  StateAt s = state_at(scenario, sets, at);
  const CompiledScenario rules = compile_scenario(s.loaded.spec);
  MemorySink sink;
  TickContext ctx{s.loaded.spec, s.world, sink, rules};
  const LoopSnapshot snap = analyse_loops(ctx);
  std::vector<std::string> ids;
  for (const auto& f : s.loaded.spec.firms)
    ids.push_back(f.id);
  py::list loop, loop_class, gain, per_edge_gain, kinds;
  for (const auto& c : snap.circuits.circuits) {
    std::string k;
    for (const auto kind : c.kinds)
      k += (k.empty() ? "" : ">") + std::string(to_string(kind));
    loop.append(loop_name(c, ids));
    loop_class.append(std::string(to_string(c.loop_class)));
    gain.append(c.gain);
    per_edge_gain.append(c.per_edge_gain);
    kinds.append(k);
  }
  py::dict columns;
  columns["loop"] = loop;
  columns["class"] = loop_class;
  columns["gain"] = gain;
  columns["per_edge_gain"] = per_edge_gain;
  columns["kinds"] = kinds;
  py::dict out;
  out["scenario"] = s.loaded.spec.name;
  out["date"] = s.world.date.iso();
  out["rho"] = snap.spectral.rho;
  out["multiplier"] = snap.spectral.explosive() ? py::none() : py::cast(snap.spectral.multiplier());
  out["loops"] = columns;
  return out;
}

py::dict debtrank_at(py::handle scenario, const py::dict& sets,
                     const std::optional<std::string>& at, bool linear) {
  StateAt s = state_at(scenario, sets, at);
  const ExposureNetwork net = exposure_network(s.loaded.spec, s.world);
  const SystemicImpact impact =
      systemic_impact(net, linear ? DebtRankVariant::linear : DebtRankVariant::original);
  const std::vector<double> of_each = net.exposure_of_each();
  const std::vector<double> to_each = net.exposure_to_each();
  py::list rank, firm, original, lin, equity, exposure, exposed_to, defaulted;
  for (std::size_t k = 0; k < impact.ranking.size(); ++k) {
    const FirmImpact& r = impact.ranking[k];
    rank.append(k + 1);
    firm.append(net.firm_ids[r.firm]);
    original.append(r.original);
    lin.append(r.linear);
    equity.append(net.equity[r.firm]);
    exposure.append(of_each[r.firm]);
    exposed_to.append(to_each[r.firm]);
    defaulted.append(net.defaulted[r.firm] != 0);
  }
  py::dict columns;
  columns["rank"] = rank;
  columns["firm"] = firm;
  columns["original"] = original;
  columns["linear"] = lin;
  columns["equity"] = equity;
  columns["exposure"] = exposure;
  columns["exposed_to"] = exposed_to;
  columns["defaulted"] = defaulted;
  py::dict out;
  out["date"] = s.world.date.iso();
  out["ranking"] = columns;
  return out;
}

}  // namespace alchemy::python
