// gen --skew: the huge messages (long named To lists) come first in the
// order mpingest reads the output, the same seed gives the same bytes, and
// every other message is exactly what it is without --skew.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "generator/generator.h"
#include "run/run_job.h"
#include "test_support.h"

using namespace mpingest;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kMessages = 400;
constexpr double kFraction = 0.05;      // 20 huge messages
constexpr std::uint64_t kFactor = 400;  // at least 400 recipients in a huge To list...
constexpr std::size_t kNormalMost = 300;  // ...and at most 300 in any other
constexpr std::size_t kHuge = 20;

GeneratorOptions skewed(const fs::path& out, std::uint64_t seed = 11, GeneratorFormat format = GeneratorFormat::maildir) {
  GeneratorOptions o{out, kMessages, seed, format};
  o.skew = true;
  o.huge_fraction = kFraction;
  o.huge_factor = kFactor;
  return o;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// Relative path -> contents, in byte-wise path order (the order mpingest reads a maildir).
std::map<std::string, std::string> read_tree(const fs::path& root) {
  std::map<std::string, std::string> tree;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file())
      tree.emplace(entry.path().lexically_relative(root).generic_string(), read_all(entry.path()));
  }
  return tree;
}

// The number of To addresses of each item, in reading order, as mpingest counts them.
std::vector<std::size_t> to_counts(const fs::path& input, const fs::path& records) {
  RunConfig c;
  c.input = input.string();
  c.mode = LaunchMode::serial;
  c.emit = records.string();
  run_job(c);
  std::vector<std::size_t> counts;
  std::istringstream lines(read_all(records));
  for (std::string line; std::getline(lines, line);) counts.push_back(nlohmann::json::parse(line)["to"].size());
  return counts;
}

}  // namespace

TEST_CASE("skewed output is deterministic for a seed", "[generator][skew]") {
  test::TempDir dir;
  generate(skewed(dir.path() / "a"));
  generate(skewed(dir.path() / "b"));
  generate(skewed(dir.path() / "c", 12));
  auto a = read_tree(dir.path() / "a");
  CHECK(a.size() == kMessages);
  CHECK(a == read_tree(dir.path() / "b"));
  CHECK(a != read_tree(dir.path() / "c"));
}

TEST_CASE("the huge messages come first in the order mpingest reads them", "[generator][skew]") {
  // csv shares mbox's writer and order; its release-stamped rows have no headers to count.
  auto format = GENERATE(GeneratorFormat::maildir, GeneratorFormat::mbox);
  test::TempDir dir;
  fs::path out = dir.path() / (std::string("corpus.") + generator_format_name(format));
  generate(skewed(out, 11, format));
  std::vector<std::size_t> counts = to_counts(out, dir.path() / "records.jsonl");
  REQUIRE(counts.size() == kMessages);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    INFO("item " << i << " of " << generator_format_name(format) << ": " << counts[i] << " To addresses");
    // (A fold inside a quoted name can merge two entries, as Python parses them.)
    if (i < kHuge) CHECK(counts[i] > kNormalMost);
    else CHECK(counts[i] <= kNormalMost);
  }
}

TEST_CASE("skewed csv messages still fit Python's default csv field limit", "[generator][skew]") {
  test::TempDir dir;
  fs::path csv = dir.path() / "skewed.csv";
  GeneratorOptions o = skewed(csv, 11, GeneratorFormat::csv);
  o.huge_fraction = 0.5;
  o.huge_factor = 100000;  // as long as the cap allows
  generate(o);
  RunConfig c;
  c.input = csv.string();
  c.mode = LaunchMode::serial;
  c.emit = (dir.path() / "records.jsonl").string();
  run_job(c);
  std::istringstream lines(read_all(dir.path() / "records.jsonl"));
  std::size_t records = 0;
  for (std::string line; std::getline(lines, line); ++records) {
    INFO(line.substr(0, 80));
    CHECK(nlohmann::json::parse(line)["bytes"].get<std::size_t>() < 131072);
  }
  CHECK(records == kMessages);
}

TEST_CASE("a skewed corpus differs from a plain one only in its huge messages", "[generator][skew]") {
  test::TempDir dir;
  generate(skewed(dir.path() / "skewed"));
  generate(GeneratorOptions{dir.path() / "plain", kMessages, 11});
  auto with = read_tree(dir.path() / "skewed");
  auto without = read_tree(dir.path() / "plain");
  REQUIRE(with.size() == without.size());
  std::size_t i = 0;
  for (auto a = with.begin(), b = without.begin(); a != with.end(); ++a, ++b, ++i) {
    INFO(a->first);
    REQUIRE(a->first == b->first);
    if (i < kHuge) {
      CHECK(a->second.size() > b->second.size());
    } else {
      CHECK(a->second == b->second);
    }
  }
}

TEST_CASE("gen --skew through the CLI: documented, and its knobs need it", "[generator][skew][cli]") {
  auto help = test::run_mpingest({"gen", "--help"});
  CHECK(help.exit_code == 0);
  for (const char* flag : {"--skew", "--huge-fraction", "--huge-factor"}) CHECK(help.out.find(flag) != std::string::npos);
  test::TempDir dir;
  auto lone = test::run_mpingest({"gen", "--out", (dir.path() / "x").string(), "--huge-factor", "10"});
  CHECK(lone.exit_code == 2);
  auto ok = test::run_mpingest({"gen", "--out", (dir.path() / "y").string(), "--messages", "50", "--skew"});
  CHECK(ok.exit_code == 0);
}
