#pragma once
// Tasks by name. The built-in ones are listed in tasks/builtin_tasks.cpp;
// a program of its own adds its tasks with register_task before it runs
// anything (and before run_worker_command, so its spawned workers know them
// too).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mpingest/task.h"
#include "mpingest/typed_task.h"

namespace mpingest {

// The default task: the email analysis (capitals, addresses).
constexpr std::string_view kDefaultTask = "capitals";

// Throws UsageError for an unknown name.
const Task& find_task(std::string_view name);
std::vector<std::string> task_names();

// Adds a task; throws UsageError if its name is taken. Not thread-safe:
// call it at start-up.
void register_task(std::unique_ptr<Task> task);

template <class T>
void register_task(std::string name, std::string summary) {
  register_task(std::make_unique<TypedTask<T>>(std::move(name), std::move(summary)));
}

}  // namespace mpingest
