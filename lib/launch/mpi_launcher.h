#pragma once
// --mode mpi: the workers are the ranks of an MPI job started by mpirun (or
// srun), every rank running the same mpingest command line. Rank 0 is the
// parent: it runs run_job with the launcher made here, which serves the
// other ranks and also works itself, as worker 0, on a thread of its own.
// Every other rank lists the input too (a shared file system), checks that
// it sees what rank 0 sees, works its share and sends its result to rank 0
// (serve_mpi_rank). See docs/distributed.md.
//
// The MPI half lives in a program of its own, mpingest-mpi (built with
// Boost.MPI when CMake finds it), so that no other run, nor any spawned
// worker, loads Open MPI's libraries (3 ms more per process start).
// mpingest re-executes itself as mpingest-mpi for --mode mpi
// (exec_mpi_program); mpingest-mpi installs its MpiSupport at start. Without
// it, the functions below throw UsageError saying how to get it.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "launch/launcher.h"

namespace mpingest {

// This process's place in the MPI job. The first call initializes MPI
// (MPI_THREAD_FUNNELED: only the main thread calls MPI). A process started
// without mpirun is a job of one rank.
struct MpiPlace {
  int rank = 0;
  int ranks = 1;
  std::string host;
};
MpiPlace mpi_place();

std::unique_ptr<Launcher> make_mpi_launcher();

// What a program built with MPI provides (launch/mpi/boost_mpi_support.h).
struct MpiSupport {
  MpiPlace (*place)();
  std::unique_ptr<Launcher> (*make_launcher)();
  int (*serve)(const JobSpec& spec, const std::string& listing_error, bool report_progress);
  void (*abort)(int code);
};
void install_mpi_support(const MpiSupport& support);
bool has_mpi_support();
// Replaces this process with mpingest-mpi, found beside this executable,
// with the same arguments (mpirun's environment goes along). Throws
// UsageError if there is none: this mpingest was built without MPI.
[[noreturn]] void exec_mpi_program(char** argv);

// The work of a rank other than 0. `items` is its own listing of the input,
// or empty with `listing_error` saying why it could not list it;
// `report_progress`: rank 0 draws a progress line (every rank parses the
// same flags, so all know). Returns 0 when its result reached rank 0, or 2
// when rank 0 refused the job because the ranks see different inputs
// (rank 0 reports which and why).
int serve_mpi_rank(const JobSpec& spec, const std::string& listing_error, bool report_progress);

// After a rank failed: MPI_Abort(code) ends every rank of the job, since
// MPI cannot go on without one (no run-through fault tolerance in Open MPI
// 4.1). Does nothing when MPI was never started, the job has one rank, or
// every rank already knows the run is over.
void abort_mpi_job(int code);

// How mpingest starts an MPI job of its own on this machine (mpingest
// bench --modes mpi): mpirun's arguments up to the program, and the
// environment it needs (as root, Open MPI refuses to run without two
// variables; more ranks than cores need oversubscribing, and waiting ranks
// must yield their core instead of spinning).
struct MpirunCommand {
  std::vector<std::string> argv;  // "mpirun", "-n", N, ...: the program and its arguments follow
  std::vector<std::pair<std::string, std::string>> env;
};
MpirunCommand mpirun_command(int ranks);

}  // namespace mpingest
