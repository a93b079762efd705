#include "corpus/csv_records.h"

#include <algorithm>
#include <array>
#include <cstring>

// Why the boundary scan is right with quoted line breaks: the scan starts at
// the beginning of the file and carries the quote state across every byte, so
// it always knows whether it is inside a quoted field. Inside one it only
// looks for the next '"' (memchr); a line break found there is field content,
// never a boundary. Only a line break met in the unquoted state ends a record.
// This is exactly Python's reader: its states START_FIELD / IN_FIELD /
// QUOTE_IN_QUOTED_FIELD end the record at '\r' or '\n', IN_QUOTED_FIELD keeps
// them, and a quote opens a quoted field only as a field's first character.
//
// Speed: a quoted field (where the long message text lives) is crossed with
// memchr jumps from quote to quote plus one branch-free pass that counts line
// breaks and NUL bytes and that the compiler vectorises; an unquoted field is
// a tight loop over a 256-entry stop table. Nothing is allocated per field,
// only one RecordSpan per row.

namespace mpingest {
namespace {

constexpr std::array<bool, 256> make_unquoted_stops() {
  std::array<bool, 256> stops{};
  stops[static_cast<unsigned char>(',')] = true;
  stops[static_cast<unsigned char>('\r')] = true;
  stops[static_cast<unsigned char>('\n')] = true;
  stops[0] = true;  // NUL: recorded, then skipped
  return stops;
}
constexpr std::array<bool, 256> kUnquotedStop = make_unquoted_stops();

// Adds to `breaks` the line breaks in [b, e) ("\n", "\r\n" once, lone "\r")
// and sets `nul` if a NUL byte is there. Reads e[0], which must exist.
void count_quoted(const unsigned char* b, const unsigned char* e, std::uint64_t& breaks, bool& nul) {
  unsigned zeros = 0;
  while (b < e) {
    // Byte-wide accumulators over blocks of at most 255 bytes: 16 lanes per
    // SSE2 register, and no lane can overflow.
    const std::size_t len = std::min<std::size_t>(static_cast<std::size_t>(e - b), 240);
    unsigned char count = 0;
    unsigned char z = 0;
    for (std::size_t i = 0; i < len; ++i) {
      const unsigned char c = b[i];
      count += static_cast<unsigned char>((c == '\n') + ((c == '\r') & (b[i + 1] != '\n')));
      z |= static_cast<unsigned char>(c == 0);
    }
    breaks += count;
    zeros |= z;
    b += len;
  }
  nul = nul || zeros != 0;
}

struct RowScan {
  std::size_t end = 0;       // one past the record's last byte
  std::size_t next = 0;      // just past its terminator
  std::uint64_t fields = 1;  // unquoted commas + 1
  std::uint64_t breaks = 0;  // line breaks inside quoted fields
  bool nul = false;
  bool unterminated = false;
};

std::size_t terminator_length(const unsigned char* s, std::size_t n, std::size_t p) {
  return (s[p] == '\r' && p + 1 < n && s[p + 1] == '\n') ? 2 : 1;
}

// Scans the record starting at p (p < n, s[p] not a line break).
RowScan scan_row(const unsigned char* s, std::size_t n, std::size_t p) {
  RowScan r;
  for (;;) {  // at the first byte of a field
    if (p < n && s[p] == '"') {
      ++p;
      for (;;) {  // inside quotes
        const void* q = std::memchr(s + p, '"', n - p);
        if (q == nullptr) {  // open to the end of the file
          if (p < n) {
            count_quoted(s + p, s + n - 1, r.breaks, r.nul);
            r.breaks += (s[n - 1] == '\n' || s[n - 1] == '\r');
            r.nul = r.nul || s[n - 1] == 0;
          }
          r.unterminated = true;
          r.end = r.next = n;
          return r;
        }
        const auto* quote = static_cast<const unsigned char*>(q);
        count_quoted(s + p, quote, r.breaks, r.nul);
        p = static_cast<std::size_t>(quote - s) + 1;
        if (p < n && s[p] == '"') {  // "" stands for one quote
          ++p;
          continue;
        }
        break;  // closing quote; any text after it joins the field unquoted
      }
    }
    for (;;) {  // unquoted: up to ',', a line break or the end
      while (p < n && !kUnquotedStop[s[p]]) ++p;
      if (p < n && s[p] == 0) {
        r.nul = true;
        ++p;
        continue;
      }
      break;
    }
    if (p == n) {  // last record, no terminator
      r.end = r.next = n;
      return r;
    }
    if (s[p] == ',') {
      ++r.fields;
      ++p;
      continue;
    }
    r.end = p;
    r.next = p + terminator_length(s, n, p);
    return r;
  }
}

// Reads the field that starts at p; appends its value to *out unless out is
// null. Returns where it ends: at its ',' , at an unquoted line break, or at
// the end of the record.
std::size_t read_field(std::string_view record, std::size_t p, std::string* out) {
  const char* s = record.data();
  const std::size_t n = record.size();
  if (p < n && s[p] == '"') {
    ++p;
    for (;;) {
      const void* q = std::memchr(s + p, '"', n - p);
      if (q == nullptr) {  // open quote: the field runs to the end
        if (out) out->append(s + p, n - p);
        return n;
      }
      const std::size_t quote = static_cast<std::size_t>(static_cast<const char*>(q) - s);
      if (quote + 1 < n && s[quote + 1] == '"') {  // "" -> "
        if (out) out->append(s + p, quote + 1 - p);
        p = quote + 2;
        continue;
      }
      if (out) out->append(s + p, quote - p);
      p = quote + 1;
      break;
    }
  }
  const std::size_t start = p;
  while (p < n && s[p] != ',' && s[p] != '\r' && s[p] != '\n') ++p;
  if (out) out->append(s + start, p - start);
  return p;
}

}  // namespace

CsvIndex index_csv(std::string_view file, const ScannedUpTo& scanned) {
  CsvIndex index;
  std::vector<RecordSpan> rows;
  index = index_csv(file, [&rows](const RecordSpan& row) { rows.push_back(row); }, scanned);
  index.rows = std::move(rows);
  return index;
}

CsvIndex index_csv(std::string_view file, const OnRecord& on_row, const ScannedUpTo& scanned) {
  CsvIndex index;
  const auto* s = reinterpret_cast<const unsigned char*>(file.data());
  const std::size_t n = file.size();
  std::size_t p = 0;
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) p = 3;  // UTF-8 BOM
  std::uint64_t line = 1;
  bool have_header = false;
  std::uint64_t expected = 0;
  std::size_t reported = 0;

