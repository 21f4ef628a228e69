// The `alchemy` executable: parses the command line and dispatches to one subcommand.
// Exit codes: 0 ok, 2 bad input (a ConfigError, an unreadable file, a bad flag), 3 environment
// (disk full, no permission, stdout not writable), 1 internal error; README "Exit codes".

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include "sim/cli/cli_command.hpp"
#include "sim/folder/environment_error.hpp"
#include "sim/folder/version.hpp"
#include "sim/scenario/config_error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"alchemy: an agent-based simulator of reflexive financing loops and contagion"};
  app.set_version_flag("--version", std::string("alchemy ") + std::string(alchemy::version()) +
                                        " (" + std::string(alchemy::git_revision()) + ")");
  app.require_subcommand(1);
  int exit_code = 0;
  alchemy::register_run_command(app, exit_code);
  alchemy::register_validate_command(app, exit_code);
  alchemy::register_sweep_command(app, exit_code);
  alchemy::register_clear_command(app, exit_code);
  alchemy::register_debtrank_command(app, exit_code);
  alchemy::register_loops_command(app, exit_code);
  alchemy::register_graph_command(app, exit_code);
  alchemy::register_resume_command(app, exit_code);
  alchemy::register_fork_command(app, exit_code);
  alchemy::register_summary_command(app, exit_code);
  alchemy::register_cascades_command(app, exit_code);
  alchemy::register_report_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    // CLI11 uses various codes for usage errors; ours is 2. --help and --version print to stdout.
    return alchemy::with_stdout_checked(rc == 0 ? 0 : 2);
  } catch (const alchemy::ConfigError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    if (const auto env = alchemy::environment_failure(e)) {
      std::fprintf(stderr, "error: %s\n", env->c_str());
      return alchemy::kEnvironmentExit;
    }
    std::fprintf(stderr, "internal error: %s\n", e.what());
    return 1;
  }
  return alchemy::with_stdout_checked(exit_code);
}
