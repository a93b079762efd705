#include <stdlib.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/system_error.h"
#include "generator/generator.h"

namespace fs = std::filesystem;

namespace {

// A fresh directory from mkdtemp under the system temp dir, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "mpingest-gen-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed: " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Relative path ('/'-separated) -> contents, sorted, for every regular file.
std::map<std::string, std::string> read_tree(const fs::path& root) {
  std::map<std::string, std::string> tree;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      tree.emplace(entry.path().lexically_relative(root).generic_string(), read_all(entry.path()));
    }
  }
  return tree;
}

mpingest::GeneratorSummary generate(const fs::path& dir, std::uint64_t messages, std::uint64_t seed) {
  mpingest::GeneratorOptions options;
  options.out_dir = dir;
  options.messages = messages;
  options.seed = seed;
  return mpingest::generate_maildir(options);
}

// Splits a message at its first blank line (CRLF or LF form).
std::pair<std::string, std::string> split_message(const std::string& message) {
  const auto crlf = message.find("\r\n\r\n");
  const auto lf = message.find("\n\n");
  if (crlf != std::string::npos && (lf == std::string::npos || crlf < lf)) {
    return {message.substr(0, crlf), message.substr(crlf + 4)};
  }
  if (lf == std::string::npos) return {message, std::string()};
  return {message.substr(0, lf), message.substr(lf + 2)};
}

std::string headers_of(const std::string& message) { return split_message(message).first; }

// FNV-1a 64 of every (path, contents) of a tree, in path order.
std::uint64_t tree_hash(const std::map<std::string, std::string>& tree) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  const auto mix = [&h](const std::string& s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 0x100000001B3ULL;
    }
    h ^= 0;  // the NUL separator
    h *= 0x100000001B3ULL;
  };
  for (const auto& [path, data] : tree) {
    mix(path);
    mix(data);
  }
  return h;
}

mpingest::GeneratorSummary generate_file(mpingest::GeneratorFormat format, const fs::path& file,
                                         std::uint64_t messages, std::uint64_t seed) {
  mpingest::GeneratorOptions options;
  options.out_dir = file;
  options.messages = messages;
  options.seed = seed;
  options.format = format;
  return mpingest::generate(options);
}

// A self-contained reader for the CSV dialect of Python's csv module:
// records end at "\n" outside quotes, quoted fields may hold ',', '"' (doubled)
// and line breaks. Returns false on an unterminated quote or a stray '"'.
bool parse_csv(const std::string& text, std::vector<std::vector<std::string>>& rows) {
  rows.clear();
  std::vector<std::string> row;
  std::string field;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    // One field.
    field.clear();
    if (text[i] == '"') {
      ++i;
      for (;;) {
        if (i >= n) return false;  // quote left open
        if (text[i] == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
      if (i < n && text[i] != ',' && text[i] != '\n') return false;  // text after the closing quote
    } else {
      while (i < n && text[i] != ',' && text[i] != '\n') {
        if (text[i] == '"' || text[i] == '\r') return false;  // would have been quoted
        field += text[i++];
      }
    }
    row.push_back(field);
    if (i < n && text[i] == ',') {
      ++i;
      if (i == n) return false;
      continue;
    }
    ++i;  // '\n' or the end
    rows.push_back(std::move(row));
    row.clear();
  }
  return true;
}

bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += len;
  }
  return true;
}

// UTF-8 (code points < 256 only) back to ISO-8859-1.
std::string latin1_of(const std::string& utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3F));
      ++i;
    }
  }
  return out;
}

// The message as an mbox holds it: LF line endings and a final newline.
std::string mbox_form(const std::string& message) {
  std::string out;
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '\r' && i + 1 < message.size() && message[i + 1] == '\n') continue;
    out += message[i];
  }
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

bool is_from_line(const std::string& line, std::size_t quotes) {
  std::size_t gt = 0;
  while (gt < line.size() && line[gt] == '>') ++gt;
  return gt == quotes && line.compare(gt, 5, "From ") == 0;
}

