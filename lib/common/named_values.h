#pragma once
// Each registry (--mode, --dispatch, --ipc) is a table of entries, each with
// an enum `value` and the `name` users type and reports print. The run's
// configuration holds the enum; names exist only at the edges (the command
// line, the public API, the reports). These look entries up either way.

#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "common/system_error.h"

namespace mpingest {

// The entry called `name`, or null.
template <class Table>
auto entry_named(const Table& table, std::string_view name) -> decltype(&*std::begin(table)) {
  for (const auto& entry : table) {
    if (name == entry.name) return &entry;
  }
  return nullptr;
}

// The entry of `value`. Throws RunError for a value outside the table: one
// that came corrupt over a pipe to a spawned worker.
template <class Table, class Enum>
const auto& entry_for(const Table& table, Enum value, std::string_view what) {
  for (const auto& entry : table) {
    if (entry.value == value) return entry;
  }
  throw RunError("unknown " + std::string(what) + " value " + std::to_string(static_cast<int>(value)));
}

// "a, b or c", for messages that list the choices.
template <class Names>
std::string choice_list(const Names& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
    text += names[i];
  }
  return text;
}

// The value called `name`, one of `choices` (the names a flag accepts).
// Throws UsageError naming the flag and listing them.
template <class Table>
auto value_named(const Table& table, std::string_view name, std::string_view flag,
                 const std::vector<std::string>& choices) {
  const auto* entry = entry_named(table, name);
  bool offered = false;
  for (const std::string& choice : choices) offered = offered || choice == name;
  if (entry == nullptr || !offered)
    throw UsageError("unknown " + std::string(flag) + " '" + std::string(name) + "' (" + choice_list(choices) + ")");
  return entry->value;
}

}  // namespace mpingest
