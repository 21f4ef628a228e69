#pragma once
// load_scenario in steps, for callers that change a scenario between reading and building it:
// sweeps and forks set keys with their own file:line, the CLI applies --set.
//
//   ConfigNode tree = load_scenario_tree("s.yaml");          // parsed, `base:` merged
//   apply_scenario_override(tree, "seed=7", {"sweep.yaml", 12, 5});
//   LoadedScenario s = scenario_from_tree(tree);             // validated spec + resolved YAML

#include <filesystem>
#include <string_view>

#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace alchemy {

// The location of --set overrides.
inline SourceLocation command_line_location() {
  return SourceLocation{"<command line>", 0, 0};
}

// Reads a scenario file and merges its `base:` chain. No schema checks yet.
ConfigNode load_scenario_tree(const std::filesystem::path& file);

// Applies "key.path=value" (see apply_config_override): the path is checked against the
// scenario keys (did you mean), list items are addressed by id or [index]. Errors are located at
// `where`, and so is every value it sets, so later errors about the value point there too.
void apply_scenario_override(ConfigNode& tree, std::string_view assignment,
                             const SourceLocation& where = command_line_location());

// The same with a value that is already a located node (e.g. read from a sweep file).
void set_scenario_value(ConfigNode& tree, std::string_view key_path, const ConfigNode& value);

// Checks the whole tree and builds the spec; resolved_yaml is the canonical text of `tree`.
LoadedScenario scenario_from_tree(const ConfigNode& tree);

}  // namespace alchemy
