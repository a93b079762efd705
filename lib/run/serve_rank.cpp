// An MPI rank other than 0: the same setup as run_job, then its share of
// the work (launch/mpi_launcher.h), and no report.
#include "common/system_error.h"
#include "launch/mpi_launcher.h"
#include "run/run_setup.h"

namespace mpingest {

bool serves_other_rank(const RunConfig& config) {
  return launch_mode_workers_are_ranks(config.mode) && mpi_place().rank != 0;
}

int serve_rank(const RunConfig& config) {
  validate(config);
  const MpiPlace place = mpi_place();
  // A rank that cannot list the input still meets the others, to say why:
  // rank 0 then refuses the job on every rank, before any work.
  std::string listing_error;
  ItemList items;
  try {
    items = list_input(config, place.ranks);
  } catch (const std::exception& e) {
    listing_error = e.what();
  }
  JobSpec spec{items};
  spec.processing = processing_for(config, items.format());
  spec.dispatch = {config.dispatch, items.size(), place.ranks, config.batch};
  return serve_mpi_rank(spec, listing_error, config.progress);
}

}  // namespace mpingest
