// The csv format: a file shaped like the State Department `Emails.csv`
// release (as written by pandas to_csv), one row per generated message.

#include <cstddef>
#include <string>

#include "generator/generator_output.h"
#include "generator/generator_random.h"
#include "generator/generator_vocab.h"

namespace mpingest::gen {

namespace {

// Salt of the per-row stream: the choices below never touch the message's own
// stream, so message i is the same as in the other formats.
constexpr std::uint64_t kCsvSalt = 0x510E527FADE682D1ULL;

const char* const kCaseNumbers[] = {"F-2014-20439", "F-2015-04841", "F-2012-33012", "F-2015-05339",
                                    "F-2014-08776"};

struct Release {
  const char* metadata;   // MetadataDateReleased
  const char* extracted;  // ExtractedDateReleased (a few days before)
  const char* batch;      // "1_296": MetadataPdfLink has all of it, MetadataDocumentClass the number
};

const Release kReleases[] = {
    {"2015-05-22T04:00:00+00:00", "05/13/2015", "1_296"},   {"2015-06-30T04:00:00+00:00", "06/29/2015", "2_1010"},
    {"2015-07-31T04:00:00+00:00", "07/30/2015", "3_1520"},  {"2015-08-31T04:00:00+00:00", "08/28/2015", "4_3080"},
    {"2015-09-30T04:00:00+00:00", "09/29/2015", "5_3820"},  {"2015-10-30T04:00:00+00:00", "10/29/2015", "6_4240"},
    {"2015-11-30T05:00:00+00:00", "11/27/2015", "7_5510"},  {"2016-01-07T05:00:00+00:00", "01/06/2016", "8_6090"},
    {"2016-02-29T05:00:00+00:00", "02/26/2016", "9_7120"},
};

const char kStampHouse[] =
    "STATE DEPT. - PRODUCED TO HOUSE SELECT BENGHAZI COMM.\n"
    "SUBJECT TO AGREEMENT ON SENSITIVE INFORMATION & REDACTIONS. NO FOIA WAIVER.\n";

void append_2d(std::string& out, int v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

// "2001-10-23T04:00:00+00:00": midnight US Eastern time of the sent day, in UTC.
std::string metadata_date(const Timestamp& t) {
  std::string s = std::to_string(t.date.year);
  s += '-';
  append_2d(s, t.date.month);
  s += '-';
  append_2d(s, t.date.day);
  s += t.dst ? "T04:00:00+00:00" : "T05:00:00+00:00";
  return s;
}

// "Monday, October 23, 2000 10:16 AM"
std::string extracted_date(const Timestamp& t) {
  std::string s = kWeekdaysLong[static_cast<std::size_t>(weekday(t.date))];
  s += ", ";
  s += kMonthsLong[static_cast<std::size_t>(t.date.month - 1)];
  s += ' ';
  s += std::to_string(t.date.day);
  s += ", ";
  s += std::to_string(t.date.year);
  s += ' ';
  const int h12 = t.hour % 12 == 0 ? 12 : t.hour % 12;
  s += std::to_string(h12);
  s += ':';
  append_2d(s, t.minute);
  s += t.hour < 12 ? " AM" : " PM";
  return s;
}

// "FW: Re: Gas prices - caf\xE9" -> "GAS PRICES - CAF\xE9" (ASCII letters only).
std::string metadata_subject(const std::string& subject) {
  std::string s;
  s.reserve(subject.size());
  for (char c : subject) s += c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
  for (bool again = true; again;) {
    again = false;
    for (const char* prefix : {"RE: ", "FW: ", "FWD: "}) {
      const std::string p = prefix;
      if (s.compare(0, p.size(), p) == 0) {
        s.erase(0, p.size());
        again = true;
      }
    }
  }
  return s;
}

}  // namespace

const char kCsvHeader[] =
    "Id,DocNumber,MetadataSubject,MetadataTo,MetadataFrom,SenderPersonId,MetadataDateSent,"
    "MetadataDateReleased,MetadataPdfLink,MetadataCaseNumber,MetadataDocumentClass,ExtractedSubject,"
    "ExtractedTo,ExtractedFrom,ExtractedCc,ExtractedDateSent,ExtractedCaseNumber,ExtractedDocNumber,"
    "ExtractedDateReleased,ExtractedReleaseInPartOrFull,ExtractedBodyText,RawText";

void append_csv_row(std::string& out, std::uint64_t seed, std::uint64_t index, const MessageSource& source,
                    const GeneratedMessage& message) {
  Rng rng = Rng::stream(seed ^ kCsvSalt, index);
  const Directory& dir = source.directory();
  const MessageSource::Location where = source.locate(index);
  const Mailbox& box = dir.mailboxes[where.mailbox];

  std::string doc = std::to_string(5739545 + index * 3 + rng.below(3));
  if (doc.size() < 7) doc.insert(0, 7 - doc.size(), '0');
  doc.insert(0, "C0");
  const char* const case_number = rng.pick(kCaseNumbers);
  const Release& release = rng.pick(kReleases);
  // 35% of RawText values start with the release stamp (not a header), as
  // in the real release; some of those also end with the stamp line.
  const bool stamped = rng.percent(35);
  const bool one_line_stamp = rng.percent(40);
  const bool house_stamp = rng.percent(50);
  const bool in_part = rng.percent(20);
  const bool footer = rng.percent(50);
  const bool extracted = stamped || !rng.percent(10);  // header extraction failed on some
  const std::string release_kind = in_part ? "RELEASE IN PART" : "RELEASE IN FULL";

  const auto field = [&out](std::string_view value) {
    append_csv_field(out, value);
    out += ',';
  };
  const auto person_id = static_cast<std::uint64_t>(message.sender - dir.people.data()) + 1;

  const std::string batch = release.batch;
  out += std::to_string(index + 1);  // Id
  out += ',';
  field(doc);
  field(metadata_subject(message.subject));
  field(message.to.empty() || rng.percent(3) ? std::string() : message.to[0]->last_first());  // MetadataTo
  field(rng.percent(3) ? std::string() : message.sender->last_first());                      // MetadataFrom
  field(rng.percent(8) ? std::string() : std::to_string(person_id));                         // SenderPersonId
  field(rng.percent(4) ? std::string() : metadata_date(message.date));                       // MetadataDateSent
  field(release.metadata);                                                                   // MetadataDateReleased
  field("DOCUMENTS/ENRON_Email_" + batch + "/" + box.origin + "/DOC_0" + doc + "/" + doc + ".pdf");
  field(case_number);
  field("ENRON_Email_" + batch.substr(batch.find('_') + 1));  // MetadataDocumentClass: "ENRON_Email_296"
  if (extracted) {
    field(message.subject);
    field(message.to_field);
    field(message.sender->last_first() + " <" + message.from + ">");  // ExtractedFrom
    field(message.cc_field);
    field(extracted_date(message.date));  // ExtractedDateSent: "Monday, October 23, 2000 10:16 AM"
  } else {
    out += ",,,,,";
  }
  if (stamped) {
    field(case_number);        // ExtractedCaseNumber
    field(doc);                // ExtractedDocNumber
    field(release.extracted);  // ExtractedDateReleased
    field(release_kind);       // ExtractedReleaseInPartOrFull
  } else {
    out += ",,,,";
  }
  field(message.body());  // ExtractedBodyText

  // RawText.
  if (!stamped) {
    append_csv_field(out, message.bytes);
  } else {
    std::string raw;
    raw.reserve(message.bytes.size() + 512);
    const std::string stamp_line = std::string("UNCLASSIFIED U.S. Department of State Case No. ") + case_number +
                                   " Doc No. " + doc + " Date: " + release.extracted + "\n";
    if (one_line_stamp) {
      raw += stamp_line;
    } else {
      raw += "UNCLASSIFIED\nU.S. Department of State\nCase No. ";
      raw += case_number;
      raw += "\nDoc No. ";
      raw += doc;
      raw += "\nDate: ";
      raw += release.extracted;
      raw += '\n';
    }
    if (house_stamp) raw += kStampHouse;
    raw += release_kind;
    raw += '\n';
    if (in_part) raw += "B6\n";
    raw += message.bytes;
    if (footer) {
      if (!raw.empty() && raw.back() != '\n') raw += '\n';
      raw += stamp_line;
    }
    append_csv_field(out, raw);
  }
  out += '\n';
}

GeneratorSummary write_csv(const GeneratorOptions& options) {
  return write_single_file(options, std::string(kCsvHeader) + "\n",
                           [&options](std::string& out, std::uint64_t i, const MessageSource& source,
                                      const GeneratedMessage& message) {
                             append_csv_row(out, options.seed, i, source, message);
                           });
}

}  // namespace mpingest::gen
