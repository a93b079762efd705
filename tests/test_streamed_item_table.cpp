// Spawn over a pipe streams the item list in slices: each slice's image
// reads back as its part of the list, a worker's window moves forward
// through them and refuses a broken stream, and the parent's feed never
// blocks on a worker that stops reading.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "common/system_error.h"
#include "common/unique_fd.h"
#include "corpus/enumerate_maildir.h"
#include "corpus/mapped_item_table.h"
#include "corpus/open_input.h"
#include "ipc/frame_codec.h"
#include "ipc/pipe_writer.h"
#include "launch/child_process_set.h"
#include "launch/streamed_item_table.h"
#include "run/run_job.h"
#include "test_support.h"

using namespace mpingest;

namespace {

// All of `list`'s slice frames, back to back, as the parent streams them.
std::string slice_stream(const ItemList& list, std::size_t slice_items, std::vector<std::string>* frames = nullptr) {
  ItemSliceFrames slices(list, slice_items);
  std::string stream;
  for (std::string frame = slices.next(); !frame.empty(); frame = slices.next()) {
    if (frames != nullptr) frames->push_back(frame);
    stream += frame;
  }
  return stream;
}

// A file holding `bytes`, opened for reading: a job pipe that never blocks.
struct StreamFile {
  explicit StreamFile(const std::string& bytes) {
    test::write_file(dir.path() / "stream", bytes);
    fd = UniqueFd(::open((dir.path() / "stream").c_str(), O_RDONLY | O_CLOEXEC));
    REQUIRE(fd.valid());
  }
  test::TempDir dir;
  UniqueFd fd;
};

}  // namespace

TEST_CASE("every slice of an item list reads back as its part of the list", "[items][stream]") {
  std::vector<ItemList> lists;
  lists.push_back(enumerate_maildir(test::generated_corpus().string()));
  lists.push_back(enumerate_input({test::generated_csv().string()}));
  lists.push_back(enumerate_input({test::generated_mbox().string()}));
  for (const ItemList& list : lists) {
    for (std::size_t slice_items : {std::size_t{1}, std::size_t{3}, std::size_t{97}, list.size()}) {
      INFO(corpus_format_name(list.format()) << " in slices of " << slice_items);
      for (std::size_t first = 0; first < list.size(); first += slice_items) {
        std::size_t count = std::min(slice_items, list.size() - first);
        std::string image = encode_item_image(list, first, count);  // a string's data is 8-aligned
        MappedItemTable slice(image);
        REQUIRE(slice.first() == first);
        REQUIRE(slice.end() == first + count);
        CHECK(slice.size() == list.size());
        CHECK(slice.root() == list.root());
        CHECK(slice.format() == list.format());
        for (std::size_t i = first; i < first + count; ++i) test::check_item_matches(list, slice, i);
      }
    }
  }
  CHECK_THROWS_AS(encode_item_image(lists[0], lists[0].size(), 1), std::out_of_range);
}

TEST_CASE("a slice that claims to lie beyond its list is refused", "[items][stream]") {
  ItemList list = enumerate_maildir(test::generated_corpus().string());
  std::string image = encode_item_image(list, 10, 5);
  constexpr std::size_t kFirstAt = 16;  // header: magic, version, count, then first
  std::uint64_t past_end = list.size() - 2;
  std::memcpy(image.data() + kFirstAt, &past_end, sizeof past_end);
  CHECK_THROWS_AS(MappedItemTable(image), RunError);
}

TEST_CASE("a streamed list moves forward slice by slice and gives what the list gives", "[items][stream]") {
  ItemList list = enumerate_maildir(test::generated_corpus().string());
  const std::size_t slice_items = 97;
  StreamFile stream(slice_stream(list, slice_items));
  StreamedItemTable table(stream.fd.get(), wire::FrameDecoder{});
  CHECK(table.size() == list.size());
  CHECK(table.root() == list.root());
  CHECK(table.slices_read() == 1);
  // Worker 1 of 3, round-robin: indices 1, 4, 7, ...
  for (std::size_t i = 1; i < list.size(); i += 3) {
    table.seek(i);
    CHECK(table.slices_read() == i / slice_items + 1);  // never more than the slice holding i
    test::check_item_matches(list, table, i);
  }
  CHECK(table.bytes_read() > 0);

  SECTION("going back is a bug, and is said so") {
    CHECK_THROWS_WITH(table.seek(0), Catch::Contains("only moves forward"));
  }
  SECTION("an index past the list") { CHECK_THROWS_AS(table.seek(list.size()), RunError); }
}

TEST_CASE("an empty list is streamed as one empty slice", "[items][stream]") {
  test::TempDir dir;
  ItemList empty(dir.path().string());
  std::vector<std::string> frames;
  StreamFile stream(slice_stream(empty, 5, &frames));
  CHECK(frames.size() == 1);
  StreamedItemTable table(stream.fd.get(), wire::FrameDecoder{});
  CHECK(table.empty());
  CHECK(table.root() == empty.root());
}

TEST_CASE("a broken item stream is refused: a slice missing, out of order, or cut short", "[items][stream]") {
  ItemList list = enumerate_maildir(test::generated_corpus().string());
  std::vector<std::string> frames;
  std::string whole = slice_stream(list, 100, &frames);
  REQUIRE(frames.size() == 7);
  std::string bytes;
  SECTION("a slice missing") { bytes = frames[0] + frames[2]; }
  SECTION("slices swapped") { bytes = frames[0] + frames[2] + frames[1]; }
  SECTION("the stream cut inside a slice") { bytes = frames[0] + frames[1].substr(0, frames[1].size() / 2); }
  SECTION("a slice of another list") {
    ItemList csv = enumerate_input({test::generated_csv().string()});
    bytes = frames[0] + wire::encode_frame(wire::FrameType::items, encode_item_image(csv, 100, 100));
  }
  StreamFile stream(bytes);
  StreamedItemTable table(stream.fd.get(), wire::FrameDecoder{});
  table.seek(99);
  CHECK_THROWS_AS(table.seek(250), RunError);
}

