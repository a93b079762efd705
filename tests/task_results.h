#pragma once
// Typed views of a run's task result, for tests that check its numbers.

#include "run/run_job.h"
#include "tasks/capitals_task.h"

namespace mpingest::test {

// The counts of a run of the task `capitals` (the default).
inline const CapitalsCounts& capitals(const RunReport& report) { return capitals_counts(*report.task_result); }

// Its --top ranking, as the report shows it.
inline TopAddresses top_of(const RunReport& report) {
  return top_addresses(capitals(report).addresses, report.config.processing.top);
}

}  // namespace mpingest::test
