#pragma once
// Shocks added to a scenario from outside it: the file of `alchemy fork CHECKPOINT --with
// SHOCKS.yaml` and `alchemy run SCENARIO --with SHOCKS.yaml`, and alchemy.Sim's shock().
// A shocks file holds one key, `shocks:`, a list in the scenario's shape:
//
//   shocks:
//     - {on: 2026-03-02, kind: sentiment, value: -0.5}
//     - {on: 2026-06-01, kind: cancel_contract, target: cloud-lab-lease}
//
// The shocks are appended to the scenario's own `shocks:` list, so the scenario then loads as if
// it had listed them last (the loader sorts shocks stably by date). Errors are ConfigErrors at
// the shocks file's line and column.

#include <filesystem>

#include "sim/scenario/config_tree.hpp"

namespace alchemy {

// The file's `shocks:` list (non-empty), or a ConfigError: not a map, a key other than
// `shocks`, no list or an empty one.
ConfigNode read_shocks_file(const std::filesystem::path& file);

// Appends the items of `added` (a list) to `tree`'s `shocks:` list, making one if it has none.
// The items keep their locations, so the loader's errors about them point into their file.
void append_shocks(ConfigNode& tree, const ConfigNode& added);

}  // namespace alchemy
