#pragma once
// The run report: one self-contained HTML page (html_page.hpp) of a run's RunData: market value
// and price per firm (log scale, defaults and shocks marked), month-end balance sheets,
// sentiment / GPU index / risk-free rate, the default timeline with causes, ρ(W) and the
// strongest loops' gains, cascade trees from the events' `cause` links, and the summary tables.
//
// The data block (run_report_json) is a pure function of the RunData: numbers in shortest
// round-trip form (money as exact dollars from cents), one array per column and firm, names in
// tables referenced by index.

#include <filesystem>
#include <string>

#include "sim/folder/report_mark.hpp"
#include "sim/report/run_data.hpp"

namespace alchemy {

std::string run_report_json(const RunData& data);

// The whole page.
std::string run_report_html(const RunData& data);

// Writes the page to `out` through a temporary file in the same folder and a rename. Throws
// OutputDirError (exit 2) when `out` exists and is not an alchemy report, or is a folder.
void write_run_report(const RunData& data, const std::filesystem::path& out);

}  // namespace alchemy
