// `alchemy report DIR [--out FILE]`: one self-contained HTML page of a finished run
// (sim/report/run_report.hpp), written to DIR/report.html unless --out says otherwise, and its
// path printed. The run's files are checked against its manifest first; a folder that is not a
// complete run, a file changed since the run wrote it, or a malformed row exits 2 with a located
// message, and nothing is written. An existing file is replaced only if alchemy wrote it.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "sim/cli/cli_command.hpp"
#include "sim/folder/output_dir.hpp"
#include "sim/report/run_folder_reader.hpp"
#include "sim/report/run_report.hpp"

namespace alchemy {

namespace {

namespace fs = std::filesystem;

struct ReportArgs {
  std::string dir;
  std::string out;
};

int report_command(const ReportArgs& a) {
  const fs::path dir(a.dir);
  if (is_sweep_folder(dir))
    throw OutputDirError(dir.string() +
                         ": a sweep's folder; `alchemy report` writes reports of runs only "
                         "(give it one run's folder)");
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
      "report", "Write a run's report: one self-contained HTML page of charts and tables");
  cmd->add_option("dir", a->dir, "the run's folder (what `alchemy run --out` wrote)")->required();
  cmd->add_option("--out", a->out,
                  "the report file (default DIR/report.html); an existing file is replaced only "
                  "if alchemy wrote it");
  cmd->callback([a, &exit_code] { exit_code = exit_code_of([&] { return report_command(*a); }); });
}

}  // namespace alchemy