bool is_quoted_from_line(const std::string& line) {
  std::size_t gt = 0;
  while (gt < line.size() && line[gt] == '>') ++gt;
  return gt > 0 && line.compare(gt, 5, "From ") == 0;
}

struct MboxEntry {
  std::string from_line;
  std::string message;  // unquoted, with its final newline
  bool had_quoted = false;
};

// Splits an mboxrd file at From_ lines (each at the start of the file or
// after a blank line) and undoes the ">From " quoting.
std::vector<MboxEntry> parse_mbox(const std::string& text) {
  std::vector<MboxEntry> entries;
  std::vector<std::string> lines;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t end = nl == std::string::npos ? text.size() : nl;
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (is_from_line(lines[i], 0)) {
      entries.push_back({lines[i], std::string(), false});
      continue;
    }
    if (entries.empty()) break;
    const bool separator = lines[i].empty() && (i + 1 == lines.size() || is_from_line(lines[i + 1], 0));
    if (separator) continue;
    MboxEntry& e = entries.back();
    if (is_quoted_from_line(lines[i])) {
      e.had_quoted = true;
      e.message += lines[i].substr(1);
    } else {
      e.message += lines[i];
    }
    e.message += '\n';
  }
  return entries;
}

}  // namespace

TEST_CASE("generator output is deterministic and sized as asked", "[generator]") {
  TempDir a, b, c;
  const auto summary_a = generate(a.path(), 300, 7);
  const auto summary_b = generate(b.path(), 300, 7);
  const auto tree_a = read_tree(a.path());
  const auto tree_b = read_tree(b.path());

  REQUIRE(summary_a.files == 300);
  REQUIRE(tree_a.size() == 300);
  REQUIRE(summary_b.files == summary_a.files);
  REQUIRE(summary_b.bytes == summary_a.bytes);

  std::uint64_t bytes = 0;
  for (const auto& [path, data] : tree_a) bytes += data.size();
  CHECK(bytes == summary_a.bytes);

  // Same seed: same paths, same bytes.
  REQUIRE(tree_a.size() == tree_b.size());
  auto it_b = tree_b.begin();
  for (const auto& [path, data] : tree_a) {
    INFO(path);
    REQUIRE(it_b->first == path);
    REQUIRE(it_b->second == data);
    ++it_b;
  }

  // Different seed: a different tree.
  generate(c.path(), 300, 8);
  const auto tree_c = read_tree(c.path());
  CHECK(tree_c.size() == 300);
  CHECK(tree_c != tree_a);
}

TEST_CASE("generator layout is <user>/<folder>/<n>. numbered from 1", "[generator]") {
  TempDir dir;
  generate(dir.path(), 300, 3);
  const auto tree = read_tree(dir.path());
  REQUIRE(tree.size() == 300);

  const std::regex layout(R"(([a-z]+-[a-z][0-9]*)/([a-z0-9_]+(/[a-z0-9_]+)*)/([1-9][0-9]*)\.)");
  std::set<std::string> users;
  std::map<std::string, std::set<unsigned long>> numbers;  // folder -> file numbers
  for (const auto& [path, data] : tree) {
    INFO(path);
    std::smatch m;
    REQUIRE(std::regex_match(path, m, layout));
    users.insert(m[1].str());
    numbers[m[1].str() + "/" + m[2].str()].insert(std::stoul(m[4].str()));
    CHECK(data.rfind("Message-ID: <", 0) == 0);
    CHECK(data.find("JavaMail.evans@thyme>") != std::string::npos);
    CHECK(headers_of(data).find("X-FileName: ") != std::string::npos);
  }
  CHECK(users.size() == 2);  // ~ messages / 130
  for (const auto& [folder, nums] : numbers) {
    INFO(folder);
    CHECK(*nums.begin() == 1);
    CHECK(*nums.rbegin() == nums.size());
  }
}

