// Memory figures of the report: peak resident set and private memory.
#include <catch2/catch.hpp>
#include <cstring>
#include <memory>

#include "common/process_memory.h"

using namespace mpingest;

TEST_CASE("the peak resident set grows with touched memory, and private memory is part of it", "[memory]") {
  std::int64_t before = peak_resident_kb();
  REQUIRE(before > 0);
  constexpr std::size_t kBytes = 64u << 20;
  auto block = std::make_unique<char[]>(kBytes);
  std::memset(block.get(), 1, kBytes);  // resident only once touched
  std::int64_t during = private_memory_kb();
  // (Not before + kBytes: run with the other tests in one process, an earlier
  // test may have set a higher peak that this block only reuses.)
  CHECK(peak_resident_kb() >= static_cast<std::int64_t>(kBytes >> 10));
  CHECK(during >= static_cast<std::int64_t>(kBytes >> 10));
  CHECK(during <= peak_resident_kb());
  CHECK(block[kBytes - 1] == 1);
}
