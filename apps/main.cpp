// mpingest: every launch mode but mpi, which it hands to mpingest-mpi.
#include "cli.h"

int main(int argc, char** argv) { return mpingest::mpingest_main(argc, argv); }
