// The --dispatch strategies. Adding one: a class in its own file and a line here.
#include <functional>

#include "common/system_error.h"
#include "dispatch/dispatcher.h"
#include "dispatch/queue_dispatch.h"
#include "dispatch/static_dispatch.h"

namespace mpingest {
namespace {

struct StrategyEntry {
  const char* name;
  bool internal;  // not offered by --dispatch
  bool needs_queue;
  std::function<std::unique_ptr<Dispatcher>(const DispatchSpec&, WorkQueueState*)> make;
};

const std::vector<StrategyEntry>& strategies() {
  static const std::vector<StrategyEntry> table = {
      {"rr", false, false,
       [](const DispatchSpec& s, WorkQueueState*) {
         return std::make_unique<RoundRobinDispatcher>(s.item_count, s.workers);
       }},
      {"block", false, false,
       [](const DispatchSpec& s, WorkQueueState*) {
         return std::make_unique<BlockDispatcher>(s.item_count, s.workers);
       }},
      {"queue", false, true,
       [](const DispatchSpec& s, WorkQueueState* q) {
         return std::make_unique<QueueDispatcher>(*q, s.item_count, s.batch);
       }},
      {"list", true, false,
       [](const DispatchSpec& s, WorkQueueState*) { return std::make_unique<ListDispatcher>(s.items, s.workers); }},
  };
  return table;
}

const StrategyEntry* find_strategy(std::string_view name) {
  for (const StrategyEntry& entry : strategies()) {
    if (name == entry.name) return &entry;
  }
  return nullptr;
}

}  // namespace

std::unique_ptr<Dispatcher> make_dispatcher(const DispatchSpec& spec, WorkQueueState* queue) {
  if (spec.workers < 1) throw UsageError("the number of workers must be at least 1");
  if (spec.batch < 1) throw UsageError("--batch must be at least 1");
  const StrategyEntry* entry = find_strategy(spec.strategy);
  if (entry == nullptr) throw UsageError("unknown --dispatch '" + spec.strategy + "'");
  if (entry->needs_queue && queue == nullptr) throw RunError("queue dispatch needs a shared work queue");
  return entry->make(spec, queue);
}

bool dispatch_needs_queue(std::string_view strategy) {
  const StrategyEntry* entry = find_strategy(strategy);
  return entry != nullptr && entry->needs_queue;
}

std::vector<std::string> dispatch_strategy_names() {
  std::vector<std::string> names;
  for (const StrategyEntry& entry : strategies()) {
    if (!entry.internal) names.emplace_back(entry.name);
  }
  return names;
}

}  // namespace mpingest