  while (p < n) {
    if (scanned && p - reported >= kScannedReportBytes) scanned(reported = p);
    if (s[p] == '\n' || s[p] == '\r') {  // blank line: skipped
      p += terminator_length(s, n, p);
      ++line;
      continue;
    }
    const RowScan r = scan_row(s, n, p);
    const std::string_view text = file.substr(p, r.end - p);
    std::string error;
    if (r.unterminated) {
      error = "quoted field not closed before the end of the file";
    } else if (r.nul) {
      error = "NUL byte in row";
    }

    if (!have_header) {
      have_header = true;
      std::size_t f = 0;
      for (;;) {
        std::string name;
        f = read_field(text, f, &name);
        index.columns.push_back(std::move(name));
        if (f < text.size() && text[f] == ',') {
          ++f;
          continue;
        }
        break;
      }
      expected = index.columns.size();
      if (!error.empty()) index.header_error = "header (line " + std::to_string(line) + "): " + error;
    } else {
      if (error.empty() && r.fields != expected) {
        error = "expected " + std::to_string(expected) + " fields, found " + std::to_string(r.fields);
      }
      RecordSpan span;
      span.offset = p;
      span.length = r.end - p;
      span.line = line;
      span.error = std::move(error);  // reports prefix it with the row and line (ItemList::label)
      on_row(span);
    }
    line += r.breaks + (r.next > r.end ? 1 : 0);
    p = r.next;
  }
  return index;
}

bool csv_field(std::string_view record, std::size_t column, std::string& out, std::string* error) {
  out.clear();
  std::size_t p = 0;
  for (std::size_t i = 0; i < column; ++i) {
    p = read_field(record, p, nullptr);
    if (p >= record.size() || record[p] != ',') {
      if (error) {
        *error = "record has " + std::to_string(i + 1) + " fields, field " + std::to_string(column + 1) +
                 " was asked for";
      }
      return false;
    }
    ++p;
  }
  read_field(record, p, &out);
  return true;
}

std::size_t csv_column(const CsvIndex& index, std::string_view name) {
  for (std::size_t i = 0; i < index.columns.size(); ++i) {
    if (index.columns[i] == name) return i;
  }
  return std::string_view::npos;
}

}  // namespace mpingest
