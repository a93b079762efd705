#pragma once
// Helpers shared by the tests: temporary trees, generated corpora, running
// the CLI, and checking that no child process was left behind.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace mpingest {
class ItemList;
class ItemTable;
}  // namespace mpingest

namespace mpingest::test {

// A fresh directory under the system temp dir, removed (recursively,
// permissions restored first) when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A generated maildir shared by all tests of one process (generated once).
const std::filesystem::path& generated_corpus();
constexpr std::uint64_t kGeneratedMessages = 700;
// The same kind of messages as an Emails.csv-like file and as an mbox file.
const std::filesystem::path& generated_csv();
const std::filesystem::path& generated_mbox();

// ../shared/data/enron-sample/maildir, or "" when absent (then the caller WARNs).
std::filesystem::path enron_sample();

void write_file(const std::filesystem::path& path, const std::string& bytes);
// The whole file, or "" if it cannot be read.
std::string read_text_file(const std::filesystem::path& path);
// The lines of `text`, sorted: output whose order does not matter (--unordered).
std::vector<std::string> sorted_lines(const std::string& text);

// CHECKs that `table` gives for item i what `list` gives (path, kind, errno,
// label, reason, record location).
void check_item_matches(const ItemList& list, const ItemTable& table, std::size_t i);

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
// Runs argv (no shell) and captures its output and exit code; `env` adds
// NAME=VALUE entries to the child's environment.
CommandResult run_command(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});
// Runs the mpingest binary under test.
CommandResult run_mpingest(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

// Root reads every file whatever its mode, so permission and limit cases
// need an unprivileged user: as root, `body` runs in a forked child that
// first hands `tree` to nobody (65534) and becomes nobody. Returns what
// `body` returned: "" when every expectation held, else what went wrong.
std::string run_unprivileged(const std::filesystem::path& tree, const std::function<std::string()>& body);

// Children of this process that are zombies or still running.
std::vector<int> child_processes();
// Children of process `parent`.
std::vector<int> child_processes_of(int parent);

// mpingest shared-memory segments (/dev/shm/mpingest-<pid>-<n>) left by this
// process, or by a process it started (see note_child) that no longer exists.
// Other processes' segments are not ours to judge: ctest runs tests in parallel.
std::vector<std::string> leaked_segments();
// Remembers a child process that may create segments.
void note_child(int pid);

}  // namespace mpingest::test
