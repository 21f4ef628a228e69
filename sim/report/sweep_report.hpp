#pragma once
// `alchemy report SWEEP_DIR`: one self-contained HTML page of a finished sweep (html_page.hpp),
// from its manifest.json, runs.csv and summary.csv (sweep_results.hpp):
//   - per reported firm, a heatmap of its default probability over two parameters (x, y): the
//     share of the cell's runs in which it defaulted, with the cell's runs n (cells as
//     sweep_grid.hpp: one per grid point; binned for random and Latin-hypercube sweeps); a sweep
//     of one parameter gets a line of pd over it with 95 % Wilson error bars instead;
//   - the tipping-point map: per firm, the contour where that probability crosses 0.5
//     (sweep_grid.hpp: level_contour), one line per firm on one chart;
//   - every other outcome metric per point: median, mean and the p05–p95 band of summary.csv;
//   - tables: the sweep, pd per point, the tipping points.
// The page script is page/sweep_report.js; the data block holds only what it draws.

#include <cstddef>
#include <filesystem>
#include <string>

#include "sim/report/sweep_results.hpp"

namespace alchemy {

struct SweepReportOptions {
  std::filesystem::path output;  // empty: SWEEP_DIR/report.html
  std::string x, y;              // the heatmaps' axes; empty: the sweep's 1st and 2nd parameter
  // Random and Latin-hypercube sweeps: bins per axis for a parameter that took more distinct
  // values than this (at least 1). Grid sweeps are never binned: one cell per value.
  std::size_t bins_x = 8, bins_y = 8;
};

// "8x6" → bins 8 along x, 6 along y; "8" → 8 × 8. Throws std::invalid_argument saying what is
// expected (exit 2).
void parse_bins(const std::string& text, SweepReportOptions& options);

// Where the report goes: options.output, or SWEEP_DIR/report.html.
std::filesystem::path sweep_report_path(const std::filesystem::path& sweep_dir,
                                        const SweepReportOptions& options);

// The page's data block (JSON text, keys sorted, so the same folder gives the same bytes).
// Throws ConfigError for an --x/--y that is not one of the sweep's parameters ("--x: …").
std::string sweep_report_data(const SweepResults& results, const SweepReportOptions& options);

// The whole page.
std::string sweep_report_page(const SweepResults& results, const SweepReportOptions& options);

// Reads the folder and writes the page to sweep_report_path (report_file.hpp: temporary file and
// rename; an existing file is replaced only when alchemy wrote it). Returns where it went.
// Throws OutputDirError / ConfigError (bad input, exit 2; nothing written).
std::filesystem::path write_sweep_report(const std::filesystem::path& sweep_dir,
                                         const SweepReportOptions& options);

}  // namespace alchemy
