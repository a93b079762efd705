// The parent's record writer on its own: input order from any arrival
// order; output marks (for --journal) that always describe what the file
// holds; a resumed writer that continues a file after its mark and takes
// the records a journal held in their turn.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "common/output_channel.h"
#include "common/system_error.h"
#include "output/record_writer.h"
#include "test_support.h"

using namespace mpingest;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kItems = 3000;

// Item i's record; every seventh item has none (an error).
std::string record_of(std::size_t item) {
  if (item % 7 == 3) return "";
  return "{\"item\":" + std::to_string(item) + ",\"pad\":\"" + std::string(100 + item % 90, 'x') + "\"}";
}

std::string expected_output(std::size_t first = 0) {
  std::string out;
  for (std::size_t i = first; i < kItems; ++i)
    if (!record_of(i).empty()) out += record_of(i) + "\n";
  return out;
}

std::vector<std::uint64_t> shuffled_items(unsigned seed) {
  std::vector<std::uint64_t> items(kItems);
  for (std::size_t i = 0; i < kItems; ++i) items[i] = i;
  // Nearly in order, as workers deliver: swap neighbours within a window.
  std::mt19937 random(seed);
  for (std::size_t i = 0; i + 1 < kItems; ++i)
    if (random() % 3 == 0) std::swap(items[i], items[std::min(kItems - 1, i + 1 + random() % 40)]);
  return items;
}

}  // namespace

TEST_CASE("every output mark describes exactly what the file holds at that moment", "[records]") {
  test::TempDir dir;
  const fs::path path = dir.path() / "out.jsonl";
  OutputChannel out = OutputChannel::create_file(path.string());
  RecordWriter writer(out, /*ordered=*/true, 64u << 20, kItems);
  REQUIRE(writer.can_mark());
  std::vector<wire::OutputMark> marks;
  writer.observe_marks([&](const wire::OutputMark& mark) {
    // At the moment of the mark the file holds exactly the records of items before it.
    const std::string held = test::read_text_file(path);
    CHECK(held == expected_output().substr(0, held.size()));
    CHECK(held.size() == mark.bytes);
    CHECK(expected_output().substr(0, mark.bytes) == held);
    std::size_t records_before = 0, bytes_before = 0;
    for (std::size_t i = 0; i < mark.items; ++i)
      if (!record_of(i).empty()) {
        ++records_before;
        bytes_before += record_of(i).size() + 1;
      }
    CHECK(bytes_before == mark.bytes);
    CHECK(records_before == mark.records);
    CHECK(mark.tail == held.substr(held.size() - std::min<std::size_t>(held.size(), wire::kOutputMarkTail)));
    marks.push_back(mark);
  });
  for (std::uint64_t item : shuffled_items(1)) writer.put(item, record_of(item));
  writer.finish();
  CHECK(marks.size() > 3);
  CHECK(test::read_text_file(path) == expected_output());
  // An unordered writer, or one to a pipe, makes no marks.
  OutputChannel again = OutputChannel::create_file((dir.path() / "u.jsonl").string());
  CHECK_FALSE(RecordWriter(again, /*ordered=*/false, 1, kItems).can_mark());
}

TEST_CASE("a continued output goes on after its mark, with the records a journal held in their turn", "[records]") {
  test::TempDir dir;
  const fs::path path = dir.path() / "out.jsonl";
  std::vector<wire::OutputMark> marks;
  {
    OutputChannel out = OutputChannel::create_file(path.string());
    RecordWriter writer(out, true, 64u << 20, kItems);
    writer.observe_marks([&](const wire::OutputMark& mark) { marks.push_back(mark); });
    for (std::uint64_t item : shuffled_items(2)) writer.put(item, record_of(item));
    writer.finish();
  }
  REQUIRE(marks.size() > 2);
  const wire::OutputMark mark = marks[marks.size() / 2];
  // Garbage after the mark, as an interrupted run leaves past its last journaled mark.
  test::write_file(path, test::read_text_file(path).substr(0, mark.bytes) + "{\"torn\":");
  // Items from mark.items on: half held by the journal, the rest run again.
  std::vector<std::string> held;
  RecordWriter::Replayed replayed;
  for (std::size_t i = mark.items; i < kItems; i += 2) held.push_back(record_of(i));
  for (std::size_t i = mark.items, k = 0; i < kItems; i += 2, ++k) replayed.emplace_back(i, held[k]);
  OutputChannel out = OutputChannel::continue_file(path.string(), mark.bytes, mark.tail);
  RecordWriter writer(out, true, 64u << 20, kItems);
  writer.continue_after(mark);
  writer.replay(std::move(replayed));
  for (std::uint64_t item : shuffled_items(3))
    if (item < mark.items || (item - mark.items) % 2 == 1) writer.put(item, record_of(item));  // before the mark: ignored
  writer.finish();
  CHECK(test::read_text_file(path) == expected_output());
  const std::string expected = expected_output();
  CHECK(writer.records_written() == static_cast<std::uint64_t>(std::count(expected.begin(), expected.end(), '\n')));
}

TEST_CASE("a file that is not as the mark says is not continued", "[records]") {
  test::TempDir dir;
  const fs::path path = dir.path() / "out.jsonl";
  test::write_file(path, "0123456789abcdef");
  CHECK_NOTHROW(OutputChannel::continue_file(path.string(), 10, "6789"));
  CHECK(test::read_text_file(path) == "0123456789");  // cut there
  CHECK_THROWS_WITH(OutputChannel::continue_file(path.string(), 12, "89ab"), Catch::Contains("fewer than the 12"));
  CHECK_THROWS_WITH(OutputChannel::continue_file(path.string(), 10, "5789"), Catch::Contains("does not hold"));
  CHECK_THROWS_AS(OutputChannel::continue_file((dir.path() / "absent").string(), 0, ""), UsageError);
  CHECK_THROWS_WITH(OutputChannel::continue_file(dir.path().string(), 0, ""), Catch::Contains("a directory"));
}
