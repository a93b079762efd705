// The --mode launchers and --ipc transports. Adding a launch mode: a class in
// its own file and one line in launchers().
#include <functional>

#include "common/system_error.h"
#include "launch/fork_launcher.h"
#include "launch/launcher.h"
#include "launch/serial_launcher.h"

namespace mpingest {
namespace {

struct LauncherEntry {
  const char* name;
  bool uses_ipc;  // results cross a process boundary
  std::function<std::unique_ptr<Launcher>(const LaunchSpec&)> make;
};

const std::vector<LauncherEntry>& launchers() {
  static const std::vector<LauncherEntry> table = {
      {"serial", false, [](const LaunchSpec&) { return std::make_unique<SerialLauncher>(); }},
      {"fork", true, [](const LaunchSpec&) { return std::make_unique<ForkLauncher>(); }},
  };
  return table;
}

const std::vector<std::string>& transports() {
  static const std::vector<std::string> names = {"pipe"};
  return names;
}

const LauncherEntry* find_launcher(std::string_view mode) {
  for (const LauncherEntry& entry : launchers()) {
    if (mode == entry.name) return &entry;
  }
  return nullptr;
}

}  // namespace

std::unique_ptr<Launcher> make_launcher(const LaunchSpec& spec) {
  const LauncherEntry* entry = find_launcher(spec.mode);
  if (entry == nullptr) throw UsageError("unknown --mode '" + spec.mode + "'");
  bool known_ipc = false;
  for (const std::string& name : transports()) known_ipc |= (name == spec.ipc);
  if (!known_ipc) throw UsageError("unknown --ipc '" + spec.ipc + "'");
  return entry->make(spec);
}

std::vector<std::string> launch_mode_names() {
  std::vector<std::string> names;
  for (const LauncherEntry& entry : launchers()) names.emplace_back(entry.name);
  return names;
}

std::vector<std::string> ipc_names() { return transports(); }

bool launch_mode_uses_ipc(std::string_view mode) {
  const LauncherEntry* entry = find_launcher(mode);
  return entry != nullptr && entry->uses_ipc;
}

}  // namespace mpingest
