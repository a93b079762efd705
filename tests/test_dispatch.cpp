// Static dispatch: every item goes to exactly one worker.
#include <catch2/catch.hpp>
#include <set>

#include "common/system_error.h"
#include "dispatch/dispatcher.h"

using namespace mpingest;

namespace {

std::vector<std::size_t> items_of(const Dispatcher& d, int worker) {
  std::vector<std::size_t> out;
  auto cursor = d.cursor(worker);
  std::size_t i;
  while (cursor->next(i)) out.push_back(i);
  return out;
}

}  // namespace

TEST_CASE("round-robin gives item i to worker i mod N", "[dispatch]") {
  auto d = make_dispatcher({DispatchStrategy::rr, 10, 3});
  CHECK(items_of(*d, 0) == std::vector<std::size_t>{0, 3, 6, 9});
  CHECK(items_of(*d, 1) == std::vector<std::size_t>{1, 4, 7});
  CHECK(items_of(*d, 2) == std::vector<std::size_t>{2, 5, 8});
}

TEST_CASE("blocks are contiguous and differ in length by at most one", "[dispatch]") {
  auto d = make_dispatcher({DispatchStrategy::block, 7946, 2});  // the seed's 0..3972, 3972..7946 split
  auto first = items_of(*d, 0);
  auto second = items_of(*d, 1);
  CHECK(first.size() == 3973);
  CHECK(first.front() == 0);
  CHECK(second.front() == 3973);
  CHECK(second.back() == 7945);
}

TEST_CASE("every strategy covers every item exactly once", "[dispatch]") {
  auto strategy = GENERATE(DispatchStrategy::rr, DispatchStrategy::block);
  auto count = GENERATE(0u, 1u, 5u, 101u);
  auto workers = GENERATE(1, 2, 4, 7, 200);
  auto d = make_dispatcher({strategy, count, workers});
  std::multiset<std::size_t> seen;
  for (int w = 0; w < workers; ++w) {
    for (std::size_t i : items_of(*d, w)) seen.insert(i);
  }
  REQUIRE(seen.size() == count);
  for (std::size_t i = 0; i < count; ++i) CHECK(seen.count(i) == 1);
}

TEST_CASE("unknown strategies and zero workers are usage errors", "[dispatch]") {
  CHECK_THROWS_AS(parse_dispatch_strategy("nope"), UsageError);
  CHECK_THROWS_AS(make_dispatcher({DispatchStrategy::rr, 3, 0}), UsageError);
}
