#pragma once
// Loads a scenario YAML file into a validated ScenarioSpec.
//   - `base: other.yaml` (path relative to the file) derives from another scenario: maps merge
//     key by key, lists of maps that carry `id` merge item by item on `id`, other lists and
//     scalars replace.
//   - overrides `key.path=value` (from --set, sweeps, forks) apply after the merge.
//   - every error is a ConfigError with file:line:column, key path and what was expected.

#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario/scenario_assumptions.hpp"
#include "sim/world/scenario_spec.hpp"

namespace alchemy {

struct LoadedScenario {
  ScenarioSpec spec;
  // The resolved scenario (after `base:` merge and overrides) as canonical YAML text: keys in
  // a fixed order, one value per key. Its SHA-256 identifies the scenario in manifests.
  std::string resolved_yaml;
  // The plausible ranges of its assumptions (`assumptions:`, scenario_assumptions.hpp); not in
  // resolved_yaml, since they change nothing a run computes.
  std::vector<AssumptionRange> assumptions;
};

LoadedScenario load_scenario(const std::filesystem::path& file,
                             const std::vector<std::string>& overrides = {});

// The reference of every scenario key (markdown): key path, type/unit, default, meaning.
// Generated from the same tables the loader uses.
std::string scenario_reference_markdown();

}  // namespace alchemy
