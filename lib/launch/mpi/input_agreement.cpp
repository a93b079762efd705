#include "launch/mpi/input_agreement.h"

#include <boost/mpi/collectives/broadcast.hpp>
#include <boost/mpi/collectives/gather.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <vector>

namespace mpingest {
namespace {

// FNV-1a, 64 bits: cheap, and any difference in a listing changes it.
class Fingerprint {
 public:
  void add(std::string_view bytes) {
    for (unsigned char c : bytes) hash_ = (hash_ ^ c) * 0x100000001b3ull;
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

std::string describe(int rank, const InputView& view) {
  return "rank " + std::to_string(rank) + " on " + view.host;
}

std::string items(std::uint64_t count) { return std::to_string(count) + (count == 1 ? " item" : " items"); }

}  // namespace

InputView view_of(const ItemTable& items, const std::string& listing_error, const std::string& host) {
  InputView view{host, items.size(), 0, listing_error};
  Fingerprint print;
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
  view.fingerprint = print.value();
  return view;
}

std::string agree_on_input(MpiWorld& world, const InputView& mine) {
  std::vector<InputView> views;
  boost::mpi::gather(world.comm(), mine, views, 0);
  std::string verdict;
  if (world.rank() == 0) {
    const InputView& root = views.front();
    for (std::size_t r = 0; r < views.size() && verdict.empty(); ++r) {
      const InputView& view = views[r];
      if (!view.error.empty()) {
        verdict = describe(static_cast<int>(r), view) + " cannot list the input: " + view.error;
      } else if (view.items != root.items || view.fingerprint != root.fingerprint) {
        verdict = describe(static_cast<int>(r), view) + " sees " + items(view.items) + " (fingerprint " +
                  std::to_string(view.fingerprint) + ") where " + describe(0, root) + " sees " + items(root.items) +
                  " (fingerprint " + std::to_string(root.fingerprint) + ")";
      }
    }
    if (!verdict.empty())
      verdict += "; every rank must see --input at the same path with the same contents (a shared file system)";
  }
  boost::mpi::broadcast(world.comm(), verdict, 0);
  if (!verdict.empty()) world.mark_released();
  return verdict;
}

}  // namespace mpingest
