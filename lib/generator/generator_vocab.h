#pragma once
// Internal to the corpus generator: the embedded vocabulary (names, domains,
// folders, subject and sentence templates). Lists are plain arrays, so their
// order (and therefore the generated output) is fixed at compile time.

#include <cstddef>

#include "generator/generator_random.h"

namespace mpingest::gen {

struct WordList {
  const char* const* items;
  std::size_t size;

  const char* pick(Rng& rng) const { return items[rng.index(size)]; }
  const char* operator[](std::size_t i) const { return items[i]; }
};

// A mailbox folder: directory path below the user (may be nested with '/')
// the display path used in X-Folder (components separated by '\'), and a
// relative weight for how many of the mailbox's messages it holds.
struct FolderName {
  const char* dir;
  const char* display;
  unsigned weight;
};

struct FolderList {
  const FolderName* items;
  std::size_t size;
};

// People and places.
extern const WordList kSurnames;           // lower case, letters only ("dasovich")
extern const WordList kFirstNames;         // capitalized ("Jeff")
extern const WordList kExternalDomains;    // "caiso.com"
extern const WordList kNotesOrgs;          // "NA/Enron@ENRON"
extern const WordList kTitles;             // "Director, Regulatory Affairs"
extern const WordList kCompanyLines;       // "Enron North America Corp."
extern const WordList kStreetLines;        // "1400 Smith Street, EB 3836"
extern const WordList kCityLines;          // "Houston, TX 77002"
extern const WordList kDistributionLists;  // "pxnotes@calpx.com"
extern const WordList kCities;             // "Houston"

// Prose.
extern const WordList kOrgs;             // "FERC", "PG&E", "the ISO"
extern const WordList kTopics;           // "the gas transportation agreement"
extern const WordList kHubs;             // "SP-15", "Henry Hub"
extern const WordList kDocs;             // "Agenda.doc"
extern const WordList kVerbsPast;        // "approved"
extern const WordList kAdjectives;       // "revised"
extern const WordList kAcronyms;         // "FERC", "MMBtu", "EOL"
extern const WordList kSentences;        // templates with {SLOTS}
extern const WordList kShortSentences;   // "Thanks."
extern const WordList kShouts;           // "PLEASE RESPOND BY FRIDAY."
extern const WordList kGreetings;        // "Hi {P},"
extern const WordList kClosings;         // "Thanks,"
extern const WordList kDisclaimers;      // multi-line legal boilerplate
extern const WordList kSubjects;         // subject templates
extern const WordList kLongSubjects;     // subjects longer than 65 characters
extern const WordList kSubjectPrefixes;  // "Re: ", "RE: ", "FW: "
extern const WordList kLatin1Words;      // ISO-8859-1 bytes on purpose: "caf\xE9"
extern const WordList kTableHeaders;     // "Hub        Bid     Offer"

extern const WordList kWeekdays;      // "Mon".."Sun" (Sunday first)
extern const WordList kWeekdaysLong;  // "Sunday".."Saturday"
extern const WordList kMonths;        // "Jan".."Dec"
extern const WordList kMonthsLong;    // "January".."December"

// Folders.
extern const FolderList kNotesFolders;    // all_documents, discussion_threads, ...
extern const FolderList kOutlookFolders;  // inbox, sent_items, deleted_items
extern const FolderList kTopicalFolders;  // california, ferc, inbox/california, ...

}  // namespace mpingest::gen
