// `alchemy report DIR [--out FILE] [--x KEY --y KEY --bins NxM]`: one self-contained HTML page
// of a finished run (sim/report/run_report.hpp) or sweep (sim/report/sweep_report.hpp; --x, --y
// and --bins choose its heatmaps), written to DIR/report.html unless --out says otherwise, and its
// path printed. The run's files are checked against its manifest first; a folder that is not a
// complete run, a file changed since the run wrote it, or a malformed row exits 2 with a located
// message, and nothing is written. An existing file is replaced only if alchemy wrote it.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "sim/cli/cli_command.hpp"
#include "sim/folder/output_dir.hpp"
#include "sim/report/run_folder_reader.hpp"
#include "sim/report/run_report.hpp"
#include "sim/report/sweep_report.hpp"

namespace alchemy {

namespace {

namespace fs = std::filesystem;

struct ReportArgs {
  std::string dir;
  std::string out;
  std::string x, y, bins;
};

int report_command(const ReportArgs& a) {
  const fs::path dir(a.dir);
  if (is_sweep_folder(dir)) {
    SweepReportOptions options;
    options.output = a.out;
    options.x = a.x;
    options.y = a.y;
    if (!a.bins.empty()) {
      try {
        parse_bins(a.bins, options);
      } catch (const std::invalid_argument& e) {
        throw OutputDirError(std::string("--bins: ") + e.what());
      }
    }
    std::printf("%s\n", write_sweep_report(dir, options).string().c_str());
    return 0;
  }
  if (!a.x.empty() || !a.y.empty() || !a.bins.empty())
    throw OutputDirError(dir.string() +
                         " is a run's folder: --x, --y and --bins choose a sweep "
                         "report's heatmaps");
  const RunData data = read_run_folder(dir);
  const fs::path out = a.out.empty() ? dir / kReportFileName : fs::path(a.out);
  write_run_report(data, out);
  std::printf("%s\n", out.string().c_str());
  return 0;
}

}  // namespace

void register_report_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Write a run's or a sweep's report: one self-contained HTML page of charts and tables");
  cmd->add_option("dir", a->dir,
                  "the run's or sweep's folder (what `alchemy run|sweep --out` wrote)")
      ->required();
  cmd->add_option("--x", a->x, "a sweep: the heatmaps' x parameter (default: its first)");
  cmd->add_option("--y", a->y, "a sweep: the heatmaps' y parameter (default: its second)");
  cmd->add_option("--bins", a->bins,
                  "a random or Latin-hypercube sweep: bins per axis, N or NxM (default 8x8)");
  cmd->add_option("--out", a->out,
                  "the report file (default DIR/report.html); an existing file is replaced only "
                  "if alchemy wrote it");
  cmd->callback([a, &exit_code] { exit_code = exit_code_of([&] { return report_command(*a); }); });
}

}  // namespace alchemy
