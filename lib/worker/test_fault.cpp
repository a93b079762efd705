#include "worker/test_fault.h"

#include <unistd.h>

#include <cstdlib>
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
  if (kind == "abort") fault.kind_ = Kind::abort;
  if (kind == "exit") fault.kind_ = Kind::exit;
  fault.item_ = std::stoul(text.substr(at + 1));
  return fault;
}

void TestFault::trigger() const {
  if (kind_ == Kind::abort) std::abort();
  ::_exit(9);
}

}  // namespace mpingest
