#pragma once
// Internal to the corpus generator: the single-file writers (csv, mbox) and
// what they share.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "generator/generator.h"
#include "generator/generator_message.h"

namespace mpingest::gen {

// A new output file, written through a large buffer. The constructor creates
// the parent directories and the file (O_EXCL: an existing file is an error).
// Errors throw RunError naming the path.
class OutputFile {
 public:
  explicit OutputFile(const std::filesystem::path& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::string& buffer() { return buffer_; }  // append here, then call maybe_flush()
  void maybe_flush() {
    if (buffer_.size() >= kFlushAt) flush();
  }
  // Writes what is left and closes; returns the file size.
  std::uint64_t close();

 private:
  static constexpr std::size_t kFlushAt = 4u << 20;
  void flush();

  std::string path_;
  int fd_ = -1;
  std::string buffer_;
  std::uint64_t written_ = 0;
};

// The message style of the single-file formats: "From " lines for mbox
// quoting, and messages kept under ~100 KB (see MessageStyle). csv and mbox
// share it, so message i is the same in both.
inline MessageStyle single_file_style() {
  MessageStyle style;
  style.from_lines = true;
  style.max_message_bytes = 100000;
  return style;
}

// Writes one file holding every message of `options`: `preamble`, then
// `append(out, index, message)` for each message in order. Shared by the csv
// and mbox writers; the message source uses single_file_style().
GeneratorSummary write_single_file(
    const GeneratorOptions& options, std::string_view preamble,
    const std::function<void(std::string& out, std::uint64_t index, const MessageSource& source,
                             const GeneratedMessage& message)>& append);

// Appends ISO-8859-1 bytes as UTF-8.
void append_utf8_from_latin1(std::string& out, std::string_view latin1);

// Appends one CSV field the way Python's csv module (and pandas to_csv)
// writes it with QUOTE_MINIMAL: quoted when it holds ',', '"', '\r' or '\n',
// with '"' doubled. `latin1` is converted to UTF-8 on the way.
void append_csv_field(std::string& out, std::string_view latin1);

// Appends one mboxrd entry: "From <sender> <asctime UTC date>\n", the message
// with LF line endings and every line matching ^>*From  given one more '>',
// a final newline if it lacked one, and one blank line.
void append_mbox_entry(std::string& out, const GeneratedMessage& message);

// The 22 column names of Emails.csv, comma separated, without the newline.
extern const char kCsvHeader[];

// Appends the CSV row (with its "\n") of message `index` (0-based; Id is
// index + 1).
void append_csv_row(std::string& out, std::uint64_t seed, std::uint64_t index, const MessageSource& source,
                    const GeneratedMessage& message);

GeneratorSummary write_csv(const GeneratorOptions& options);
GeneratorSummary write_mbox(const GeneratorOptions& options);

}  // namespace mpingest::gen
