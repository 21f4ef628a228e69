#pragma once
// manifest.json of a sweep folder: what the sweep was and what it wrote. Pretty-printed JSON,
// keys sorted, like a run's manifest (sim/folder/manifest.hpp), whose conventions it shares:
//
//   alchemy_version, git_revision   the build
//   sweep_file, sweep_sha256        the sweep file as given; the plan hash (sweep_plan.hpp)
//   base_scenario, base_scenario_sha256   the scenario file and SHA-256 of its resolved YAML
//   sampling, parameters, outcomes  as in the sweep file (outcomes: the reported firms)
//   points, seeds, runs, seed       the size of the sweep and its base seed
//   runs_done, runs_resumed         runs in the journal; of those, done before this session
//   threads, ranks                  how this session ran (results never depend on them)
//   command_line, started_at, finished_at, duration_seconds   this session
//   status                          "complete" or "incomplete"
//   files                           bytes and SHA-256 of every file except the manifest

#include <chrono>
#include <cstddef>
#include <filesystem>

#include "sim/sweep/sweep_plan.hpp"

namespace alchemy {

struct SweepSession {
  std::size_t threads = 1;
  std::size_t ranks = 1;
  std::size_t runs_done = 0;
  std::size_t runs_resumed = 0;
  bool complete = false;
  std::chrono::system_clock::time_point started_at;
  std::chrono::steady_clock::time_point started_steady;
};

void write_sweep_manifest(const std::filesystem::path& dir, const SweepPlan& plan,
                          const SweepSession& session);

}  // namespace alchemy
