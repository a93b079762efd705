#pragma once
// Which items each worker processes. A Dispatcher is built by the parent
// before any worker starts; each worker then asks it for a cursor. For the
// static strategies the cursor is pure arithmetic, so a forked or spawned
// worker can rebuild it from (strategy, item count, worker, workers).

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mpingest {

// Yields the item indices one worker must process, in increasing order.
class ItemCursor {
 public:
  virtual ~ItemCursor() = default;
  // False when the worker has no more items.
  virtual bool next(std::size_t& index) = 0;
};

class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  virtual std::string_view name() const = 0;
  // The cursor of worker `worker` (0-based). Safe to call in a forked child.
  virtual std::unique_ptr<ItemCursor> cursor(int worker) const = 0;
};

struct DispatchSpec {
  std::string strategy = "rr";
  std::size_t item_count = 0;
  int workers = 1;
};

// Throws UsageError for an unknown strategy or workers < 1.
std::unique_ptr<Dispatcher> make_dispatcher(const DispatchSpec& spec);

// Names accepted by --dispatch, for --help.
std::vector<std::string> dispatch_strategy_names();

}  // namespace mpingest
