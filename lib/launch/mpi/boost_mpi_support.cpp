#include "launch/mpi/boost_mpi_support.h"

namespace mpingest {

void install_boost_mpi_support() {
  install_mpi_support({boost_mpi_place, make_boost_mpi_launcher, boost_serve_mpi_rank, boost_abort_mpi_job});
}

}  // namespace mpingest
