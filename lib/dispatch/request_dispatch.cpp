#include "dispatch/request_dispatch.h"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/interrupt.h"
#include "common/system_error.h"
#include "dispatch/batch_cursor.h"

namespace mpingest {
namespace {

constexpr char kAsk = '?';

// Reads or writes all of `size` bytes; false at end-of-file. Retries EINTR:
// a stop signal is seen by the worker between items, and the parent answers
// at once, so a request is never a long wait.
bool read_all(int fd, void* data, std::size_t size) {
  auto* bytes = static_cast<char*>(data);
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::read(fd, bytes + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_system_error("--dispatch request: reading the parent's answer", errno);
    if (n == 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void write_all(int fd, const void* data, std::size_t size, const char* what) {
  const auto* bytes = static_cast<const char*>(data);
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::send(fd, bytes + done, size - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_system_error(what, errno);
    done += static_cast<std::size_t>(n);
  }
}

class RequestCursor final : public BatchCursor {
 public:
  explicit RequestCursor(int fd) : fd_(fd) {}

 private:
  std::optional<ClaimedBatch> claim() override {
    write_all(fd_, &kAsk, 1, "--dispatch request: asking the parent for a batch");
    std::uint64_t range[2] = {0, 0};
    if (!read_all(fd_, range, sizeof range)) throw RunError("--dispatch request: the parent stopped answering");
    if (range[0] >= range[1]) return std::nullopt;
    return ClaimedBatch{range[0], range[1]};
  }

  int fd_;
};

}  // namespace

RequestServer::RequestServer(std::size_t item_count, std::size_t batch, int workers)
    : item_count_(item_count), batch_(batch) {
  for (int w = 0; w < workers; ++w) {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) throw_system_error("--dispatch request: socketpair", errno);
    parent_ends_.emplace_back(pair[0]);
    worker_ends_.emplace_back(pair[1]);
  }
  wake_.reset(::eventfd(0, EFD_CLOEXEC));
  if (!wake_.valid()) throw_system_error("--dispatch request: eventfd", errno);
  for (const UniqueFd& end : parent_ends_) watched_.push_back({end.get(), POLLIN, 0});
  watched_.push_back({wake_.get(), POLLIN, 0});
}

void RequestServer::start() {
  if (started_) return;
  // Stop signals go to the run's own threads, never to this one.
  sigset_t all, previous;
  sigfillset(&all);
  ::pthread_sigmask(SIG_BLOCK, &all, &previous);
  const int err = ::pthread_create(
      &thread_, nullptr,
      [](void* server) -> void* {
        static_cast<RequestServer*>(server)->serve();
        return nullptr;
      },
      this);
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (err != 0) throw_system_error("--dispatch request: cannot start the thread that answers workers", err);
  started_ = true;
}

RequestServer::~RequestServer() {
  if (!started_) return;
  std::uint64_t one = 1;
  ssize_t ignored = ::write(wake_.get(), &one, sizeof one);
  (void)ignored;
  ::pthread_join(thread_, nullptr);
}

void RequestServer::serve() {
  std::vector<pollfd>& watched = watched_;
  while (true) {
    int ready = ::poll(watched.data(), watched.size(), -1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0 || watched.back().revents != 0) break;
    for (std::size_t w = 0; w + 1 < watched.size(); ++w) {
      if (watched[w].revents == 0) continue;
      char ask = 0;
      ssize_t n = ::read(watched[w].fd, &ask, 1);
      if (n <= 0) {  // the worker is gone (or its socket failed): stop watching it
        watched[w].fd = -1;
        continue;
      }
      std::uint64_t range[2] = {item_count_, item_count_};
      if (next_ < item_count_) {
        range[0] = next_;
        range[1] = std::min<std::uint64_t>(item_count_, next_ + batch_);
        next_ = range[1];
      }
      // Counted before it is written: a worker that has read its answer
      // (and a thread joined after it) then sees the count include it.
      answered_.fetch_add(1, std::memory_order_seq_cst);
      try {
        write_all(watched[w].fd, range, sizeof range, "--dispatch request: answering a worker");
      } catch (const std::exception&) {
        answered_.fetch_sub(1, std::memory_order_relaxed);
        watched[w].fd = -1;  // it died between asking and hearing: recovery re-runs what it had
      }
    }
  }
  // Closing the parent's ends wakes any worker still waiting (threads: no one else holds them).
  for (UniqueFd& end : parent_ends_) end.reset();
}

std::unique_ptr<Dispatcher> RequestServer::dispatcher() const {
  std::vector<int> fds;
  for (const UniqueFd& end : worker_ends_) fds.push_back(end.get());
  return std::make_unique<RequestDispatcher>(std::move(fds));
}

std::unique_ptr<Dispatcher> RequestDispatcher::for_worker(int worker, int fd) {
  std::vector<int> fds(static_cast<std::size_t>(worker) + 1, -1);
  fds.back() = fd;
  return std::make_unique<RequestDispatcher>(std::move(fds));
}

std::unique_ptr<ItemCursor> RequestDispatcher::cursor(int worker) const {
  const int fd = fds_.at(static_cast<std::size_t>(worker));
  if (fd < 0) throw RunError("--dispatch request: no socket for worker " + std::to_string(worker));
  return std::make_unique<RequestCursor>(fd);
}

}  // namespace mpingest
