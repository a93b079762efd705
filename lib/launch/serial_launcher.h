#pragma once
// --mode serial: one worker, in this process. The baseline every other
// mode must reproduce exactly.

#include "launch/launcher.h"

namespace mpingest {

class SerialLauncher final : public Launcher {
 public:
  LaunchOutcome run(const JobSpec& spec) override;
};

}  // namespace mpingest
