#pragma once
// Files a run writes whole at its end (--trace, --timeline): checked before
// the run, so that a long run does not fail only when it is done, and
// written to a temporary name then renamed, so that a file at the path is
// always complete: a full disk or a stop leaves the old file (or none).

#include <string>
#include <string_view>

namespace mpingest {

// Throws UsageError if `path` could not be written later: its directory
// does not exist or is not writable, or it is a directory. `flag` names it
// in messages ("--trace").
void check_whole_file_writable(const std::string& path, const std::string& flag);

// Writes `text` to `path` in one piece. Throws ResourceError (no space, a
// file size limit) or UsageError (not writable), naming `flag`; nothing is
// left at a temporary name.
void write_whole_file(const std::string& path, std::string_view text, const std::string& flag);

}  // namespace mpingest
