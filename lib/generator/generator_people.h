#pragma once
// Internal to the corpus generator: the synthetic people (mailbox owners and
// their correspondents) and the folder layout of each mailbox.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "generator/generator_random.h"

namespace mpingest::gen {

struct Person {
  std::string first;   // "Jeff"
  std::string middle;  // "" or one capital letter
  std::string last;    // display form: "Dasovich", "McDonald", "O'Neil"
  std::string email;   // "jeff.dasovich@enron.com", "dhunter@smithandkempton.com"
  std::string alias;   // short Enron id: "jdasovic" (used for CN= and .nsf names)
  std::string notes;   // Notes address "Jeff Dasovich/NA/Enron@ENRON" ("" if external)
  bool internal = false;

  std::string full_name() const;   // "Jeff Dasovich" / "Mary K Miller"
  std::string last_first() const;  // "Dasovich, Jeff" / "Miller, Mary K."
};

enum class MailboxStyle { kNotes, kOutlook, kMixed };

struct Folder {
  std::string dir;          // "inbox/california"
  std::string display;      // "Inbox\California"
  bool sent = false;        // messages here are written by the owner
  bool notes = false;       // Lotus Notes folder (vs. Outlook/Exchange)
  std::uint64_t count = 0;  // messages to generate in this folder
};

struct Mailbox {
  std::size_t person = 0;  // index into Directory::people
  std::string key;         // directory name: "dasovich-j"
  MailboxStyle style = MailboxStyle::kNotes;
  std::string notes_root;    // "\Jeff_Dasovich_Dec2000\Notes Folders"
  std::string outlook_root;  // "\JDASOVIC (Non-Privileged)\Dasovich, Jeff"
  std::string nsf_name;      // "jdasovic.nsf"
  std::string pst_name;      // "JDASOVIC (Non-Privileged).pst"
  std::string origin;        // "DASOVICH-J" or "Dasovich-J"
  std::vector<Folder> folders;
};

struct Directory {
  std::vector<Person> people;  // mailbox owners first, then correspondents
  std::vector<Mailbox> mailboxes;
  std::vector<std::size_t> internal_ids;  // indices of Enron people
  std::vector<std::size_t> external_ids;  // indices of everyone else

  const Person& any(Rng& rng) const { return people[rng.index(people.size())]; }
  const Person& internal(Rng& rng) const { return people[internal_ids[rng.index(internal_ids.size())]]; }
  const Person& external(Rng& rng) const { return people[external_ids[rng.index(external_ids.size())]]; }
};

// Builds the users, their folders (with per-folder message counts summing to
// `messages`) and a pool of correspondents. Depends only on (seed, messages).
Directory build_directory(std::uint64_t seed, std::uint64_t messages);

// Splits `total` into parts proportional to `weights` (largest remainder,
// ties to the lower index). Every part gets at least `floor` when possible.
std::vector<std::uint64_t> apportion(std::uint64_t total, const std::vector<std::uint64_t>& weights,
                                     std::uint64_t floor);

}  // namespace mpingest::gen
