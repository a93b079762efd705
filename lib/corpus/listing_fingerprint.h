#pragma once
// A cheap fingerprint of a listing: any difference in the items, their
// order or their kinds changes it. Two processes that list the same input
// (MPI ranks on different hosts; a run and the run that resumes it from its
// journal) compare fingerprints to know they see the same items.

#include <cstdint>

#include "corpus/item_table.h"

namespace mpingest {

// FNV-1a (64 bits) over the format, and each item's kind and path (a
// maildir) or record offset and length (csv, mbox), in order.
std::uint64_t listing_fingerprint(const ItemTable& items);

}  // namespace mpingest
