#include "python/native_sim.hpp"

#include "python/scenario_input.hpp"

#include <algorithm>

#include "sim/engine/network_generator.hpp"
#include "sim/folder/sha256.hpp"
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
      initial_yaml_(request_.loaded.resolved_yaml),
      added_shocks_(ConfigNode::sequence_at(SourceLocation{"<shock>", 0, 0})),
      started_at_(std::chrono::system_clock::now()),
      finished_at_(started_at_),
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
  const auto t0 = std::chrono::steady_clock::now();
  continue_run(request_.loaded.spec, world_, records_, options);
  stepping_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  finished_at_ = std::chrono::system_clock::now();
  next_ = next;
}

void NativeSim::shock(const ConfigNode& shocks) {
  Checkpoint here;
  here.scenario_yaml = request_.loaded.resolved_yaml;
  here.world = world_;
  ForkedRun forked = fork_with_shock_list(here, kSimName, shocks);
  request_.loaded = std::move(forked.scenario);
  world_ = std::move(forked.world);
  for (const ConfigNode& item : shocks.items)
    added_shocks_.items.push_back(item);
}

std::optional<std::string> NativeSim::shocks_yaml() const {
  if (added_shocks_.items.empty()) return std::nullopt;
  ConfigNode file = ConfigNode::map_at(added_shocks_.where);
  file.entries.push_back(ConfigEntry{"shocks", added_shocks_.where, added_shocks_});
  return emit_config_yaml(file);
}

Manifest NativeSim::manifest(std::vector<std::string> command_line) const {
  const ScenarioSpec& spec = request_.loaded.spec;
  Manifest m;
  m.scenario_file = scenario_name_;
  m.scenario_name = spec.name;
  m.scenario_sha256 = sha256_hex(request_.loaded.resolved_yaml);
  m.seed = request_.seed;
  m.start = spec.start;
  m.end = spec.end;
  m.until = request_.options.until;
  m.verbose_events = request_.options.verbose_events || spec.record.verbose_events;
  m.command_line = std::move(command_line);
  m.started_at = started_at_;
  m.finished_at = finished_at_;
  m.duration_seconds = stepping_seconds_;
  m.status = done() ? RunStatus::complete : RunStatus::incomplete;
  if (!done()) {
    m.reason =
        "stepped " + std::to_string(next_) + " of " + std::to_string(dates_.size()) + " ticks";
  }
  m.ticks = next_;
  m.planned_ticks = dates_.size();
  m.events = records_.events.size();
  m.last_date = date();
  return m;
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
