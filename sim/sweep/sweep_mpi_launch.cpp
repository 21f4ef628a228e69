// run_sweep_over_mpi in the `alchemy` executable when built with MPI (ALCHEMY_WITH_MPI=ON): it
// re-executes this process as `alchemy-mpi`, found beside it, with the same arguments and
// environment. Why a second binary: `alchemy` itself links no MPI, so every other command (and a
// sweep without a launcher) starts without loading Open MPI's dozen shared libraries, which were
// most of its start-up. exec keeps the process id, so the launcher (mpirun, srun) still sees the
// rank it started; alchemy-mpi, which is `alchemy` with sweep_mpi.cpp, then initialises MPI.

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "sim/folder/environment_error.hpp"
#include "sim/sweep/sweep_command.hpp"

namespace alchemy {

namespace {

// This process's own arguments as the kernel holds them: NUL-separated in /proc/self/cmdline.
std::vector<std::string> own_arguments() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  std::size_t at = 0;
  while (at < all.size()) {
    const std::size_t end = all.find('\0', at);
    args.push_back(all.substr(at, end == std::string::npos ? std::string::npos : end - at));
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return args;
}

}  // namespace

int run_sweep_over_mpi(const SweepArgs&, const InterruptHandler&) {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path mpi_binary = self.parent_path() / "alchemy-mpi";
  std::vector<std::string> args = own_arguments();
  if (ec || args.empty()) {
    std::fprintf(stderr, "error: cannot read this process's own path and arguments in /proc\n");
    return kEnvironmentExit;
  }
  args[0] = mpi_binary.string();
  std::vector<char*> argv;
  for (std::string& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(nullptr);
  ::execv(mpi_binary.c_str(), argv.data());
  const int err = errno;  // only reached when the exec failed
  std::fprintf(stderr,
               "error: started by an MPI launcher, alchemy runs a sweep as %s, which cannot be "
               "started: %s; install it beside alchemy (cmake --build builds both), or run the "
               "sweep without the launcher (it uses every core with --threads)\n",
               mpi_binary.c_str(), std::strerror(err));
  return kEnvironmentExit;
}

}  // namespace alchemy
