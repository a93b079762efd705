#pragma once
// Turns --input (and --input-format, --column) into the run's item list.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/item_list.h"

namespace mpingest {

struct InputOptions {
  std::string path;
  std::optional<CorpusFormat> format;  // none: detected (--input-format auto)
  std::string column = "RawText";  // csv: the column holding each message
  bool follow_symlinks = false;  // maildir
  unsigned threads = 1;          // maildir: threads that list directories at once
  unsigned* threads_used = nullptr;  // maildir: set to the threads that did (see EnumerateOptions)
};

// A directory is a maildir; a file is csv or mbox by --input-format, else by
// its extension (.csv; .mbox, .mbx), else by content (an mbox starts with
// "From "). Throws UsageError for an unusable input, an unknown format, or
// an unknown --column (the message lists the file's columns).
ItemList enumerate_input(const InputOptions& options);

// --input-format: "auto" (none) or a format's name. Throws UsageError.
std::optional<CorpusFormat> parse_input_format(std::string_view name);
std::vector<std::string> input_format_names();  // what --input-format accepts

// The format enumerate_input would use (without reading more than a line).
CorpusFormat detect_format(const InputOptions& options);

}  // namespace mpingest
