#pragma once
// Deterministic generator of Enron-like maildirs for tests and benchmarks.
//
// Writes `<out_dir>/<user>/<folder>[/<subfolder>]/<n>.` files that imitate
// the CMU Enron release: JavaMail header order and X- headers, folded To/Cc,
// missing To, quoted display names with commas, RFC 2047 subjects, three
// line-ending forms (LF, CRLF, CRLF headers with LF body), files without a
// final newline, a few ISO-8859-1 bytes, and long-tailed body sizes.
//
// The output depends only on (messages, seed): same inputs give the same
// paths and bytes on every platform (own PRNG and integer-only distributions).

#include <cstdint>
#include <filesystem>

namespace mpingest {

struct GeneratorOptions {
  std::filesystem::path out_dir;  // created if missing; must be empty or absent, else error
  std::uint64_t messages = 20000;
  std::uint64_t seed = 1;
};

struct GeneratorSummary {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
};

// Throws std::runtime_error (RunError) with a clear message (path + strerror)
// on I/O failure or when out_dir exists and is not an empty directory.
GeneratorSummary generate_maildir(const GeneratorOptions& options);

}  // namespace mpingest
