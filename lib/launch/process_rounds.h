#pragma once
// Runs process workers (fork or spawn) in rounds: round 0 is the run as
// asked; when workers die or hang, each later round hands the items they
// lost to replacement workers (see recovery.h), until every item is
// delivered, isolated as poison, or given up on. Positions 0..k-1 of a
// round own status slot, result slot and record ring 0..k-1, which are
// reset between rounds; reports number workers across rounds. One process
// set serves every round of the launch.

#include <functional>

#include "launch/launcher.h"
#include "launch/process_resources.h"
#include "launch/process_set.h"

namespace mpingest {

class ProcessRounds {
 public:
  // Starts the worker at `position` of a round in the process set, running
  // `dispatch` (its cursor is `position` of `dispatcher`); `status` is its
  // status slot.
  using StartWorker = std::function<void(int position, const DispatchSpec& dispatch, const Dispatcher& dispatcher,
                                         WorkerStatus* status)>;

  ProcessRounds(const JobSpec& spec, ProcessResources& resources, ProcessSet& children)
      : spec_(spec), resources_(resources), children_(children) {}

  // Runs rounds until done. launch_s covers starting round 0's workers.
  LaunchOutcome run(const StartWorker& start);

 private:
  const JobSpec& spec_;
  ProcessResources& resources_;
  ProcessSet& children_;
};

}  // namespace mpingest
