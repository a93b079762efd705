#pragma once
// Deterministic generator of Enron-like mail corpora for tests and benchmarks.
//
// The messages imitate the CMU Enron release: JavaMail header order and X-
// headers, folded To/Cc, missing To, quoted display names with commas, RFC
// 2047 subjects, three line-ending forms (LF, CRLF, CRLF headers with LF
// body), files without a final newline, a few ISO-8859-1 bytes, and
// long-tailed body sizes. They are written in one of three formats:
//
//  - maildir: `<out_dir>/<user>/<folder>[/<subfolder>]/<n>.` files, like the
//    CMU release;
//  - csv: one file shaped like the State Department `Emails.csv` release (22
//    columns, UTF-8, RawText holding the whole message, some RawText values
//    starting with release stamps instead of headers);
//  - mbox: one mboxrd file (From_ separator lines, ">From " quoting, LF).
//
// The output depends only on (format, messages, seed): same inputs give the
// same paths and bytes on every platform (own PRNG and integer-only
// distributions). Message i is the same in every format, except that csv and
// mbox put lines starting with "From " / ">From " into ~3% of the bodies
// (the maildir bytes predate that and are kept as they were).

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace mpingest {

enum class GeneratorFormat { maildir, csv, mbox };

// "maildir", "csv", "mbox"; anything else throws UsageError.
GeneratorFormat parse_generator_format(std::string_view name);
const char* generator_format_name(GeneratorFormat format);

// The most messages `gen` writes (about 35 GB as a maildir, twenty times Enron).
constexpr std::uint64_t kMaxGeneratedMessages = 10'000'000;

struct GeneratorOptions {
  // maildir: a directory, created if missing; must be empty or absent.
  // csv, mbox: the output file; its parent directories are created; it must
  // not exist yet.
  std::filesystem::path out_dir;
  std::uint64_t messages = 20000;
  std::uint64_t seed = 1;
  GeneratorFormat format = GeneratorFormat::maildir;
  // --skew: a few huge messages (mass mailings with long To lists, see
  // generator_skew.h), all at the start of the input in the order mpingest
  // reads it (a maildir's sorted paths, a csv's or mbox's file order), so
  // that static splits are unbalanced: `--dispatch block` gives them all to
  // worker 0, while rr and queue share them out.
  bool skew = false;
  double huge_fraction = 0.02;       // the first this fraction of messages are huge
  std::uint64_t huge_factor = 1000;  // their To lists are this many times longer
};

struct GeneratorSummary {
  std::uint64_t files = 0;  // messages written (= files for maildir)
  std::uint64_t bytes = 0;  // bytes written (all files, or the one file)
};

// Writes options.format. Throws RunError (a std::runtime_error) with a clear
// message (path + strerror) on I/O failure, when a maildir out_dir exists and
// is not an empty directory, or when a csv/mbox output file already exists.
GeneratorSummary generate(const GeneratorOptions& options);

// Writes a maildir whatever options.format says (the historical entry point).
GeneratorSummary generate_maildir(const GeneratorOptions& options);

}  // namespace mpingest
