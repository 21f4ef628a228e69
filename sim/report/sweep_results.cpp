#include "sim/report/sweep_results.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/folder/manifest.hpp"
#include "sim/folder/output_dir.hpp"

namespace alchemy {

namespace fs = std::filesystem;

double SweepResults::number(const CsvFile& file, const CsvRow& row, std::size_t col) {
  const std::string& s = row.cells[col];
  double x = 0.0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(x)) {
    throw file.error_at(row, col,
                        "column '" + file.header[col] + "': expected a number, got '" + s + "'");
  }
  return x;
}

namespace {

nlohmann::json read_manifest(const fs::path& dir) {
  const fs::path file = dir / kManifestFileName;
  const std::string not_sweep = dir.string() + " is not a sweep folder: ";
  if (!fs::is_regular_file(file)) {
    throw OutputDirError(not_sweep + "it has no manifest.json (`alchemy sweep` writes one)");
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("alchemy_version")) {
    throw OutputDirError(not_sweep + file.string() + " is not an alchemy manifest");
  }
  if (j.contains("scenario_sha256")) {
    throw OutputDirError(not_sweep + "it is a run's folder (its manifest is a run's)");
  }
  for (const char* key : {"sweep_sha256", "parameters", "outcomes", "sampling", "points", "seeds",
                          "runs", "runs_done", "status"}) {
    if (!j.contains(key)) {
      throw OutputDirError(not_sweep + file.string() + " has no '" + key +
                           "' (not a sweep manifest of this alchemy version)");
    }
  }
  return j;
}

}  // namespace

bool is_sweep_folder(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  std::ifstream in(dir / kManifestFileName, std::ios::binary);
  if (!in) return false;
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  return j.is_object() && j.contains("sweep_sha256");
}

namespace {

template <class T>
T field(const nlohmann::json& j, const char* key, const fs::path& dir) {
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw OutputDirError((dir / kManifestFileName).string() + ": '" + key +
                         "' is not what a sweep manifest holds there");
  }
}

// The header must be `fixed`, then the parameters, then (for runs.csv) anything.
void check_header(const CsvFile& f, std::vector<std::string> expected, const char* what) {
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (i >= f.header.size() || f.header[i] != expected[i]) {
      std::string want;
      for (const auto& e : expected)
        want += (want.empty() ? "" : ",") + e;
      throw ConfigError(SourceLocation{f.file, 1, 1}, "",
                        std::string("expected ") + what + " to begin with the columns " + want +
                            " (its manifest's parameters)");
    }
  }
}

void need_column(const CsvFile& f, const std::string& name) {
  if (f.column(name) == std::string::npos) {
    throw ConfigError(SourceLocation{f.file, 1, 1}, "",
                      "no column '" + name + "' (the manifest reports this firm)");
  }
}

void check_rows(const CsvFile& f, std::size_t expected, const char* what) {
  if (f.rows.size() != expected) {
    throw ConfigError(SourceLocation{f.file, static_cast<int>(f.rows.size()) + 1, 1}, "",
                      std::to_string(f.rows.size()) + " rows, but its manifest.json says " +
                          std::to_string(expected) + " " + what);
  }
}

}  // namespace

SweepResults read_sweep_results(const fs::path& dir) {
  const fs::file_status st = fs::status(dir);
  if (!fs::exists(st)) throw OutputDirError(dir.string() + ": no such folder");
  if (!fs::is_directory(st)) throw OutputDirError(dir.string() + " is not a folder");
  fs::path name = dir.lexically_normal();
  if (name.filename().empty()) name = name.parent_path();  // "out/x.incomplete/"
  if (name.extension() == ".incomplete") {
    throw OutputDirError(dir.string() +
                         " is an unfinished sweep: run the same `alchemy sweep` command again "
                         "to finish it, then report on the finished folder");
  }
  const nlohmann::json j = read_manifest(dir);
  SweepResults r;
  r.dir = dir;
  r.parameters = field<std::vector<std::string>>(j, "parameters", dir);
  r.outcomes = field<std::vector<std::string>>(j, "outcomes", dir);
  r.sampling = field<std::string>(j, "sampling", dir);
  r.points = field<std::size_t>(j, "points", dir);
  r.seeds = field<std::size_t>(j, "seeds", dir);
  r.runs = field<std::size_t>(j, "runs", dir);
  const auto done = field<std::size_t>(j, "runs_done", dir);
  if (field<std::string>(j, "status", dir) != "complete" || done != r.runs) {
    throw OutputDirError(dir.string() + " is an unfinished sweep (" + std::to_string(done) +
                         " of " + std::to_string(r.runs) +
                         " runs done): run the same `alchemy sweep` command again to finish it");
  }
  r.sweep_file = j.value("sweep_file", "");
  r.base_scenario = j.value("base_scenario", "");
  r.alchemy_version = j.value("alchemy_version", "");
  r.finished_at = j.value("finished_at", "");
  if (r.parameters.empty()) {
    throw OutputDirError(dir.string() +
                         ": the sweep has no parameters, so there is nothing to "
                         "draw over");
  }
  for (const char* name : {"runs.csv", "summary.csv"}) {
    if (!fs::is_regular_file(dir / name)) {
      throw OutputDirError(dir.string() + " has no " + name +
                           " (a sweep written with --format sqlite only): run the sweep with "
                           "--format csv (the default) or csv,sqlite to report on it");
    }
  }
  r.runs_csv = read_csv(dir / "runs.csv");
  r.summary_csv = read_csv(dir / "summary.csv");

  std::vector<std::string> runs_head{"run", "point", "seed_index", "seed"};
  runs_head.insert(runs_head.end(), r.parameters.begin(), r.parameters.end());
  check_header(r.runs_csv, runs_head, "runs.csv");
  std::vector<std::string> summary_head{"point"};
  summary_head.insert(summary_head.end(), r.parameters.begin(), r.parameters.end());
  summary_head.push_back("runs");
  check_header(r.summary_csv, summary_head, "summary.csv");
  for (const auto& firm : r.outcomes) {
    need_column(r.runs_csv, "defaulted." + firm);
    need_column(r.summary_csv, "pd." + firm);
  }
  check_rows(r.runs_csv, r.runs, "runs");
  check_rows(r.summary_csv, r.points, "points");
  return r;
}

}  // namespace alchemy
