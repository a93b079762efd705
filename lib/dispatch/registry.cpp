// The --dispatch strategies. Adding one: a class in its own file and a line here.
#include <functional>

#include "common/system_error.h"
#include "dispatch/dispatcher.h"
#include "dispatch/static_dispatch.h"

namespace mpingest {
namespace {

struct StrategyEntry {
  const char* name;
  std::function<std::unique_ptr<Dispatcher>(const DispatchSpec&)> make;
};

const std::vector<StrategyEntry>& strategies() {
  static const std::vector<StrategyEntry> table = {
      {"rr", [](const DispatchSpec& s) { return std::make_unique<RoundRobinDispatcher>(s.item_count, s.workers); }},
      {"block", [](const DispatchSpec& s) { return std::make_unique<BlockDispatcher>(s.item_count, s.workers); }},
  };
  return table;
}

}  // namespace

std::unique_ptr<Dispatcher> make_dispatcher(const DispatchSpec& spec) {
  if (spec.workers < 1) throw UsageError("the number of workers must be at least 1");
  for (const StrategyEntry& entry : strategies()) {
    if (spec.strategy == entry.name) return entry.make(spec);
  }
  throw UsageError("unknown --dispatch '" + spec.strategy + "'");
}

std::vector<std::string> dispatch_strategy_names() {
  std::vector<std::string> names;
  for (const StrategyEntry& entry : strategies()) names.emplace_back(entry.name);
  return names;
}

}  // namespace mpingest
