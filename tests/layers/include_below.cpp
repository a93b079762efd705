// Compiled as if it were part of launch/: a header from a layer below
// (worker/) must be found. The positive control for include_above.cpp.
#include "worker/item_processor.h"

int main() { return 0; }