TEST_CASE("generator produces the Enron quirks", "[generator]") {
  TempDir dir;
  generate(dir.path(), 1000, 1);
  const auto tree = read_tree(dir.path());
  REQUIRE(tree.size() == 1000);

  const std::regex folded_to(R"((^|\n)To: [^\n]*, ?\r?\n\t)");
  const std::regex quoted_comma(R"((^|\n)To: [^\r\n]*"[^"\r\n]*, [^"\r\n]*" <[^>]+@[^>]+>)");
  const std::regex date(
      R"((^|\n)Date: (Sun|Mon|Tue|Wed|Thu|Fri|Sat), [1-9][0-9]? [A-Z][a-z]{2} (199[89]|200[0-2]) )"
      R"([0-2][0-9]:[0-5][0-9]:[0-5][0-9] (-0800 \(PST\)|-0700 \(PDT\))\r?\n)");
  int no_to = 0, folded = 0, quoted = 0, crlf = 0, crlf_header_lf_body = 0, high = 0, no_final_newline = 0,
      with_cc = 0;
  for (const auto& [path, data] : tree) {
    INFO(path);
    REQUIRE(!data.empty());
    const auto [headers, body] = split_message(data);
    CHECK(std::regex_search(headers, date));
    if (headers.find("\nTo: ") == std::string::npos) ++no_to;
    if (std::regex_search(headers, folded_to)) ++folded;
    if (std::regex_search(headers, quoted_comma)) ++quoted;
    if (headers.find("\r\n") != std::string::npos) {
      ++crlf;
      if (body.find("\r\n") == std::string::npos && body.find('\n') != std::string::npos)
        ++crlf_header_lf_body;
    }
    for (unsigned char ch : data) {
      if (ch >= 0x80) {
        ++high;
        break;
      }
    }
    if (data.back() != '\n') ++no_final_newline;

    // Bcc repeats Cc exactly, folding included.
    const auto cc = headers.find("\nCc: ");
    const auto bcc = headers.find("\nBcc: ");
    REQUIRE((cc == std::string::npos) == (bcc == std::string::npos));
    if (cc != std::string::npos) {
      ++with_cc;
      const auto cc_end = headers.find("\nMime-Version:", cc);
      const auto bcc_end = headers.find("\nX-From:", bcc);
      CHECK(headers.substr(cc + 5, cc_end - cc - 5) == headers.substr(bcc + 6, bcc_end - bcc - 6));
    }
  }
  CHECK(no_to >= 1);
  CHECK(folded >= 1);
  CHECK(quoted >= 1);
  CHECK(crlf >= 1);
  CHECK(crlf_header_lf_body >= 1);
  CHECK(high >= 1);
  CHECK(no_final_newline >= 1);
  CHECK(with_cc >= 1);
}

TEST_CASE("generator creates a missing out_dir and refuses a non-empty one", "[generator]") {
  TempDir dir;
  const fs::path nested = dir.path() / "new" / "maildir";
  CHECK(generate(nested, 5, 1).files == 5);

  // Not empty any more.
  try {
    generate(nested, 5, 1);
    FAIL("expected an error for a non-empty out_dir");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    CHECK(what.find(nested.string()) != std::string::npos);
  }

  // A regular file is not a usable out_dir either.
  const fs::path file = dir.path() / "file";
  std::ofstream(file) << "x";
  CHECK_THROWS_AS(generate(file, 5, 1), std::runtime_error);
}

// Recorded from the generator before csv and mbox were added (and before its
// refactoring): maildir output for a seed must never change.
TEST_CASE("generator maildir output matches the recorded hash", "[generator]") {
  TempDir a, b;
  generate(a.path(), 500, 11);
  const auto tree = read_tree(a.path());
  REQUIRE(tree.size() == 500);
  CHECK(tree_hash(tree) == 0x2426D3406ACD4759ULL);

  // generate() with the default format writes the same maildir.
  mpingest::GeneratorOptions options;
  options.out_dir = b.path() / "m";
  options.messages = 500;
  options.seed = 11;
  REQUIRE(options.format == mpingest::GeneratorFormat::maildir);
  CHECK(mpingest::generate(options).files == 500);
  CHECK(tree_hash(read_tree(options.out_dir)) == 0x2426D3406ACD4759ULL);
}

