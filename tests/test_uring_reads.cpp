// io_uring batches are only a fast path: a batch vouches for a file only when
// it read all of it (some bytes, fewer than a slot, then end of file), and
// the maildir reader gives every item exactly what FileReader gives, whichever
// way the bytes came. Where the kernel or sandbox refuses io_uring, the tests
// that need it say so and skip.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/system_error.h"
#include "corpus/enumerate_maildir.h"
#include "corpus/item_reader.h"
#include "corpus/uring_batch_reader.h"
#include "run/run_job.h"
#include "test_support.h"

using namespace mpingest;
namespace fs = std::filesystem;

namespace {

std::string pattern(std::size_t size, char first = 'A') {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>(first + i % 53);
  return bytes;
}

// Names that list in creation order.
std::string fmt_name(std::size_t i) {
  std::string digits = std::to_string(i);
  return "m" + std::string(3 - digits.size(), '0') + digits;
}

bool io_uring_here() {
  std::string why_not = io_uring_unavailable_reason();
  if (!why_not.empty()) WARN("SKIPPED: " << why_not);
  return why_not.empty();
}

std::vector<ReadOutcome> read_all(const ItemList& items, ReadMethod method, std::uint64_t max_bytes,
                                  std::uint64_t* batched) {
  std::unique_ptr<ItemReader> reader = make_item_reader(items, max_bytes, method);
  std::vector<ReadOutcome> outcomes;
  for (std::size_t first = 0; first < items.size(); first += reader->read_ahead_size()) {
    std::vector<std::size_t> window;
    for (std::size_t i = first; i < std::min(items.size(), first + reader->read_ahead_size()); ++i)
      window.push_back(i);
    reader->read_ahead(window);
    for (std::size_t i : window) {
      ReadOutcome read = reader->read(i);
      outcomes.push_back({read.ok, std::string_view(), read.error});
      outcomes.back().error += "|" + std::string(read.bytes);  // keep the bytes past the next read
    }
  }
  *batched = reader->batched_reads();
  return outcomes;
}

}  // namespace

TEST_CASE("a batch vouches only for files it read whole, and the caller reads the rest", "[uring]") {
  if (!io_uring_here()) return;
  test::TempDir dir;
  const std::size_t slot = UringBatchReader::kSlotBytes;
  test::write_file(dir.path() / "small", pattern(3500));
  test::write_file(dir.path() / "one", "x");
  test::write_file(dir.path() / "under", pattern(slot - 1));
  test::write_file(dir.path() / "exactly", pattern(slot));  // fills the slot: more may follow
  test::write_file(dir.path() / "over", pattern(slot + 1));
  test::write_file(dir.path() / "empty", "");
  REQUIRE(::mkfifo((dir.path() / "fifo").c_str(), 0600) == 0);
  fs::create_directory(dir.path() / "directory");
  fs::create_symlink(dir.path() / "small", dir.path() / "link");
  std::vector<std::string> names = {"small", "one", "under", "exactly", "over", "empty",
                                    "fifo",  "directory", "link", "missing"};
  std::vector<std::string_view> paths(names.begin(), names.end());

  FileReader root(dir.path().string(), 64 << 20);
  std::string why_not;
  auto batch = UringBatchReader::create(root.root_fd(), why_not);
  REQUIRE(batch);
  REQUIRE(batch->read(paths, 64 << 20));
  CHECK(batch->bytes(0) == std::optional<std::string_view>(pattern(3500)));
  CHECK(batch->bytes(1) == std::optional<std::string_view>("x"));
  CHECK(batch->bytes(2) == std::optional<std::string_view>(pattern(slot - 1)));
  for (std::size_t k = 3; k < names.size(); ++k) {
    INFO(names[k]);
    CHECK_FALSE(batch->bytes(k).has_value());
  }
  CHECK_FALSE(batch->bytes(names.size()).has_value());  // a slot the batch did not use

  SECTION("--max-bytes below a slot: a file as large as the limit is left to the caller") {
    test::write_file(dir.path() / "at_limit", pattern(100));
    test::write_file(dir.path() / "below", pattern(99));
    REQUIRE(batch->read({"at_limit", "below"}, 100));
    CHECK_FALSE(batch->bytes(0).has_value());
    CHECK(batch->bytes(1) == std::optional<std::string_view>(pattern(99)));
  }
  SECTION("a second batch reuses the slots") {
    REQUIRE(batch->read({"one", "small"}, 64 << 20));
    CHECK(batch->bytes(0) == std::optional<std::string_view>("x"));
    CHECK(batch->bytes(1) == std::optional<std::string_view>(pattern(3500)));
    CHECK_FALSE(batch->bytes(2).has_value());
  }
}

