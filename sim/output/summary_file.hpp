#pragma once
// summary.txt: the summary `alchemy run` (resume, fork) printed, kept in the run's folder and
// listed in its manifest, so `alchemy summary RUN_DIR` prints the same bytes again later.
// Written for every run that got as far as its summary (complete or interrupted; not a failed
// one), whether or not --quiet kept it off the terminal.

#include <filesystem>
#include <string>

namespace alchemy {

inline constexpr const char* kSummaryFileName = "summary.txt";

// Writes dir/summary.txt. Throws std::system_error when it cannot.
void write_summary_file(const std::filesystem::path& dir, const std::string& text);

// The summary of the run folder `dir`, checked against its manifest: its bytes and SHA-256 are
// those the manifest lists. Throws OutputDirError (exit 2: the folder is not a run, a run written
// before summaries were kept, a failed run, a summary changed since) with a message that says
// which.
std::string read_summary_file(const std::filesystem::path& dir);

}  // namespace alchemy
