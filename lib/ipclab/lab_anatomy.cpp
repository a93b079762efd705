#include "ipclab/lab_anatomy.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>

#include "common/stopwatch.h"
#include "common/system_error.h"
#include "common/unique_fd.h"
#include "ipc/frame_codec.h"
#include "ipc/record_batch.h"
#include "ipc/record_ring.h"
#include "ipclab/lab_message.h"
#include "transport/result_transport.h"

namespace mpingest {
namespace {

constexpr std::size_t kChunk = 64u << 10;  // what a pipe holds by default, and the readers' read size

// Messages per measurement: about 64 MiB of them, at least 8.
std::size_t repetitions(std::size_t size) { return std::clamp<std::size_t>((std::size_t{64} << 20) / size, 8, 50000); }

// ns per message of `body`, run `n` times (after one untimed run).
double time_per_message(std::size_t n, const std::function<void(std::size_t i)>& body) {
  body(0);
  std::int64_t start = steady_ns();
  for (std::size_t i = 0; i < n; ++i) body(i);
  return static_cast<double>(steady_ns() - start) / static_cast<double>(n);
}

// `bytes` through a pipe and back out, in one thread, kChunk at a time: the
// kernel's two copies (and the system calls), without a wake-up.
double pipe_copies_ns(std::size_t bytes_per_message, std::size_t n) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_system_error("ipc: pipe", errno);
  UniqueFd read_end(fds[0]), write_end(fds[1]);
  std::string out(kChunk, 'x'), in(kChunk, '\0');
  std::size_t total = bytes_per_message * n;
  std::int64_t start = steady_ns();
  for (std::size_t done = 0; done < total;) {
    std::size_t piece = std::min(kChunk, total - done);
    if (::write(write_end.get(), out.data(), piece) != static_cast<ssize_t>(piece)) throw_system_error("ipc: write", errno);
    for (std::size_t got = 0; got < piece;) {
      ssize_t r = ::read(read_end.get(), in.data(), piece - got);
      if (r <= 0) throw_system_error("ipc: read", errno);
      got += static_cast<std::size_t>(r);
    }
    done += piece;
  }
  return static_cast<double>(steady_ns() - start) / static_cast<double>(n);
}

// The pipe path: PipeRecordSink batches records below kTargetBatchBytes and
// sends a larger one as a frame of its own; the parent's FrameDecoder gathers
// 64 KiB reads into frames, checks each CRC and yields an owned payload.
LabAnatomy pipe_anatomy(std::size_t size, const LabMessages& messages, const std::string& message) {
  LabAnatomy a{"pipe", size, "records frames on the pipe", {}};
  std::size_t n = repetitions(size);
  bool batched = size < wire::kTargetBatchBytes;
  std::size_t per_frame = batched ? std::max<std::size_t>(1, wire::kTargetBatchBytes / (size + 12) + 1) : 1;
  wire::RecordBatch batch;
  if (batched)
    a.steps.push_back({"copy into the batch", AnatomyStep::Side::writer, time_per_message(n, [&](std::size_t i) {
                         batch.add(i, message);
                         if (batch.full()) batch.clear();
                       })});
  std::string payload;
  for (std::size_t i = 0; i < per_frame; ++i) {
    wire::RecordEntryHeader h = wire::record_entry_header(i, size);
    payload.append(h.data(), h.size());
    payload.append(message);
  }
  std::size_t frames = std::max<std::size_t>(1, n / per_frame);
  a.steps.push_back({"CRC-32, writer", AnatomyStep::Side::writer, time_per_message(frames, [&](std::size_t) {
                                          volatile auto crc = wire::frame_header(wire::FrameType::records, {payload}).crc32;
                                          (void)crc;
                                        }) / static_cast<double>(per_frame)});
  a.steps.push_back({"kernel copies in and out of the pipe", AnatomyStep::Side::both, pipe_copies_ns(size + 12, n)});
  std::string frame = wire::encode_frame(wire::FrameType::records, payload);
  wire::FrameDecoder decoder;
  std::size_t records = 0;
  a.steps.push_back({"decoder: gather, CRC-32, copy out, split", AnatomyStep::Side::reader, time_per_message(frames, [&](std::size_t) {
                       for (std::size_t at = 0; at < frame.size(); at += kChunk) {
                         decoder.feed(frame.data() + at, std::min(kChunk, frame.size() - at));
                         while (auto f = decoder.next())
                           wire::for_each_record(f->payload, [&](std::uint64_t, std::string_view) { ++records; });
                       }
                     }) / static_cast<double>(per_frame)});
  a.steps.push_back({"check every byte (the lab's)", AnatomyStep::Side::reader, time_per_message(n, [&](std::size_t) {
                       volatile bool ok = messages.check(message, 0, 0).empty();
                       (void)ok;
                     })});
  return a;
}

// The shm path: the record goes into the worker's ring (no CRC: nothing
// crosses a pipe), a 16-byte doorbell frame goes on the pipe per 64 KiB of
// records, and the parent drains the ring, handed each record in place; a
// record larger than half the ring goes in pieces, which the parent gathers
// into one buffer (its only copy out).
LabAnatomy shm_anatomy(std::size_t size, int workers, const LabMessages& messages, const std::string& message) {
  std::size_t capacity = record_ring_size(static_cast<std::size_t>(workers));
  std::vector<char> memory(RecordRing::footprint(capacity) + 64);
  char* aligned = reinterpret_cast<char*>((reinterpret_cast<std::uintptr_t>(memory.data()) + 63) & ~std::uintptr_t{63});
  RecordRing ring(aligned, capacity, true);
  PartialRecord partial;
  const bool in_pieces = !ring.fits(size);
  // Whole records: fill half the ring, then drain it, as producer and
  // consumer alternate. Pieces: RecordRing::push drains (as the parent
  // would) whenever it must wait. Each side timed on its own.
  std::size_t per_drain = in_pieces ? 1 : std::max<std::size_t>(1, (capacity / 2) / (size + RecordRing::kEntryHeader));
  std::size_t rounds = std::max<std::size_t>(1, repetitions(size) / per_drain);
  auto take = [](std::uint64_t, std::string_view) { return true; };
  double push_ns = 0, drain_ns = 0;
  std::size_t entries = 0;  // of the untimed round: pieces a message, times per_drain
  for (std::size_t r = 0; r <= rounds; ++r) {  // round 0 untimed: faults the ring in
    std::int64_t drained_within = 0;
    auto drain = [&] {
      std::int64_t start = steady_ns();
      ring.drain(take, partial);
      drained_within += steady_ns() - start;
    };
    std::int64_t start = steady_ns();
    for (std::size_t i = 0; i < per_drain; ++i) ring.push(i, message, drain, [&](std::size_t) { entries += r == 0; });
    std::int64_t pushed = steady_ns();
    ring.drain(take, partial);
    if (r == 0) continue;
    push_ns += static_cast<double>(pushed - start - drained_within);
    drain_ns += static_cast<double>(steady_ns() - pushed + drained_within);
  }
  double messages_timed = static_cast<double>(rounds * per_drain);
  const std::size_t pieces = entries / per_drain;
  LabAnatomy a{"shm", size,
               "record ring of " + std::to_string(capacity) + " B" +
                   (in_pieces ? ", " + std::to_string(pieces) + " pieces a message" : ""),
               {}};
  a.steps.push_back({in_pieces ? "copy into the ring, piece by piece" : "copy into the ring", AnatomyStep::Side::writer,
                     push_ns / messages_timed});
  a.steps.push_back({in_pieces ? "drain the ring (pieces gathered: a copy)" : "drain the ring (records in place)",
                     AnatomyStep::Side::reader, drain_ns / messages_timed});
  std::size_t n = repetitions(size);
  double per_doorbell = std::max(1.0, static_cast<double>(wire::kTargetBatchBytes) / static_cast<double>(size + 12));
  if (in_pieces) per_doorbell = 1.0 / static_cast<double>(pieces);  // one a piece
  a.steps.push_back({"doorbell frame on the pipe", AnatomyStep::Side::both, pipe_copies_ns(sizeof(wire::FrameHeader), 2000) / per_doorbell});
  a.steps.push_back({"check every byte (the lab's)", AnatomyStep::Side::reader, time_per_message(n, [&](std::size_t) {
                       volatile bool ok = messages.check(message, 0, 0).empty();
                       (void)ok;
                     })});
  return a;
}

}  // namespace

double LabAnatomy::side_ns(AnatomyStep::Side side) const {
  double total = 0;
  for (const AnatomyStep& s : steps) {
    if (s.side == side) total += s.ns_per_message;
    if (s.side == AnatomyStep::Side::both) total += s.ns_per_message / 2;
  }
  return total;
}

double LabAnatomy::total_ns() const {
  double total = 0;
  for (const AnatomyStep& s : steps) total += s.ns_per_message;
  return total;
}

LabAnatomy measure_anatomy(const std::string& transport, std::size_t size, int workers) {
  LabMessages messages(size);
  std::string message;
  messages.fill(message, 0, 0);
  if (transport == "pipe") return pipe_anatomy(size, messages, message);
  if (transport == "shm") return shm_anatomy(size, workers, messages, message);
  throw UsageError("no anatomy for transport '" + transport + "' (pipe and shm have one)");
}

}  // namespace mpingest
