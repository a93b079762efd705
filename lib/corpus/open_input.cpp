#include "corpus/open_input.h"

#include <sys/stat.h>

#include <cerrno>
#include <fstream>

#include "common/mapped_file.h"
#include "common/named_values.h"
#include "common/system_error.h"
#include "corpus/csv_records.h"
#include "corpus/enumerate_maildir.h"
#include "corpus/mbox_records.h"

namespace mpingest {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

ItemList index_csv_file(const InputOptions& options) {
  MappedFile file(options.path);
  ItemList items(options.path, CorpusFormat::csv);
  // Rows go straight into the list, and the scanned pages are released: the
  // parent's peak is the item list, not the file nor a list of spans.
  CsvIndex index = index_csv(
      file.bytes(), [&items](const RecordSpan& row) { items.add_record({row.offset, row.length, row.line}, row.error); },
      [&file](std::size_t done) { file.release_before(done); });
  if (!index.header_error.empty())
    throw UsageError("--input " + options.path + ": " + index.header_error);
  if (index.columns.empty()) throw UsageError("--input " + options.path + ": no CSV header row");
  std::size_t column = csv_column(index, options.column);
  if (column == static_cast<std::size_t>(-1)) {
    std::string known;
    for (const std::string& name : index.columns) known += (known.empty() ? "" : ", ") + name;
    throw UsageError("--column " + options.column + ": no such column in " + options.path + " (columns: " + known + ")");
  }
  items.set_text_column(column);
  return items;
}

ItemList index_mbox_file(const InputOptions& options) {
  MappedFile file(options.path);
  ItemList items(options.path, CorpusFormat::mbox);
  index_mbox(
      file.bytes(),
      [&items](const RecordSpan& message) {
        items.add_record({message.offset, message.length, message.line}, message.error);
      },
      [&file](std::size_t done) { file.release_before(done); });
  return items;
}

}  // namespace

constexpr CorpusFormat kCorpusFormats[] = {CorpusFormat::maildir, CorpusFormat::csv, CorpusFormat::mbox};

std::vector<std::string> input_format_names() {
  std::vector<std::string> names{"auto"};
  for (CorpusFormat format : kCorpusFormats) names.emplace_back(corpus_format_name(format));
  return names;
}

std::optional<CorpusFormat> parse_input_format(std::string_view name) {
  for (CorpusFormat format : kCorpusFormats) {
    if (name == corpus_format_name(format)) return format;
  }
  if (name != "auto")
    throw UsageError("unknown --input-format '" + std::string(name) + "' (" + choice_list(input_format_names()) + ")");
  return std::nullopt;
}

CorpusFormat detect_format(const InputOptions& options) {
  if (options.format) return *options.format;
  struct stat st {};
  if (::stat(options.path.c_str(), &st) != 0) throw UsageError("--input " + options.path + ": " + errno_text(errno));
  if (S_ISDIR(st.st_mode)) return CorpusFormat::maildir;
  // Never open a FIFO or a device to sniff it: opening a FIFO waits for a writer.
  if (!S_ISREG(st.st_mode))
    throw UsageError("--input " + options.path + ": " + describe_file_type(st.st_mode) +
                     ", not a maildir, CSV or mbox file");
  if (ends_with(options.path, ".csv")) return CorpusFormat::csv;
  if (ends_with(options.path, ".mbox") || ends_with(options.path, ".mbx")) return CorpusFormat::mbox;
  std::ifstream in(options.path, std::ios::binary);
  char start[5] = {};
  in.read(start, sizeof start);
  if (in.gcount() == 5 && std::string_view(start, 5) == "From ") return CorpusFormat::mbox;
  throw UsageError("--input " + options.path +
                   ": cannot tell whether this file is csv or mbox; say so with --input-format");
}

ItemList enumerate_input(const InputOptions& options) {
  switch (detect_format(options)) {
    case CorpusFormat::maildir:
      return enumerate_maildir(options.path, {options.follow_symlinks, options.threads, options.threads_used});
    case CorpusFormat::csv: return index_csv_file(options);
    case CorpusFormat::mbox: return index_mbox_file(options);
  }
  throw UsageError("unsupported input format");
}

}  // namespace mpingest
