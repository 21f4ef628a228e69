#include "python/native_sim.hpp"

#include "python/scenario_input.hpp"

#include <algorithm>

#include "sim/engine/network_generator.hpp"
#include "sim/run/checkpoint_scenario.hpp"
#include "sim/run/run_checkpointer.hpp"
#include "sim/run/world_io.hpp"
#include "sim/scenario/scenario_tree.hpp"

namespace alchemy::python {

namespace {

// make_world needs the generated network drawn, as run_scenario does; continue_run draws it
// again from the world's seed each time, so the Sim keeps the scenario as loaded.
World first_world(const ScenarioSpec& spec, std::uint64_t seed) {
  if (spec.network) return make_world(with_generated_network(spec, seed), seed);
  return make_world(spec, seed);
}

// The name fork_with_shock_list gives the Sim's scenario in its messages.
const std::filesystem::path kSimName = "<sim>";

}  // namespace

NativeSim::NativeSim(RunRequest request, std::string scenario_name)
    : request_(std::move(request)),
      scenario_name_(std::move(scenario_name)),
      dates_(tick_dates(request_.loaded.spec,
                        request_.options.until.value_or(request_.loaded.spec.end))),
      world_(first_world(request_.loaded.spec, request_.seed)) {}

std::optional<Date> NativeSim::date() const {
  if (next_ == 0) return std::nullopt;
  return world_.date;
}

void NativeSim::step(std::size_t ticks) {
  advance_to(std::min(dates_.size(), next_ + std::min(ticks, dates_.size())));
}

void NativeSim::step_through(Date date) {
  const auto after = std::upper_bound(dates_.begin(), dates_.end(), date);
  advance_to(static_cast<std::size_t>(after - dates_.begin()));
}

void NativeSim::advance_to(std::size_t next) {
  if (next <= next_) return;
  RunOptions options = request_.options;
  options.pause_after = dates_[next - 1];
  continue_run(request_.loaded.spec, world_, records_, options);
  next_ = next;
}

void NativeSim::shock(const ConfigNode& shocks) {
  Checkpoint here;
  here.scenario_yaml = request_.loaded.resolved_yaml;
  here.world = world_;
  ForkedRun forked = fork_with_shock_list(here, kSimName, shocks);
  request_.loaded = std::move(forked.scenario);
  world_ = std::move(forked.world);
}

std::string NativeSim::exported_yaml() const {
  ConfigNode tree = parse_config_text(request_.loaded.resolved_yaml, kSimName.string());
  apply_scenario_override(tree, "seed=" + std::to_string(request_.seed), set_location());
  return emit_config_yaml(tree);
}

void NativeSim::checkpoint(const std::filesystem::path& file) const {
  CheckpointRunInfo info;
  info.scenario_file = scenario_name_;
  info.until = request_.options.until;
  info.verbose_events = request_.options.verbose_events;
  info.events = world_.next_event_seq - 1;
  Checkpoint c;
  c.scenario_yaml = request_.loaded.resolved_yaml;
  c.run = info.to_json();
  c.world = world_;
  save_checkpoint(file, c);
}

}  // namespace alchemy::python
