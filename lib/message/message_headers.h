#pragma once
// Header parsing with the exact rules of Python's email.parser.Parser
// (compat32 policy), on a view of the message: no copies, and no allocation
// once the field vector has grown to the largest header count seen. Parsing
// notes where each field lies; a value is trimmed only when it is asked for
// (counting needs To and Cc alone, of some fifteen fields).
//
// The rules, from CPython's email/feedparser.py and _policybase.py:
// - Lines end at "\r\n", "\r" or "\n" (a lone CR ends a line too).
// - Header lines match ^(From |[\x21-\x39\x3b-\x7e]*:|[\t ]); the first line
//   that does not ends the headers. If it is an empty line it is dropped,
//   otherwise it is the first line of the body (so a file that does not start
//   with a header is all body).
// - A line starting with space or tab continues the previous header; one at
//   the very start is ignored. A "From " line first is the Unix envelope; one
//   elsewhere is ignored, except as the last header line, where it starts the
//   body. A line starting with ':' is ignored.
// - name = text before the first ':'; value = the rest of the first line with
//   leading spaces/tabs removed, plus the continuation lines as they are
//   (line breaks included), with trailing CR/LF characters removed.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace mpingest {

struct HeaderField {
  std::string_view name;   // as written, without the colon
  std::string_view value;  // folded lines kept, as msg[name] returns it
};

class MessageHeaders {
 public:
  // Parses the header block of `message`; views point into `message`.
  void parse(std::string_view message);

  // Every field in order, built on demand (tests and --emit-style callers;
  // counting needs only field_count(), to() and cc()).
  std::vector<HeaderField> fields() const;
  std::size_t field_count() const { return spans_.size(); }
  // The first field with this name, ASCII case-insensitively (msg[name]).
  std::optional<std::string_view> find(std::string_view name) const;
  // find("To") and find("Cc"), noted while parsing: every message needs them.
  std::optional<std::string_view> to() const { return field_value(to_); }
  std::optional<std::string_view> cc() const { return field_value(cc_); }
  bool has_unix_from() const { return has_unix_from_; }
  // The body is body_prefix() followed by the message from body_offset()
  // (== size when there is no more). The prefix is empty but in one case:
  // a "From " line ends the headers and a blank line follows it, which
  // Python drops before pushing the "From " line back as the body's first.
  std::size_t body_offset() const { return body_offset_; }
  std::string_view body_prefix() const { return body_prefix_; }

 private:
  static constexpr std::size_t kNone = SIZE_MAX;
  // Where a field lies: its first line starts at `begin`, its name ends at
  // `colon`, and its last line (line break included) ends at `end`.
  struct FieldSpan {
    std::size_t begin, colon, end;
  };
  void add_field(std::size_t begin, std::size_t colon, std::size_t end);
  HeaderField field_at(const FieldSpan& span) const;
  std::optional<std::string_view> field_value(std::size_t index) const {
    if (index == kNone) return std::nullopt;
    return field_at(spans_[index]).value;
  }

  std::string_view message_;
  std::vector<FieldSpan> spans_;
  std::size_t to_ = kNone;  // index in spans_ of the first To, and Cc
  std::size_t cc_ = kNone;
  bool has_unix_from_ = false;
  std::size_t body_offset_ = 0;
  std::string_view body_prefix_;
};

// Whether two header names are equal ignoring ASCII case.
bool header_name_equals(std::string_view a, std::string_view b);

}  // namespace mpingest
