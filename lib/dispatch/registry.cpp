// The --dispatch strategies. Adding one: a class in its own file, a value of
// DispatchStrategy (dispatcher.h) and a line here.
#include "common/named_values.h"
#include "common/system_error.h"
#include "dispatch/dispatcher.h"
#include "dispatch/queue_dispatch.h"
#include "dispatch/static_dispatch.h"

namespace mpingest {
namespace {

struct StrategyEntry {
  DispatchStrategy value;
  const char* name;
  bool internal;  // not offered by --dispatch
  bool needs_queue;
  bool uses_batches;
  std::unique_ptr<Dispatcher> (*make)(const DispatchSpec& spec, WorkQueueState* queue);
};

constexpr StrategyEntry kStrategies[] = {
    {DispatchStrategy::rr, "rr", false, false, false,
     [](const DispatchSpec& s, WorkQueueState*) -> std::unique_ptr<Dispatcher> {
       return std::make_unique<RoundRobinDispatcher>(s.item_count, s.workers);
     }},
    {DispatchStrategy::block, "block", false, false, false,
     [](const DispatchSpec& s, WorkQueueState*) -> std::unique_ptr<Dispatcher> {
       return std::make_unique<BlockDispatcher>(s.item_count, s.workers);
     }},
    {DispatchStrategy::queue, "queue", false, true, true,
     [](const DispatchSpec& s, WorkQueueState* q) -> std::unique_ptr<Dispatcher> {
       return std::make_unique<QueueDispatcher>(*q, s.item_count, s.batch);
     }},
    {DispatchStrategy::request, "request", false, false, true,
     [](const DispatchSpec&, WorkQueueState*) -> std::unique_ptr<Dispatcher> {
       throw RunError("--dispatch request needs the parent's RequestServer (launch/run_dispatcher.h)");
     }},
    {DispatchStrategy::list, "list", true, false, false,
     [](const DispatchSpec& s, WorkQueueState*) -> std::unique_ptr<Dispatcher> {
       return std::make_unique<ListDispatcher>(s.items, s.workers);
     }},
};

const StrategyEntry& strategy_entry(DispatchStrategy strategy) {
  return entry_for(kStrategies, strategy, "dispatch strategy");
}

}  // namespace

std::unique_ptr<Dispatcher> make_dispatcher(const DispatchSpec& spec, WorkQueueState* queue) {
  if (spec.workers < 1) throw UsageError("the number of workers must be at least 1");
  if (spec.batch < 1) throw UsageError("--batch must be at least 1");
  const StrategyEntry& entry = strategy_entry(spec.strategy);
  if (entry.needs_queue && queue == nullptr) throw RunError("queue dispatch needs a shared work queue");
  return entry.make(spec, queue);
}

bool dispatch_needs_queue(DispatchStrategy strategy) { return strategy_entry(strategy).needs_queue; }

bool dispatch_uses_batches(DispatchStrategy strategy) { return strategy_entry(strategy).uses_batches; }

bool dispatch_asks_parent(DispatchStrategy strategy) { return strategy == DispatchStrategy::request; }

std::vector<std::string> dispatch_strategy_names() {
  std::vector<std::string> names;
  for (const StrategyEntry& entry : kStrategies) {
    if (!entry.internal) names.emplace_back(entry.name);
  }
  return names;
}

DispatchStrategy parse_dispatch_strategy(std::string_view name) {
  return value_named(kStrategies, name, "--dispatch", dispatch_strategy_names());
}

std::string_view dispatch_strategy_name(DispatchStrategy strategy) { return strategy_entry(strategy).name; }

}  // namespace mpingest
