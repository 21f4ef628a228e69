#include "sim/cli/cli_command.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include "sim/engine/representable.hpp"
#include "sim/folder/environment_error.hpp"
#include "sim/folder/output_dir.hpp"
#include "sim/scenario/config_error.hpp"

namespace alchemy {

int exit_code_of(const std::function<int()>& body) {
  try {
    return body();
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  } catch (const UsageError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  } catch (const OutputDirError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  } catch (const ModelOutOfRange& e) {  // e.g. `graph --at` a date the model cannot reach
    std::fprintf(stderr, "stopped: %s\n", e.what());
    return kExitOutOfRange;
  } catch (const std::exception& e) {
    if (const auto env = environment_failure(e)) {
      std::fprintf(stderr, "error: %s\n", env->c_str());
      return kEnvironmentExit;
    }
    std::fprintf(stderr, "internal error: %s\n", e.what());
    return 1;
  }
  return 2;
}

int with_stdout_checked(int exit_code) {
  // Results go to stdout through stdio and iostreams; a full disk or a closed pipe shows only
  // when the buffers are flushed, so flush both and look at the stream's error flag.
  // A write that failed earlier, with the buffer still filling, left its errno behind; a failing
  // flush sets its own.
  const int earlier = errno;
  std::cout.flush();
  const bool flushed = std::fflush(stdout) == 0;
  const bool write_errno = earlier == ENOSPC || earlier == EDQUOT || earlier == EFBIG ||
                           earlier == EPIPE || earlier == EIO;
  const int err = !flushed ? errno : (write_errno ? earlier : 0);
  const bool failed = !flushed || std::ferror(stdout) || std::cout.fail();
  if (!failed) return exit_code;
  const std::string why = err != 0 ? std::strerror(err) : std::string("write error");
  std::fprintf(stderr, "error: cannot write the results to standard output: %s\n", why.c_str());
  return exit_code == 0 ? kEnvironmentExit : exit_code;
}

std::vector<std::string> command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::vector<std::string> args;
  std::string arg;
  while (std::getline(in, arg, '\0'))
    args.push_back(arg);
  return args;
}

}  // namespace alchemy
