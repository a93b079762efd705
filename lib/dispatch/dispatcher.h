#pragma once
// Which items each worker processes. A Dispatcher is built by the parent
// before any worker starts; each worker then asks it for a cursor. For the
// static strategies the cursor is pure arithmetic, so a forked or spawned
// worker can rebuild it from (strategy, item count, worker, workers).

#include <atomic>
#include <cstddef>
#include <cstdint>
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
  // As next(), for a worker that already holds items it has taken but not
  // processed (a read-ahead window). False also when the next item cannot
  // join them (a streamed list would have to drop theirs to reach it); that
  // item is kept and next() yields it.
  virtual bool next_in_window(std::size_t& index) { return next(index); }
  // Queue dispatch: batches claimed and time spent claiming them.
  virtual std::uint64_t claims() const { return 0; }
  virtual double claim_s() const { return 0; }
  // Queue dispatch: the first item of every batch claimed, so the parent can
  // tell which items a worker that died had taken.
  virtual std::vector<std::uint64_t> claimed_batches() const { return {}; }
};

// The shared state of queue dispatch: the next unclaimed item. It lives in
// shared memory for process workers, on the heap for threads. A lock-free
// atomic on a cache line of its own; see docs/design.md for why not a mutex.
struct alignas(64) WorkQueueState {
  std::atomic<std::uint64_t> next{0};
};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free,
              "the queue cursor must be lock-free to work across processes");

class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  // The cursor of worker `worker` (0-based). Safe to call in a forked child.
  virtual std::unique_ptr<ItemCursor> cursor(int worker) const = 0;
};

constexpr std::size_t kDefaultBatch = 64;

// --dispatch. `list` is internal: replacement workers given exactly the
// items of workers that died. `request`: workers ask the parent for each
// batch (dispatch/request_dispatch.h).
enum class DispatchStrategy : std::uint8_t { rr, block, queue, list, request };

struct DispatchSpec {
  DispatchStrategy strategy = DispatchStrategy::rr;
  std::size_t item_count = 0;
  int workers = 1;
  std::size_t batch = kDefaultBatch;  // queue, request: items per claim
  std::vector<std::uint64_t> items;   // "list" (replacement workers): exactly these items, dealt round-robin

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & strategy & item_count & workers & batch & items;
  }
};

// `queue` must point to a WorkQueueState shared by all workers (in shared
// memory for processes) when the strategy needs one; it is not owned.
// Throws UsageError for workers < 1 or batch < 1.
std::unique_ptr<Dispatcher> make_dispatcher(const DispatchSpec& spec, WorkQueueState* queue = nullptr);

// Whether the strategy needs a WorkQueueState.
bool dispatch_needs_queue(DispatchStrategy strategy);
// Whether workers take batches of --batch items as they go (queue,
// request): they claim, count claims, and report each batch's first item.
bool dispatch_uses_batches(DispatchStrategy strategy);
// Whether a run must start a RequestServer (dispatch/request_dispatch.h)
// for the dispatcher: make_dispatcher cannot make this one.
bool dispatch_asks_parent(DispatchStrategy strategy);

// The names --dispatch accepts ("list" is internal), and their values.
std::vector<std::string> dispatch_strategy_names();
DispatchStrategy parse_dispatch_strategy(std::string_view name);  // throws UsageError
std::string_view dispatch_strategy_name(DispatchStrategy strategy);

}  // namespace mpingest
