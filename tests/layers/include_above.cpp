// Compiled as if it were part of launch/: a header from a layer above
// (run/) must not be found, so the build refuses an upward include.
#include "run/run_job.h"

int main() { return 0; }
