// The transports over descriptors: pipe-raw and unix carry bare bytes;
// pipe is mpingest's own --ipc pipe path for a stream of messages, the
// record sink of --emit (RecordBatch frames of up to 64 KiB with a CRC-32,
// written whole) read back by a FrameDecoder, as the parent reads workers.
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/system_error.h"
#include "ipc/frame_codec.h"
#include "ipc/pipe_writer.h"
#include "ipc/record_batch.h"
#include "ipclab/fd_links.h"
#include "ipclab/lab_transports.h"
#include "transport/pipe_record_sink.h"

namespace mpingest {
namespace {

constexpr std::size_t kReadBytes = 64u << 10;
// Reads per receive(): a worker that never pauses must not starve the others.
constexpr int kReadsPerReceive = 16;

// pipe-raw and unix: write() the message; the reader cuts the byte stream
// at every message_size bytes.
class RawStreamEnd final : public LabEnd {
 public:
  RawStreamEnd(UniqueFd read_fd, UniqueFd write_fd, bool socket, std::size_t message_size)
      : read_fd_(std::move(read_fd)), write_fd_(std::move(write_fd)), socket_(socket), size_(message_size),
        buffer_(std::max(message_size, kReadBytes), '\0') {}

  void send(std::string_view message) override { wire::write_all(write_fd(), message); }

  bool receive(const Deliver& deliver) override {
    for (int reads = 0; reads < kReadsPerReceive; ++reads) {
      ssize_t n = read_available(read_fd_.get(), socket_, buffer_.data() + filled_, buffer_.size() - filled_);
      if (n < 0) return true;
      if (n == 0) return false;
      filled_ += static_cast<std::size_t>(n);
      std::size_t at = 0;
      for (; filled_ - at >= size_; at += size_) deliver(std::string_view(buffer_.data() + at, size_));
      if (at > 0) {
        std::memmove(buffer_.data(), buffer_.data() + at, filled_ - at);
        filled_ -= at;
      }
    }
    return true;
  }
  std::size_t partial_bytes() const override { return filled_; }
  std::vector<int> wait_fds() const override { return {read_fd_.get()}; }

 private:
  int write_fd() const { return write_fd_.valid() ? write_fd_.get() : read_fd_.get(); }  // a socket does both
  UniqueFd read_fd_, write_fd_;
  bool socket_;
  std::size_t size_;
  std::string buffer_;
  std::size_t filled_ = 0;
};

// pipe: each message is a record (item = its sequence number) in
// mpingest's PipeRecordSink; the reader decodes frames as the parent does.
class FramedPipeEnd final : public LabEnd {
 public:
  FramedPipeEnd(UniqueFd read_fd, UniqueFd write_fd)
      : read_fd_(std::move(read_fd)), write_fd_(std::move(write_fd)),
        sink_(write_fd_.valid() ? make_pipe_record_sink(write_fd_.get()) : nullptr), buffer_(kReadBytes, '\0') {}

  void send(std::string_view message) override { sink_->put(sent_++, message); }
  void flush() override { sink_->flush(); }

  bool receive(const Deliver& deliver) override {
    for (int reads = 0; reads < kReadsPerReceive; ++reads) {
      ssize_t n = read_available(read_fd_.get(), false, buffer_.data(), buffer_.size());
      if (n < 0) return true;
      if (n == 0) return false;
      decoder_.feed(buffer_.data(), static_cast<std::size_t>(n));
      while (auto frame = decoder_.next()) {
        if (frame->type != wire::FrameType::records) throw wire::WireError("ipc: a frame that is not records");
        wire::for_each_record(frame->payload, [&](std::uint64_t, std::string_view record) { deliver(record); });
      }
    }
    return true;
  }
  std::size_t partial_bytes() const override { return decoder_.pending_bytes(); }
  std::vector<int> wait_fds() const override { return {read_fd_.get()}; }

 private:
  UniqueFd read_fd_, write_fd_;
  std::unique_ptr<RecordSink> sink_;
  std::uint64_t sent_ = 0;
  wire::FrameDecoder decoder_;
  std::string buffer_;
};

enum class StreamKind { pipe_raw, unix_socket, framed_pipe };

class StreamTransport final : public LabTransport {
 public:
  StreamTransport(StreamKind kind, int workers, std::size_t message_size) : kind_(kind), size_(message_size) {
    for (int w = 0; w < workers; ++w)
      links_.push_back(kind == StreamKind::unix_socket ? make_socket_link() : make_pipe_link());
  }

  std::unique_ptr<LabEnd> worker_end(int worker) override {
    close_other_ends(links_, worker, false);
    LinkFds& link = links_[static_cast<std::size_t>(worker)];
    return make_end(std::move(link.worker_read), std::move(link.worker_write));
  }
  std::unique_ptr<LabEnd> parent_end(int worker) override {
    LinkFds& link = links_[static_cast<std::size_t>(worker)];
    return make_end(std::move(link.parent_read), std::move(link.parent_write));
  }
  void close_worker_ends() override { close_other_ends(links_, -1, true); }

 private:
  std::unique_ptr<LabEnd> make_end(UniqueFd read_fd, UniqueFd write_fd) {
    if (kind_ == StreamKind::framed_pipe) return std::make_unique<FramedPipeEnd>(std::move(read_fd), std::move(write_fd));
    return std::make_unique<RawStreamEnd>(std::move(read_fd), std::move(write_fd), kind_ == StreamKind::unix_socket,
                                          size_);
  }

  StreamKind kind_;
  std::size_t size_;
  std::vector<LinkFds> links_;
};

}  // namespace

std::unique_ptr<LabTransport> make_pipe_raw_transport(int workers, std::size_t message_size) {
  return std::make_unique<StreamTransport>(StreamKind::pipe_raw, workers, message_size);
}
std::unique_ptr<LabTransport> make_unix_transport(int workers, std::size_t message_size) {
  return std::make_unique<StreamTransport>(StreamKind::unix_socket, workers, message_size);
}
std::unique_ptr<LabTransport> make_framed_pipe_transport(int workers, std::size_t message_size) {
  return std::make_unique<StreamTransport>(StreamKind::framed_pipe, workers, message_size);
}

}  // namespace mpingest
