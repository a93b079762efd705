#pragma once
// --mode: where workers live. The run's configuration holds the enum; its
// name and its traits come from the launch registry (launch/registry.cpp).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mpingest {

enum class LaunchMode : std::uint8_t { serial, threads, fork, spawn, mpi };

// The names --mode accepts, and their values.
std::vector<std::string> launch_mode_names();
LaunchMode parse_launch_mode(std::string_view name);  // throws UsageError
std::string_view launch_mode_name(LaunchMode mode);

// Whether the mode's workers are separate processes (and so use --ipc).
bool launch_mode_uses_ipc(LaunchMode mode);
// Whether the mode always runs exactly one worker, in the parent (serial).
bool launch_mode_has_one_worker(LaunchMode mode);
// Whether --gil means anything for the mode (threads only).
bool launch_mode_shares_gil(LaunchMode mode);
// Whether the workers are the ranks of an MPI job (mpi): their number is
// mpirun's -n, not --shards, and every rank runs the same command.
bool launch_mode_workers_are_ranks(LaunchMode mode);

}  // namespace mpingest
