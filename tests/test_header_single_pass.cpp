// MessageHeaders::parse reads the header block in one pass (line ends 64
// bytes at a time, fields added as they close, To and Cc noted on the way).
// Here it is checked against a plain two-pass reference written straight
// from feedparser's _parsegen and _parse_headers, on generated messages:
// field lines, folded values, "From " lines first and later, ":" lines,
// non-header lines, every line break kind mixed, lines of every length
// around the 64-byte blocks, with and without a body, with or without a
// final line break.
#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "message/message_headers.h"

using namespace mpingest;

namespace {

struct Parsed {
  std::vector<std::pair<std::string, std::string>> fields;
  bool unix_from = false;
  std::string body;  // what get_payload() returns
};

bool operator==(const Parsed& a, const Parsed& b) {
  return a.fields == b.fields && a.unix_from == b.unix_from && a.body == b.body;
}

std::ostream& operator<<(std::ostream& out, const Parsed& p) {
  out << "unix_from " << p.unix_from << ", body [" << p.body << "], fields:";
  for (const auto& [name, value] : p.fields) out << " [" << name << "]=[" << value << "]";
  return out;
}

// The message's lines with their breaks, as feedparser's BufferedSubFile splits them.
std::vector<std::pair<std::size_t, std::size_t>> split_lines(const std::string& m) {
  std::vector<std::pair<std::size_t, std::size_t>> lines;
  for (std::size_t pos = 0; pos < m.size();) {
    std::size_t end = pos;
    while (end < m.size() && m[end] != '\r' && m[end] != '\n') ++end;
    if (end < m.size()) end += (m[end] == '\r' && end + 1 < m.size() && m[end + 1] == '\n') ? 2 : 1;
    lines.emplace_back(pos, end);
    pos = end;
  }
  return lines;
}

// headerRE: ^(From |[\041-\071\073-\176]*:|[\t ])
bool header_re(const std::string& line) {
  if (line.rfind("From ", 0) == 0 || line[0] == ' ' || line[0] == '\t') return true;
  for (unsigned char c : line) {
    if (c == ':') return true;
    if (c < 0x21 || c > 0x7e) return false;
  }
  return false;
}

// policy.header_source_parse (compat32).
std::pair<std::string, std::string> source_parse(const std::vector<std::string>& lines) {
  std::size_t colon = lines[0].find(':');
  std::string value = lines[0].substr(colon + 1);
  value.erase(0, value.find_first_not_of(" \t") == std::string::npos ? value.size() : value.find_first_not_of(" \t"));
  for (std::size_t i = 1; i < lines.size(); ++i) value += lines[i];
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
  return {lines[0].substr(0, colon), value};
}

Parsed reference_parse(const std::string& m) {
  Parsed out;
  // _parsegen: header lines until one is not; a blank one is dropped.
  std::vector<std::string> headers;
  for (auto [begin, end] : split_lines(m)) {
    std::string line = m.substr(begin, end - begin);
    if (!header_re(line)) {
      out.body = m.substr((line[0] == '\r' || line[0] == '\n') ? end : begin);
      break;
    }
    headers.push_back(line);
  }
  // _parse_headers.
  std::vector<std::string> last;  // the open field's lines
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const std::string& line = headers[i];
    if (line[0] == ' ' || line[0] == '\t') {
      if (!last.empty()) last.push_back(line);
      continue;
    }
    if (!last.empty()) out.fields.push_back(source_parse(last));
    last.clear();
    if (line.rfind("From ", 0) == 0) {
      if (i == 0) {
        out.unix_from = true;
      } else if (i == headers.size() - 1) {
        out.body = line + out.body;  // unreadline: the body's first line
        return out;
      }
      continue;
    }
    if (line[0] == ':') continue;
    last.push_back(line);
  }
  if (!last.empty()) out.fields.push_back(source_parse(last));
  return out;
}

Parsed parse(const std::string& m, MessageHeaders& headers) {
  // A heap block of the message's exact size: ASan sees any load past its end.
  std::unique_ptr<char[]> bytes(new char[m.size()]);
  std::copy(m.begin(), m.end(), bytes.get());
  std::string_view view(bytes.get(), m.size());
  headers.parse(view);
  Parsed out;
  for (const HeaderField& f : headers.fields()) out.fields.emplace_back(f.name, f.value);
  out.unix_from = headers.has_unix_from();
  out.body = std::string(headers.body_prefix()).append(view.substr(headers.body_offset()));
  // to() and cc() are find("To") and find("Cc").
  auto text = [](std::optional<std::string_view> v) { return v ? std::optional<std::string>(*v) : std::nullopt; };
  CHECK(text(headers.to()) == text(headers.find("To")));
  CHECK(text(headers.cc()) == text(headers.find("Cc")));
  return out;
}

