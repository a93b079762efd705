// The --mode launchers. Adding one: a class in its own file and one line in kLaunchers.
#include "common/system_error.h"
#include "launch/fork_launcher.h"
#include "launch/launcher.h"
#include "launch/serial_launcher.h"
#include "launch/spawn_launcher.h"
#include "launch/threads_launcher.h"

namespace mpingest {
namespace {

struct LauncherEntry {
  const char* name;
  bool uses_ipc;    // workers are processes: results cross a process boundary
  bool shares_gil;  // workers share one interpreter lock (--gil)
  bool one_worker;  // always exactly one worker, in the parent (--shards means nothing)
  std::unique_ptr<Launcher> (*make)();
};

template <class T>
std::unique_ptr<Launcher> make() {
  return std::make_unique<T>();
}

constexpr LauncherEntry kLaunchers[] = {
    {"serial", false, false, true, make<SerialLauncher>},
    {"threads", false, true, false, make<ThreadsLauncher>},
    {"fork", true, false, false, make<ForkLauncher>},
    {"spawn", true, false, false, make<SpawnLauncher>},
};

const LauncherEntry* find_launcher(std::string_view mode) {
  for (const LauncherEntry& entry : kLaunchers) {
    if (mode == entry.name) return &entry;
  }
  return nullptr;
}

}  // namespace

std::unique_ptr<Launcher> make_launcher(std::string_view mode) {
  const LauncherEntry* entry = find_launcher(mode);
  if (entry == nullptr) throw UsageError("unknown --mode '" + std::string(mode) + "'");
  return entry->make();
}

std::vector<std::string> launch_mode_names() {
  std::vector<std::string> names;
  for (const LauncherEntry& entry : kLaunchers) names.emplace_back(entry.name);
  return names;
}

bool launch_mode_uses_ipc(std::string_view mode) {
  const LauncherEntry* entry = find_launcher(mode);
  return entry != nullptr && entry->uses_ipc;
}

bool launch_mode_has_one_worker(std::string_view mode) {
  const LauncherEntry* entry = find_launcher(mode);
  return entry != nullptr && entry->one_worker;
}

bool launch_mode_shares_gil(std::string_view mode) {
  const LauncherEntry* entry = find_launcher(mode);
  return entry != nullptr && entry->shares_gil;
}

}  // namespace mpingest
