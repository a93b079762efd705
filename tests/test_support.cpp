#include "test_support.h"

#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "common/system_error.h"
#include "generator/generator.h"
#include "corpus/item_list.h"

namespace fs = std::filesystem;

namespace mpingest::test {

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "mpingest-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  // Restore permissions that tests took away, so that removal succeeds.
  for (auto it = fs::recursive_directory_iterator(path_, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) || it->is_regular_file(ec)) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  }
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path_, ec);
}

const fs::path& generated_corpus() {
  static TempDir dir;
  static const fs::path corpus = [] {
    fs::path out = dir.path() / "maildir";
    generate_maildir({out, kGeneratedMessages, 20261121});
    return out;
  }();
  return corpus;
}

namespace {

fs::path generated_file(GeneratorFormat format, const char* name) {
  static TempDir dir;
  fs::path out = dir.path() / name;
  GeneratorOptions options{out, kGeneratedMessages, 20261121};
  options.format = format;
  generate(options);
  return out;
}

}  // namespace

const fs::path& generated_csv() {
  static const fs::path path = generated_file(GeneratorFormat::csv, "Emails.csv");
  return path;
}

const fs::path& generated_mbox() {
  static const fs::path path = generated_file(GeneratorFormat::mbox, "archive.mbox");
  return path;
}

fs::path enron_sample() {
  const char* env = std::getenv("MPINGEST_DATA");
  fs::path base = env != nullptr ? fs::path(env) : fs::path(MPINGEST_SHARED_DATA_DIR);
  fs::path sample = base / "enron-sample" / "maildir";
  return fs::is_directory(sample) ? sample : fs::path();
}

void write_file(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_text_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

namespace {

std::string drain(int fd) {
  std::string out;
  char buffer[65536];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
  return out;
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  // Output goes to temporary files, so a chatty child cannot fill a pipe and stall.
  TempDir dir;
  std::string out_path = (dir.path() / "out").string();
  std::string err_path = (dir.path() / "err").string();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = ::open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || in < 0) ::_exit(127);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    for (const std::string& entry : env) ::putenv(const_cast<char*>(entry.c_str()));
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  note_child(pid);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  int out = ::open(out_path.c_str(), O_RDONLY);
  int err = ::open(err_path.c_str(), O_RDONLY);
  result.out = drain(out);
  result.err = drain(err);
  ::close(out);
  ::close(err);
  return result;
}

CommandResult run_mpingest(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  std::vector<std::string> argv{MPINGEST_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, env);
}

std::vector<int> child_processes() { return child_processes_of(::getpid()); }

std::vector<int> child_processes_of(int parent) {
  std::vector<int> children;
  std::string self = std::to_string(parent);
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return children;
  while (const dirent* entry = ::readdir(proc)) {
    std::string name = entry->d_name;
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat("/proc/" + name + "/stat");
    std::string line;
    std::getline(stat, line);
    // Fields after the ")" that ends the command name: state ppid ...
    auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(line.substr(close + 1));
    std::string state, ppid;
    fields >> state >> ppid;
    if (ppid == self) children.push_back(std::stoi(name));
  }
  ::closedir(proc);
  return children;
}

namespace {
std::vector<int>& noted_children() {
  static std::vector<int> pids;
  return pids;
}
}  // namespace

void note_child(int pid) { noted_children().push_back(pid); }

std::vector<std::string> leaked_segments() {
  std::vector<std::string> leaked;
  std::error_code ec;
  const std::string prefix = "mpingest-";
  for (const auto& entry : fs::directory_iterator("/dev/shm", ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    std::string digits = name.substr(prefix.size(), name.find('-', prefix.size()) - prefix.size());
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    pid_t owner = static_cast<pid_t>(std::stol(digits));
    bool ours = owner == ::getpid();
    bool our_dead_child = std::count(noted_children().begin(), noted_children().end(), owner) > 0 &&
                          !(::kill(owner, 0) == 0 || errno == EPERM);
    if (ours || our_dead_child) leaked.push_back(name);
  }
  return leaked;
}

void check_item_matches(const ItemList& list, const ItemTable& table, std::size_t i) {
  INFO("item " << i);
  CHECK(table.path(i) == list.path(i));
  CHECK(table.kind(i) == list.kind(i));
  CHECK(table.error_number(i) == list.error_number(i));
  CHECK(table.label(i) == list.label(i));
  CHECK(table.describe_kind(i) == list.describe_kind(i));
  if (list.format() != CorpusFormat::maildir) {
    CHECK(table.record(i).offset == list.record(i).offset);
    CHECK(table.record(i).length == list.record(i).length);
    CHECK(table.record(i).line == list.record(i).line);
  }
}

std::string run_unprivileged(const fs::path& tree, const std::function<std::string()>& body) {
  if (::geteuid() != 0) return body();
  for (const auto& entry : fs::recursive_directory_iterator(tree)) {
    REQUIRE(::lchown(entry.path().c_str(), 65534, 65534) == 0);
  }
  REQUIRE(::chown(tree.c_str(), 65534, 65534) == 0);
  for (fs::path p = tree.parent_path(); p != p.root_path(); p = p.parent_path()) {
    fs::permissions(p, fs::perms::others_exec, fs::perm_options::add);  // reachable by nobody
  }
  int report[2];
  REQUIRE(::pipe(report) == 0);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(report[0]);
    std::string failure;
    if (::setgroups(0, nullptr) != 0 || ::setresgid(65534, 65534, 65534) != 0 || ::setresuid(65534, 65534, 65534) != 0) {
      failure = "cannot become nobody: " + errno_text(errno);
    } else {
      try {
        failure = body();
      } catch (const std::exception& e) {
        failure = std::string("exception: ") + e.what();
      }
    }
    if (!failure.empty()) (void)!::write(report[1], failure.data(), failure.size());
    ::_exit(0);
  }
  note_child(child);
  ::close(report[1]);
  std::string failure;
  char buffer[4096];
  for (ssize_t n; (n = ::read(report[0], buffer, sizeof buffer)) > 0;) failure.append(buffer, static_cast<std::size_t>(n));
  ::close(report[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failure += " (the unprivileged child died)";
  return failure;
}


}  // namespace mpingest::test
