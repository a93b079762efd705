#pragma once
// Running mpingest under mpirun from a test: the environment mpirun needs
// here (as root, more ranks than cores, no busy-waiting) is set by the test
// itself, never by hand. Tests print "SKIPPED:" when the build has no MPI.

#include <iostream>
#include <string>
#include <vector>

#include "test_support.h"

namespace mpingest::test {

// Why MPI tests cannot run here ("" when they can).
std::string mpi_unavailable();

// First in an MPI test: where MPI is missing, prints a line ctest reports
// as a skip, and returns.
#define MPINGEST_REQUIRE_MPI()                                                               \
  do {                                                                                       \
    if (std::string why = ::mpingest::test::mpi_unavailable(); !why.empty()) {               \
      std::cout << "SKIPPED: " << why << "\n";                                               \
      return;                                                                                \
    }                                                                                        \
  } while (false)

// The environment every mpirun of the tests gets.
std::vector<std::string> mpirun_environment();

// `mpirun -n ranks` of the mpingest binary with `args` (--mode mpi is added).
CommandResult mpirun_mpingest(int ranks, const std::vector<std::string>& args,
                              const std::vector<std::string>& mpirun_flags = {});

// mpirun's flags for two hosts played by this machine, the ranks split
// between them and talking TCP over loopback (tests/mpi/fake-ssh).
std::vector<std::string> two_simulated_hosts(int ranks_each);

}  // namespace mpingest::test
