#pragma once
// A sweep file as data: which scenario, which keys to vary over which values, how many seeds.
//
//   base: ../ai_compute_2025.yaml      # the scenario, relative to this file
//   seeds: 20                          # runs per point
//   seed: 7                            # base seed (default: the scenario's seed)
//   random_numbers: common             # independent (default) | common: seed k shared by all
//   sampling: grid                     # grid | random | latin_hypercube
//   samples: 50                        # points drawn, for random and latin_hypercube
//   parameters:
//     - {key: firms.openai.revenue.growth, values: [0.6, 1.2]}
//     - {key: market.sentiment.volatility, grid: {from: 0.05, to: 0.25, steps: 5}}
//     - {key: market.funding.freeze_below, range: {from: 0.4, to: 0.7}}
//   outcomes: [openai, oracle]         # firms reported per run (default: all)
//
// Read with the scenario loader's located tree and key tables (config_tree.hpp,
// config_schema.hpp), so its errors have the same file:line:column form and "did you mean".

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/config_tree.hpp"

namespace alchemy {

enum class Sampling { grid, random, latin_hypercube };

// Which seeds the points share. Independent: every run has its own seed. Common: the k-th seed is
// the same at every point (common random numbers), so two points differ only by their parameters
// and a difference between neighbours is not hidden by the seeds' noise (Law & Kelton, *Simulation
// Modeling and Analysis*, §11.2).
enum class RandomNumbers { independent, common };

struct SweepParameter {
  enum class Kind { values, grid, range };
  std::string key;           // a scenario key path, as for --set
  SourceLocation key_where;  // where the key path is written (errors about the path point here)
  SourceLocation where;      // the parameter's item in the list
  Kind kind = Kind::values;
  std::vector<ConfigNode> values;  // values: single values as written, each with its location
  double from = 0.0;               // grid, range
  double to = 0.0;
  // grid, range: a bound written as an amount (60B), so the values made are whole cents, as a
  // money key requires (a draw such as 161392101426.49463 would be refused).
  bool money = false;
  std::int64_t steps = 0;  // grid: values from `from` to `to` inclusive, evenly spaced
};

struct SweepSpec {
  std::filesystem::path file;  // the sweep file as given
  std::filesystem::path base;  // the scenario file, relative to the working directory
  SourceLocation base_where;
  std::uint64_t seeds = 1;
  std::optional<std::uint64_t> seed;
  Sampling sampling = Sampling::grid;
  RandomNumbers random_numbers = RandomNumbers::independent;
  std::int64_t samples = 0;
  SourceLocation samples_where;
  SourceLocation sampling_where;
  std::vector<SweepParameter> parameters;
  std::vector<std::string> outcomes;
  std::vector<SourceLocation> outcomes_where;
};

// Reads and checks the sweep file itself (not yet the scenario or the key paths: see
// SweepPlan). Throws ConfigError.
SweepSpec load_sweep_spec(const std::filesystem::path& file);
// The same from a tree already read (alchemy.sweep's dict); `file` names it in messages, and
// `base:` is relative to its folder.
SweepSpec sweep_spec_from_tree(const ConfigNode& root, const std::filesystem::path& file);

// The reference of the sweep file keys (markdown), from the same tables the reader uses.
std::string sweep_reference_markdown();

}  // namespace alchemy
