#pragma once
// MPI start-up, as a rank can measure it: how long ago the process that
// launched it (mpirun on its own host, orted on another, slurmstepd under
// srun) started. Both ends are on the rank's own host and clock, so no
// clocks of different hosts are compared. -1 when /proc cannot tell.

namespace mpingest {

double seconds_since_launcher_started();

}  // namespace mpingest
