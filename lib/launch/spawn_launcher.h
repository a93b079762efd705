#pragma once
// --mode spawn: fresh worker processes (`mpingest worker`, started with
// Boost.Process), like Python's "spawn" start method. They inherit nothing,
// so the parent must send each its job and the whole item list: over its
// stdin pipe, or once through shared memory with --ipc shm. The report's
// launch time and per-worker job bytes and setup time show that cost.

#include "launch/launcher.h"

namespace mpingest {

class SpawnLauncher final : public Launcher {
 public:
  LaunchOutcome run(const JobSpec& spec) override;
};

}  // namespace mpingest
