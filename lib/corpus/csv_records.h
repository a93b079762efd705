#pragma once
// Finds the records of a CSV file in one fast pass, and extracts one field of
// one record later. Pure functions on views: no I/O, nothing thrown.
//
// The dialect is Python's csv module default (csv.reader(f) with
// open(..., newline='')), so field values match it byte for byte on
// well-formed input:
// - fields are separated by ',' and records by "\n", "\r\n" or "\r" outside
//   quotes; "\r\n" is one terminator;
// - a field that starts with '"' is quoted: it may hold ',', line breaks
//   (kept as they are, CRLF included) and "" for one '"';
// - text after the closing quote is appended to the field ("x"y -> xy), and
//   a '"' that does not start a field is an ordinary character (a"b -> a"b).
// Deliberate differences (mirrored by scripts/reference_totals.py, so the
// totals still agree):
// - a blank line (a terminator at the start of a record) is skipped, as
//   pandas does; Python's reader yields [] for it;
// - a UTF-8 BOM at the start of the file is skipped, as pandas and Python's
//   'utf-8-sig' codec do;
// - a row holding a NUL byte is malformed (Python >= 3.11 accepts NUL);
// - a quote still open at the end of the file makes the rest of the file one
//   malformed row (Python, strict=False, silently ends the field at EOF).
// Line numbers count physical lines the way Python's reader.line_num does:
// a line ends at "\n", "\r\n" or a lone "\r", inside quotes or not.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mpingest {

struct RecordSpan {
  std::uint64_t offset = 0;  // byte offset of the record in the file
  std::uint64_t length = 0;  // bytes, excluding the record's line terminator
  std::uint64_t line = 0;    // 1-based physical line where the record starts
  std::string error;         // empty if well-formed; else why, e.g. "expected 22 fields, found 7"
};

// Called now and then by the indexers below with an offset they will not
// look before again, so a caller can release the file's pages behind it
// (MappedFile::release_before). Any offset is safe: it is a hint.
using ScannedUpTo = std::function<void(std::size_t offset)>;
// How often (in bytes scanned) the indexers call it.
constexpr std::size_t kScannedReportBytes = 32u << 20;

// Called by the indexers with each record as it is found, so a caller can
// keep what it needs of it (ItemList keeps ~40 bytes) and no list of spans
// ever holds the whole file's records at once.
using OnRecord = std::function<void(const RecordSpan& record)>;

struct CsvIndex {
  std::vector<std::string> columns;  // header names, UTF-8 BOM stripped from the first
  std::vector<RecordSpan> rows;      // every data row in file order, malformed ones included (error set)
  // Empty unless the header row itself is malformed (NUL byte, or a quote
  // left open to the end of the file); `columns` still holds what was read.
  std::string header_error;
};

// RFC 4180 with the leniencies of Python's csv module (default dialect), see
// above. The first non-blank record is the header. Checks per row: field
// count == header's, no NUL byte, quotes terminated. A last row without a
// terminator is fine. An empty file gives no columns and no rows.
// Throws nothing (except std::bad_alloc).
CsvIndex index_csv(std::string_view file, const ScannedUpTo& scanned = {});
// The same, handing each data row to `on_row` instead of keeping it in `rows`.
CsvIndex index_csv(std::string_view file, const OnRecord& on_row, const ScannedUpTo& scanned = {});

// The value of field `column` (0-based) of one well-formed record, unquoted
// ("" -> "), appended to `out` after clearing it. Returns false (and sets
// *error if error is not null) if the record has fewer fields. An unquoted
// line break, which a span from index_csv never holds, ends the record.
bool csv_field(std::string_view record, std::size_t column, std::string& out, std::string* error);

// Column index by exact name, or npos.
std::size_t csv_column(const CsvIndex& index, std::string_view name);

}  // namespace mpingest
