// --mode mpi in a build without Boost.MPI: says how to get it.
#include "common/system_error.h"
#include "launch/mpi_launcher.h"

namespace mpingest {
namespace {

[[noreturn]] void unavailable() {
  throw UsageError(
      "--mode mpi: this mpingest was built without MPI (install libboost-mpi-dev and openmpi-bin, e.g. with "
      "scripts/install-deps.sh, and rebuild with -DMPINGEST_MPI=ON)");
}

}  // namespace

MpiPlace mpi_place() { unavailable(); }
std::unique_ptr<Launcher> make_mpi_launcher() { unavailable(); }
int serve_mpi_rank(const JobSpec&, const std::string&, bool) { unavailable(); }
void abort_mpi_job(int) {}

}  // namespace mpingest
