#include "generator/generator_headers.h"

#include "generator/generator_vocab.h"

namespace mpingest::gen {

namespace {

void append_2d(std::string& out, int v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

std::string exchange_cn(Rng& rng, const Person& p) {
  std::string cn = p.alias;
  if (rng.percent(40)) {
    for (char& c : cn) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  } else {
    cn[0] = static_cast<char>(cn[0] >= 'a' && cn[0] <= 'z' ? cn[0] - 32 : cn[0]);
  }
  return cn;
}

}  // namespace

// US rules 1987-2006: PDT from the first Sunday of April, 2:00, to the last
// Sunday of October, 2:00 (local time).
Timestamp pick_timestamp(Rng& rng, bool whole_minutes) {
  static const std::uint32_t kYearWeights[] = {3, 10, 35, 45, 7};  // 1998..2002
  static const std::uint32_t kHourWeights[] = {1, 1,  1,  1,  1, 2, 4, 8, 12, 13, 12, 11,
                                               9, 11, 12, 11, 9, 6, 4, 3, 3,  2,  2,  1};
  Timestamp t;
  t.date.year = 1998 + static_cast<int>(rng.weighted(kYearWeights, 5));
  t.date.month = rng.irange(1, 12);
  t.date.day = rng.irange(1, days_in_month(t.date.year, t.date.month));
  const int wd = weekday(t.date);
  if ((wd == 0 || wd == 6) && rng.percent(70)) {
    t.date.day = rng.irange(1, days_in_month(t.date.year, t.date.month));
  }
  t.hour = static_cast<int>(rng.weighted(kHourWeights, 24));
  t.minute = rng.irange(0, 59);
  t.second = whole_minutes ? 0 : rng.irange(0, 59);

  CivilDate april{t.date.year, 4, 1};
  const int start_day = 1 + (7 - weekday(april)) % 7;
  CivilDate oct31{t.date.year, 10, 31};
  const int end_day = 31 - weekday(oct31);
  const int md = t.date.month * 100 + t.date.day;
  const int start = 400 + start_day;
  const int end = 1000 + end_day;
  if (md == start && t.hour == 2) t.hour = 3;  // 2:00-2:59 does not exist
  t.dst = (md > start || (md == start && t.hour >= 2)) && (md < end || (md == end && t.hour < 1));
  return t;
}

void append_date(std::string& out, const Timestamp& t) {
  out += kWeekdays[static_cast<std::size_t>(weekday(t.date))];
  out += ", ";
  out += std::to_string(t.date.day);
  out += ' ';
  out += kMonths[static_cast<std::size_t>(t.date.month - 1)];
  out += ' ';
  out += std::to_string(t.date.year);
  out += ' ';
  append_2d(out, t.hour);
  out += ':';
  append_2d(out, t.minute);
  out += ':';
  append_2d(out, t.second);
  out += t.dst ? " -0700 (PDT)" : " -0800 (PST)";
}

Timestamp to_utc(const Timestamp& t) {
  Timestamp u = t;
  u.dst = false;
  u.hour = t.hour + (t.dst ? 7 : 8);
  if (u.hour >= 24) {
    u.hour -= 24;
    u.date = civil_from_days(days_from_civil(t.date) + 1);
  }
  return u;
}

void append_asctime(std::string& out, const Timestamp& t) {
  out += kWeekdays[static_cast<std::size_t>(weekday(t.date))];
  out += ' ';
  out += kMonths[static_cast<std::size_t>(t.date.month - 1)];
  out += ' ';
  if (t.date.day < 10) out += ' ';
  out += std::to_string(t.date.day);
  out += ' ';
  append_2d(out, t.hour);
  out += ':';
  append_2d(out, t.minute);
  out += ':';
  append_2d(out, t.second);
  out += ' ';
  out += std::to_string(t.date.year);
}

// Folds a header value the JavaMail way: break at spaces so that a line stays
// within `width` columns (TAB counted as 8; the first line starts at column
// `start`), the space staying at the end of the line, continuation lines
// starting with a TAB. The result ends with eol.
std::string fold(const std::string& value, std::size_t start, std::size_t width, const char* eol) {
  std::string out;
  std::size_t col = start;
  std::size_t pos = 0;
  bool line_has_token = false;
  while (pos < value.size()) {
    const std::size_t sp = value.find(' ', pos);
    const std::size_t tok_end = sp == std::string::npos ? value.size() : sp;
    const std::size_t tok_len = tok_end - pos;
    if (line_has_token && col + tok_len > width) {
      out += eol;
      out += '\t';
      col = 8;
    }
    out.append(value, pos, tok_len);
    col += tok_len;
    line_has_token = true;
    if (sp == std::string::npos) break;
    out += ' ';
    col += 1;
    pos = sp + 1;
  }
  out += eol;
  return out;
}

std::string q_encode(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out = "=?ANSI_X3.4-1968?Q?";
  for (unsigned char c : text) {
    if (c == ' ') {
      out += '_';
    } else if (c >= 0x80) {
      out += "=3F";  // not representable in ASCII: the mailer wrote '?'
    } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
               c == ',' || c == ':' || c == '-' || c == '!' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '=';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  out += "?=";
  return out;
}

void append_subject(Rng& rng, std::string& out, std::string value, const char* eol) {
  if (!value.empty() && rng.permille(3)) value = q_encode(value);
  out += "Subject: ";
  if (value.size() > 65) {
    std::size_t cut = 65;
    if (rng.percent(50)) {
      const std::size_t sp = value.rfind(' ', 65);
      if (sp != std::string::npos && sp > 30) cut = sp;  // the space moves to the next line
    }
    out.append(value, 0, cut);
    out += eol;
    out += '\t';
    out.append(value, cut, std::string::npos);
  } else {
    out += value;
  }
  out += eol;
}

ListForm pick_list_form(Rng& rng) {
  const auto r = rng.index(1000);
  if (r < 50) return ListForm::kQuotedComma;
  if (r < 60) return ListForm::kNameAngle;
  if (r < 66) return ListForm::kSingleQuoted;
  if (r < 69) return ListForm::kUndisclosed;
  return ListForm::kPlain;
}

std::string recipient_field(Rng& rng, const std::vector<const Person*>& people, ListForm form) {
  if (form == ListForm::kUndisclosed) return "undisclosed-recipients:;";
  const std::size_t special = rng.index(people.size());
  std::string out;
  for (std::size_t i = 0; i < people.size(); ++i) {
    const Person& p = *people[i];
    if (i != 0) out += ", ";
    const bool apply = i == special || rng.percent(40);
    if (!apply || form == ListForm::kPlain) {
      out += p.email;
    } else if (form == ListForm::kQuotedComma) {
      out += "\"" + p.last + ", " + p.first + "\" <" + p.email + ">";
    } else if (form == ListForm::kNameAngle) {
      out += rng.percent(80) ? p.full_name() + " <" + p.email + ">"
                             : "\"'" + p.full_name() + "'\" <" + p.email + ">";
    } else {
      out += "'" + p.email + "'";
    }
  }
  return out;
}

// X-From / X-To / X-cc display form of one person.
std::string x_name(Rng& rng, const Person& p, bool notes) {
  if (notes) {
    if (p.internal) return rng.percent(60) ? p.full_name() : p.notes;
    switch (rng.index(4)) {
      case 0:
        return "\"" + p.full_name() + " (E-mail)\" <" + p.email + ">";
      case 1:
        return "\"'" + p.full_name() + "'\" <" + p.email + ">";
      default:
        return p.email;
    }
  }
  if (p.internal) return p.last_first() + " </O=ENRON/OU=NA/CN=RECIPIENTS/CN=" + exchange_cn(rng, p) + ">";
  switch (rng.index(4)) {
    case 0:
      return "\"" + p.last + ", " + p.first + "\" <" + p.email + ">";
    case 1:
      return "'" + p.email + "'";
    default:
      return p.full_name() + " <" + p.email + ">";
  }
}

std::string x_list(Rng& rng, const std::vector<const Person*>& people, bool notes) {
  std::string out;
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (i != 0) out += ", ";
    out += x_name(rng, *people[i], notes);
  }
  return out;
}

std::size_t pick_recipient_count(Rng& rng) {
  const auto r = rng.index(1000);
  if (r < 560) return 1;
  if (r < 780) return static_cast<std::size_t>(rng.range(2, 3));
  if (r < 920) return static_cast<std::size_t>(rng.range(4, 10));
  if (r < 992) return static_cast<std::size_t>(rng.range(11, 49));
  return static_cast<std::size_t>(rng.range(50, 300));
}

void pick_people(Rng& rng, const Directory& dir, std::size_t n, std::vector<const Person*>& out) {
  out.clear();
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(rng.percent(65) ? &dir.internal(rng) : &dir.external(rng));
}

}  // namespace mpingest::gen
