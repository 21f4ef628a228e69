#pragma once
// Whether a folder is one alchemy wrote itself, and so may be replaced by `--force`: "never
// delete what alchemy did not write". A folder qualifies when
//   - it is a real folder (not a symlink) and empty, or
//   - its manifest.json is an alchemy manifest of the same kind (a run's: alchemy_version,
//     scenario_sha256 and files; a sweep's: alchemy_version, sweep_sha256 and files), and
//   - every file under it is manifest.json or listed in the manifest's `files` with the size
//     written there (sim/folder/manifest.hpp, sim/sweep/sweep_manifest.hpp), or, in a run's
//     folder, the report.html alchemy wrote after the manifest (report_mark.hpp); folders that hold
//     nothing else are fine, anything else (a file of the user, a symlink, a file changed since)
//     is foreign. One exception: a top-level `report.html` that carries alchemy's report marker
//     (kReportGeneratorMeta) is alchemy's too — `alchemy report` and `--report` write it into a
//     finished folder after its manifest, so the manifest cannot list it.
// The answer names the first foreign thing, in sorted path order, so the message can say which.

#include <filesystem>
#include <optional>
#include <string>

namespace alchemy {

enum class OutputKind { run, sweep };
const char* to_string(OutputKind k);

// Why `dir` is not a replaceable `kind` output ("d/thesis.tex is not listed in its
// manifest.json"), or nullopt when it is. Reads only; never throws for what it finds (an
// unreadable manifest is a reason), only std::filesystem errors of the environment.
std::optional<std::string> not_replaceable_because(const std::filesystem::path& dir,
                                                   OutputKind kind);

}  // namespace alchemy
