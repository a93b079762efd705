#!/bin/sh
# Each public header compiles on its own with nothing but include/ on the
# path: the public face never reaches into lib/.
#   public_headers_stand_alone.sh CXX INCLUDE_DIR
set -eu
cxx=$1
include=$2
for header in "$include"/mpingest/*.h; do
  printf '#include "%s"\n' "$header" | "$cxx" -std=c++17 -fsyntax-only -I "$include" -x c++ - ||
    { echo "$header does not stand alone"; exit 1; }
done
echo "every public header stands alone"
