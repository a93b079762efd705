#pragma once
// Internal to the corpus generator: which messages --skew makes huge, and
// what makes them huge.
//
// The huge messages are the first ones in the order mpingest reads the
// output (a maildir: paths sorted byte-wise, "1." < "10." < "2."; csv and
// mbox: file order), so they sit in the first user folders: a block split
// hands them all to worker 0, round-robin deals them out one by one.
//
// A huge message is a mass mailing: its To list is `huge_factor` times
// longer and names every recipient, "Last, First" <address>, as Outlook
// writes a resolved distribution list. The list, not the body, is what
// makes it huge: mpingest counts capitals in a body at several GB/s, so
// even a body 100 times longer costs less than opening the file, while
// each named address takes a hundred nanoseconds or more to parse by
// Python's getaddresses rules.

#include <cstdint>
#include <string>
#include <vector>

#include "generator/generator.h"
#include "generator/generator_people.h"

namespace mpingest::gen {

// A huge To list holds at most this many addresses (about 1.4 MB). In csv
// and mbox output, whose messages stay under MessageStyle::max_message_bytes
// (Python's csv field limit), at most max_message_bytes / kNamedAddressBytes,
// the most one recipient can take in To and X-To together.
constexpr std::uint64_t kMaxSkewedRecipients = 30000;
constexpr std::uint64_t kNamedAddressBytes = 128;

// The To list size of a huge message whose list would have had `normal`
// entries: normal * factor, at most `most`.
std::size_t mass_mailing_size(std::size_t normal, std::uint64_t factor, std::uint64_t most);

// "\"Last, First\" <address>, ..." for every person.
std::string named_recipient_list(const std::vector<const Person*>& people);

std::vector<bool> huge_messages(const Directory& directory, std::uint64_t messages, double fraction,
                                bool path_order);

}  // namespace mpingest::gen
