// run_sweep_over_mpi when alchemy is built without MPI (ALCHEMY_WITH_MPI=OFF; CMakeLists.txt builds
// this file instead of sweep_mpi.cpp). A launcher that started several copies of this binary would
// have each run the whole sweep into the same folder, so that is refused with a clear message.

#include <cstdio>
#include <cstdlib>
#include <string>

#include "sim/sweep/sweep_command.hpp"

namespace alchemy {

int run_sweep_over_mpi(const SweepArgs& args, const InterruptHandler& interrupt) {
  const char* size = std::getenv("OMPI_COMM_WORLD_SIZE");
  if (!size) size = std::getenv("PMI_SIZE");
  if (size && std::string(size) == "1") return run_sweep_locally(args, interrupt);
  std::fprintf(stderr,
               "error: this alchemy was built without MPI (cmake -DALCHEMY_WITH_MPI=OFF), but it "
               "was started by an MPI launcher (mpirun, mpiexec or srun); run it without the "
               "launcher (it uses every core with --threads), or rebuild with "
               "-DALCHEMY_WITH_MPI=ON\n");
  return 2;
}

}  // namespace alchemy