TEST_CASE("reading in io_uring batches gives every item what one-by-one reading gives", "[uring]") {
  if (!io_uring_here()) return;
  test::TempDir dir;
  // More files than one batch, so windows follow each other; sizes on both
  // sides of a slot, and one over --max-bytes.
  const std::uint64_t max_bytes = 200000;
  std::vector<std::size_t> sizes = {1, 17, 3500, 65535, 65536, 65537, 199999, 200000, 200001, 0};
  for (std::size_t i = 0; i < 70; ++i) {
    std::size_t size = i < sizes.size() ? sizes[i] : 100 + 37 * i;
    test::write_file(dir.path() / fmt_name(i), pattern(size, static_cast<char>('A' + i % 20)));
  }
  ItemList items = enumerate_maildir(dir.path().string());
  REQUIRE(items.size() == 70);
  // What replaced files after the listing: the reader must notice, either way.
  fs::remove(dir.path() / fmt_name(40));
  REQUIRE(::mkfifo((dir.path() / fmt_name(40)).c_str(), 0600) == 0);
  fs::remove(dir.path() / fmt_name(41));
  fs::create_directory(dir.path() / fmt_name(41));
  fs::remove(dir.path() / fmt_name(42));
  fs::create_symlink(dir.path() / fmt_name(43), dir.path() / fmt_name(42));
  fs::remove(dir.path() / fmt_name(44));
  test::write_file(dir.path() / fmt_name(45), "");

  std::uint64_t batched = 0, unbatched = 0;
  std::vector<ReadOutcome> plain = read_all(items, ReadMethod::syscalls, max_bytes, &unbatched);
  std::vector<ReadOutcome> uring = read_all(items, ReadMethod::uring, max_bytes, &batched);
  REQUIRE(plain.size() == uring.size());
  for (std::size_t i = 0; i < plain.size(); ++i) {
    INFO("item " << i << " " << items.path(i));
    CHECK(uring[i].ok == plain[i].ok);
    CHECK(uring[i].error == plain[i].error);  // the error, and the bytes after '|'
  }
  CHECK(unbatched == 0);
  // Every file the batches can vouch for: not the 5 at or over a slot (65536
  // to 200001 bytes), the empty one, and the 5 replaced.
  CHECK(batched == 70 - 5 - 1 - 5);
}

TEST_CASE("reading with io_uring or with plain system calls gives the same report, and auto names what it used", "[uring][cli]") {
  RunConfig config;
  config.input = test::generated_corpus().string();
  config.mode = LaunchMode::fork;
  config.shards = 2;
  config.processing.read_method = ReadMethod::syscalls;
  RunReport plain = run_job(config);
  CHECK(plain.batched_reads() == 0);
  CHECK(plain.io_uring_unavailable.empty());  // not asked for
  config.processing.read_method = ReadMethod::automatic;
  RunReport automatic = run_job(config);
  CHECK(automatic.totals == plain.totals);
  CHECK(automatic.task_report == plain.task_report);
  std::string why_not = io_uring_unavailable_reason();
  if (why_not.empty()) {
    CHECK(automatic.batched_reads() > 0);
    config.processing.read_method = ReadMethod::uring;
    RunReport again = run_job(config);
    CHECK(again.totals == plain.totals);
    CHECK(again.task_report == plain.task_report);
  } else {
    WARN("SKIPPED the io_uring half: " << why_not);
    CHECK(automatic.io_uring_unavailable == why_not);
    config.processing.read_method = ReadMethod::uring;
    CHECK_THROWS_AS(run_job(config), UsageError);
  }
}
