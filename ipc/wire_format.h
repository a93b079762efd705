#pragma once
// The frame format of everything a worker sends its parent, defined once.
// See docs/design.md, "Wire format".
//
//   offset size  field
//   0      4     magic   "MPG1" (0x3147504D as a little-endian u32)
//   4      2     version kVersion
//   6      2     type    FrameType
//   8      4     length  payload bytes that follow, <= kMaxPayload
//   12     4     crc32   of the payload (CRC-32/ISO-HDLC, as zlib)
//   16     ...   payload
//
// Integers are in host byte order: frames never leave the machine (a
// --journal file is read back by the machine, or the kind of machine, that
// wrote it).

#include <cstdint>
#include <stdexcept>

namespace mpingest::wire {

constexpr std::uint32_t kMagic = 0x3147504D;  // "MPG1"
constexpr std::uint16_t kVersion = 1;
// A frame larger than this is corruption, not data: never allocate for it.
constexpr std::uint32_t kMaxPayload = 256u << 20;

enum class FrameType : std::uint16_t {
  result = 1,        // worker -> parent: ShardResult, Boost.Serialization binary archive
  worker_error = 2,  // worker -> parent: UTF-8 text, why the worker gave up
  job = 3,           // parent -> spawned worker: SpawnJob, Boost.Serialization binary archive
  items = 4,         // parent -> spawned worker: the item list image (corpus/mapped_item_table.h)
  records = 5,       // worker -> parent: --emit records, see record_batch.h
  records_ready = 6,  // worker -> parent: empty; new records wait in the worker's shared-memory ring
  journal_header = 7,  // --journal file: what run it belongs to (journal/journal_file.h)
  journal_entry = 8,   // --journal file: items done and their result
  checkpoint = 9,      // worker -> parent: items done and their result, while it works (result/checkpoint.h)
  journal_records = 10,  // --journal file: --emit records of items, as in a `records` frame (record_batch.h)
  journal_output = 11,   // --journal file: how far the --emit file had got (output_mark.h)
};
constexpr std::uint16_t kLastFrameType = 11;

struct FrameHeader {
  std::uint32_t magic;
  std::uint16_t version;
  std::uint16_t type;
  std::uint32_t length;
  std::uint32_t crc32;
};
static_assert(sizeof(FrameHeader) == 16, "the header layout is part of the wire format");

// A frame that cannot be trusted: bad magic, version, length or checksum, or
// a payload that does not decode. The parent reports it; it never reads past it.
class WireError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mpingest::wire
