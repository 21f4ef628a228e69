#pragma once
// A finished sweep folder read back for its report: manifest.json, runs.csv and summary.csv
// (sim/sweep/sweep_tables.hpp has their columns), checked against each other so that the report
// never draws a half-written or foreign folder.
//
// Refused (OutputDirError, exit 2): a path that is not a folder, a folder without a sweep's
// manifest (a run's folder says so), an unfinished sweep (`<out>.incomplete`, or a manifest with
// status "incomplete": run the same sweep command again), a sweep written without csv tables
// (--format sqlite). Refused with file:line:column (ConfigError, exit 2): malformed CSV, columns
// other than the manifest's parameters and outcomes, a cell that is not a number where one is
// due, row counts other than the manifest's.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/report/csv_read.hpp"

namespace alchemy {

struct SweepResults {
  std::filesystem::path dir;
  std::string sweep_file, base_scenario, sampling, alchemy_version, finished_at;
  std::vector<std::string> parameters;  // keys, in the sweep file's order
  std::vector<std::string> outcomes;    // reported firms
  std::size_t points = 0, seeds = 0, runs = 0;
  CsvFile runs_csv;
  CsvFile summary_csv;

  // A cell that must be a number (finite): its value, or a ConfigError at the cell.
  static double number(const CsvFile& file, const CsvRow& row, std::size_t col);
};

// Whether `dir`'s manifest.json is a sweep's (so `alchemy report` gives it the sweep page, and
// read_sweep_results the checks above).
bool is_sweep_folder(const std::filesystem::path& dir);

SweepResults read_sweep_results(const std::filesystem::path& dir);

}  // namespace alchemy
