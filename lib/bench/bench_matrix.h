#pragma once
// `mpingest bench`: which runs make up the matrix. A case is one complete
// configuration; the matrix is the product of the axes the user listed,
// minus combinations that mean nothing (serial has one worker and no IPC,
// threads have no IPC, batch only matters to queue dispatch).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "corpus/item_reader.h"
#include "dispatch/dispatcher.h"
#include "launch/launch_mode.h"
#include "transport/ipc_kind.h"

namespace mpingest {

// The seed's Python (scripts/seed_python.py), in the ways the tutorials run
// it: a loop, N threads, N processes with a Pipe each, Pool(N).map.
enum class PythonWay { serial, threads, processes, pool };
const char* python_way_name(PythonWay way);

struct BenchCase {
  LaunchMode mode = LaunchMode::serial;
  bool gil = false;  // threads under the emulated GIL ("threads+gil" in --modes)
  DispatchStrategy dispatch = DispatchStrategy::rr;  // meaningless for serial
  std::optional<IpcKind> ipc;    // none for modes without processes
  std::size_t batch = 0;         // 0 unless dispatch is queue
  int shards = 1;
  std::optional<ReadMethod> read;  // --read; none when the bench was not given --read (mpingest's default)
  std::optional<PythonWay> python;  // a run of the seed's Python, not of mpingest (the fields above unused)

  // Everything but the shard count: one line of the speedup chart, e.g. "fork rr pipe".
  std::string strategy() const;
  // The strategy and the shard count, e.g. "fork rr pipe x4" ("fork rr pipe
  // syscalls x4" when the bench compares read methods).
  std::string label() const;
  // The mpingest flags that select this case.
  std::vector<std::string> flags() const;
  // What starts mpingest for this case: nothing, or mpirun and its flags
  // (launch/mpi_launcher.h's mpirun_command, environment included).
  std::vector<std::string> launcher() const;
  // mpingest's serial baseline (not the seed's serial loop).
  bool is_serial() const { return !python && launch_mode_has_one_worker(mode); }
};

struct BenchAxes {
  std::vector<std::string> modes{"serial", "threads", "fork", "spawn"};  // "threads+gil" allowed too
  std::vector<std::string> dispatch{"rr", "block", "queue"};
  std::vector<std::string> ipc{"pipe", "shm"};
  std::vector<int> shards{1, 2, 4};
  std::vector<std::size_t> batch{64};
  std::vector<std::string> read;  // --read methods to compare; empty: mpingest's default, unnamed
  bool python = false;  // add the seed's Python: a loop, then threads, processes and a Pool for each shard count
};

// The axes are the names the user listed; the cases hold the values.
// The cases in a stable order: the serial baseline first (always present,
// since speedups are relative to it; with several read methods, serial with
// the first, then serial with each other), then mode, dispatch, ipc, batch,
// read, shards as listed; then the seed's Python. Throws UsageError for an unknown name or an empty axis.
std::vector<BenchCase> expand_matrix(const BenchAxes& axes);

// "1,2,4" -> {1,2,4}; throws UsageError naming `what` on a bad element.
std::vector<int> parse_int_list(const std::string& text, const std::string& what);
std::vector<std::string> parse_name_list(const std::string& text);

}  // namespace mpingest
