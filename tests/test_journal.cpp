// The --journal file on its own: entries survive a round trip; a tail torn
// at any byte is dropped, never trusted, and appending resumes after it; a
// file that is not a journal, or a journal of another run, is refused.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>

#include "common/system_error.h"
#include "ipc/record_batch.h"
#include "journal/background_sync.h"
#include "journal/journal_file.h"
#include "launch/checkpoint_collector.h"
#include "mpingest/task_registry.h"
#include "test_support.h"

using namespace mpingest;
namespace fs = std::filesystem;

namespace {

JournalIdentity identity() {
  return {"/data/enron/maildir", 0, 100, 0x1234abcdull, "capitals", "encoding latin-1, max-bytes 67108864"};
}

std::vector<JournalEntry> entries() {
  return {{{{0, 10, 1}}, std::string("result of the first ten\0with a zero", 35)},
          {{{10, 20, 1}, {40, 45, 2}}, "second"},
          {{{20, 40, 1}}, std::string(5000, 'x')}};
}

bool same(const JournalEntry& a, const JournalEntry& b) {
  if (a.result != b.result || a.items.size() != b.items.size()) return false;
  for (std::size_t i = 0; i < a.items.size(); ++i)
    if (a.items[i].first != b.items[i].first || a.items[i].end != b.items[i].end ||
        a.items[i].stride != b.items[i].stride)
      return false;
  return true;
}

void check_entries(const JournalContents& got, std::size_t count) {
  REQUIRE(got.entries.size() == count);
  for (std::size_t i = 0; i < count; ++i) CHECK(same(got.entries[i], entries()[i]));
}

std::string write_journal(const fs::path& path, std::size_t count) {
  JournalWriter writer = JournalWriter::create(path.string(), identity());
  for (std::size_t i = 0; i < count; ++i) writer.add(entries()[i]);
  writer.commit();
  return test::read_text_file(path);
}

// A checkpoint of items [first, end) with an empty answer of `task`.
Checkpoint checkpoint_of(const Task& task, std::uint64_t first, std::uint64_t end) {
  Checkpoint c{{{first, end, 1}}, {}};
  c.result.partial = task.make_partial();
  c.result.totals.items = end - first;
  return c;
}

}  // namespace

TEST_CASE("a journal keeps its identity and entries", "[journal]") {
  test::TempDir dir;
  const fs::path path = dir.path() / "run.journal";
  write_journal(path, 3);
  JournalContents got = read_journal(path.string());
  CHECK(journal_mismatch(got.identity, identity()).empty());
  check_entries(got, 3);
  CHECK(got.dropped_bytes == 0);
  CHECK(got.dropped_why.empty());
  CHECK(got.valid_bytes == fs::file_size(path));
}

TEST_CASE("a journal cut at any byte of its last entry drops that entry, and resumes after the others", "[journal]") {
  test::TempDir dir;
  const fs::path path = dir.path() / "run.journal";
  const std::size_t two = write_journal(path, 2).size();
  const std::string whole = write_journal(path, 3);
  for (std::size_t cut = two; cut < whole.size(); ++cut) {
    INFO("cut at byte " << cut << " of " << whole.size());
    test::write_file(path, whole.substr(0, cut));
    JournalContents got = read_journal(path.string());
    check_entries(got, 2);
    CHECK(got.valid_bytes == two);
    CHECK(got.dropped_bytes == cut - two);
    CHECK(got.dropped_why.empty() == (cut == two));
    // Resuming cuts the torn tail and appends after the entries kept.
    JournalWriter writer = JournalWriter::resume(path.string(), got);
    writer.add(entries()[2]);
    writer.commit();
    CHECK(test::read_text_file(path) == whole);
  }
}

TEST_CASE("a corrupt entry ends the journal there: nothing after it is trusted", "[journal]") {
  test::TempDir dir;
  const fs::path path = dir.path() / "run.journal";
  const std::size_t one = write_journal(path, 1).size();
  std::string bytes = write_journal(path, 3);
  bytes[one + 20] ^= 0x40;  // inside the second entry's payload: its checksum no longer matches
  test::write_file(path, bytes);
  JournalContents got = read_journal(path.string());
  check_entries(got, 1);
  CHECK(got.valid_bytes == one);
  CHECK_THAT(got.dropped_why, Catch::Contains("checksum") || Catch::Contains("crc") || Catch::Contains("CRC"));
}

