#pragma once
// Test-only fault injection, so tests can crash a real worker on purpose.
// MPINGEST_TEST_FAULT="abort@N" makes the worker that reaches item N call
// abort(); "exit@N" makes it _exit(9). Read once per worker; costs one
// comparison per item. Never set it outside tests: in --mode threads or
// serial it takes the whole process down, as a real crash would.

#include <cstddef>

namespace mpingest {

class TestFault {
 public:
  static TestFault from_environment();
  // Dies here if `index` is the chosen item.
  void maybe_trigger(std::size_t index) const {
    if (kind_ != Kind::none && index == item_) trigger();
  }

 private:
  enum class Kind { none, abort, exit };
  [[noreturn]] void trigger() const;

  Kind kind_ = Kind::none;
  std::size_t item_ = 0;
};

}  // namespace mpingest
