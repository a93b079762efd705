// The record ring of --ipc shm (ipc/record_ring.h): a record larger than
// half the ring travels in pieces, gathered by the consumer across drains,
// handed over whole or not at all.
#include <catch2/catch.hpp>
#include <cstring>
#include <thread>
#include <vector>

#include "ipc/record_ring.h"
#include "ipc/wire_format.h"

using namespace mpingest;

namespace {

constexpr std::size_t kCapacity = 4096;

// A ring over ordinary memory, aligned as in a segment.
struct LocalRing {
  LocalRing() : memory(RecordRing::footprint(kCapacity) + 64) {}
  char* at() {
    return reinterpret_cast<char*>((reinterpret_cast<std::uintptr_t>(memory.data()) + 63) & ~std::uintptr_t{63});
  }
  std::vector<char> memory;
};

std::string pattern(std::size_t size, char seed) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>(seed + static_cast<char>(i * 7 % 251));
  return s;
}

void put(RecordRing& ring, std::uint64_t item, std::string_view record) {
  ring.push(item, record, [] {}, [](std::size_t) {});
}

// Writes entries by hand, as a corrupt or dying producer might have left them.
struct HandWrittenEntries {
  explicit HandWrittenEntries(char* ring) : header(reinterpret_cast<RecordRingHeader*>(ring)), data(ring + sizeof(RecordRingHeader)) {}
  void add(std::uint64_t item, std::uint32_t word, std::string_view bytes) {
    std::memcpy(data + head, &item, sizeof item);
    std::memcpy(data + head + sizeof item, &word, sizeof word);
    std::memcpy(data + head + RecordRing::kEntryHeader, bytes.data(), bytes.size());
    head += RecordRing::kEntryHeader + bytes.size();
    header->head.store(head);
  }
  // A first piece: kFirstPiece | kMoreFollows, the record's size, then `bytes`.
  void add_first(std::uint64_t item, std::uint64_t size, std::string_view bytes) {
    std::string piece = std::string(reinterpret_cast<const char*>(&size), sizeof size) + std::string(bytes);
    add(item, RecordRing::kFirstPiece | RecordRing::kMoreFollows | static_cast<std::uint32_t>(piece.size()), piece);
  }
  RecordRingHeader* header;
  char* data;
  std::size_t head = 0;
};

std::size_t drain_all(RecordRing& ring, PartialRecord& partial) {
  std::size_t taken = 0;
  ring.drain(
      [&](std::uint64_t, std::string_view) {
        ++taken;
        return true;
      },
      partial);
  return taken;
}

}  // namespace

TEST_CASE("records larger than half a ring go through it in pieces and arrive whole, in order", "[shm]") {
  LocalRing memory;
  RecordRing producer(memory.at(), kCapacity, true);
  RecordRing consumer(memory.at(), kCapacity);
  const std::size_t half = kCapacity / 2 - RecordRing::kEntryHeader;  // the largest record in one entry
  REQUIRE(producer.fits(half));
  REQUIRE(!producer.fits(half + 1));
  const std::vector<std::size_t> sizes = {0, 1, half, half + 1, 3 * kCapacity + 5, 17, 10 * kCapacity, 2 * half};
  std::thread writer([&] {
    for (std::size_t i = 0; i < sizes.size(); ++i) put(producer, i, pattern(sizes[i], static_cast<char>(i)));
  });
  PartialRecord partial;
  std::vector<std::pair<std::uint64_t, std::string>> got;
  while (got.size() < sizes.size()) {
    consumer.drain(
        [&](std::uint64_t item, std::string_view record) {
          got.emplace_back(item, std::string(record));
          return true;
        },
        partial);
    std::this_thread::yield();
  }
  writer.join();
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    INFO("record " << i << " of " << sizes[i] << " bytes");
    CHECK(got[i].first == i);
    CHECK(got[i].second == pattern(sizes[i], static_cast<char>(i)));
  }
  CHECK(!partial.open);
  CHECK(partial.bytes.empty());
}

TEST_CASE("a record in pieces refused at its last piece is handed over whole at the next drain", "[shm]") {
  LocalRing memory;
  RecordRing ring(memory.at(), kCapacity, true);
  std::string record = pattern(ring.first_piece_bytes() + 100, 'a');
  int waits = 0;
  ring.push(7, record, [&] { ++waits; }, [](std::size_t) {});
  REQUIRE(waits == 0);  // both pieces fit at once
  PartialRecord partial;
  int offered = 0;
  ring.drain(
      [&](std::uint64_t item, std::string_view seen) {
        ++offered;
        CHECK(item == 7);
        CHECK(seen == record);
        return false;  // a paused worker: not now
      },
      partial);
  CHECK(offered == 1);
  CHECK(partial.open);
  CHECK(partial.bytes.size() == ring.first_piece_bytes());  // the first piece, once
  std::string taken;
  ring.drain(
      [&](std::uint64_t, std::string_view seen) {
        taken = seen;
        return true;
      },
      partial);
  CHECK(taken == record);
  CHECK(!partial.open);
  // The ring is empty and takes a whole half-ring entry again.
  CHECK(ring.try_push(8, pattern(kCapacity / 2 - RecordRing::kEntryHeader, 'b')));
}

TEST_CASE("a producer that stops mid-record delivers nothing of it, its pieces counted", "[shm]") {
  LocalRing memory;
  RecordRing ring(memory.at(), kCapacity, true);
  REQUIRE(ring.try_push(1, "whole"));
  struct Died {};
  // The worker dies the first time it would have to wait for room.
  CHECK_THROWS_AS(ring.push(2, pattern(4 * kCapacity, 'c'), [] { throw Died{}; }, [](std::size_t) {}), Died);
  PartialRecord partial;
  std::vector<std::uint64_t> items;
  ring.drain(
      [&](std::uint64_t item, std::string_view) {
        items.push_back(item);
        return true;
      },
      partial);
  CHECK(items == std::vector<std::uint64_t>{1});
  CHECK(partial.open);
  CHECK(partial.item == 2);
  CHECK(partial.size == 4 * kCapacity);
  CHECK(partial.bytes.size() == ring.first_piece_bytes());
  partial.clear();  // ParentTransport::reset, before the position's next worker
  CHECK(!partial.open);
  CHECK(partial.bytes.empty());
}

TEST_CASE("pieces that do not make a record are corruption, never a record", "[shm]") {
  LocalRing memory;
  RecordRing ring(memory.at(), kCapacity, true);
  HandWrittenEntries entries(memory.at());
  PartialRecord partial;
  const std::uint32_t more = RecordRing::kMoreFollows;
  SECTION("a piece without its first") { entries.add(1, more | 5, "piece"); }
  SECTION("a piece of another item") {
    entries.add_first(1, 20, "0123456789");
    entries.add(2, 10, "0123456789");
  }
  SECTION("a record that begins inside another") {
    entries.add_first(1, 20, "0123456789");
    entries.add_first(1, 20, "0123456789");
  }
  SECTION("pieces short of the size the first one gave") {
    entries.add_first(1, 30, "0123456789");
    entries.add(1, 10, "0123456789");
  }
  SECTION("pieces beyond it") {
    entries.add_first(1, 15, "0123456789");
    entries.add(1, more | 10, "0123456789");
  }
  SECTION("a first piece too short to hold the size") {
    entries.add(1, RecordRing::kFirstPiece | more | 4, "abcd");
  }
  SECTION("a size beyond the frame limit") { entries.add_first(1, std::uint64_t{wire::kMaxPayload} + 1, "x"); }
  CHECK_THROWS_AS(drain_all(ring, partial), wire::WireError);
}
