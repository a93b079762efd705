#pragma once
// Test-only hooks of the parent (the workers' are in worker/test_fault.h).
//
//   MPINGEST_TEST_SLOW_PHASE=listing|launch|work|merge
//     makes each step of that phase (a directory listed, a worker started,
//     an item processed, a worker's result merged) 20 ms slower, so that a
//     test can send a signal while the run is in that phase and check that
//     it stops in time.
//   MPINGEST_TEST_PHASE_MARKER=PATH
//     creates PATH at the first slowed step: the phase has begun.
//
// The variable is read once; outside tests each step costs one comparison.
// Never set it in production.

#include <string_view>

namespace mpingest {

void test_slow_step(std::string_view phase);
// Whether MPINGEST_TEST_SLOW_PHASE names `phase`: a loop asks once, then
// calls test_slow_step only if so.
bool test_phase_is_slow(std::string_view phase);

}  // namespace mpingest
