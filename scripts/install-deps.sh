#!/usr/bin/env bash
# Installs mpingest's build and test dependencies from Debian packages.
# Idempotent: runs apt-get (and its slow `update`) only when a package is missing.
# --fuzz adds what scripts/fuzz.sh needs: clang with libFuzzer and llvm-symbolizer;
# --valgrind adds valgrind for scripts/valgrind.sh.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libboost-dev                  # Boost.Process, Boost.Interprocess (header-only)
  libboost-serialization-dev    # Boost.Serialization (compiled)
  libboost-filesystem-dev       # required by Boost.Process 1.74
  catch2                        # Catch2 2.13 (tests)
  nlohmann-json3-dev            # JSON report
  libcli11-dev                  # command-line parsing
  libfmt-dev                    # text formatting of the report
  liburing-dev                  # io_uring: batched reads of maildir files (--read)
  zlib1g-dev                    # CRC-32 of the frames workers send
  python3                       # reference implementation used by the tests
  libbenchmark-dev              # Google Benchmark: bench/ (hot path, raw-read floor)
  libboost-mpi-dev              # Boost.MPI over Open MPI 4.1 and mpirun: --mode mpi
  openmpi-bin                   # mpirun (libboost-mpi-dev does not pull it in without recommends)
  librsvg2-bin                  # rsvg-convert: tests draw --timeline's SVG with a real renderer; docs make PNGs
)
case ${1:-} in
  --fuzz) packages+=(clang-14 libclang-rt-14-dev llvm-14) ;;  # libFuzzer, sanitizer runtimes, llvm-symbolizer
  --valgrind) packages+=(valgrind) ;;                          # scripts/valgrind.sh
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
