#include "run/output_guard.h"

#include <sys/stat.h>

#include <filesystem>

#include "common/system_error.h"

namespace fs = std::filesystem;

namespace mpingest {
namespace {

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

}  // namespace

void refuse_output_onto_input(const std::string& output, const std::string& input_root, CorpusFormat format,
                              const char* flag) {
  struct stat input {};
  if (::stat(input_root.c_str(), &input) != 0) return;  // nothing left to protect
  struct stat target {};
  bool exists = ::stat(output.c_str(), &target) == 0;
  if (exists && same_file(target, input))
    throw UsageError(std::string(flag) + " " + output + " is the input itself; refusing to overwrite it");
  if (format != CorpusFormat::maildir) return;
  // Inside the maildir if a directory above it is the root, the path's
  // symlinks resolved (the file itself need not exist yet).
  std::error_code ec;
  fs::path parent = fs::weakly_canonical(fs::absolute(fs::path(output), ec).parent_path(), ec);
  if (ec) return;
  for (fs::path dir = parent;; dir = dir.parent_path()) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0 && same_file(st, input))
      throw UsageError(std::string(flag) + " " + output + " lies inside the input maildir " + input_root +
                       ": it would be read as a message by the next run; write it elsewhere");
    if (dir == dir.parent_path()) break;
  }
}

}  // namespace mpingest
