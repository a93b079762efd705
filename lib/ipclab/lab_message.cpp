#include "ipclab/lab_message.h"

#include <algorithm>
#include <cstring>

namespace mpingest {

LabMessages::LabMessages(std::size_t size) : body_(size, '\0') {
  // xorshift64: bytes that no run-length trick or zero page can fake.
  std::uint64_t x = 0x2545F4914F6CDD1Dull;
  for (std::size_t i = 0; i < size; i += 8) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    std::memcpy(body_.data() + i, &x, std::min<std::size_t>(8, size - i));
  }
}

void LabMessages::fill(std::string& out, int worker, std::uint64_t seq) const {
  if (out.size() != body_.size()) out = body_;
  std::uint64_t s = stamp(worker, seq);
  std::memcpy(out.data(), &s, std::min<std::size_t>(8, out.size()));
}

std::string LabMessages::check(std::string_view message, int worker, std::uint64_t seq) const {
  if (message.size() != body_.size())
    return std::to_string(message.size()) + " bytes, expected " + std::to_string(body_.size());
  std::uint64_t s = stamp(worker, seq);
  std::size_t head = std::min<std::size_t>(8, message.size());
  if (std::memcmp(message.data(), &s, head) != 0) return "not message " + std::to_string(seq) + " of its worker";
  if (std::memcmp(message.data() + head, body_.data() + head, message.size() - head) != 0) {
    std::size_t at = head;
    while (message[at] == body_[at]) ++at;
    return "byte " + std::to_string(at) + " differs";
  }
  return {};
}

}  // namespace mpingest
