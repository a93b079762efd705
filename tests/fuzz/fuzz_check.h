#pragma once
// FUZZ_CHECK(cond): a violated invariant is a finding. It prints the condition
// and aborts, which libFuzzer reports as a crash and saves as an artifact.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FUZZ_CHECK(cond)                                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)

namespace fuzz {

// Whether `part` lies inside `whole` (both views of the same buffer).
inline bool inside(std::string_view part, std::string_view whole) {
  auto p = reinterpret_cast<std::uintptr_t>(part.data());
  auto w = reinterpret_cast<std::uintptr_t>(whole.data());
  return p >= w && p - w <= whole.size() && part.size() <= whole.size() - (p - w);
}

}  // namespace fuzz
