// mpirun as mpingest runs it itself: no MPI headers, so every build has it.
#include <unistd.h>

#include "launch/mpi_launcher.h"

namespace mpingest {

MpirunCommand mpirun_command(int ranks) {
  MpirunCommand command;
  command.argv = {"mpirun", "-n", std::to_string(ranks), "--bind-to", "none"};
  command.env = {{"OMPI_MCA_rmaps_base_oversubscribe", "1"}, {"OMPI_MCA_mpi_yield_when_idle", "1"}};
  if (::geteuid() == 0)
    command.env.insert(command.env.end(), {{"OMPI_ALLOW_RUN_AS_ROOT", "1"}, {"OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1"}});
  return command;
}

}  // namespace mpingest
