#include "ipc/output_mark.h"

#include <algorithm>
#include <cstring>

#include "ipc/wire_format.h"

namespace mpingest::wire {
namespace {

constexpr std::size_t kFixedBytes = 3 * sizeof(std::uint64_t);

}  // namespace

std::string encode_output_mark(const OutputMark& mark) {
  std::string payload;
  for (std::uint64_t value : {mark.items, mark.bytes, mark.records})
    payload.append(reinterpret_cast<const char*>(&value), sizeof value);
  payload.append(mark.tail);
  return payload;
}

OutputMark decode_output_mark(std::string_view payload) {
  if (payload.size() < kFixedBytes) throw WireError("an output mark cut short");
  OutputMark mark;
  std::size_t at = 0;
  for (std::uint64_t* value : {&mark.items, &mark.bytes, &mark.records}) {
    std::memcpy(value, payload.data() + at, sizeof *value);
    at += sizeof *value;
  }
  mark.tail.assign(payload.substr(kFixedBytes));
  // Records end with a newline, so there are no more records than bytes.
  if (mark.tail.size() != std::min<std::uint64_t>(mark.bytes, kOutputMarkTail) || mark.records > mark.bytes ||
      mark.records > mark.items)
    throw WireError("an output mark that does not add up");
  return mark;
}

}  // namespace mpingest::wire
