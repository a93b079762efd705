// What the parent decodes from its workers, on arbitrary bytes: the frame
// stream (FrameDecoder, fed in pieces and at once), one frame in a fixed-size
// slot (decode_frame_at), result payloads (Boost archive + the capitals partial),
// checkpoints, journal headers and output marks (--journal), record batches, a
// record ring's entries (--ipc shm, records whole and in pieces), and the item
// list image a spawned worker reads in place (MappedItemTable). Asserts: corruption is a WireError, never a crash, an
// overread or an unbounded allocation; a decoded frame re-encodes to the bytes
// it came from; decoded results and record batches round-trip exactly.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/system_error.h"
#include "corpus/mapped_item_table.h"
#include "fuzz_check.h"
#include "ipc/archive.h"
#include "ipc/frame_codec.h"
#include "ipc/output_mark.h"
#include "journal/journal_file.h"
#include "result/checkpoint.h"
#include "ipc/record_batch.h"
#include "ipc/record_ring.h"
#include "result/result_codec.h"
#include "tasks/address_counts.h"
#include "tasks/capitals_task.h"

using namespace mpingest;
using namespace mpingest::wire;

namespace {

void check_result(std::string_view payload) {
  ShardResult result;
  try {
    result = deserialize_result(payload, capitals_task());
  } catch (const WireError&) {
    return;
  }
  ShardResult back = deserialize_result(serialize_result(result), capitals_task());
  FUZZ_CHECK((back.partial != nullptr) == (result.partial != nullptr));
  if (result.partial) {
    // Address ids (and so the order of pairs in the bytes) may differ; the counts may not.
    FUZZ_CHECK(capitals_counts(*back.partial) == capitals_counts(*result.partial));
    capitals_counts(*back.partial).addresses = capitals_counts(*result.partial).addresses = AddressCounts{};
  }
  FUZZ_CHECK(serialize_result(back) == serialize_result(result));  // bytewise: NaN times compare too
}

void check_records(std::string_view payload) {
  RecordBatch batch;
  try {
    for_each_record(payload, [&](std::uint64_t item, std::string_view record) {
      FUZZ_CHECK(fuzz::inside(record, payload));
      batch.add(item, record);
    });
  } catch (const WireError&) {
    return;
  }
  FUZZ_CHECK(batch.take_frame() == encode_frame(FrameType::records, payload));
}

void check_address_counts(std::string_view bytes) {
  AddressCounts counts;
  try {
    counts = AddressCounts::from_bytes(bytes);
  } catch (const std::invalid_argument&) {
    return;
  }
  FUZZ_CHECK(AddressCounts::from_bytes(counts.to_bytes()) == counts);
}

// Accepted or refused as a whole: once accepted, every item reads inside the image.
void check_item_image(std::string_view bytes) {
  std::vector<std::uint64_t> aligned(bytes.size() / 8 + 1);  // as the segment and a frame give it
  std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(aligned.data()));
  const std::string_view image(reinterpret_cast<const char*>(aligned.data()), bytes.size());
  std::optional<MappedItemTable> table;
  try {
    table.emplace(image);
  } catch (const RunError&) {
    return;
  }
  for (std::size_t i = table->first(); i < table->end(); ++i) {
    std::string_view path = table->path(i);
    FUZZ_CHECK(path.empty() || fuzz::inside(path, image));
    (void)table->label(i);
    (void)table->describe_kind(i);
  }
}

// A checkpoint (a frame from a worker, an entry of a journal): its ranges
// are sound or refused, and what is accepted re-encodes to the same bytes.
void check_checkpoint(std::string_view payload) {
  std::vector<ItemRange> items;
  std::string_view result;
  if (!split_checkpoint(payload, 1u << 20, items, result).empty()) return;
  for (const ItemRange& range : items) FUZZ_CHECK(range.first < range.end && range.stride > 0 && range.size() > 0);
  FUZZ_CHECK(encode_checkpoint(items, result) == payload);
  check_result(result);
}

void check_journal_header(std::string_view payload) {
  JournalIdentity identity;
  try {
    read_archive(payload, "a journal header", [&](auto& archive) { archive >> identity; });
  } catch (const WireError&) {
    return;
  }
  FUZZ_CHECK(journal_mismatch(identity, identity).empty());
}

