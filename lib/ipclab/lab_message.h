#pragma once
// The messages of `mpingest ipc`, and how each one is checked on arrival.
//
// Every message of size S is the first S bytes of one pseudo-random body
// (the same in every process: it is made before the workers are forked),
// with its first min(S, 8) bytes replaced by a stamp: the sender's worker
// number and the message's sequence number. The receiver compares the whole
// message with what that sender must have sent next, so a transport that
// loses, reorders, truncates or corrupts a byte fails the run; it cannot win
// by losing data. Making a message costs writing its stamp; checking it, one
// memcmp of S bytes, the same for every transport.

#include <cstdint>
#include <string>
#include <string_view>

namespace mpingest {

class LabMessages {
 public:
  explicit LabMessages(std::size_t size);

  std::size_t size() const { return body_.size(); }
  // Writes message `seq` of worker `worker` into `out` (resized to size()).
  // Cheap when `out` already holds an earlier message of this size.
  void fill(std::string& out, int worker, std::uint64_t seq) const;
  // Empty if `message` is exactly message `seq` of `worker`; otherwise
  // what is wrong with it ("4095 bytes, expected 4096", "byte 17 differs").
  std::string check(std::string_view message, int worker, std::uint64_t seq) const;

 private:
  static std::uint64_t stamp(int worker, std::uint64_t seq) {
    return (static_cast<std::uint64_t>(worker) << 48) ^ (seq + 1) * 0x9E3779B97F4A7C15ull;
  }
  std::string body_;
};

}  // namespace mpingest
