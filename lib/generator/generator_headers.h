#pragma once
// Internal to the corpus generator: the pieces of the JavaMail-style header
// block (Date, folded address lists, X- display names, subjects).

#include <cstddef>
#include <string>
#include <vector>

#include "generator/generator_people.h"
#include "generator/generator_random.h"
#include "generator/generator_text.h"

namespace mpingest::gen {

struct Timestamp {
  CivilDate date;
  int hour = 0, minute = 0, second = 0;
  bool dst = false;  // Pacific daylight time
};

// A date in 1998-2002 (weighted toward 2000-2001, mostly weekdays and office
// hours) with the US Pacific DST flag of that time.
Timestamp pick_timestamp(Rng& rng, bool whole_minutes);

// "Mon, 23 Oct 2000 10:16:00 -0700 (PDT)"
void append_date(std::string& out, const Timestamp& t);

// The same instant in UTC (dst is false in the result).
Timestamp to_utc(const Timestamp& t);

// asctime() form without the newline: "Mon Oct 23 17:16:00 2000" (day of
// month padded with a space to two columns).
void append_asctime(std::string& out, const Timestamp& t);

// Folds a header value the JavaMail way: break at spaces so that a line stays
// within `width` columns (TAB counted as 8; the first line starts at column
// `start`), the space staying at the end of the line, continuation lines
// starting with a TAB. The result ends with eol.
std::string fold(const std::string& value, std::size_t start, std::size_t width, const char* eol);

// "=?ANSI_X3.4-1968?Q?...?=" (RFC 2047 Q encoding; non-ASCII bytes become =3F).
std::string q_encode(const std::string& text);

// Appends "Subject: value" + eol: a few RFC 2047 encoded, values longer than
// 65 characters folded once with eol + TAB.
void append_subject(Rng& rng, std::string& out, std::string value, const char* eol);

// How a recipient list is written in To/Cc.
enum class ListForm { kPlain, kQuotedComma, kNameAngle, kSingleQuoted, kUndisclosed };

ListForm pick_list_form(Rng& rng);

// The unfolded To/Cc value: "a@x.com, \"Lay, Kenneth\" <kenneth.lay@enron.com>, ..."
std::string recipient_field(Rng& rng, const std::vector<const Person*>& people, ListForm form);

// X-From / X-To / X-cc display form of one person (Notes or Exchange style).
std::string x_name(Rng& rng, const Person& p, bool notes);
std::string x_list(Rng& rng, const std::vector<const Person*>& people, bool notes);

// 1 (56%), 2-3, 4-10, 11-49, and 50-300 (0.8%).
std::size_t pick_recipient_count(Rng& rng);

// n people, 65% Enron-internal.
void pick_people(Rng& rng, const Directory& dir, std::size_t n, std::vector<const Person*>& out);

}  // namespace mpingest::gen
