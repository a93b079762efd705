#pragma once
// --mode mpi over Boost.MPI and Open MPI: what mpingest-mpi installs at
// start (launch/mpi_launcher.h's MpiSupport). The functions are those of
// the same names there, without "boost_".

#include <memory>
#include <string>

#include "launch/mpi_launcher.h"

namespace mpingest {

void install_boost_mpi_support();

MpiPlace boost_mpi_place();
std::unique_ptr<Launcher> make_boost_mpi_launcher();
int boost_serve_mpi_rank(const JobSpec& spec, const std::string& listing_error, bool report_progress);
void boost_abort_mpi_job(int code);

}  // namespace mpingest