std::string random_eol(std::mt19937_64& rng) {
  switch (rng() % 4) {
    case 0: return "\r\n";
    case 1: return "\r";
    default: return "\n";
  }
}

std::string filler(std::mt19937_64& rng, std::size_t n) {
  static const char kChars[] = "abcXYZ 09\t:,@<>\"().-";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s.push_back(kChars[rng() % (sizeof kChars - 1)]);
  return s;
}

// One header-ish line (without its break).
std::string random_line(std::mt19937_64& rng) {
  static const char* kNames[] = {"To", "tO", "Cc", "CC", "From", "Subject", "X-To", "T", "Content-Transfer-Encoding",
                                 "X-Very-Long-Header-Name-Beyond-Sixteen-Bytes"};
  std::size_t length = rng() % 3 == 0 ? rng() % 140 : rng() % 20;  // long lines cross 64-byte blocks
  switch (rng() % 12) {
    case 0: return " " + filler(rng, length);                    // continuation
    case 1: return "\t" + filler(rng, length);
    case 2: return "From " + filler(rng, length);                 // envelope or misplaced
    case 3: return ":" + filler(rng, length);                     // no name
    case 4: return "Not a header " + filler(rng, length);         // ends the headers
    case 5: return "";                                            // blank: ends the headers
    case 6: return std::string(kNames[rng() % 10]) + ":";         // empty value
    default: return std::string(kNames[rng() % 10]) + ":" + filler(rng, length);
  }
}

std::string random_message(std::mt19937_64& rng) {
  std::string m;
  std::size_t lines = rng() % 25;
  for (std::size_t i = 0; i < lines; ++i) {
    m += random_line(rng);
    if (i + 1 < lines || rng() % 2 == 0) m += random_eol(rng);  // the last line may have no break
  }
  if (rng() % 2 == 0) m += "body line" + random_eol(rng) + filler(rng, rng() % 100);
  return m;
}

void check(const std::string& m, MessageHeaders& headers) {
  INFO("message [" << m << "]");
  CHECK(parse(m, headers) == reference_parse(m));
}

}  // namespace

TEST_CASE("one-pass header parse equals the two-pass reference on generated messages", "[headers]") {
  std::mt19937_64 rng(7);
  MessageHeaders headers;  // reused, as a worker reuses it
  for (int i = 0; i < 20000; ++i) check(random_message(rng), headers);
}

TEST_CASE("header lines of every length around the 64-byte blocks, in every line break mix", "[headers]") {
  MessageHeaders headers;
  for (const char* eol1 : {"\n", "\r\n", "\r"}) {
    for (const char* eol2 : {"\n", "\r\n", "\r"}) {
      for (std::size_t length = 0; length <= 140; ++length) {
        std::string value(length, 'v');
        // A header block longer than a block, folded lines, a blank line, a body.
        check("To: " + value + eol1 + "Cc: c@d" + eol2 + " " + value + eol1 + "Subject: s" + eol2 + eol1 + "body", headers);
        // Headers only, with and without a final break.
        check("Cc: " + value + eol1 + "To: t@u" + eol2, headers);
        check("Cc: " + value + eol1 + "To: t@u", headers);
        // A late "From " line as the last header line, before the body or at the end.
        check("Subject: " + value + eol1 + "From x" + eol2 + "body", headers);
        check("From env" + std::string(eol1) + "To: " + value + eol2 + "From x", headers);
      }
    }
  }
}

TEST_CASE("To and Cc are the first of their names, whatever their case", "[headers]") {
  MessageHeaders headers;
  headers.parse("X-To: no\ncC: first\nTO: to1\nCc: second\nto: to2\n\n");
  CHECK(*headers.to() == "to1");
  CHECK(*headers.cc() == "first");
  headers.parse("Subject: none\n\nTo: in the body\n");
  CHECK(!headers.to());
  CHECK(!headers.cc());
  headers.parse("To:\n\n");  // present and empty is not absent
  REQUIRE(headers.to());
  CHECK(headers.to()->empty());
}
