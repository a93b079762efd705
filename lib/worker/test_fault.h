#pragma once
// Test-only fault injection, so tests can break a real worker on purpose.
//   MPINGEST_TEST_FAULT=abort@N   the worker that reaches item N calls abort()
//   MPINGEST_TEST_FAULT=exit@N    ... calls _exit(9)
//   MPINGEST_TEST_FAULT=hang@N    ... stops making progress (sleeps forever)
//   MPINGEST_TEST_FAULT=pause@N   ... sleeps 100 ms, then goes on (time off a CPU)
//   MPINGEST_TEST_FAULT=abort@start  every worker aborts before its first item
//   MPINGEST_TEST_FAULT_ONCE=PATH  only the first worker to get there (the one
//                                  that creates PATH) breaks; replacements pass
// Read once per worker; costs one comparison per item. Never set it outside
// tests: in --mode threads or serial it takes the whole process down, as a
// real crash would.

#include <cstddef>
#include <string>

namespace mpingest {

class TestFault {
 public:
  static TestFault from_environment();
  // Breaks here if `index` is the chosen item.
  void maybe_trigger(std::size_t index) const {
    if (kind_ != Kind::none && index == item_) trigger();
  }
  // Breaks here if the fault is "at start".
  void maybe_trigger_at_start() const {
    if (kind_ != Kind::none && at_start_) trigger();
  }

 private:
  enum class Kind { none, abort, exit, hang, pause };
  void trigger() const;

  Kind kind_ = Kind::none;
  std::size_t item_ = 0;
  bool at_start_ = false;
  std::string once_path_;
};

}  // namespace mpingest
