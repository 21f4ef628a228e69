#include "sim/run/checkpoint_scenario.hpp"

#include <stdexcept>

#include "sim/engine/network_generator.hpp"
#include "sim/run/checkpoint_check.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/config_values.hpp"
#include "sim/scenario/scenario_tree.hpp"
#include "sim/scenario/shocks_file.hpp"

namespace alchemy {

namespace fs = std::filesystem;

namespace {

ConfigNode checkpoint_tree(const Checkpoint& c, const fs::path& file) {
  return parse_config_text(c.scenario_yaml, file.string() + " (its scenario)");
}

bool same_shock(const ShockSpec& a, const ShockSpec& b) {
  return a.on == b.on && a.kind == b.kind && a.target == b.target && a.value == b.value;
}

// The fork's shocks are the parent's and the new ones, stably sorted by date (the loader's
// order), so a parent shock may move to another index. Returns, for each parent index, its index
// in the fork; the fork indices not in it are the new shocks.
std::vector<std::int32_t> parent_positions(const std::vector<ShockSpec>& parent,
                                           const std::vector<ShockSpec>& fork) {
  // A stable sort of (parent ++ new) is a merge in which, among equal dates, parent shocks come
  // first; so matching greedily in order finds each parent shock's place.
  std::vector<std::int32_t> pos;
  std::size_t j = 0;
  for (std::size_t i = 0; i < fork.size() && j < parent.size(); ++i) {
    if (same_shock(fork[i], parent[j])) {
      pos.push_back(static_cast<std::int32_t>(i));
      ++j;
    }
  }
  if (j != parent.size()) throw std::logic_error("fork: the parent's shocks are not in the fork");
  return pos;
}

}  // namespace

LoadedScenario checkpoint_scenario(const Checkpoint& c, const fs::path& file) {
  LoadedScenario s;
  try {
    s = scenario_from_tree(checkpoint_tree(c, file));
  } catch (const ConfigError& e) {
    throw CheckpointError(file, std::string("its scenario does not load: ") + e.what());
  }
  // The world's counts and indices are those of the scenario the engine will run: with a
  // generated network, the network drawn from the world's seed (as continue_run draws it).
  if (s.spec.network) {
    check_checkpoint_world(c.world, with_generated_network(s.spec, c.world.seed), file);
  } else {
    check_checkpoint_world(c.world, s.spec, file);
  }
  return s;
}

ForkedRun fork_with_shocks(const Checkpoint& c, const fs::path& file, const fs::path& shocks_file) {
  return fork_with_shock_list(c, file, read_shocks_file(shocks_file));
}

ForkedRun fork_with_shock_list(const Checkpoint& c, const fs::path& file,
                               const ConfigNode& added_list) {
  ConfigNode tree = checkpoint_tree(c, file);
  const LoadedScenario parent = checkpoint_scenario(c, file);
  const ConfigNode* added = &added_list;
  const Date after = c.world.date;
  for (std::size_t i = 0; i < added->items.size(); ++i) {
    const ConfigNode& item = added->items[i];
    const ConfigNode* on = item.is_map() ? item.find("on") : nullptr;
    if (!on || !on->is_scalar()) continue;  // the loader says what is missing
    const Parsed<Date> d = parse_date(on->text);
    if (d.ok() && d.value() < after) {
      throw ConfigError(on->where, key_path_join(key_path_item("shocks", i, item), "on"),
                        "the shock is dated " + d.value().iso() +
                            ", before the checkpoint's date " + after.iso() +
                            "; a fork can only change what happens from then on");
    }
  }

  // Appended to the scenario's own list; the new nodes keep their locations in the shocks file,
  // so the loader's errors about them point there.
  append_shocks(tree, *added);

  ForkedRun out;
  out.scenario = scenario_from_tree(tree);
  out.shocks_added = added->items.size();
  const std::vector<ShockSpec>& fork_shocks = out.scenario.spec.shocks;
  const std::vector<std::int32_t> pos = parent_positions(parent.spec.shocks, fork_shocks);

  // The parent's pending shocks under their new indices, then the new shocks, scheduled in the
  // calendar phase of their dates like the scenario's own.
  std::vector<ScheduledItem> items = c.world.scheduler.pending();
  for (ScheduledItem& it : items) {
    if (it.kind == ItemKind::shock) it.index = pos.at(static_cast<std::size_t>(it.index));
  }
  out.world = c.world;
  out.world.scheduler = Scheduler::restore(std::move(items), c.world.scheduler.next_seq());
  std::vector<bool> is_parent(fork_shocks.size(), false);
  for (std::int32_t p : pos)
    is_parent[static_cast<std::size_t>(p)] = true;
  for (std::size_t k = 0; k < fork_shocks.size(); ++k) {
    if (is_parent[k]) continue;
    ScheduledItem it;
    it.date = fork_shocks[k].on;
    it.phase = Phase::calendar;
    it.kind = ItemKind::shock;
    it.index = static_cast<std::int32_t>(k);
    out.world.scheduler.add(it);
  }
  return out;
}

}  // namespace alchemy
