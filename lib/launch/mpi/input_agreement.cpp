#include "launch/mpi/input_agreement.h"

#include <boost/mpi/collectives/broadcast.hpp>
#include <boost/mpi/collectives/gather.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <vector>

#include "common/stopwatch.h"
#include "corpus/listing_fingerprint.h"

namespace mpingest {
namespace {

std::string describe(int rank, const InputView& view) {
  return "rank " + std::to_string(rank) + " on " + view.host;
}

std::string count_of_items(std::uint64_t count) { return std::to_string(count) + (count == 1 ? " item" : " items"); }

}  // namespace

InputView view_of(const ItemTable& items, const std::string& listing_error, const std::string& host) {
  return {host, items.size(), listing_fingerprint(items), listing_error};
}

std::string agree_on_input(MpiWorld& world, InputView mine, std::vector<std::int64_t>* clock_offsets_ns) {
  world.comm().barrier();
  mine.clock_ns = steady_ns();
  std::vector<InputView> views;
  boost::mpi::gather(world.comm(), mine, views, 0);
  std::string verdict;
  if (world.rank() == 0) {
    const InputView& root = views.front();
    if (clock_offsets_ns != nullptr) {
      clock_offsets_ns->clear();
      for (const InputView& view : views)
        clock_offsets_ns->push_back(view.host == root.host ? 0 : root.clock_ns - view.clock_ns);
    }
    for (std::size_t r = 0; r < views.size() && verdict.empty(); ++r) {
      const InputView& view = views[r];
      if (!view.error.empty()) {
        verdict = describe(static_cast<int>(r), view) + " cannot list the input: " + view.error;
      } else if (view.items != root.items || view.fingerprint != root.fingerprint) {
        verdict = describe(static_cast<int>(r), view) + " sees " + count_of_items(view.items) + " (fingerprint " +
                  std::to_string(view.fingerprint) + ") where " + describe(0, root) + " sees " + count_of_items(root.items) +
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
