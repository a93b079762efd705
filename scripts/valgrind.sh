#!/usr/bin/env bash
# Runs mpingest under valgrind's memcheck on a small generated corpus in every
# launch mode and `mpingest ipc` (fork children are followed; spawn workers too, through
# --trace-children) and fails on any memory error or definite/indirect leak.
# Fork children end with _exit and leave the parent's inherited heap "still
# reachable": that is not a leak and is not counted.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --valgrind
./scripts/build.sh >&2
bin=build/apps/mpingest
corpus=build/corpus/valgrind-2000-seed3
if [[ ! -f $corpus.done ]]; then
  rm -rf "$corpus"
  "$bin" gen --out "$corpus" --messages 2000 --seed 3 >&2
  touch "$corpus.done"
fi
vg=(valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
    --error-exitcode=9 --trace-children=yes)
trace=$(mktemp -d)
trap 'rm -rf "$trace"' EXIT
for run in "serial" "threads --shards 2" "fork --shards 2" "fork --shards 2 --ipc shm --dispatch queue" \
           "spawn --shards 2" "spawn --shards 2 --ipc shm" \
           "threads --shards 2 --dispatch request --batch 8" \
           "fork --shards 2 --dispatch request --trace $trace/t.json --timeline $trace/t.svg" \
           "spawn --shards 2 --dispatch request --trace-items --trace $trace/t.json"; do
  # shellcheck disable=SC2086  # $run holds several flags on purpose
  "${vg[@]}" "$bin" --input "$corpus" --mode $run --quiet --format json >/dev/null
  echo "valgrind: clean: --mode $run"
done
# The IPC lab: every transport, both patterns, messages that cross a ring's
# wrap and one larger than the ring (shm-raw flows it in pieces, shm sends it
# on the pipe), with 2 workers.
"${vg[@]}" "$bin" ipc --sizes 100,5000000 --messages 6 --repeat 1 --workers 2 --out "$trace/ipc" >/dev/null
echo "valgrind: clean: ipc"
