#include "sandbox.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>

#include "generator/generator.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace mpingest::test {
namespace {

constexpr int kFirstSandboxUser = 100000;  // above every user a system assigns

// The script that runs inside the namespaces. $1.. are mpingest's arguments.
std::string sandbox_script(const SandboxOptions& options, const std::string& out_dir) {
  std::ostringstream s;
  s << "mount -t tmpfs -o size=" << options.shm_size << ",mode=1777 tmpfs /dev/shm || exit 90\n"
    << "sleep 1000 & sentinel=$!\n"
    << options.before << "\n"
    << "\"$@\" >" << out_dir
    << "/out 2>" << out_dir << "/err </dev/null\n"
    << "echo \"RC=$?\"\n"
    << "( " << (options.after.empty() ? ":" : options.after) << " ) >" << out_dir << "/after 2>&1\n"
    // Anything the run left behind gets a moment to die of PR_SET_PDEATHSIG.
    << "sleep 0.2\n"
    << "kill -0 $sentinel 2>/dev/null && echo SENTINEL_ALIVE\n"
    << "for p in /proc/[0-9]*; do pid=${p#/proc/}; "
       "[ $pid = 1 ] || [ $pid = $$ ] || [ $pid = $sentinel ] && continue; "
       "read comm < $p/comm 2>/dev/null && echo \"LEFTOVER $pid $comm\"; done\n"
    << "for f in /dev/shm/*; do [ -e \"$f\" ] && echo \"SEGMENT ${f#/dev/shm/}\"; done\n"
    << "kill $sentinel\n";
  return s.str();
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

const std::string& sandbox_unavailable_reason() {
  static const std::string reason = [] {
    if (::geteuid() != 0) return std::string("needs root to make PID and mount namespaces");
    CommandResult probe = run_command({"unshare", "--pid", "--fork", "--mount-proc", "--mount", "--kill-child",
                                       "sh", "-c", "mount -t tmpfs tmpfs /dev/shm && echo ok"});
    if (probe.exit_code != 0 || probe.out != "ok\n")
      return "cannot make namespaces here (unshare: " + probe.err + ")";
    if (run_command({"setpriv", "--version"}).exit_code != 0) return std::string("setpriv is missing");
    return std::string();
  }();
  return reason;
}

SandboxResult run_sandboxed(const std::vector<std::string>& args, const SandboxOptions& options) {
  TempDir dir;
  ::chmod(dir.path().c_str(), 0777);  // nobody writes mpingest's output there
  std::vector<std::string> argv{"timeout", "-s", "KILL", std::to_string(options.timeout_s), "unshare", "--pid",
                                "--fork", "--mount-proc", "--mount", "--kill-child", "sh", "-c",
                                sandbox_script(options, dir.path().string()), "sandbox"};
  if (!options.limits.empty()) {
    argv.push_back("prlimit");
    argv.insert(argv.end(), options.limits.begin(), options.limits.end());
    argv.push_back("--");
  }
  if (options.unprivileged) {
    // A user of this test process's own: RLIMIT_NPROC counts every process
    // of a user, and ctest runs other test processes (as other users) at once.
    const std::string id = std::to_string(kFirstSandboxUser + ::getpid());
    for (std::string word : {std::string("setpriv"), "--reuid=" + id, "--regid=" + id, std::string("--clear-groups")})
      argv.push_back(word);
  }
  if (!options.env.empty()) {
    argv.push_back("env");
    argv.insert(argv.end(), options.env.begin(), options.env.end());
  }
  argv.insert(argv.end(), options.launcher.begin(), options.launcher.end());
  argv.push_back(MPINGEST_BINARY);
  argv.insert(argv.end(), args.begin(), args.end());
  CommandResult run = run_command(argv);

  SandboxResult result;
  result.out = read_text(dir.path() / "out");
  result.err = read_text(dir.path() / "err");
  result.after = read_text(dir.path() / "after");
  result.exit_code = run.exit_code == 128 + 9 ? 124 : -1;
  std::istringstream lines(run.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("RC=", 0) == 0) result.exit_code = std::stoi(line.substr(3));
    if (line == "SENTINEL_ALIVE") result.sentinel_alive = true;
    if (line.rfind("LEFTOVER ", 0) == 0) result.leftover_processes.push_back(line.substr(9));
    if (line.rfind("SEGMENT ", 0) == 0) result.leftover_segments.push_back(line.substr(8));
  }
  result.log = "sandbox exit " + std::to_string(run.exit_code) + "\n--- script output\n" + run.out +
               "--- script stderr\n" + run.err + "--- mpingest stderr\n" + result.err;
  return result;
}

const fs::path& readable_corpus(std::uint64_t messages) {
  static std::map<std::uint64_t, std::pair<std::unique_ptr<TempDir>, fs::path>> corpora;
  auto& entry = corpora[messages];
  if (!entry.first) {
    entry.first = std::make_unique<TempDir>();
    ::chmod(entry.first->path().c_str(), 0755);
    entry.second = entry.first->path() / "maildir";
    generate_maildir({entry.second, messages, 20261206});
  }
  return entry.second;
}

}  // namespace mpingest::test
