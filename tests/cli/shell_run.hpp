#pragma once
// Runs the alchemy binary through the shell, as a user would, capturing exit code, stdout and
// stderr (in files under `dir`, named by process and call: ctest runs each test case in its own
// process, two at a time, so a per-process count alone would let two cases share a file). For
// CLI tests whose arguments are one shell-quoted string.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace alchemy::testing {

struct ShellRun {
  int code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline ShellRun run_alchemy(const std::string& args, const std::filesystem::path& dir) {
  static int counter = 0;
  std::filesystem::create_directories(dir);
  const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(++counter);
  const std::filesystem::path out = dir / ("out" + tag), err = dir / ("err" + tag);
  const std::string cmd = std::string("'") + ALCHEMY_BINARY + "' " + args + " > '" + out.string() +
                          "' 2> '" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  ShellRun r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

}  // namespace alchemy::testing
