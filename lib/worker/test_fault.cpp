#include "worker/test_fault.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <limits>
#include <string>

namespace mpingest {

TestFault TestFault::from_environment() {
  TestFault fault;
  const char* spec = std::getenv("MPINGEST_TEST_FAULT");
  if (spec == nullptr) return fault;
  std::string text(spec);
  auto at = text.find('@');
  if (at == std::string::npos) return fault;
  std::string kind = text.substr(0, at);
  std::string where = text.substr(at + 1);
  if (kind == "abort") fault.kind_ = Kind::abort;
  if (kind == "exit") fault.kind_ = Kind::exit;
  if (kind == "hang") fault.kind_ = Kind::hang;
  if (kind == "pause") fault.kind_ = Kind::pause;
  if (where == "start") {
    fault.at_start_ = true;
    fault.item_ = std::numeric_limits<std::size_t>::max();
  } else {
    fault.item_ = std::stoul(where);
  }
  if (const char* once = std::getenv("MPINGEST_TEST_FAULT_ONCE")) fault.once_path_ = once;
  return fault;
}

void TestFault::trigger() const {
  if (!once_path_.empty()) {
    int fd = ::open(once_path_.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0600);
    if (fd < 0) return;  // someone broke already
    ::close(fd);
  }
  if (kind_ == Kind::abort) std::abort();
  if (kind_ == Kind::exit) ::_exit(9);
  if (kind_ == Kind::pause) {
    ::usleep(100'000);
    return;
  }
  while (true) ::pause();  // hang: only a signal ends this
}

}  // namespace mpingest
