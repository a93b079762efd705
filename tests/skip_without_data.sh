#!/bin/sh
# Usage: skip_without_data.sh DATA_DIR COMMAND...
# Runs COMMAND, or exits 77 (ctest: skipped) with a visible message when DATA_DIR is absent.
data=$1
shift
if [ ! -d "$data" ]; then
  echo "SKIPPED: real data not found at $data (tests that need it are skipped, not passed)"
  exit 77
fi
exec "$@"
