// The frame format: round trips, and corruption detected without trusting it.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <thread>

#include "ipc/frame_codec.h"
#include "ipc/pipe_writer.h"
#include "ipc/record_batch.h"
#include "result/result_codec.h"
#include "tasks/capitals_task.h"

using namespace mpingest;
using namespace mpingest::wire;

namespace {

ShardResult sample_result() {
  ShardResult r;
  r.stats.worker = 3;
  r.stats.pid = 4242;
  r.stats.items = 10;
  r.stats.busy_s = 0.25;
  r.totals.items = 10;
  r.totals.messages = 8;
  r.totals.errors = 2;
  r.partial = capitals_task().make_partial();
  capitals_counts(*r.partial).capitals = 123456789012ull;
  r.errors = {{4, "empty file"}, {9, "cannot open: Permission denied"}};
  return r;
}

}  // namespace

TEST_CASE("a result survives serialization and framing byte for byte", "[wire]") {
  ShardResult in = sample_result();
  std::string frame = encode_frame(FrameType::result, serialize_result(in));
  FrameDecoder decoder;
  // Fed one byte at a time, as a slow pipe might deliver it.
  std::optional<Frame> out;
  for (char c : frame) {
    CHECK(!out);
    decoder.feed(&c, 1);
    out = decoder.next();
  }
  REQUIRE(out);
  CHECK(out->type == FrameType::result);
  ShardResult back = deserialize_result(out->payload, capitals_task());
  CHECK(back.totals == in.totals);
  REQUIRE(back.partial);
  CHECK(capitals_counts(*back.partial) == capitals_counts(*in.partial));
  CHECK(back.stats.worker == 3);
  CHECK(back.stats.busy_s == 0.25);
  REQUIRE(back.errors.size() == 2);
  CHECK(back.errors[1].reason == "cannot open: Permission denied");
  CHECK(decoder.pending_bytes() == 0);
}

TEST_CASE("a frame written from its parts is the frame encode_frame makes, however the pipe cuts the writes",
          "[wire]") {
  // 3 MiB through a 64 KiB pipe: writev returns short many times, and each
  // time the rest must continue from the right byte of the right part.
  std::string big(3u << 20, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7 + i / 4096);
  RecordEntryHeader header = record_entry_header(42, big.size());
  std::string_view head(header.data(), header.size());
  int fds[2];
  REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
  std::string received;
  std::thread reader([&] {
    char buffer[10000];  // reads that never line up with the writes
    ssize_t n;
    while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0) received.append(buffer, static_cast<std::size_t>(n));
  });
  write_frame(fds[1], FrameType::records, {head, big});
  write_frame(fds[1], FrameType::records, {head, std::string_view()});  // an empty part is skipped
  ::close(fds[1]);
  reader.join();
  ::close(fds[0]);
  std::string whole = std::string(head) + big;
  std::string expected = encode_frame(FrameType::records, whole) + encode_frame(FrameType::records, head);
  REQUIRE(received.size() == expected.size());
  std::size_t differs = 0;
  while (differs < expected.size() && received[differs] == expected[differs]) ++differs;
  CHECK(differs == expected.size());  // (not the strings: a failure would print 3 MiB)
  FrameDecoder decoder;
  decoder.feed(received.data(), received.size());
  auto frame = decoder.next();
  REQUIRE(frame);
  std::size_t records = 0;
  for_each_record(frame->payload, [&](std::uint64_t item, std::string_view record) {
    CHECK(item == 42);
    CHECK(record == big);
    ++records;
  });
  CHECK(records == 1);
}

TEST_CASE("two frames in one read are both delivered", "[wire]") {
  std::string both = encode_frame(FrameType::worker_error, "first") + encode_frame(FrameType::worker_error, "second");
  FrameDecoder decoder;
  decoder.feed(both.data(), both.size());
  CHECK(decoder.next()->payload == "first");
  CHECK(decoder.next()->payload == "second");
  CHECK(!decoder.next());
}

