#pragma once
// How a report page alchemy wrote is recognised: its head carries kReportGeneratorMeta. A later
// `alchemy report` may replace such a file, and `run --force` may replace a run folder holding
// one beside the files its manifest lists (output_ownership.hpp); any other file is the user's.

#include <filesystem>
#include <string_view>

namespace alchemy {

// The report's name in a run or sweep folder (`alchemy report`'s default, `--report`'s file).
inline constexpr const char* kReportFileName = "report.html";

inline constexpr std::string_view kReportGeneratorMeta =
    "<meta name=\"generator\" content=\"alchemy report\">";

// Whether `file` is a regular file (not a symlink) whose head, up to </head> within its first
// 4 KiB, carries kReportGeneratorMeta.
bool is_alchemy_report(const std::filesystem::path& file);

}  // namespace alchemy
