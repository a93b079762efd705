#pragma once
// The command line of mpingest and mpingest-mpi.

namespace mpingest {

// Parses argv, runs what it asks for, returns the process exit code.
int mpingest_main(int argc, char** argv);

}  // namespace mpingest
