#include "launch/mpi/mpi_world.h"

#include <boost/mpi/environment.hpp>
#include <memory>

#include "launch/mpi/boost_mpi_support.h"

namespace mpingest {
namespace {

// Lives until exit, when its destructor calls MPI_Finalize.
std::unique_ptr<boost::mpi::environment>& environment() {
  static std::unique_ptr<boost::mpi::environment> env;
  return env;
}

}  // namespace

MpiWorld& MpiWorld::get() {
  static MpiWorld world;
  return world;
}

MpiWorld::MpiWorld()
    : comm_((environment() = std::make_unique<boost::mpi::environment>(boost::mpi::threading::funneled),
             boost::mpi::communicator())),
      rank_(comm_.rank()),
      ranks_(comm_.size()),
      host_(boost::mpi::environment::processor_name()) {}

MpiPlace boost_mpi_place() {
  MpiWorld& world = MpiWorld::get();
  return {world.rank(), world.ranks(), world.host()};
}

void boost_abort_mpi_job(int code) {
  if (!boost::mpi::environment::initialized() || boost::mpi::environment::finalized()) return;
  MpiWorld& world = MpiWorld::get();
  if (world.ranks() > 1 && !world.released()) world.comm().abort(code);
}

}  // namespace mpingest
