// `alchemy summary RUN_DIR`: prints a finished run's summary again, the bytes `alchemy run` (or
// resume, fork) printed, from the run folder's summary.txt (checked against its manifest).
// Exit 2 with a message for a folder that is not a run, a failed run, or a run written before
// summaries were kept (sim/output/summary_file.hpp).

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <string>
#include <system_error>

#include "sim/cli/cli_command.hpp"
#include "sim/output/summary_file.hpp"

namespace alchemy {

void register_summary_command(CLI::App& app, int& exit_code) {
  auto dir = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("summary", "print a finished run's summary again");
  cmd->add_option("run_dir", *dir, "the run's folder (what `alchemy run --out` wrote)")->required();
  cmd->callback([dir, &exit_code] {
    exit_code = exit_code_of([&] {
      const std::string text = read_summary_file(*dir);
      if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() ||
          std::fflush(stdout) != 0)
        throw std::system_error(errno ? errno : EIO, std::generic_category(),
                                "cannot write the summary to stdout");
      return 0;
    });
  });
}

}  // namespace alchemy
