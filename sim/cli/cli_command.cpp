#include "sim/cli/cli_command.hpp"

#include <cstdio>
#include <fstream>

#include "sim/engine/representable.hpp"
#include "sim/output/output_dir.hpp"
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
    std::fprintf(stderr, "internal error: %s\n", e.what());
    return 1;
  }
  return 2;
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
