#!/usr/bin/env bash
# Regenerates every measured figure in docs/benchmarks.md, docs/tutorial.md and docs/ipc.md:
# builds (Release, with bench/), generates the corpora it needs under
# build/corpus (cached), then re-runs each command quoted in those files and
# puts its fresh output in place (scripts/refresh_docs.py), and copies the
# speedup charts to docs/img/ (the tutorial's own commands write its Gantt
# charts, docs/img/timeline-*.svg, with --trace and `mpingest timeline`). About 2 minutes on 2 cores once the corpora
# exist, a third of it the seed's Python. Run it on an otherwise idle
# machine; read ratios, not seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh >&2
bin=build/apps/mpingest

# name, then `mpingest gen` flags; a corpus is reused only if it was completed.
ensure_corpus() {
  local corpus=build/corpus/$1
  shift
  if [[ ! -f $corpus.done ]]; then
    rm -rf "$corpus"
    "$bin" gen --out "$corpus" "$@" >&2
    touch "$corpus.done"
  fi
}
ensure_corpus default-20000-seed1 --messages 20000 --seed 1
ensure_corpus default-100000-seed1 --messages 100000 --seed 1
ensure_corpus skewed-20000-seed1 --messages 20000 --seed 1 --skew
# As many messages as the full Enron maildir (517,401), for the memory table.
ensure_corpus default-520000-seed1 --messages 520000 --seed 1

# This VM pages out file pages nobody has read for about a minute (a DAMON
# scheme; docs/benchmarks.md shows it), so a page's first command once ran
# on a cold cache (17 s instead of 0.1 s). Read the corpora a page uses,
# untimed, right before measuring it, the one it uses first last.
warm_caches() {
  local corpus
  for corpus in "$@"; do
    [[ -d $corpus ]] && "$bin" --input "$corpus" --mode fork --shards 2 -q >/dev/null
  done
  return 0
}
warm_caches build/corpus/default-20000-seed1 ../shared/data/enron-sample/maildir build/corpus/default-100000-seed1
python3 scripts/refresh_docs.py docs/benchmarks.md
warm_caches build/corpus/skewed-20000-seed1 build/corpus/default-20000-seed1
python3 scripts/refresh_docs.py docs/tutorial.md
python3 scripts/refresh_docs.py docs/ipc.md
mkdir -p docs/img
cp build/benchmarks/scaling/bench.svg docs/img/scaling.svg
cp build/benchmarks/matrix/bench.svg docs/img/matrix.svg
cp build/tutorial/skew/bench.svg docs/img/skew.svg
cp build/ipc/ipc-throughput.svg docs/img/ipc-throughput.svg
cp build/ipc/ipc-latency.svg docs/img/ipc-latency.svg
echo "benchmarks: docs/benchmarks.md, docs/tutorial.md and docs/img/*.svg regenerated" >&2
