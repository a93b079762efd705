#include "corpus/mapped_item_table.h"

#include <cstring>
#include <stdexcept>
#include <type_traits>

#include "common/system_error.h"

namespace mpingest {
namespace {

constexpr std::uint32_t kImageMagic = 0x4D504954;  // "MPIT"
constexpr std::uint32_t kImageVersion = 2;

struct ImageHeader {
  std::uint32_t magic = kImageMagic;
  std::uint32_t version = kImageVersion;
  std::uint64_t count = 0;      // items in this image
  std::uint64_t first = 0;      // the list index of its first item
  std::uint64_t list_size = 0;  // items in the whole list
  std::uint64_t arena_bytes = 0;
  std::uint64_t root_bytes = 0;
  std::uint64_t text_column = 0;
  std::uint8_t format = 0;
  std::uint8_t has_records = 0;
  std::uint8_t reserved[6] = {};
};
static_assert(sizeof(ImageHeader) == 64 && std::is_trivially_copyable_v<ImageHeader>);
static_assert(std::is_trivially_copyable_v<RecordLocation> && sizeof(RecordLocation) == 24);
static_assert(sizeof(ItemKind) == 1);

constexpr std::uint64_t round8(std::uint64_t n) { return (n + 7) & ~std::uint64_t{7}; }

// Where each section starts; false if the sizes overflow.
struct Sections {
  std::uint64_t offsets = 0, errnos = 0, kinds = 0, records = 0, root = 0, arena = 0, end = 0;
};

bool sections_of(const ImageHeader& h, Sections& s) {
  // Bounds that keep every product below 2^64: no image is near them.
  if (h.list_size > (std::uint64_t{1} << 40) || h.count > h.list_size || h.first > h.list_size - h.count ||
      h.arena_bytes > (std::uint64_t{1} << 50) ||
      h.root_bytes > (std::uint64_t{1} << 20))
    return false;
  s.offsets = sizeof(ImageHeader);
  s.errnos = s.offsets + (h.count + 1) * sizeof(std::uint64_t);
  s.kinds = round8(s.errnos + h.count * sizeof(std::int32_t));
  s.records = round8(s.kinds + h.count);
  s.root = s.records + (h.has_records ? h.count * sizeof(RecordLocation) : 0);
  s.arena = round8(s.root + h.root_bytes);
  s.end = s.arena + h.arena_bytes;
  return true;
}

[[noreturn]] void corrupt(const std::string& what) { throw RunError("corrupt item list image: " + what); }

}  // namespace

std::string encode_item_image(const ItemList& items) { return encode_item_image(items, 0, items.size()); }

std::string encode_item_image(const ItemList& items, std::size_t first, std::size_t count) {
  if (first > items.size() || count > items.size() - first) throw std::out_of_range("encode_item_image: slice outside the list");
  const std::uint64_t arena_begin = items.offsets_[first];
  const std::uint64_t arena_end = items.offsets_[first + count];
  ImageHeader h;
  h.count = count;
  h.first = first;
  h.list_size = items.size();
  h.arena_bytes = arena_end - arena_begin;
  h.root_bytes = items.root_.size();
  h.text_column = items.text_column_;
  h.format = static_cast<std::uint8_t>(items.format_);
  h.has_records = items.records_.empty() ? 0 : 1;
  Sections s;
  if (!sections_of(h, s) || (h.has_records && items.records_.size() != h.list_size)) corrupt("the list is too large");
  std::string image(s.end, '\0');
  char* out = image.data();
  std::memcpy(out, &h, sizeof h);
  // The slice's strings start its own arena: offsets are rebased to 0.
  auto* offsets = reinterpret_cast<std::uint64_t*>(out + s.offsets);
  for (std::size_t i = 0; i <= count; ++i) offsets[i] = items.offsets_[first + i] - arena_begin;
  if (count > 0) {
    std::memcpy(out + s.errnos, items.errnos_.data() + first, count * sizeof(std::int32_t));
    std::memcpy(out + s.kinds, items.kinds_.data() + first, count);
  }
  if (h.has_records && count > 0)
    std::memcpy(out + s.records, items.records_.data() + first, count * sizeof(RecordLocation));
  std::copy(items.root_.begin(), items.root_.end(), out + s.root);
  std::copy(items.arena_.begin() + static_cast<std::ptrdiff_t>(arena_begin),
            items.arena_.begin() + static_cast<std::ptrdiff_t>(arena_end), out + s.arena);
  return image;
}

MappedItemTable::MappedItemTable(std::string_view image) {
  ImageHeader h;
  if (image.size() < sizeof h) corrupt("shorter than its header");
  if (reinterpret_cast<std::uintptr_t>(image.data()) % alignof(std::uint64_t) != 0) corrupt("not 8-aligned");
  std::memcpy(&h, image.data(), sizeof h);
  if (h.magic != kImageMagic || h.version != kImageVersion) corrupt("bad magic or version");
  Sections s;
  if (!sections_of(h, s) || s.end != image.size()) corrupt("sizes do not add up to the image");
  if (h.format > static_cast<std::uint8_t>(CorpusFormat::mbox)) corrupt("unknown format");
  if ((h.format != static_cast<std::uint8_t>(CorpusFormat::maildir)) != (h.has_records != 0) && h.count > 0)
    corrupt("records present for a maildir, or missing for a file");
  const char* base = image.data();
  count_ = static_cast<std::size_t>(h.count);
  first_ = static_cast<std::size_t>(h.first);
  list_size_ = static_cast<std::size_t>(h.list_size);
  format_ = static_cast<CorpusFormat>(h.format);
  text_column_ = static_cast<std::size_t>(h.text_column);
  root_.assign(base + s.root, static_cast<std::size_t>(h.root_bytes));
  offsets_ = reinterpret_cast<const std::uint64_t*>(base + s.offsets);
  errnos_ = reinterpret_cast<const std::int32_t*>(base + s.errnos);
  kinds_ = reinterpret_cast<const ItemKind*>(base + s.kinds);
  records_ = h.has_records ? reinterpret_cast<const RecordLocation*>(base + s.records) : nullptr;
  arena_ = base + s.arena;
  if (offsets_[0] != 0 || offsets_[count_] != h.arena_bytes) corrupt("offsets do not span the arena");
  for (std::size_t i = 0; i < count_; ++i) {
    if (offsets_[i + 1] < offsets_[i]) corrupt("offsets go backwards at item " + std::to_string(first_ + i));
    if (static_cast<std::uint8_t>(kinds_[i]) > static_cast<std::uint8_t>(ItemKind::malformed_record))
      corrupt("unknown kind at item " + std::to_string(first_ + i));
  }
}

}  // namespace mpingest
