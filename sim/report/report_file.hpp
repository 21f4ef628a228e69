#pragma once
// Writing a report page to its file, shared by the run and the sweep reports: "never overwrite a
// file alchemy did not write". Every page carries kReportGeneratorMeta in its <head>
// (html_page.cpp); an existing file at the path is replaced only when it carries it too.

#include <filesystem>
#include <string_view>

#include "sim/folder/report_mark.hpp"

namespace alchemy {

// Writes `page` to `path` through a temporary file in the same folder, fsynced and renamed over
// `path`, so a reader sees the old page or the new one, never half of one. Throws OutputDirError
// (exit 2; nothing touched) when `path` exists and is not an alchemy report (a file of the user, a
// folder, a symlink), and EnvironmentError / std::filesystem errors when it cannot be written.
void write_report_file(const std::filesystem::path& path, std::string_view page);

}  // namespace alchemy
