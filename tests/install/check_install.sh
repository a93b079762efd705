#!/bin/sh
# cmake --install the build into a scratch prefix, build the example program
# against it as an outside project would, and run it with --mode spawn (it is
# its own worker) on a small maildir made by the installed command.
#   check_install.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1
source=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install "$build" --prefix "$scratch/prefix" > "$scratch/install.log"
test -f "$scratch/prefix/include/mpingest/run.h"
test -x "$scratch/prefix/bin/mpingest"
corpus="$scratch/corpus"
"$scratch/prefix/bin/mpingest" gen --messages 50 --out "$corpus" > /dev/null
cmake -S "$source/tests/install" -B "$scratch/consumer" -DCMAKE_PREFIX_PATH="$scratch/prefix" \
      -DCMAKE_BUILD_TYPE=Release -DEXAMPLE_SOURCE="$source/apps/longest_subject.cpp" > "$scratch/configure.log"
cmake --build "$scratch/consumer" > "$scratch/build.log" 2>&1 || { cat "$scratch/build.log"; exit 1; }
"$scratch/consumer/longest_subject" "$corpus" --mode spawn --workers 2 --json > "$scratch/out.json"
grep -q '"longest_subjects"' "$scratch/out.json"
grep -q '"senders"' "$scratch/out.json"
echo "installed, built outside the project, and ran with --mode spawn"
