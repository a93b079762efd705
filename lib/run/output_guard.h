#pragma once
// Output paths must never be input: `--emit x.csv` on `--input x.csv`
// truncated the input before a single row was read.

#include <string>

#include "corpus/item_table.h"

namespace mpingest {

// Throws UsageError if writing `output` would overwrite the input file
// (the same device and inode, however it is named: a symlink, a hard link,
// another path) or create or overwrite a file inside the input maildir.
// Hard links from outside into a maildir are not looked for (that would
// take a stat of every item).
void refuse_output_onto_input(const std::string& output, const std::string& input_root, CorpusFormat format,
                              const char* flag);

}  // namespace mpingest