TEST_CASE("a stream that does not start with item 0 is refused", "[items][stream]") {
  ItemList list = enumerate_maildir(test::generated_corpus().string());
  StreamFile stream(wire::encode_frame(wire::FrameType::items, encode_item_image(list, 5, 10)));
  CHECK_THROWS_AS(StreamedItemTable(stream.fd.get(), wire::FrameDecoder{}), RunError);
}

TEST_CASE("the parent's feed: all of it reaches a child that reads it, and one that stops reading ends it",
          "[process][stream]") {
  constexpr std::size_t kChunk = 256 << 10;  // four times a pipe's buffer
  constexpr int kChunks = 40;
  for (bool reads_all : {true, false}) {
    INFO((reads_all ? "the child reads to the end" : "the child stops after one read"));
    int job[2], result[2];
    REQUIRE(::pipe2(job, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(result, O_CLOEXEC) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(job[1]);
      ::close(result[0]);
      std::uint64_t got = 0;
      char buffer[1 << 16];
      ssize_t n;
      while ((n = ::read(job[0], buffer, sizeof buffer)) > 0) {
        got += static_cast<std::uint64_t>(n);
        if (!reads_all) break;
      }
      wire::send_worker_error(result[1], std::to_string(got));
      ::_exit(0);
    }
    ::close(job[0]);
    ::close(result[1]);
    std::string told;
    int yielded = 0;
    {
      ChildProcessSet set;
      set.adopt(0, pid, UniqueFd(result[0]), UniqueFd(job[1]), [&]() {
        return yielded < kChunks ? (++yielded, std::string(kChunk, 'x')) : std::string();
      });
      auto exits = set.wait_all([&](int, wire::Frame&& frame) { told = frame.payload; });
      REQUIRE(exits.size() == 1);
      CHECK(exits[0].exited_cleanly());
    }
    if (reads_all) {
      CHECK(told == std::to_string(kChunk * kChunks));
    } else {
      CHECK(std::stoull(told) <= std::uint64_t{1} << 16);
      CHECK(yielded < kChunks);  // the feed ended when the child closed its end
    }
  }
  CHECK(test::child_processes().empty());
}

TEST_CASE("a spawned worker that dies mid-stream is replaced, and its replacement is streamed the list again",
          "[recovery][stream]") {
  RunConfig config;
  config.input = test::generated_corpus().string();
  config.mode = LaunchMode::serial;
  const RunReport expected = run_job(config);
  auto dispatch = GENERATE(as<std::string>{}, "rr", "block", "queue");
  config.mode = LaunchMode::spawn;
  config.ipc = IpcKind::pipe;
  config.dispatch = parse_dispatch_strategy(dispatch);
  config.shards = 3;
  config.batch = 8;
  config.worker_executable = MPINGEST_BINARY;
  config.stream_slice_items = 50;  // 14 slices: the crash at item 300 is well inside the stream
  test::TempDir dir;
  // The spawned workers inherit the environment; the first to reach item 300 aborts.
  ::setenv("MPINGEST_TEST_FAULT", "abort@300", 1);
  ::setenv("MPINGEST_TEST_FAULT_ONCE", (dir.path() / "once").c_str(), 1);
  RunReport got = run_job(config);
  ::unsetenv("MPINGEST_TEST_FAULT");
  ::unsetenv("MPINGEST_TEST_FAULT_ONCE");
  INFO("--dispatch " << dispatch);
  CHECK(got.complete());
  CHECK(got.totals == expected.totals);
  CHECK(got.task_report == expected.task_report);
  REQUIRE(got.failures.size() == 1);
  CHECK(got.failures[0].suspect_item == 300);
  CHECK(got.failures[0].recovered);
  CHECK(test::child_processes().empty());
}

TEST_CASE("a read-ahead window over a streamed list stops at its slice and loses no item", "[items][stream]") {
  ItemList list = enumerate_maildir(test::generated_corpus().string());
  const std::size_t slice_items = 5;
  StreamFile stream(slice_stream(list, slice_items));
  StreamedItemTable table(stream.fd.get(), wire::FrameDecoder{});
  SeekingDispatcher dispatcher(make_dispatcher({DispatchStrategy::rr, list.size(), 1}), table);
  auto cursor = dispatcher.cursor(0);
  std::vector<std::size_t> seen;
  std::size_t windows = 0;
  std::size_t index = 0;
  while (cursor->next(index)) {
    std::vector<std::size_t> window{index};
    while (window.size() < 32 && cursor->next_in_window(index)) window.push_back(index);
    ++windows;
    // Every item of the window is still readable: none lies behind the slice held.
    for (std::size_t i : window) {
      INFO("item " << i);
      CHECK(table.holds(i));
      test::check_item_matches(list, table, i);
    }
    seen.insert(seen.end(), window.begin(), window.end());
  }
  CHECK(windows == (list.size() + slice_items - 1) / slice_items);
  REQUIRE(seen.size() == list.size());
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == i);
  CHECK_FALSE(cursor->next_in_window(index));  // still done
  CHECK_FALSE(cursor->next(index));
}
