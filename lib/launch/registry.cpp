// The --mode launchers. Adding one: a class in its own file, a value of
// LaunchMode (launch_mode.h) and one line in kLaunchers.
#include "common/named_values.h"
#include "launch/fork_launcher.h"
#include "launch/launcher.h"
#include "launch/mpi_launcher.h"
#include "launch/serial_launcher.h"
#include "launch/spawn_launcher.h"
#include "launch/threads_launcher.h"

namespace mpingest {
namespace {

struct LauncherEntry {
  LaunchMode value;
  const char* name;
  bool uses_ipc;    // workers are processes: results cross a process boundary
  bool shares_gil;  // workers share one interpreter lock (--gil)
  bool one_worker;  // always exactly one worker, in the parent (--shards means nothing)
  bool ranks;       // the workers are an MPI job's ranks (mpirun -n, not --shards)
  std::unique_ptr<Launcher> (*make)();
};

template <class T>
std::unique_ptr<Launcher> make() {
  return std::make_unique<T>();
}

constexpr LauncherEntry kLaunchers[] = {
    {LaunchMode::serial, "serial", false, false, true, false, make<SerialLauncher>},
    {LaunchMode::threads, "threads", false, true, false, false, make<ThreadsLauncher>},
    {LaunchMode::fork, "fork", true, false, false, false, make<ForkLauncher>},
    {LaunchMode::spawn, "spawn", true, false, false, false, make<SpawnLauncher>},
    // Results cross processes, but over MPI: --ipc does not apply.
    {LaunchMode::mpi, "mpi", false, false, false, true, make_mpi_launcher},
};

const LauncherEntry& launcher_entry(LaunchMode mode) { return entry_for(kLaunchers, mode, "launch mode"); }

}  // namespace

std::unique_ptr<Launcher> make_launcher(LaunchMode mode) { return launcher_entry(mode).make(); }

std::vector<std::string> launch_mode_names() {
  std::vector<std::string> names;
  for (const LauncherEntry& entry : kLaunchers) names.emplace_back(entry.name);
  return names;
}

LaunchMode parse_launch_mode(std::string_view name) {
  return value_named(kLaunchers, name, "--mode", launch_mode_names());
}

std::string_view launch_mode_name(LaunchMode mode) { return launcher_entry(mode).name; }

bool launch_mode_uses_ipc(LaunchMode mode) { return launcher_entry(mode).uses_ipc; }

bool launch_mode_has_one_worker(LaunchMode mode) { return launcher_entry(mode).one_worker; }

bool launch_mode_shares_gil(LaunchMode mode) { return launcher_entry(mode).shares_gil; }

bool launch_mode_workers_are_ranks(LaunchMode mode) { return launcher_entry(mode).ranks; }

}  // namespace mpingest
