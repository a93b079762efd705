#include "corpus/listing_fingerprint.h"

#include <string_view>

namespace mpingest {
namespace {

class Fnv1a {
 public:
  void add(std::string_view bytes) {
    for (unsigned char c : bytes) add_byte(c);
    add_byte(0);  // so that "ab","c" and "a","bc" differ
  }
  void add(std::uint64_t value) {
    for (int i = 0; i < 8; ++i) add_byte(static_cast<unsigned char>(value >> (8 * i)));
  }
  std::uint64_t value() const { return hash_; }

 private:
  void add_byte(unsigned char c) { hash_ = (hash_ ^ c) * 0x100000001b3ull; }
  std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

}  // namespace

std::uint64_t listing_fingerprint(const ItemTable& items) {
  Fnv1a print;
  print.add(static_cast<std::uint64_t>(items.format()));
  for (std::size_t i = 0; i < items.size(); ++i) {
    print.add(static_cast<std::uint64_t>(items.kind(i)));
    if (items.format() == CorpusFormat::maildir) {
      print.add(items.path(i));
    } else {
      print.add(items.record(i).offset);
      print.add(items.record(i).length);
    }
  }
  return print.value();
}

}  // namespace mpingest
