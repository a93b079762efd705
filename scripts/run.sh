#!/usr/bin/env bash
# Usage: ./scripts/run.sh [mpingest flags]
# Installs what is missing, builds, and runs `mpingest --mode fork --shards 4`
# (flags given here override those defaults). Without --input it first
# generates the built-in default corpus (20,000 messages, seed 1), cached
# under build/corpus so later runs reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh >&2
bin=build/apps/mpingest

has_input=0
for arg in "$@"; do
  case "$arg" in -i|--input|--input=*) has_input=1 ;; esac
done

args=(--mode fork --shards 4)
if [[ $has_input == 0 ]]; then
  corpus=build/corpus/default-20000-seed1
  if [[ ! -f $corpus.done ]]; then
    rm -rf "$corpus"
    "$bin" gen --out "$corpus" --messages 20000 --seed 1 >&2
    touch "$corpus.done"  # only a complete corpus is reused
  fi
  args+=(--input "$corpus")
fi
# CLI11 keeps the last value of a repeated option, so user flags win.
exec "$bin" "${args[@]}" "$@"
