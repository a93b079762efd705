// mpingest-mpi: mpingest with --mode mpi, the one program that loads Open
// MPI's libraries. mpingest re-executes itself as this for --mode mpi.
#include "cli.h"
#include "launch/mpi/boost_mpi_support.h"

int main(int argc, char** argv) {
  mpingest::install_boost_mpi_support();
  return mpingest::mpingest_main(argc, argv);
}