TEST_CASE("a long stream read in pieces that never end on a frame boundary is held a frame or two at a time",
          "[wire]") {
  // As a spawned worker receives its item slices, or the parent a worker's
  // records: 90 KB frames through 64 KiB reads.
  std::string frame = encode_frame(FrameType::records, std::string(90'000, 'r'));
  std::string stream;
  for (int i = 0; i < 300; ++i) stream += frame;  // 27 MB
  FrameDecoder decoder;
  constexpr std::size_t kPiece = 65'536;
  std::size_t frames = 0, most_held = 0;
  for (std::size_t fed = 0; fed < stream.size(); fed += kPiece) {
    decoder.feed(stream.data() + fed, std::min(kPiece, stream.size() - fed));
    most_held = std::max(most_held, decoder.buffered_bytes());
    while (std::optional<Frame> f = decoder.next()) {
      CHECK(f->payload.size() == 90'000);
      ++frames;
    }
  }
  CHECK(frames == 300);
  CHECK(decoder.pending_bytes() == 0);
  CHECK(most_held <= 2 * (frame.size() + kPiece));
}

TEST_CASE("a truncated frame waits and is visible as pending bytes", "[wire]") {
  std::string frame = encode_frame(FrameType::result, serialize_result(sample_result()));
  FrameDecoder decoder;
  decoder.feed(frame.data(), frame.size() - 5);
  CHECK(!decoder.next());
  CHECK(decoder.pending_bytes() == frame.size() - 5);
}

TEST_CASE("a corrupt frame is rejected, never trusted", "[wire]") {
  std::string frame = encode_frame(FrameType::result, serialize_result(sample_result()));
  FrameDecoder decoder;
  SECTION("bad magic") { frame[0] ^= 0x55; }
  SECTION("flipped payload byte") { frame[frame.size() - 1] ^= 0x01; }
  SECTION("absurd length") {
    std::uint32_t huge = 0xFFFFFFF0u;
    std::memcpy(frame.data() + 8, &huge, sizeof huge);
  }
  SECTION("wrong version") { frame[4] = 9; }
  decoder.feed(frame.data(), frame.size());
  CHECK_THROWS_AS(decoder.next(), WireError);
}

// Found by tests/fuzz/fuzz_wire: Boost loads a bool by copying a byte into
// it, so any value but 0 and 1 was undefined behaviour.
TEST_CASE("a bool that is neither 0 nor 1 in a result is refused, not loaded", "[wire]") {
  ShardResult result = sample_result();
  std::string bytes = serialize_result(result);
  // The flag saying a partial follows is the byte after the envelope.
  ShardResult envelope_only = sample_result();
  envelope_only.partial.reset();
  const std::size_t flag = serialize_result(envelope_only).size() - 1;
  REQUIRE(bytes[flag] == 1);
  bytes[flag] = 98;
  CHECK_THROWS_WITH(deserialize_result(bytes, capitals_task()), Catch::Contains("a bool of value 98"));
}

TEST_CASE("garbage that passes the frame check still fails to decode cleanly", "[wire]") {
  CHECK_THROWS_AS(deserialize_result("definitely not an archive", capitals_task()), WireError);
}

// Found by tests/fuzz/fuzz_wire: Boost's binary_iarchive resizes a string or
// vector to the length it reads before reading the contents, so 8 corrupt
// bytes made the parent allocate and zero up to gigabytes (1.5 GB RSS for a
// 305-byte payload). Lengths are now checked against the bytes left first.
TEST_CASE("a lying length inside a result payload is rejected before anything is allocated", "[wire]") {
  ShardResult result = sample_result();
  result.errors = {{1, "REASON-MARKER"}};
  result.claimed_batches = {0x1122334455667788ull};
  const std::string good = serialize_result(result);
  auto lie_before = [&](std::string_view marker) {
    std::size_t at = good.find(marker);
    REQUIRE(at != std::string::npos);
    REQUIRE(at >= sizeof(std::uint64_t));
    std::string bad = good;
    const std::uint64_t huge = 1500ull << 20;  // 1.5 GB
    std::memcpy(bad.data() + at - sizeof huge, &huge, sizeof huge);
    return bad;
  };
  SECTION("the archive signature's length") {
    std::string bad = good;
    const std::uint64_t huge = 1500ull << 20;
    std::memcpy(bad.data(), &huge, sizeof huge);
    CHECK_THROWS_WITH(deserialize_result(bad, capitals_task()), Catch::Contains("exceeds the"));
  }
  SECTION("a string's length") {
    CHECK_THROWS_WITH(deserialize_result(lie_before("REASON-MARKER"), capitals_task()), Catch::Contains("exceeds the"));
  }
  SECTION("a vector's element count") {
    const std::uint64_t batch = 0x1122334455667788ull;
    std::string_view marker(reinterpret_cast<const char*>(&batch), sizeof batch);
    CHECK_THROWS_WITH(deserialize_result(lie_before(marker), capitals_task()), Catch::Contains("exceeds the"));
  }
  SECTION("lengths that fit are still accepted") {
    ShardResult back = deserialize_result(good, capitals_task());
    REQUIRE(back.errors.size() == 1);
    CHECK(back.errors[0].reason == "REASON-MARKER");
    CHECK(back.claimed_batches == result.claimed_batches);
  }
}
