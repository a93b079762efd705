#include "message/message_headers.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mpingest {
namespace {

// The first CR or LF at or after `pos`, or `n`.
std::size_t find_line_break(const char* data, std::size_t pos, std::size_t n) {
#if defined(__SSE2__)
  // 16 bytes at a time while they lie inside the text: header lines are tens
  // of bytes long, and a byte-by-byte scan was most of the parse.
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  for (; n - pos >= 16; pos += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos));
    int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
    if (mask != 0) return pos + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (pos < n && data[pos] != '\n' && data[pos] != '\r') ++pos;
  return pos;
}

// End of the line starting at `pos`, one past its line break.
std::size_t line_end(std::string_view text, std::size_t pos) {
  const char* data = text.data();
  std::size_t n = text.size();
  pos = find_line_break(data, pos, n);
  if (pos == n) return n;
  if (data[pos] == '\n') return pos + 1;
  return (pos + 1 < n && data[pos + 1] == '\n') ? pos + 2 : pos + 1;  // CRLF, or a lone CR
}

bool is_field_name_char(unsigned char c) { return c >= 0x21 && c <= 0x7e && c != ':'; }

// headerRE from feedparser.py: ^(From |[\041-\071\073-\176]*:|[\t ]).
// For a "name:" line, `colon` is set to the colon's index in the line.
// `readable`: how many bytes of the message start at line.data() (at least
// line.size()), so that 16 of them may be loaded at once.
bool looks_like_header_line(std::string_view line, std::size_t readable, std::size_t& colon) {
  if (line.empty()) return false;
  if (line[0] == ' ' || line[0] == '\t') return true;
  if (line.substr(0, 5) == "From ") return true;
  std::size_t start = 0;
#if defined(__SSE2__)
  // Field names are a few bytes long: one 16-byte load finds where the name
  // stops (the first byte outside 0x21-0x7E, or a colon) without a loop. A
  // line's CR or LF stops it too, so the stop always lies inside the line.
  if (readable >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(line.data()));
    const __m128i colons = _mm_cmpeq_epi8(v, _mm_set1_epi8(':'));
    const __m128i name = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - 0x21))),
                                        _mm_set1_epi8(static_cast<char>(-128 + (0x7e - 0x21 + 1))));
    const int stops = _mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(name, _mm_set1_epi8(-1)), colons));
    if (stops != 0) {
      std::size_t i = static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(stops)));
      if (i >= line.size() || line[i] != ':') return false;
      colon = i;
      return true;
    }
    start = 16;  // 16 name bytes and counting: the rest one by one
  }
#endif
  for (std::size_t i = start; i < line.size(); ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    if (c == ':') {
      colon = i;
      return true;
    }
    if (!is_field_name_char(c)) return false;
  }
  return false;
}

bool is_blank_line(std::string_view line) {
  return !line.empty() && (line[0] == '\r' || line[0] == '\n');
}

unsigned char ascii_lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

}  // namespace

bool header_name_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(static_cast<unsigned char>(a[i])) != ascii_lower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

void MessageHeaders::parse(std::string_view message) {
  lines_.clear();
  fields_.clear();
  has_unix_from_ = false;
  collect_header_lines(message);
  build_fields(message);
}

std::optional<std::string_view> MessageHeaders::find(std::string_view name) const {
  for (const HeaderField& field : fields_) {
    if (header_name_equals(field.name, name)) return field.value;
  }
  return std::nullopt;
}

// feedparser._parsegen: collect lines until one is not a header line.
void MessageHeaders::collect_header_lines(std::string_view message) {
  std::size_t pos = 0;
  body_offset_ = message.size();
  while (pos < message.size()) {
    std::size_t end = line_end(message, pos);
    std::string_view line = message.substr(pos, end - pos);
    std::size_t colon = SIZE_MAX;
    if (!looks_like_header_line(line, message.size() - pos, colon)) {
      body_offset_ = is_blank_line(line) ? end : pos;
      return;
    }
    Line& recorded = lines_.emplace_back();  // in place: see add_field
    recorded.begin = pos;
    recorded.end = end;
    recorded.colon = colon == SIZE_MAX ? SIZE_MAX : pos + colon;
    pos = end;
  }
}

// feedparser._parse_headers over the collected lines.
void MessageHeaders::build_fields(std::string_view message) {
  std::size_t current = SIZE_MAX;  // index of the line starting the current field
  std::size_t last = 0;            // index of its last line
  auto flush = [&] {
    if (current != SIZE_MAX) add_field(message, current, last);
    current = SIZE_MAX;
  };
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    std::string_view line = message.substr(lines_[i].begin, lines_[i].end - lines_[i].begin);
    if (line[0] == ' ' || line[0] == '\t') {
      if (current != SIZE_MAX) last = i;  // a continuation; ignored before any field
      continue;
    }
    flush();
    if (line.substr(0, 5) == "From ") {
      if (i == 0) {
        has_unix_from_ = true;
      } else if (i == lines_.size() - 1) {
        body_offset_ = lines_[i].begin;  // probably the body's first line: push it back
        return;
      }
      continue;
    }
    if (line[0] == ':') continue;  // a field without a name is dropped
    current = last = i;
  }
  flush();
}

void MessageHeaders::add_field(std::string_view message, std::size_t first, std::size_t last) {
  const Line& line = lines_[first];
  const char* data = message.data();
  std::size_t colon = line.colon;  // a field's first line always has one
  std::size_t value_begin = colon + 1;
  while (value_begin < line.end && (data[value_begin] == ' ' || data[value_begin] == '\t')) ++value_begin;
  std::size_t value_end = lines_[last].end;
  while (value_end > value_begin && (data[value_end - 1] == '\r' || data[value_end - 1] == '\n')) --value_end;
  // Written in place: two views built on the stack and copied in were a
  // store-forwarding stall, half of this function's time.
  HeaderField& field = fields_.emplace_back();
  field.name = std::string_view(data + line.begin, colon - line.begin);
  field.value = std::string_view(data + value_begin, value_end - value_begin);
}

}  // namespace mpingest
