#include "generator/generator.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "common/system_error.h"
#include "common/unique_fd.h"
#include "generator/generator_message.h"
#include "generator/generator_output.h"

namespace mpingest {

namespace {

// ---------------------------------------------------------------------------
// File system.

void check_out_dir(const std::filesystem::path& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno != ENOENT) throw_path_error("--out " + dir.string(), errno);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw_path_error("--out " + dir.string() + ": cannot create it", ec.value());
    return;
  }
  if (!S_ISDIR(st.st_mode)) throw UsageError("--out " + dir.string() + ": not a directory (a maildir is written as one)");
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) throw_path_error("--out " + dir.string(), ec.value());
  if (it != std::filesystem::directory_iterator())
    throw UsageError("--out " + dir.string() + ": must be empty or absent, so nothing of yours is mixed in");
}

void make_dir(const std::string& path) {
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) throw_system_error("mkdir " + path, errno);
}

void write_file(const std::string& path, const std::string& data) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid()) throw_system_error("open " + path, errno);
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    const ssize_t n = ::write(fd.get(), p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_system_error("write " + path, errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::close(fd.release()) != 0) throw_system_error("close " + path, errno);
}

}  // namespace

GeneratorFormat parse_generator_format(std::string_view name) {
  if (name == "maildir") return GeneratorFormat::maildir;
  if (name == "csv") return GeneratorFormat::csv;
  if (name == "mbox") return GeneratorFormat::mbox;
  throw UsageError("unknown generator format '" + std::string(name) + "' (expected maildir, csv or mbox)");
}

const char* generator_format_name(GeneratorFormat format) {
  switch (format) {
    case GeneratorFormat::maildir:
      return "maildir";
    case GeneratorFormat::csv:
      return "csv";
    case GeneratorFormat::mbox:
      return "mbox";
  }
  return "maildir";
}

GeneratorSummary generate(const GeneratorOptions& options) {
  switch (options.format) {
    case GeneratorFormat::csv:
      return gen::write_csv(options);
    case GeneratorFormat::mbox:
      return gen::write_mbox(options);
    case GeneratorFormat::maildir:
      break;
  }
  return generate_maildir(options);
}

GeneratorSummary generate_maildir(const GeneratorOptions& options) {
  check_out_dir(options.out_dir);
  const gen::MessageSource source(options.seed, options.messages, gen::with_skew({}, options));
  const gen::Directory& dir = source.directory();
  GeneratorSummary summary;
  gen::GeneratedMessage message;
  message.bytes.reserve(1 << 20);
  message.scratch.reserve(1 << 20);
  std::uint64_t index = 0;
  const std::string root = options.out_dir.string();
  for (std::size_t b = 0; b < dir.mailboxes.size(); ++b) {
    const gen::Mailbox& box = dir.mailboxes[b];
    if (box.folders.empty()) continue;  // only when messages == 0
    const std::string user_dir = root + "/" + box.key;
    make_dir(user_dir);
    for (std::size_t f = 0; f < box.folders.size(); ++f) {
      const gen::Folder& folder = box.folders[f];
      // Create each level of a nested folder ("inbox/california").
      for (std::size_t slash = folder.dir.find('/'); slash != std::string::npos;
           slash = folder.dir.find('/', slash + 1)) {
        make_dir(user_dir + "/" + folder.dir.substr(0, slash));
      }
      const std::string folder_dir = user_dir + "/" + folder.dir;
      make_dir(folder_dir);
      for (std::uint64_t n = 1; n <= folder.count; ++n, ++index) {
        source.build(index, {b, f, n}, message);
        write_file(folder_dir + "/" + std::to_string(n) + ".", message.bytes);
        summary.files += 1;
        summary.bytes += message.bytes.size();
      }
    }
  }
  return summary;
}

}  // namespace mpingest
