#include "message/message_headers.h"

#include "text/line_ends.h"
#include "text/simd_bytes.h"

namespace mpingest {
namespace {

bool is_field_name_char(unsigned char c) { return c >= 0x21 && c <= 0x7e && c != ':'; }

// The first byte at or after `pos` that cannot be in a field name (outside
// 0x21-0x7E, or a colon), or the text's size. headerRE's "name:" matches a
// line when that byte is a colon; a line break always stops the scan, so it
// never leaves the line.
std::size_t name_stop(std::string_view text, std::size_t pos) {
  const std::size_t n = text.size();
#if defined(__SSE2__)
  // Names are a few bytes long: mostly one 16-byte load, without a byte loop.
  for (; n - pos >= 16; pos += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    const __m128i name = simd::in_range(v, 0x21, 0x7e - 0x21 + 1);
    const int stops = _mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(name, _mm_set1_epi8(-1)), simd::equals(v, ':')));
    if (stops != 0) return pos + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(stops)));
  }
#endif
  while (pos < n && is_field_name_char(static_cast<unsigned char>(text[pos]))) ++pos;
  return pos;
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

// Inline in parse(), once per field: a call's prologue and the two trims
// were a fifth of the parse, for values nobody read.
inline void MessageHeaders::add_field(std::size_t begin, std::size_t colon, std::size_t end) {
  spans_.push_back({begin, colon, end});
  if (colon - begin == 2) {
    std::string_view name(message_.data() + begin, 2);
    if (to_ == kNone && header_name_equals(name, "To")) to_ = spans_.size() - 1;
    if (cc_ == kNone && header_name_equals(name, "Cc")) cc_ = spans_.size() - 1;
  }
}

// The value is the rest of the first line without its leading spaces and
// tabs, then the continuation lines, without the trailing CR/LF characters.
HeaderField MessageHeaders::field_at(const FieldSpan& span) const {
  const char* data = message_.data();
  std::size_t value_begin = span.colon + 1;
  while (value_begin < span.end && (data[value_begin] == ' ' || data[value_begin] == '\t')) ++value_begin;
  std::size_t value_end = span.end;
  while (value_end > value_begin && (data[value_end - 1] == '\r' || data[value_end - 1] == '\n')) --value_end;
  return {std::string_view(data + span.begin, span.colon - span.begin),
          std::string_view(data + value_begin, value_end - value_begin)};
}

std::vector<HeaderField> MessageHeaders::fields() const {
  std::vector<HeaderField> fields;
  fields.reserve(spans_.size());
  for (const FieldSpan& span : spans_) fields.push_back(field_at(span));
  return fields;
}

// feedparser._parsegen collects lines until one is not a header line, then
// _parse_headers turns them into fields: done here in one pass, a field
// being added once the line after its last one is seen.
void MessageHeaders::parse(std::string_view message) {
  message_ = message;
  spans_.clear();
  body_prefix_ = {};
  to_ = cc_ = kNone;
  has_unix_from_ = false;
  body_offset_ = message.size();
  LineEnds line_ends(message);
  std::size_t field = kNone;       // where the open field's first line begins
  std::size_t colon = 0;           // its colon
  std::size_t field_end = 0;       // the end of its last line
  std::size_t late_from = kNone;   // a "From " line after the first, if the last line read
  std::size_t late_from_end = 0;
  bool blank_ended = false;        // the headers ended at a blank line, which is dropped
  auto close_field = [&] {
    if (field != kNone) add_field(field, colon, field_end);
    field = kNone;
  };
  const char* data = message.data();
  for (std::size_t pos = 0, end = 0; pos < message.size(); pos = end) {
    end = line_ends.line_end(pos);
    const std::size_t stop = name_stop(message, pos);
    if (stop < end && data[stop] == ':' && stop > pos) {  // "name:", nearly every line
      late_from = kNone;
      close_field();
      field = pos;
      colon = stop;
      field_end = end;
      continue;
    }
    // The other lines headerRE matches: continuation, "From ", and ":...".
    const bool continuation = data[pos] == ' ' || data[pos] == '\t';
    const bool from = message.compare(pos, 5, "From ") == 0;
    const bool no_name = stop == pos && data[pos] == ':';
    if (!continuation && !from && !no_name) {
      blank_ended = is_blank_line(message.substr(pos, end - pos));
      body_offset_ = blank_ended ? end : pos;
      break;
    }
    late_from = kNone;
    if (continuation) {
      if (field != kNone) field_end = end;  // ignored before any field
      continue;
    }
    close_field();
    if (from && pos == 0) {
      has_unix_from_ = true;  // the envelope
    } else if (from) {
      late_from = pos;  // ignored, unless it is the last header line
      late_from_end = end;
    }
    // A field without a name is dropped.
  }
  close_field();
  // A "From " line as the last header line is probably the body's first:
  // Python pushes it back, after it has dropped the blank line, if any, that
  // ended the headers. Then the body is that line and what follows the blank.
  if (late_from != kNone) {
    if (blank_ended) {
      body_prefix_ = message.substr(late_from, late_from_end - late_from);
    } else {
      body_offset_ = late_from;
    }
  }
}

std::optional<std::string_view> MessageHeaders::find(std::string_view name) const {
  for (const FieldSpan& span : spans_) {
    if (header_name_equals(message_.substr(span.begin, span.colon - span.begin), name)) return field_at(span).value;
  }
  return std::nullopt;
}

}  // namespace mpingest