// An output mark (--journal with --emit): sound or refused, and what is accepted re-encodes to the same bytes.
void check_output_mark(std::string_view payload) {
  OutputMark mark;
  try {
    mark = decode_output_mark(payload);
  } catch (const WireError&) {
    return;
  }
  FUZZ_CHECK(mark.tail.size() <= kOutputMarkTail && mark.records <= mark.items);
  FUZZ_CHECK(encode_output_mark(mark) == payload);
}

// The bytes as the data of a record ring, published up to their end (what a
// bug or a worker's stray writes could leave there): records handed over
// whole, or a WireError; a record still in pieces never exceeds the size its
// first piece gave.
void check_record_ring(std::string_view bytes) {
  constexpr std::size_t kCapacity = 1024;
  std::vector<std::uint64_t> memory(RecordRing::footprint(kCapacity) / 8 + 16);
  char* at = reinterpret_cast<char*>((reinterpret_cast<std::uintptr_t>(memory.data()) + 63) & ~std::uintptr_t{63});
  RecordRing ring(at, kCapacity, true);
  const std::size_t published = std::min(bytes.size(), kCapacity);
  std::copy_n(bytes.data(), published, at + sizeof(RecordRingHeader));
  reinterpret_cast<RecordRingHeader*>(at)->head.store(published);
  PartialRecord partial;
  try {
    ring.drain(
        [&](std::uint64_t, std::string_view record) {
          FUZZ_CHECK(record.size() <= kMaxPayload);
          return true;
        },
        partial);
  } catch (const WireError&) {
    return;
  }
  FUZZ_CHECK(!partial.open || partial.bytes.size() <= partial.size);
}

void check_payload(const Frame& frame) {
  if (frame.type == FrameType::result) check_result(frame.payload);
  if (frame.type == FrameType::checkpoint || frame.type == FrameType::journal_entry) check_checkpoint(frame.payload);
  if (frame.type == FrameType::journal_header) check_journal_header(frame.payload);
  if (frame.type == FrameType::journal_output) check_output_mark(frame.payload);
  if (frame.type == FrameType::records || frame.type == FrameType::journal_records) check_records(frame.payload);
  if (frame.type == FrameType::items) check_item_image(frame.payload);
}

// All frames of a stream, as the pipe reader sees them, fed `piece` bytes at a time.
std::vector<Frame> decode_stream(std::string_view bytes, std::size_t piece, bool& corrupt, std::size_t& pending) {
  FrameDecoder decoder;
  std::vector<Frame> frames;
  corrupt = false;
  try {
    for (std::size_t fed = 0; fed < bytes.size(); fed += piece) {
      decoder.feed(bytes.data() + fed, std::min(piece, bytes.size() - fed));
      while (std::optional<Frame> frame = decoder.next()) frames.push_back(std::move(*frame));
    }
  } catch (const WireError&) {
    corrupt = true;
  }
  pending = decoder.pending_bytes();
  return frames;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  // The stream at once and in pieces: the same frames, each the exact bytes it came from.
  bool corrupt = false, corrupt_pieces = false;
  std::size_t pending = 0, pending_pieces = 0;
  const std::vector<Frame> frames = decode_stream(bytes, bytes.size() + 1, corrupt, pending);
  const std::size_t piece = size == 0 ? 1 : static_cast<std::size_t>(data[0] % 23) + 1;
  const std::vector<Frame> pieces = decode_stream(bytes, piece, corrupt_pieces, pending_pieces);
  FUZZ_CHECK(corrupt == corrupt_pieces);
  FUZZ_CHECK(frames.size() == pieces.size());
  std::size_t offset = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    FUZZ_CHECK(frames[i].type == pieces[i].type && frames[i].payload == pieces[i].payload);
    const std::string encoded = encode_frame(frames[i].type, frames[i].payload);
    FUZZ_CHECK(bytes.substr(offset, encoded.size()) == encoded);
    offset += encoded.size();
    check_payload(frames[i]);
  }
  if (!corrupt) FUZZ_CHECK(pending == size - offset && pending_pieces == pending);

  // One frame at the start of a slot of exactly `size` bytes.
  try {
    const Frame frame = decode_frame_at(bytes.data(), bytes.size());
    FUZZ_CHECK(!frames.empty() && frame.type == frames[0].type && frame.payload == frames[0].payload);
  } catch (const WireError&) {
    FUZZ_CHECK(frames.empty());
  }

  // The bytes as bare payloads.
  check_result(bytes);
  check_records(bytes);
  check_item_image(bytes);
  check_address_counts(bytes);
  check_record_ring(bytes);
  return 0;
}