TEST_CASE("an entry whose items lie beyond the input is dropped", "[journal]") {
  test::TempDir dir;
  const fs::path path = dir.path() / "run.journal";
  JournalWriter writer = JournalWriter::create(path.string(), identity());
  writer.add(entries()[0]);
  writer.add({{{90, 101, 1}}, "too far"});  // the input has 100 items
  writer.commit();
  JournalContents got = read_journal(path.string());
  check_entries(got, 1);
  CHECK_THAT(got.dropped_why, Catch::Contains("beyond the input's 100"));
}

TEST_CASE("a file that is not a journal is a usage error", "[journal]") {
  test::TempDir dir;
  const fs::path path = dir.path() / "not.journal";
  for (std::string bytes : {std::string(), std::string("hello, world\n"), write_journal(path, 1).substr(0, 10)}) {
    test::write_file(path, bytes);
    CHECK_THROWS_AS(read_journal(path.string()), UsageError);
  }
  CHECK_THROWS_AS(read_journal((dir.path() / "absent").string()), UsageError);
}

TEST_CASE("a journal of another input, listing, task or options does not match", "[journal]") {
  JournalIdentity run = identity();
  CHECK(journal_mismatch(identity(), run).empty());
  run.input = "/data/other";
  CHECK_THAT(journal_mismatch(identity(), run), Catch::Contains("not /data/other"));
  run = identity();
  run.items = 101;
  CHECK_THAT(journal_mismatch(identity(), run), Catch::Contains("the input has changed"));
  run = identity();
  run.fingerprint ^= 1;
  CHECK_THAT(journal_mismatch(identity(), run), Catch::Contains("the input has changed"));
  run = identity();
  run.task = "words";
  CHECK_THAT(journal_mismatch(identity(), run), Catch::Contains("--task capitals, not words"));
  run = identity();
  run.options = "encoding utf-8, max-bytes 67108864";
  CHECK_THAT(journal_mismatch(identity(), run), Catch::Contains("encoding utf-8"));
}

TEST_CASE("a journal on a full disk is a resource error", "[journal]") {
  CHECK_THROWS_AS(JournalWriter::create("/dev/full", identity()), ResourceError);
}

TEST_CASE("items in increasing order become strided ranges: a round-robin share is one", "[journal]") {
  ItemRangeBuilder builder;
  for (std::uint64_t item : {1, 5, 9}) builder.add(item);
  std::vector<ItemRange> share = builder.take();
  REQUIRE(share.size() == 1);
  CHECK((share[0].first == 1 && share[0].end == 10 && share[0].stride == 4 && share[0].size() == 3));
  CHECK(builder.empty());
  for (std::uint64_t item : {0, 3, 6, 9, 10, 11, 20}) builder.add(item);
  std::vector<ItemRange> mixed = builder.take();
  REQUIRE(mixed.size() == 3);
  CHECK((mixed[0].first == 0 && mixed[0].end == 10 && mixed[0].stride == 3));
  CHECK((mixed[1].first == 10 && mixed[1].end == 12 && mixed[1].stride == 1));
  CHECK((mixed[2].first == 20 && mixed[2].end == 21 && mixed[2].size() == 1));
}

