#pragma once
// Checkpoint files: the whole World, the resolved scenario it runs and how its run was set up, in
// one self-checking file, so that a run can stop and resume, or branch into a counterfactual.
//
// Layout (format 1). A text header, the body, and a closing checksum line:
//
//   alchemy-checkpoint 1                  magic and format version
//   alchemy-version 0.1.0                 the release that wrote it (sim/folder/version.hpp)
//   scenario-sha256 <64 hex digits>       SHA-256 of the resolved scenario YAML below
//   scenario-bytes <n>                    length of the YAML
//   <empty line>
//   <the resolved scenario YAML: exactly n bytes>
//   <one line of JSON: {"run": {...}, "world": {...}}>
//   sha256 <64 hex digits>                SHA-256 of every byte before this line
//
// The world is JSON (nlohmann_json) rather than binary so that a checkpoint can be inspected with
// standard tools (`tail -n 2 x.ckpt | head -n 1 | jq .world.market`). Exactness: money is an
// integer count of cents, RNG states and sequence numbers are unsigned 64-bit integers (JSON
// numbers; nlohmann keeps all 64 bits), dates are ISO strings, and doubles are written as the
// shortest decimal that reads back to the same bits (nlohmann's dump); non-finite doubles, which
// JSON lacks, are the strings "nan", "inf" and "-inf".
//
// A checkpoint resumes only with the alchemy release that wrote it: another release may simulate
// differently, so its continuation would not be the run it claims to continue.

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/scenario/config_error.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

inline constexpr int kCheckpointFormat = 1;
inline constexpr const char* kCheckpointExtension = ".ckpt";

// A checkpoint that cannot be used: unreadable, not a checkpoint, truncated, corrupt, or from
// another release or format. A ConfigError (bad input; exit code 2) located at the file, so the
// message reads "<file>: <what is wrong>".
class CheckpointError : public ConfigError {
 public:
  CheckpointError(const std::filesystem::path& file, std::string problem);
};

struct Checkpoint {
  std::string scenario_yaml;                      // the resolved scenario (scenario_loader.hpp)
  nlohmann::json run = nlohmann::json::object();  // how the run was set up and how far its
                                                  // outputs got (run_checkpointer.hpp)
  World world;
};

// The world as JSON and back. world_from_json throws nlohmann::json::exception or
// std::invalid_argument on a malformed document.
nlohmann::json world_to_json(const World& w);
World world_from_json(const nlohmann::json& j);

// The file's bytes, and back. `version` is the release stamped into the header (tests write
// other releases' checkpoints with it). decode_checkpoint throws CheckpointError naming `file`.
std::string encode_checkpoint(const Checkpoint& c, std::string_view version);
Checkpoint decode_checkpoint(std::string_view bytes, const std::filesystem::path& file);

// Writes atomically: a temporary file in the same folder, flushed to disk, then renamed over
// `file`, so a reader never sees half a checkpoint. Throws std::system_error.
void save_checkpoint(const std::filesystem::path& file, const Checkpoint& c);
// Reads and checks a checkpoint written by this release. Throws CheckpointError.
Checkpoint load_checkpoint(const std::filesystem::path& file);

}  // namespace alchemy
