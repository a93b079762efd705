#pragma once
// Internal to the corpus generator: calendar helpers, subjects and bodies.

#include <cstddef>
#include <string>
#include <vector>

#include "generator/generator_people.h"
#include "generator/generator_random.h"

namespace mpingest::gen {

struct CivilDate {
  int year = 2000;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

// Days since 1970-01-01 (proleptic Gregorian) and back.
long days_from_civil(const CivilDate& date);
CivilDate civil_from_days(long days);
// 0 = Sunday .. 6 = Saturday.
int weekday(const CivilDate& date);

enum class WrapStyle {
  kNone,   // paragraphs are single long lines (Outlook)
  kNotes,  // wrapped near 76 columns, the break space kept at the line end
  kPlain,  // wrapped near 72 columns, break space dropped
};

struct BodyContext {
  const Directory* directory = nullptr;
  const Person* sender = nullptr;
  std::vector<const Person*> recipients;  // may be empty
  CivilDate date;
  bool notes = false;   // Lotus Notes sender: Notes-style forwards and addresses
  bool latin1 = false;  // put ISO-8859-1 bytes in the body
  std::string subject;  // used in quoted headers of forwarded messages
};

// A subject value (no "Subject: "), possibly empty. With latin1, may hold an
// ISO-8859-1 byte.
std::string make_subject(Rng& rng, const Directory& directory, const CivilDate& date, bool latin1);

// Expands one sentence template ("{P} will call on {DAY}.", slots as in the
// body templates) and capitalizes its first letter.
std::string expand_template(Rng& rng, const BodyContext& context, const char* tmpl);

// Appends a body of roughly target_bytes to out, with LF line endings and a
// final LF.
void make_body(Rng& rng, const BodyContext& context, std::size_t target_bytes, std::string& out);

}  // namespace mpingest::gen
