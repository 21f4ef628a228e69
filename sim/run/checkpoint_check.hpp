#pragma once
// A checkpoint's world checked against the scenario it carries, field by field, after the
// checksum. The checksum only proves the file is as written; a file edited and re-summed, or
// written by a bug, could still hold a contract index of 999 or a price of NaN, and the engine
// indexes its vectors with these numbers without checking (it trusts the world it built). So
// before a resume or fork runs a single tick, every index is checked to be in range, every
// double finite, every count to match the scenario, every enum in range; a failure is a
// CheckpointError (exit code 2) naming the field, e.g.
//
//   x.ckpt: world.scheduler.pending[12].contract: 999 is not a contract index (the scenario
//   has 6 contracts)
//
// Money is an int64 count of cents, so it is finite by construction; its range is not limited
// here (sums are checked where the run computes them).

#include <filesystem>

#include "sim/world/scenario_spec.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

// `spec` is the scenario the world runs (with a generated network already expanded from the
// world's seed). Throws CheckpointError naming `file` and the first field that is wrong.
void check_checkpoint_world(const World& w, const ScenarioSpec& spec,
                            const std::filesystem::path& file);

}  // namespace alchemy
