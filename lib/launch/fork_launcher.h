#pragma once
// --mode fork: one child per worker, forked after enumeration, so each child
// already holds the item list (copy-on-write) and needs to be sent nothing.
// Results come back as frames on one pipe per child, read concurrently.

#include "launch/launcher.h"

namespace mpingest {

class ForkLauncher final : public Launcher {
 public:
  LaunchOutcome run(const JobSpec& spec) override;
};

}  // namespace mpingest
