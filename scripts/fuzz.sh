#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) in
# ./build-fuzz and runs each for SECONDS (default 60), one after the other.
#   ./scripts/fuzz.sh [SECONDS] [TARGET...]
# Each target starts from a copy of its seeds (tests/fuzz/corpus/TARGET) in
# build-fuzz/corpus/TARGET, which keeps growing across runs (delete it to
# start over); the repository is never written. Crashes, leaks, timeouts and
# out-of-memory inputs go to build-fuzz/artifacts/TARGET/, the full output to
# build-fuzz/logs/TARGET.log. Exits 1 if any target found something;
# reproduce with: build-fuzz/tests/fuzz/TARGET ARTIFACT
# MPINGEST_FUZZ_BUILD_DIR overrides the build directory.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [SECONDS] [TARGET...]  (SECONDS >= 1, default 60)" >&2
  exit 2
fi
shift $(($# > 0 ? 1 : 0))
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(fuzz_message fuzz_addresses fuzz_csv_records fuzz_mbox_records fuzz_wire)
fi

./scripts/install-deps.sh --fuzz
build_dir=${MPINGEST_FUZZ_BUILD_DIR:-build-fuzz}
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMPINGEST_FUZZ=ON -DMPINGEST_TESTS=OFF >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target "${targets[@]}"

# Symbolized stack traces; UBSan reports are fatal (the build also says so).
if command -v llvm-symbolizer-14 >/dev/null; then
  export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer-14)}
fi
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
for target in "${targets[@]}"; do
  corpus=$build_dir/corpus/$target
  artifacts=$build_dir/artifacts/$target
  log=$build_dir/logs/$target.log
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  cp -n tests/fuzz/corpus/"$target"/* "$corpus"/
  rc=0
  "$build_dir/tests/fuzz/$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || rc=$?

  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1 || true)
  if ((rc == 0)); then status="ok in ${seconds}s"; else status="FOUND SOMETHING (exit $rc)"; fi
  printf '%-18s %s: %s execs (%s/s), %s, corpus %s files\n' "$target" "$status" "${execs:-?}" \
    "${rate:-?}" "${cov:-cov ?}" "$(find "$corpus" -type f | wc -l)"
  if ((rc != 0)); then
    failed+=("$target")
    grep -E 'ERROR: |invariant violated|SUMMARY: |Test unit written to' "$log" | sed 's/^/    /' || true
    echo "    log: $log"
  fi
done

if ((${#failed[@]} > 0)); then
  echo "fuzz: findings in ${failed[*]}; reproduce with $build_dir/tests/fuzz/TARGET ARTIFACT" >&2
  exit 1
fi
