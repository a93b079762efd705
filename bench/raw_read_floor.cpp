// raw_read_floor: the I/O floor under mpingest on a maildir.
//
// It lists the maildir with mpingest's own enumerate_maildir, with as many
// threads as mpingest would use for N workers (so the listing costs exactly
// what it costs mpingest), then forks N processes; process k
// takes the items mpingest's dispatcher gives worker k (rr: k, k+N, k+2N...;
// --dispatch block: the k-th of N contiguous ranges), and only opens,
// reads into one reused buffer, and closes each regular file: no fstat, no
// parse, no count. Whatever mpingest does beyond this is the price of its work.
//
// --read syscalls (the default) reads each file with its own open, read,
// read, close: the floor of any reader that reads one file at a time.
// --read io_uring reads as mpingest does by default: windows of 32 files,
// each window one io_uring submission (corpus/uring_batch_reader.h), and a
// file the batch cannot vouch for read again the plain way.
//
//   raw_read_floor DIR [--procs N] [--dispatch rr|block] [--read syscalls|io_uring]
//
// prints {"procs", "read", "dispatch", "items", "bytes", "enumerate_s", "read_s", "wall_s",
// "MB_per_s", "children": [...]}: read_s is from the first fork until the last
// child is reaped, wall_s is enumeration plus read_s (as mpingest's
// timing.wall_s covers enumeration and work), MB_per_s is bytes / wall_s.

#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/enumerate_maildir.h"
#include "corpus/uring_batch_reader.h"
#include "dispatch/dispatcher.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// What a child sends back on its pipe: one small write, atomic (< PIPE_BUF).
struct ChildReport {
  std::uint64_t items = 0;   // regular files read
  std::uint64_t bytes = 0;
  std::uint64_t failed = 0;  // could not be opened or read
  double read_s = 0;         // the child's own time from start to finish
};

// Opens, reads until a read returns 0, and closes one file, as FileReader does.
void read_one(int root_fd, const std::string& path, std::vector<char>& buffer, ChildReport& report) {
  int fd = ::openat(root_fd, path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    ++report.failed;
    return;
  }
  while (true) {
    ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got > 0) {
      report.bytes += static_cast<std::uint64_t>(got);
    } else if (got == 0) {
      ++report.items;
      break;
    } else if (errno != EINTR) {
      ++report.failed;
      break;
    }
  }
  ::close(fd);
}

