#include "text/line_ends.h"

#include <cstring>

namespace mpingest {
namespace {

template <typename Block>
std::uint64_t mask_at(Block block, std::string_view text, std::size_t at) {
  const std::size_t left = text.size() - at;
  if (left > 64) return block(text.data() + at, text[at + 64] == '\n');
  // The last block: copied, so that no load reaches past the text. The zero
  // bytes after it are no line breaks, and a CR at the very end ends a line.
  alignas(16) char tail[64] = {};
  if (left > 0) std::memcpy(tail, text.data() + at, left);
  return block(tail, false);
}

}  // namespace

std::uint64_t line_end_mask(std::string_view text, std::size_t at) {
  return mask_at(line_ends_detail::block_mask, text, at);
}

std::uint64_t line_end_mask_scalar(std::string_view text, std::size_t at) {
  return mask_at(line_ends_detail::block_mask_scalar, text, at);
}

}  // namespace mpingest
