#include "mpi_run.h"

#include "launch/mpi_launcher.h"

#include <unistd.h>

#include <cstdlib>

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
  // What mpingest bench gives mpirun (as root, oversubscribed, yielding), and:
  std::vector<std::string> env{
      "OMPI_MCA_btl_vader_single_copy_mechanism=none",  // CMA needs ptrace rights a container may lack
      "OMPI_MCA_hwloc_base_binding_policy=none",        // no pinning: tests share the machine
  };
  for (const auto& [name, value] : mpirun_command(1).env) env.push_back(name + "=" + value);
  // Under scripts/sanitize.sh: Open MPI never frees what MPI_Init allocates,
  // and unloads its plugins before LeakSanitizer looks, so their stacks
  // cannot be suppressed by module. MPI ranks keep ASan and UBSan, without
  // the leak check (the code they share with other modes has it there).
  if (const char* asan = std::getenv("ASAN_OPTIONS"); asan != nullptr && *asan != '\0')
    env.push_back(std::string("ASAN_OPTIONS=") + asan + ":detect_leaks=0");
  return env;
}

std::vector<std::string> two_simulated_hosts(int ranks_each) {
  const std::string each = std::to_string(ranks_each);
  return {"--host", "localhost:" + each + ",127.0.0.2:" + each, "--mca", "plm_rsh_agent", MPINGEST_FAKE_SSH,
          "--mca", "btl", "tcp,self", "--mca", "btl_tcp_if_include", "lo", "--mca", "oob_tcp_if_include", "lo"};
}

CommandResult mpirun_mpingest(int ranks, const std::vector<std::string>& args,
                              const std::vector<std::string>& mpirun_flags) {
  std::vector<std::string> argv = mpirun_command(ranks).argv;
  argv.insert(argv.end(), mpirun_flags.begin(), mpirun_flags.end());
  argv.insert(argv.end(), {MPINGEST_BINARY, "--mode", "mpi"});
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, mpirun_environment());
}

}  // namespace mpingest::test
