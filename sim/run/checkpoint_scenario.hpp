#pragma once
// The scenario of a checkpoint, read back from the resolved YAML it carries, and forks: the same
// scenario with more shocks, and the checkpoint's world given them.
//
// A shocks file (sim/scenario/shocks_file.hpp) holds one key, `shocks:`, a list in the
// scenario's shape. Every shock must be dated on or after the checkpoint's date (the
// checkpoint's own tick is already simulated, so a shock dated that day applies at the next
// tick). Errors are ConfigErrors at the shocks file's line and column.

#include <filesystem>

#include "sim/run/world_io.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

// The scenario of `c` (read from `file`), and `c`'s world checked against it field by field
// (checkpoint_check.hpp). Throws CheckpointError if it does not load or the world does not fit.
LoadedScenario checkpoint_scenario(const Checkpoint& c, const std::filesystem::path& file);

struct ForkedRun {
  LoadedScenario scenario;  // the checkpoint's scenario with the new shocks appended
  World world;              // the checkpoint's world, its scheduler holding the new shocks
  std::size_t shocks_added = 0;
};

ForkedRun fork_with_shocks(const Checkpoint& c, const std::filesystem::path& file,
                           const std::filesystem::path& shocks_file);

// The same with the shocks given as a list node (alchemy.Sim's shock(): a fork in memory);
// `added` must be a non-empty list.
ForkedRun fork_with_shock_list(const Checkpoint& c, const std::filesystem::path& file,
                               const ConfigNode& added);

}  // namespace alchemy
