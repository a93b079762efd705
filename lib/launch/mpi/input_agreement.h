#pragma once
// Every rank lists --input itself (a shared file system, as on clusters),
// and the job runs only if all of them see what rank 0 sees: the same item
// count and the same fingerprint of the listing. Otherwise each rank learns
// why, before any work, and rank 0 reports it as a usage error naming the host.

#include <cstdint>
#include <string>

#include "corpus/item_table.h"
#include "launch/mpi/mpi_world.h"

namespace mpingest {

struct InputView {
  std::string host;
  std::uint64_t items = 0;
  std::uint64_t fingerprint = 0;  // corpus/listing_fingerprint.h
  std::string error;              // why this rank could not list the input ("" if it could)

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & host & items & fingerprint & error;
  }
};

InputView view_of(const ItemTable& items, const std::string& listing_error, const std::string& host);

// Collective: every rank calls it with its view. Returns "" when every rank
// agrees with rank 0, else the same explanation on every rank.
std::string agree_on_input(MpiWorld& world, const InputView& mine);

}  // namespace mpingest