TEST_CASE("a checkpoint's payload splits back into its ranges and result, and unsound ones are refused", "[journal]") {
  const std::vector<ItemRange> items{{0, 10, 3}, {10, 12, 1}};
  const std::string payload = wire::encode_checkpoint(items, "RESULT");
  std::vector<ItemRange> back;
  std::string_view result;
  CHECK(wire::split_checkpoint(payload, 12, back, result).empty());
  REQUIRE(back.size() == 2);
  CHECK((back[0].stride == 3 && back[1].first == 10 && back[1].end == 12));
  CHECK(result == "RESULT");
  CHECK_THAT(wire::split_checkpoint(payload, 11, back, result), Catch::Contains("beyond the input's 11"));
  CHECK_THAT(wire::split_checkpoint(payload.substr(0, 20), 12, back, result), Catch::Contains("cut short"));
  const std::string backwards = wire::encode_checkpoint({{10, 12, 1}, {0, 10, 3}}, "");
  CHECK_THAT(wire::split_checkpoint(backwards, 12, back, result), Catch::Contains("out of order"));
}

TEST_CASE("a journal keeps --emit records, and a torn records entry drops them and what follows", "[journal]") {
  test::TempDir dir;
  const fs::path path = dir.path() / "run.journal";
  JournalWriter writer = JournalWriter::create(path.string(), identity());
  wire::RecordBatch batch;
  batch.add(0, R"({"file":"a/1."})");
  batch.add(1, "");  // an error item: no record
  batch.add(2, std::string(3000, 'r'));
  writer.add_records(batch.take_payload());
  writer.add(entries()[0]);
  writer.commit();
  const std::string whole = test::read_text_file(path);
  {
    JournalContents got = read_journal(path.string());
    REQUIRE(got.records.size() == 3);
    CHECK((got.records[0].item == 0 && got.records[0].record == R"({"file":"a/1."})"));
    CHECK((got.records[1].item == 1 && got.records[1].record.empty()));
    CHECK(got.records[2].record == std::string(3000, 'r'));
    check_entries(got, 1);
  }
  // Cut inside the records entry: neither it nor the checkpoint after it is trusted.
  const std::size_t header_size = [&] {
    const fs::path empty = dir.path() / "empty.journal";
    JournalWriter::create(empty.string(), identity()).commit();
    return static_cast<std::size_t>(fs::file_size(empty));
  }();
  for (std::size_t cut = header_size + 1; cut < header_size + 3000; cut += 331) {
    INFO("cut at byte " << cut);
    test::write_file(path, whole.substr(0, cut));
    JournalContents got = read_journal(path.string());
    CHECK(got.records.empty());
    CHECK(got.entries.empty());
    CHECK(got.valid_bytes == header_size);
  }
}

TEST_CASE("a records entry naming an item beyond the input is dropped", "[journal]") {
  test::TempDir dir;
  const fs::path path = dir.path() / "run.journal";
  JournalWriter writer = JournalWriter::create(path.string(), identity());
  wire::RecordBatch batch;
  batch.add(7, "ok");
  batch.add(100, "too far");  // the input has 100 items
  writer.add_records(batch.take_payload());
  writer.commit();
  JournalContents got = read_journal(path.string());
  CHECK(got.records.empty());
  CHECK_THAT(got.dropped_why, Catch::Contains("item 100 of 100"));
}

TEST_CASE("the collector journals a checkpoint only after the records of all its items", "[journal]") {
  test::TempDir dir;
  const fs::path path = dir.path() / "run.journal";
  const Task& task = find_task("capitals");
  JournalWriter writer = JournalWriter::create(path.string(), identity());
  CheckpointCollector collector(task, 100, &writer, /*with_records=*/true);
  auto checkpoint = [&](std::uint64_t first, std::uint64_t end) { return checkpoint_of(task, first, end); };
  collector.note_record(0, "r0");
  collector.note_record(1, "r1");
  collector.accept(checkpoint(0, 2));  // its records came first: journaled at once
  collector.note_record(2, "r2");
  collector.accept(checkpoint(2, 4));  // item 3's record is still on its way
  CHECK(collector.checkpoints_waiting() == 1);
  CHECK(collector.items_done() == 4);  // merged all the same
  collector.commit();
  CHECK(read_journal(path.string()).entries.size() == 1);
  collector.note_record(3, "");  // item 3 was an error
  collector.note_record(3, "a second copy, ignored");
  collector.commit();
  CHECK(collector.checkpoints_waiting() == 0);
  JournalContents got = read_journal(path.string());
  REQUIRE(got.entries.size() == 2);
  REQUIRE(got.records.size() == 4);
  for (std::uint64_t item = 0; item < 4; ++item) CHECK(got.records[item].item == item);
  CHECK(got.records[3].record.empty());
}