// The items `cursor` yields: mpingest's own split for that worker, one file
// at a time (--read syscalls), or, as mpingest reads by default, in windows
// of io_uring batches, with a file a batch cannot vouch for read again alone.
ChildReport read_share(const mpingest::ItemList& items, int root_fd, mpingest::ItemCursor& cursor, bool uring) {
  auto start = Clock::now();
  ChildReport report;
  std::vector<char> buffer(1 << 20);  // reused; larger files take several reads
  std::string why_not;
  std::unique_ptr<mpingest::UringBatchReader> batch;
  if (uring && !(batch = mpingest::UringBatchReader::create(root_fd, why_not))) {
    std::fprintf(stderr, "raw_read_floor: %s\n", why_not.c_str());
    std::exit(2);
  }
  const std::size_t window_size = batch ? mpingest::UringBatchReader::kSlots : 1;
  std::vector<std::string_view> window;  // the regular files taken from the cursor
  std::string path;
  std::size_t i = 0;
  bool more = true;
  while (more) {
    window.clear();
    while (window.size() < window_size && (more = cursor.next(i))) {
      if (items.kind(i) == mpingest::ItemKind::regular) window.push_back(items.path(i));
    }
    if (batch) batch->read(window, UINT64_MAX);
    for (std::size_t k = 0; k < window.size(); ++k) {
      if (batch) {
        if (std::optional<std::string_view> bytes = batch->bytes(k)) {
          report.bytes += bytes->size();
          ++report.items;
          continue;
        }
      }
      path.assign(window[k]);
      read_one(root_fd, path, buffer, report);
    }
  }
  report.read_s = seconds(start);
  return report;
}

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "raw_read_floor: %s: %s\n", what, std::strerror(errno));
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  std::string root;
  std::size_t procs = 1;
  std::string dispatch = "rr";
  std::string read = "syscalls";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--procs" && i + 1 < argc) {
      procs = std::strtoul(argv[++i], nullptr, 10);
    } else if (arg == "--dispatch" && i + 1 < argc && (argv[i + 1] == std::string("rr") || argv[i + 1] == std::string("block"))) {
      dispatch = argv[++i];
    } else if (arg == "--read" && i + 1 < argc && (argv[i + 1] == std::string("syscalls") || argv[i + 1] == std::string("io_uring"))) {
      read = argv[++i];
    } else if (root.empty() && arg[0] != '-') {
      root = arg;
    } else {
      root.clear();
      break;
    }
  }
  if (root.empty() || procs == 0) {
    std::fprintf(stderr, "usage: raw_read_floor MAILDIR [--procs N] [--dispatch rr|block] [--read syscalls|io_uring]   (N >= 1)\n");
    return 2;
  }

  auto wall_start = Clock::now();
  mpingest::ItemList items;
  try {
    mpingest::EnumerateOptions listing;
    listing.threads = mpingest::listing_threads_for_workers(static_cast<unsigned>(procs));
    items = mpingest::enumerate_maildir(root, listing);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "raw_read_floor: %s\n", e.what());
    return 2;
  }
  double enumerate_s = seconds(wall_start);

  int root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) die("open root");

  auto read_start = Clock::now();
  std::vector<pid_t> pids(procs, -1);
  std::vector<int> pipes(procs, -1);
  for (std::size_t k = 0; k < procs; ++k) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) die("pipe2");
    pid_t pid = ::fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
      ::close(fds[0]);
      auto split = mpingest::make_dispatcher({mpingest::parse_dispatch_strategy(dispatch), items.size(), static_cast<int>(procs)});
      ChildReport report = read_share(items, root_fd, *split->cursor(static_cast<int>(k)), read == "io_uring");
      bool sent = ::write(fds[1], &report, sizeof report) == static_cast<ssize_t>(sizeof report);
      ::_exit(sent ? 0 : 1);
    }
    ::close(fds[1]);
    pids[k] = pid;
    pipes[k] = fds[0];
  }

  // Reap every child, then collect its report (it is waiting in the pipe).
  bool all_ok = true;
  std::vector<ChildReport> reports(procs);
  for (std::size_t k = 0; k < procs; ++k) {
    int status = 0;
    while (::waitpid(pids[k], &status, 0) < 0) {
      if (errno != EINTR) die("waitpid");
    }
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
              ::read(pipes[k], &reports[k], sizeof reports[k]) == static_cast<ssize_t>(sizeof reports[k]);
    if (!ok) {
      std::fprintf(stderr, "raw_read_floor: child %zu (pid %d) failed (status %d)\n", k, pids[k], status);
      all_ok = false;
    }
    ::close(pipes[k]);
  }
  double read_s = seconds(read_start);
  double wall_s = seconds(wall_start);
  ::close(root_fd);

  ChildReport sum;
  for (const ChildReport& r : reports) {
    sum.items += r.items;
    sum.bytes += r.bytes;
    sum.failed += r.failed;
  }
  std::printf("{\n  \"procs\": %zu,\n  \"read\": \"%s\",\n  \"dispatch\": \"%s\",\n  \"items\": %llu,\n  \"bytes\": %llu,\n  \"failed\": %llu,\n", procs, read.c_str(), dispatch.c_str(),
              static_cast<unsigned long long>(sum.items), static_cast<unsigned long long>(sum.bytes),
              static_cast<unsigned long long>(sum.failed));
  std::printf("  \"enumerate_s\": %.6f,\n  \"read_s\": %.6f,\n  \"wall_s\": %.6f,\n  \"MB_per_s\": %.1f,\n",
              enumerate_s, read_s, wall_s, static_cast<double>(sum.bytes) / 1e6 / wall_s);
  std::printf("  \"children\": [");
  for (std::size_t k = 0; k < procs; ++k) {
    std::printf("%s\n    {\"items\": %llu, \"bytes\": %llu, \"read_s\": %.6f}", k ? "," : "",
                static_cast<unsigned long long>(reports[k].items),
                static_cast<unsigned long long>(reports[k].bytes), reports[k].read_s);
  }
  std::printf("\n  ]\n}\n");
  return all_ok && sum.failed == 0 ? 0 : 1;
}
