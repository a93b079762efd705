#include "generator/generator_output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "common/system_error.h"

namespace mpingest::gen {

OutputFile::OutputFile(const std::filesystem::path& path) : path_(path.string()) {
  const std::filesystem::path parent = path.parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) throw_path_error("--out: cannot create directory " + parent.string(), ec.value());
  }
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    const int err = errno;
    if (err == EEXIST) throw UsageError("--out " + path_ + ": exists already; gen never overwrites a file");
    throw_path_error("--out " + path_, err);
  }
  buffer_.reserve(kFlushAt + (1u << 20));
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
}

void OutputFile::flush() {
  const char* p = buffer_.data();
  std::size_t left = buffer_.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_system_error("write " + path_, errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
    written_ += static_cast<std::uint64_t>(n);
  }
  buffer_.clear();
}

std::uint64_t OutputFile::close() {
  flush();
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw_system_error("close " + path_, errno);
  return written_;
}

void append_utf8_from_latin1(std::string& out, std::string_view latin1) {
  for (const char ch : latin1) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
}

void append_csv_field(std::string& out, std::string_view latin1) {
  if (latin1.find_first_of(",\"\r\n") == std::string_view::npos) {
    append_utf8_from_latin1(out, latin1);
    return;
  }
  out += '"';
  std::size_t pos = 0;
  for (std::size_t q = latin1.find('"'); q != std::string_view::npos; q = latin1.find('"', pos)) {
    append_utf8_from_latin1(out, latin1.substr(pos, q + 1 - pos));
    out += '"';
    pos = q + 1;
  }
  append_utf8_from_latin1(out, latin1.substr(pos));
  out += '"';
}

GeneratorSummary write_single_file(
    const GeneratorOptions& options, std::string_view preamble,
    const std::function<void(std::string& out, std::uint64_t index, const MessageSource& source,
                             const GeneratedMessage& message)>& append) {
  OutputFile file(options.out_dir);
  const MessageSource source(options.seed, options.messages, with_skew(single_file_style(), options));
  GeneratedMessage message;
  message.bytes.reserve(1 << 20);
  message.scratch.reserve(1 << 20);
  GeneratorSummary summary;
  file.buffer() += preamble;
  for (std::uint64_t i = 0; i < source.size(); ++i) {
    source.build(i, message);
    append(file.buffer(), i, source, message);
    file.maybe_flush();
    summary.files += 1;
  }
  summary.bytes = file.close();
  return summary;
}

}  // namespace mpingest::gen
