#include "mpi_run.h"

#include <unistd.h>

namespace mpingest::test {

std::string mpi_unavailable() {
#ifndef MPINGEST_WITH_MPI
  return "mpingest was built without MPI (libboost-mpi-dev)";
#else
  if (run_command({"sh", "-c", "command -v mpirun"}).exit_code != 0) return "mpirun is not installed (openmpi-bin)";
  return "";
#endif
}

std::vector<std::string> mpirun_environment() {
  return {
      "OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1",  // the tests may run as root
      "OMPI_MCA_rmaps_base_oversubscribe=1",                            // more ranks than cores
      "OMPI_MCA_mpi_yield_when_idle=1",                                 // waiting ranks yield their core
      "OMPI_MCA_btl_vader_single_copy_mechanism=none",  // CMA needs ptrace rights a container may lack
      "OMPI_MCA_hwloc_base_binding_policy=none",        // no pinning: tests share the machine
  };
}

CommandResult mpirun_mpingest(int ranks, const std::vector<std::string>& args,
                              const std::vector<std::string>& mpirun_flags) {
  std::vector<std::string> argv{"mpirun", "-n", std::to_string(ranks)};
  argv.insert(argv.end(), mpirun_flags.begin(), mpirun_flags.end());
  argv.insert(argv.end(), {MPINGEST_BINARY, "--mode", "mpi"});
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, mpirun_environment());
}

}  // namespace mpingest::test