TEST_CASE("generator format names", "[generator]") {
  using mpingest::GeneratorFormat;
  CHECK(mpingest::parse_generator_format("maildir") == GeneratorFormat::maildir);
  CHECK(mpingest::parse_generator_format("csv") == GeneratorFormat::csv);
  CHECK(mpingest::parse_generator_format("mbox") == GeneratorFormat::mbox);
  CHECK_THROWS_AS(mpingest::parse_generator_format("MBOX"), mpingest::UsageError);
  CHECK_THROWS_AS(mpingest::parse_generator_format(""), mpingest::UsageError);
  CHECK_THROWS_AS(mpingest::parse_generator_format("mboxrd"), mpingest::UsageError);
  for (auto f : {GeneratorFormat::maildir, GeneratorFormat::csv, GeneratorFormat::mbox})
    CHECK(mpingest::parse_generator_format(mpingest::generator_format_name(f)) == f);
}

TEST_CASE("generator csv and mbox are deterministic", "[generator]") {
  using mpingest::GeneratorFormat;
  TempDir dir;
  for (auto format : {GeneratorFormat::csv, GeneratorFormat::mbox}) {
    const std::string name = mpingest::generator_format_name(format);
    INFO(name);
    const fs::path a = dir.path() / ("a." + name), b = dir.path() / ("b." + name), c = dir.path() / ("c." + name);
    const auto sa = generate_file(format, a, 300, 7);
    const auto sb = generate_file(format, b, 300, 7);
    const auto sc = generate_file(format, c, 300, 8);
    CHECK(sa.files == 300);
    CHECK(sc.files == 300);
    CHECK(sa.bytes == fs::file_size(a));
    CHECK(sb.bytes == sa.bytes);
    const std::string da = read_all(a);
    CHECK(da == read_all(b));
    CHECK(da != read_all(c));
  }
}

TEST_CASE("generator csv is Emails.csv-shaped", "[generator]") {
  TempDir dir;
  const fs::path file = dir.path() / "sub" / "dir" / "Emails.csv";  // parents are created
  const std::uint64_t n = 1500;
  REQUIRE(generate_file(mpingest::GeneratorFormat::csv, file, n, 3).files == n);
  const std::string text = read_all(file);
  REQUIRE(!text.empty());
  CHECK(text.back() == '\n');
  CHECK(valid_utf8(text));

  const std::string header =
      "Id,DocNumber,MetadataSubject,MetadataTo,MetadataFrom,SenderPersonId,MetadataDateSent,"
      "MetadataDateReleased,MetadataPdfLink,MetadataCaseNumber,MetadataDocumentClass,ExtractedSubject,"
      "ExtractedTo,ExtractedFrom,ExtractedCc,ExtractedDateSent,ExtractedCaseNumber,ExtractedDocNumber,"
      "ExtractedDateReleased,ExtractedReleaseInPartOrFull,ExtractedBodyText,RawText\n";
  REQUIRE(text.compare(0, header.size(), header) == 0);

  std::vector<std::vector<std::string>> rows;
  REQUIRE(parse_csv(text, rows));
  REQUIRE(rows.size() == n + 1);
  const std::regex doc_number("C0[0-9]{7,}");
  const std::regex iso_date("[0-9]{4}-[0-9]{2}-[0-9]{2}T0[45]:00:00\\+00:00");
  int stamped = 0, headers_first = 0, multiline = 0, non_ascii = 0, with_cr = 0, empty_fields = 0;
  std::set<std::string> docs;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    INFO("row " << r);
    const auto& row = rows[r];
    REQUIRE(row.size() == 22);
    if (r == 0) continue;
    CHECK(row[0] == std::to_string(r));
    CHECK(std::regex_match(row[1], doc_number));
    docs.insert(row[1]);
    if (!row[6].empty()) CHECK(std::regex_match(row[6], iso_date));
    CHECK(std::regex_match(row[7], iso_date));
    const std::string& raw = row[21];
    const std::string& body = row[20];
    REQUIRE(!raw.empty());
    if (raw.rfind("UNCLASSIFIED", 0) == 0) {
      ++stamped;
      CHECK(row[17] == row[1]);  // ExtractedDocNumber
    } else {
      CHECK(raw.rfind("Message-ID: <", 0) == 0);
      ++headers_first;
      // RawText is the message, ExtractedBodyText its body.
      CHECK(raw.size() >= body.size());
      CHECK(raw.compare(raw.size() - body.size(), body.size(), body) == 0);
    }
    if (raw.find('\n') != std::string::npos) ++multiline;
    if (raw.find('\r') != std::string::npos) ++with_cr;
    for (unsigned char ch : raw) {
      if (ch >= 0x80) {
        ++non_ascii;
        break;
      }
    }
    for (const auto& f : row) empty_fields += f.empty() ? 1 : 0;
  }
  CHECK(docs.size() == n);
  CHECK(stamped > static_cast<int>(n / 5));
  CHECK(headers_first > static_cast<int>(n / 2));
  CHECK(multiline == static_cast<int>(n));
  CHECK(with_cr >= 1);
  CHECK(non_ascii >= 1);
  CHECK(empty_fields >= 1);

  // The output file must not exist yet.
  CHECK_THROWS_AS(generate_file(mpingest::GeneratorFormat::csv, file, 5, 3), std::runtime_error);
}

