// The Catch2 runner of mpingest_tests, with a listener that checks, after
// every test case, that nothing was leaked: no child process (zombie or
// alive) and no shared-memory segment of this process or of a dead one.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#include <cstdlib>
#include <iostream>

#include "test_support.h"

namespace {

struct LeakCheck : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;

  void testCaseEnded(const Catch::TestCaseStats& stats) override {
    std::vector<int> children = mpingest::test::child_processes();
    std::vector<std::string> segments = mpingest::test::leaked_segments();
    if (children.empty() && segments.empty()) return;
    std::cerr << "LEAK after test case '" << stats.testInfo.name << "':";
    for (int pid : children) std::cerr << " child process " << pid;
    for (const std::string& name : segments) std::cerr << " /dev/shm/" << name;
    std::cerr << "\n";
    // A listener cannot fail the test; failing the process makes ctest see it.
    std::_Exit(3);
  }
};

}  // namespace

CATCH_REGISTER_LISTENER(LeakCheck)
