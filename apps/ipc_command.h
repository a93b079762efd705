#pragma once
// `mpingest ipc`: the IPC lab. Moves messages between a parent and forked
// workers over every transport (lib/ipclab/) and writes what it measured.

#include <CLI/CLI.hpp>
#include <string>

namespace mpingest {

struct IpcFlags {
  std::string transports;  // "" for all
  std::string sizes = "64,256,1K,4K,16K,64K,256K,1M,4M,16M";
  std::string patterns = "stream,pingpong";
  std::uint64_t messages = 0;  // per worker and run; 0: --seconds decides
  double seconds = 0.2;
  int workers = 1;
  int repeat = 3;
  bool pin = false;
  std::string out_dir = "ipc-results";
};

CLI::App* add_ipc_command(CLI::App& app, IpcFlags& flags);

// Prints the table and the crossovers; writes ipc.json, ipc.csv,
// ipc-throughput.svg and ipc-latency.svg. Returns the exit code.
int run_ipc_command(const IpcFlags& flags);

}  // namespace mpingest
