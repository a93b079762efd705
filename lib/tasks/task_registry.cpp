#include "mpingest/task_registry.h"

#include <algorithm>

#include "common/system_error.h"
#include "tasks/capitals_task.h"
#include "tasks/words_task.h"

namespace mpingest {
namespace {

// The built-in tasks: a new one is one file and one line here.
std::vector<std::unique_ptr<Task>> builtin_tasks() {
  std::vector<std::unique_ptr<Task>> tasks;
  tasks.push_back(make_capitals_task());
  tasks.push_back(make_words_task());
  return tasks;
}

std::vector<std::unique_ptr<Task>>& registry() {
  static std::vector<std::unique_ptr<Task>> tasks = builtin_tasks();
  return tasks;
}

}  // namespace

const Task& find_task(std::string_view name) {
  for (const auto& task : registry())
    if (task->name() == name) return *task;
  std::string known;
  for (const std::string& n : task_names()) known += (known.empty() ? "" : ", ") + n;
  throw UsageError("unknown --task '" + std::string(name) + "' (known: " + known + ")");
}

std::vector<std::string> task_names() {
  std::vector<std::string> names;
  for (const auto& task : registry()) names.emplace_back(task->name());
  return names;
}

const Task& capitals_task() { return find_task("capitals"); }

void register_task(std::unique_ptr<Task> task) {
  for (const auto& known : registry())
    if (known->name() == task->name()) throw UsageError("a task named '" + std::string(task->name()) + "' is registered already");
  registry().push_back(std::move(task));
}

}  // namespace mpingest