TEST_CASE("generator mbox is mboxrd with quoted From lines", "[generator]") {
  TempDir dir;
  const std::uint64_t n = 1500;
  const fs::path file = dir.path() / "new" / "all.mbox";
  REQUIRE(generate_file(mpingest::GeneratorFormat::mbox, file, n, 3).files == n);
  const std::string text = read_all(file);
  CHECK(text.find('\r') == std::string::npos);  // LF only
  REQUIRE(text.size() >= 2);
  CHECK(text.compare(text.size() - 2, 2, "\n\n") == 0);

  // Exactly n lines start with "From ", each the first line of the file or
  // after a blank line: nothing inside a message was left unquoted.
  std::size_t from_lines = 0, quoted_lines = 0;
  const std::regex from_line(R"(From [^ @]+@[^ ]+ (Sun|Mon|Tue|Wed|Thu|Fri|Sat) [A-Z][a-z]{2} [ 1-3][0-9] )"
                             R"([0-2][0-9]:[0-5][0-9]:[0-5][0-9] (199[89]|200[0-3]))");
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t nl = text.find('\n', pos);
    const std::string line = text.substr(pos, nl - pos);
    if (line.rfind("From ", 0) == 0) {
      ++from_lines;
      INFO(line);
      CHECK(std::regex_match(line, from_line));
      CHECK((pos == 0 || (pos >= 2 && text[pos - 2] == '\n')));
    }
    if (is_quoted_from_line(line)) ++quoted_lines;
    pos = nl + 1;
  }
  CHECK(from_lines == n);
  CHECK(quoted_lines >= 10);

  const auto entries = parse_mbox(text);
  REQUIRE(entries.size() == n);
  int quoted_messages = 0;
  for (const auto& e : entries) {
    CHECK(e.message.rfind("Message-ID: <", 0) == 0);
    if (e.had_quoted) ++quoted_messages;
  }
  // About 3% of the bodies hold ">From " or "From " lines.
  CHECK(quoted_messages >= static_cast<int>(n / 100));
  CHECK(quoted_messages <= static_cast<int>(n / 20));

  // Message i is the same in mbox and csv: the unquoted mbox entry equals the
  // csv RawText (when it is not stamped), in mbox form.
  const fs::path csv = dir.path() / "all.csv";
  REQUIRE(generate_file(mpingest::GeneratorFormat::csv, csv, n, 3).files == n);
  std::vector<std::vector<std::string>> rows;
  REQUIRE(parse_csv(read_all(csv), rows));
  REQUIRE(rows.size() == n + 1);
  int compared = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& raw = rows[i + 1][21];
    if (raw.rfind("Message-ID: <", 0) != 0) continue;
    INFO("message " << i);
    CHECK(mbox_form(latin1_of(raw)) == entries[i].message);
    ++compared;
  }
  CHECK(compared > static_cast<int>(n / 2));

  CHECK_THROWS_AS(generate_file(mpingest::GeneratorFormat::mbox, file, 5, 3), std::runtime_error);
}
