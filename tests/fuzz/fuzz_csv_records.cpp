// The CSV record splitter (index_csv) and field extractor (csv_field) on
// arbitrary file contents. Asserts: every row lies inside the input, is not
// empty, does not start with a line break, and rows are in order and do not
// overlap (a terminator separates them); a row's line number is exactly the
// physical line it starts on; a well-formed row has exactly the header's
// number of fields according to csv_field, and no field is longer than its row.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "corpus/csv_records.h"
#include "fuzz_check.h"

using namespace mpingest;

namespace {

// Physical line breaks in [from, to): "\n", "\r\n" once, lone "\r".
std::uint64_t count_breaks(std::string_view s, std::size_t from, std::size_t to) {
  std::uint64_t breaks = 0;
  for (std::size_t i = from; i < to; ++i) {
    if (s[i] == '\n') ++breaks;
    if (s[i] == '\r' && !(i + 1 < s.size() && s[i + 1] == '\n')) ++breaks;
  }
  return breaks;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view file(reinterpret_cast<const char*>(data), size);
  const CsvIndex index = index_csv(file);

  const std::size_t columns = index.columns.size();
  if (columns == 0) FUZZ_CHECK(index.rows.empty() && index.header_error.empty());
  if (!index.header_error.empty() && index.header_error.find("NUL byte") == std::string::npos)
    FUZZ_CHECK(index.rows.empty());  // a quote left open in the header ate the rest of the file

  std::size_t previous_end = 0;
  std::size_t scanned = 0;  // count_breaks done up to here
  std::uint64_t line = 1;
  std::string value, error;
  for (const RecordSpan& row : index.rows) {
    FUZZ_CHECK(row.offset <= size && row.length <= size - row.offset);
    FUZZ_CHECK(row.length > 0);
    FUZZ_CHECK(row.offset > previous_end);  // the header or a terminator comes first
    FUZZ_CHECK(file[row.offset] != '\r' && file[row.offset] != '\n');
    line += count_breaks(file, scanned, row.offset);
    scanned = row.offset;
    FUZZ_CHECK(row.line == line);
    previous_end = row.offset + row.length;

    if (!row.error.empty()) continue;
    const std::string_view record = file.substr(row.offset, row.length);
    // Fields 0 .. columns-1 exist (the first 16 and the last checked), field `columns` does not.
    for (std::size_t c = 0; c < columns; c = (c + 1 == 16 && columns > 17) ? columns - 1 : c + 1) {
      FUZZ_CHECK(csv_field(record, c, value, &error));
      FUZZ_CHECK(value.size() <= record.size());
    }
    error.clear();
    FUZZ_CHECK(!csv_field(record, columns, value, &error));
    FUZZ_CHECK(!error.empty());
  }
  return 0;
}
