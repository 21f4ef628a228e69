#pragma once
// A finished run's folder read back into the rows its sinks wrote (RunData): series.csv,
// market.csv, loops.csv, events.jsonl and summary.txt, each checked first against manifest.json
// (listed, same size and SHA-256), then parsed with std::from_chars, no iostream per field.
//
// Throws OutputDirError (exit 2) with a located message: "DIR: not a run folder (...)", "the run
// is incomplete (...)", "DIR/series.csv differs from what the run wrote (...)",
// "DIR/series.csv:12:34: price: expected a number, got 'x'".

#include <filesystem>

#include "sim/folder/manifest.hpp"
#include "sim/report/run_data.hpp"

namespace alchemy {

RunData read_run_folder(const std::filesystem::path& dir);

// The report's identity of a run, as its manifest gives it (also for `run --report`, which has
// the manifest in memory).
RunIdentity run_identity(const Manifest& m);

// A whole file's bytes; throws std::system_error naming it.
std::string read_text_file(const std::filesystem::path& file);

}  // namespace alchemy
