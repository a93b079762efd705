#pragma once
// Every rank lists --input itself (a shared file system, as on clusters),
// and the job runs only if all of them see what rank 0 sees: the same item
// count and the same fingerprint of the listing. Otherwise each rank learns
// why, before any work, and rank 0 reports it as a usage error naming the host.

#include <cstdint>
#include <string>
#include <vector>

#include "corpus/item_table.h"
#include "launch/mpi/mpi_world.h"

namespace mpingest {

struct InputView {
  std::string host;
  std::uint64_t items = 0;
  std::uint64_t fingerprint = 0;  // corpus/listing_fingerprint.h
  std::string error;              // why this rank could not list the input ("" if it could)
  std::int64_t clock_ns = 0;      // steady_ns() as the rank left a barrier (set by agree_on_input)

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & host & items & fingerprint & error & clock_ns;
  }
};

InputView view_of(const ItemTable& items, const std::string& listing_error, const std::string& host);

// Collective: every rank calls it with its view. Returns "" when every rank
// agrees with rank 0, else the same explanation on every rank.
//
// On rank 0 it also fills `clock_offsets_ns` (one per rank): what to add to
// a rank's steady_ns() to read rank 0's clock. Ranks on rank 0's host share
// its clock (0); for the others it is estimated from the time each rank left
// one barrier, so it is off by that barrier's skew (microseconds on a LAN).
std::string agree_on_input(MpiWorld& world, InputView mine, std::vector<std::int64_t>* clock_offsets_ns = nullptr);

}  // namespace mpingest
