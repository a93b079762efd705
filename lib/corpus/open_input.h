#pragma once
// Turns --input (and --input-format, --column) into the run's item list.

#include <string>

#include "corpus/item_list.h"

namespace mpingest {

struct InputOptions {
  std::string path;
  std::string format = "auto";   // auto, maildir, csv, mbox
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

// The format enumerate_input would use (without reading more than a line).
CorpusFormat detect_format(const InputOptions& options);

}  // namespace mpingest
