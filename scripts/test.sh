#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with ctest.
# Tests that need ../shared/data are reported as skipped when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh "$@"
cd "${MPINGEST_BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)"
