#pragma once
// --dispatch request: the design of Python's Pool and of --mode mpi's rank 0.
// An idle worker asks the parent for its next batch over a socket of its own
// and waits for the answer; a thread of the parent (Pool has one too, its
// task handler) answers from a counter only it touches. Each batch costs a
// round trip: two system calls and a wake-up on each side, against the one
// atomic add of --dispatch queue. The lesson of the seed's tiny tasks lives
// here, not in the queue (docs/tutorial.md, lesson 3).
//
// The wire is as small as it gets: one byte asks, 16 answer ([first, end),
// first == end when every item is taken). Workers reach the parent through
// a Unix stream socket pair each, created before any worker starts, so the
// same dispatcher serves threads, forked children (which inherit the
// sockets) and spawned ones (handed theirs as file descriptor 3).

#include <poll.h>
#include <pthread.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "common/unique_fd.h"
#include "dispatch/dispatcher.h"

namespace mpingest {

// Where a spawned worker finds its end of the request socket.
constexpr int kRequestFd = 3;

// The parent's side: the sockets and the thread that answers on them.
class RequestServer {
 public:
  // Makes the sockets; start() starts answering. Throws ResourceError when
  // the sockets cannot be had.
  RequestServer(std::size_t item_count, std::size_t batch, int workers);
  // Stops the thread and closes the parent's ends: a worker still asking then reads end-of-file.
  ~RequestServer();
  RequestServer(const RequestServer&) = delete;
  RequestServer& operator=(const RequestServer&) = delete;

  // The worker's end of worker `worker`'s socket.
  int worker_fd(int worker) const { return worker_ends_[static_cast<std::size_t>(worker)].get(); }
  // Cursors over the workers' ends: for threads, serial and forked children.
  std::unique_ptr<Dispatcher> dispatcher() const;
  // Starts the thread that answers (once; later calls do nothing). Process
  // launchers call it after forking their workers: a child forked while a
  // thread of the parent was starting could inherit a lock that thread held
  // and wait on it forever (seen under ASan). Requests sent before it wait
  // in the sockets. Throws ResourceError when the thread cannot start.
  void start();
  // Requests answered so far.
  std::uint64_t answered() const { return answered_.load(std::memory_order_seq_cst); }

 private:
  void serve();

  std::size_t item_count_;
  std::size_t batch_;
  std::uint64_t next_ = 0;  // the next item to hand out; only the serving thread touches it
  std::vector<UniqueFd> parent_ends_;
  std::vector<UniqueFd> worker_ends_;
  UniqueFd wake_;  // an eventfd: tells the thread to stop
  std::atomic<std::uint64_t> answered_{0};
  // The thread and what it polls: a raw pthread, and no heap block that only
  // the thread points to, because fork children copy the heap but not the
  // thread (valgrind would call such a block lost in every child).
  std::vector<pollfd> watched_;
  pthread_t thread_{};
  bool started_ = false;
};

// Workers' cursors over request sockets, by worker: `fds[w]` is worker w's end.
class RequestDispatcher final : public Dispatcher {
 public:
  explicit RequestDispatcher(std::vector<int> fds) : fds_(std::move(fds)) {}
  // A spawned worker's: only its own position has a socket.
  static std::unique_ptr<Dispatcher> for_worker(int worker, int fd);
  std::unique_ptr<ItemCursor> cursor(int worker) const override;

 private:
  std::vector<int> fds_;
};

}  // namespace mpingest
