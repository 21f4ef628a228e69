#pragma once
// Fuzz targets: each feeds one input to one of alchemy's readers of user files. A target returns
// when the reader accepts the input or refuses it as bad input (a ConfigError, which includes
// CheckpointError: exit code 2 in the CLI, with a located message). Anything else escapes: any
// other exception (what the CLI would report as "internal error", exit 1), and of course a
// crash, a sanitizer report, a hang or a blow-up of memory. That is what a finding is.
//
// The targets are plain functions so that two drivers share them: libfuzzer_main.cpp (built with
// clang under `make fuzz`, ALCHEMY_FUZZ=ON) and the normal suite's corpus replay
// (tests/fuzz/corpus_replay_test.cpp, built with g++), which feeds every file of
// tests/data/fuzz/<target>/ to its target.

#include <span>
#include <string_view>

namespace alchemy::fuzz {

// A scenario's YAML text, loaded in memory (config_tree + scenario_from_tree, as load_scenario
// does for a file without `base:`).
void scenario(std::string_view bytes);
// A sweep file (load_sweep_spec), written to a scratch file first: the reader takes a path.
void sweep(std::string_view bytes);
// A liability network file (read_network_file) as YAML, and as CSV. For CSV, a line "%%" splits
// the input into the edge list and a firms file (--firms).
void network_yaml(std::string_view bytes);
void network_csv(std::string_view bytes);
// A checkpoint file. The closing "sha256" line (if the input has one) and the header's
// scenario-sha256 are recomputed, so that mutations reach the fields behind the checksums; then
// the file is decoded, its scenario loaded, its world checked against it (checkpoint_check.hpp)
// and its run description read, as `alchemy resume` does before it runs.
void checkpoint(std::string_view bytes);

struct Target {
  const char* name;  // also the corpus folder: tests/data/fuzz/<name>/
  void (*run)(std::string_view bytes);
};
std::span<const Target> targets();

}  // namespace alchemy::fuzz
