#!/usr/bin/env bash
# Builds mpingest and its tests with AddressSanitizer + UndefinedBehaviorSanitizer
# (LeakSanitizer included) in ./build-asan and runs the whole suite there.
set -euo pipefail
cd "$(dirname "$0")/.."
export MPINGEST_BUILD_DIR=build-asan
# Fail on the first report; keep child processes' reports visible in ctest output.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec ./scripts/test.sh -DMPINGEST_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug "$@"
