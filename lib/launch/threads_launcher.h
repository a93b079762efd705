#pragma once
// --mode threads: std::thread workers in this process, sharing the item list
// and the queue directly; results are merged in memory, so there is no IPC.
// With --gil they take turns to parse and count, as CPython threads do.

#include "launch/launcher.h"

namespace mpingest {

class ThreadsLauncher final : public Launcher {
 public:
  LaunchOutcome run(const JobSpec& spec) override;
};

}  // namespace mpingest
