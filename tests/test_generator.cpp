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

#include "corpus/generator.h"

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
