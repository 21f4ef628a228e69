#pragma once
// How a subcommand plugs into the `alchemy` executable. Each command module defines one
// register_*_command function; sim/cli/main.cpp calls them all. A command's callback stores its
// exit code in `exit_code`: 0 ok, 2 bad input (ConfigError or unreadable input), 3 the environment
// (disk full, no permission, a path through a file, standard output not writable), 4 the model
// left its representable range, 1 internal error (a bug); 128 + signal when interrupted. README
// "Exit codes" has the table. Commands write results to stdout and diagnostics to stderr; they
// never call std::exit.

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace alchemy {

void register_run_command(CLI::App& app, int& exit_code);       // sim/cli/cli_run.cpp
void register_validate_command(CLI::App& app, int& exit_code);  // sim/cli/cli_validate.cpp
void register_clear_command(CLI::App& app, int& exit_code);     // sim/cli/cli_contagion.cpp
void register_cascades_command(CLI::App& app, int& exit_code);  // sim/cli/cli_cascades.cpp
void register_debtrank_command(CLI::App& app, int& exit_code);  // sim/cli/cli_contagion.cpp
void register_loops_command(CLI::App& app, int& exit_code);     // sim/cli/cli_network.cpp
void register_graph_command(CLI::App& app, int& exit_code);     // sim/cli/cli_network.cpp
void register_sweep_command(CLI::App& app, int& exit_code);     // sim/cli/cli_sweep.cpp
void register_resume_command(CLI::App& app, int& exit_code);    // sim/cli/cli_checkpoint.cpp
void register_fork_command(CLI::App& app, int& exit_code);      // sim/cli/cli_checkpoint.cpp
void register_summary_command(CLI::App& app, int& exit_code);   // sim/cli/cli_summary.cpp
void register_report_command(CLI::App& app, int& exit_code);    // sim/cli/cli_report.cpp

// A bad flag value found after parsing (exit 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs a command's body and turns what it throws into the exit codes above: a ConfigError,
// UsageError or OutputDirError (the input is wrong) prints "error: …" and gives 2; an
// environment failure (sim/folder/environment_error.hpp) prints "error: …" and gives 3; any other
// exception prints "internal error: …" and gives 1.
int exit_code_of(const std::function<int()>& body);

// Flushes stdout (stdio and iostreams) and checks it for write errors: a command whose results
// were lost (`> /dev/full`, a closed pipe) must not exit 0. Returns `exit_code`, or 3 with a
// message when it was 0 and stdout failed (a failing command keeps its own code).
int with_stdout_checked(int exit_code);

// The exact argv of this process, for manifests (the command registry does not pass argv on;
// Linux keeps it in /proc/self/cmdline).
std::vector<std::string> command_line();

}  // namespace alchemy