TEST_CASE("with output marks, the collector journals only the records the output does not hold yet", "[journal]") {
  test::TempDir dir;
  const fs::path path = dir.path() / "run.journal";
  const Task& task = find_task("capitals");
  JournalWriter writer = JournalWriter::create(path.string(), identity());
  CheckpointCollector collector(task, 100, &writer, /*with_records=*/true);
  collector.use_output_marks({}, /*max_wait_s=*/60);
  auto checkpoint = [&](std::uint64_t first, std::uint64_t end) { return checkpoint_of(task, first, end); };
  for (std::uint64_t item = 0; item < 8; ++item) collector.note_record(item, "r" + std::to_string(item));
  collector.accept(checkpoint(0, 2));
  collector.accept(checkpoint(2, 6));
  // Both wait for the output to pass them...
  CHECK(collector.checkpoints_waiting() == 2);
  // ...and the first goes as soon as it has: its records are in the file.
  collector.note_output({3, 9, 3, "r0\nr1\nr2\n"});
  CHECK(collector.checkpoints_waiting() == 1);
  // The end of the run does not wait: the second goes with the records of items 3-5.
  collector.commit();
  CHECK(collector.checkpoints_waiting() == 0);
  JournalContents got = read_journal(path.string());
  REQUIRE(got.output.has_value());
  CHECK((got.output->items == 3 && got.output->bytes == 9 && got.output->tail == "r0\nr1\nr2\n"));
  REQUIRE(got.records.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(got.records[i].item == 3 + i);
  CHECK(got.entries.size() == 2);
}

TEST_CASE("a checkpoint past the output mark waits no longer than its bound", "[journal]") {
  test::TempDir dir;
  const fs::path path = dir.path() / "run.journal";
  const Task& task = find_task("capitals");
  JournalWriter writer = JournalWriter::create(path.string(), identity());
  CheckpointCollector collector(task, 100, &writer, /*with_records=*/true);
  collector.use_output_marks({}, /*max_wait_s=*/0);
  collector.note_record(50, "r50");
  collector.accept(checkpoint_of(task, 50, 51));
  CHECK(collector.checkpoints_waiting() == 0);  // journaled at once, with its record
  collector.commit();
  JournalContents got = read_journal(path.string());
  CHECK(got.entries.size() == 1);
  REQUIRE(got.records.size() == 1);
  CHECK(got.records[0].record == "r50");
}

TEST_CASE("a background sync runs when asked, and its failure comes back to the caller", "[journal]") {
  std::atomic<int> runs{0};
  std::atomic<bool> fail{false};
  BackgroundSync sync([&] {
    ++runs;
    if (fail) throw ResourceError("disk full");
  });
  sync.request();
  sync.wait();
  CHECK(runs == 1);
  for (int i = 0; i < 100; ++i) sync.request();  // folded while one runs
  sync.wait();
  CHECK(runs >= 2);
  CHECK(runs <= 101);
  fail = true;
  sync.request();
  CHECK_THROWS_AS(sync.wait(), ResourceError);
  fail = false;
  sync.request();  // the failure was reported once
  CHECK_NOTHROW(sync.wait());
}

TEST_CASE("an item range knows its last item and its first item at or past a point", "[journal]") {
  const ItemRange range{3, 20, 4};  // 3, 7, 11, 15, 19
  CHECK(range.size() == 5);
  CHECK(range.last() == 19);
  CHECK(range.first_from(0) == 3);
  CHECK(range.first_from(3) == 3);
  CHECK(range.first_from(4) == 7);
  CHECK(range.first_from(19) == 19);
  CHECK(range.first_from(20) >= range.end);
  std::vector<std::uint64_t> items;
  range.for_each([&](std::uint64_t item) { items.push_back(item); });
  CHECK(items == std::vector<std::uint64_t>{3, 7, 11, 15, 19});
}
