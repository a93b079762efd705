#include "generator/generator_text.h"

#include <cstdio>
#include <cstring>

#include "generator/generator_vocab.h"

namespace mpingest::gen {

// ---------------------------------------------------------------------------
// Calendar (Howard Hinnant's civil-date algorithms).

long days_from_civil(const CivilDate& date) {
  const long y = date.year - (date.month <= 2 ? 1 : 0);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long mp = (date.month + 9) % 12;
  const long doy = (153 * mp + 2) / 5 + date.day - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  CivilDate date;
  date.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  date.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  date.year = static_cast<int>(yoe + era * 400 + (date.month <= 2 ? 1 : 0));
  return date;
}

int weekday(const CivilDate& date) {
  const long days = days_from_civil(date);
  return static_cast<int>(((days + 4) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
}

namespace {

// ---------------------------------------------------------------------------
// Small formatting helpers.

void append_uint(std::string& out, std::uint64_t v) { out += std::to_string(v); }

void append_2d(std::string& out, int v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

// 12345678 -> "12,345,678"
void append_grouped(std::string& out, std::uint64_t v) {
  const std::string digits = std::to_string(v);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
}

// cents -> "245.00"
void append_money_cents(std::string& out, std::uint64_t cents) {
  append_uint(out, cents / 100);
  out += '.';
  append_2d(out, static_cast<int>(cents % 100));
}

void capitalize_from(std::string& out, std::size_t pos) {
  if (pos < out.size() && out[pos] >= 'a' && out[pos] <= 'z') out[pos] = static_cast<char>(out[pos] - 32);
}

void append_title(std::string& out, const char* text) {
  // "the gas transportation agreement" -> "Gas Transportation Agreement"
  if (std::strncmp(text, "the ", 4) == 0) text += 4;
  bool start = true;
  for (const char* p = text; *p; ++p) {
    char c = *p;
    if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    out += c;
    start = (c == ' ' || c == '-');
  }
}

// A business-hours time: "10:30 AM", "2:00 p.m.".
void append_time(Rng& rng, std::string& out) {
  static const int kHours[] = {8, 9, 9, 10, 10, 11, 12, 1, 1, 2, 2, 3, 3, 4, 5};
  const int hour = rng.pick(kHours);
  const bool pm = hour < 8;
  append_uint(out, static_cast<std::uint64_t>(hour));
  out += ':';
  append_2d(out, rng.irange(0, 3) * 15);
  if (rng.percent(80)) {
    out += pm || hour == 12 ? " PM" : " AM";
  } else {
    out += pm || hour == 12 ? " p.m." : " a.m.";
  }
}

// "10/23/2000 10:16 AM" (Notes timestamps).
void append_notes_stamp(Rng& rng, std::string& out, const CivilDate& d) {
  append_2d(out, d.month);
  out += '/';
  append_2d(out, d.day);
  out += '/';
  append_uint(out, static_cast<std::uint64_t>(d.year));
  out += ' ';
  append_2d(out, rng.irange(1, 12));
  out += ':';
  append_2d(out, rng.irange(0, 59));
  out += rng.percent(50) ? " AM" : " PM";
}

const char* const kLatin1Sentences[] = {
    "We had lunch at the {L1} near the office.",
    "{P} is back from {L1} and will call you on {DAY}.",
    "The invoice shows {L1} for the consulting work.",
    "The counterparty in {L1} has not returned the confirm.",
    "Please see the note from {L1} below.",
    "Price: {L1} (see attached).",
};

// ---------------------------------------------------------------------------
// Template expansion.

class Writer {
 public:
  Writer(Rng& rng, const BodyContext& ctx, std::string& out) : rng_(rng), ctx_(ctx), out_(out) {}

  void expand(const char* tmpl, std::string& dst) {
    const std::size_t start = dst.size();
    for (const char* p = tmpl; *p;) {
      if (*p != '{') {
        dst += *p++;
        continue;
      }
      const char* close = std::strchr(p, '}');
      slot(std::string(p + 1, close), dst);
      p = close + 1;
      if (*p == '.' && !dst.empty() && dst.back() == '.') ++p;  // "9:00 a.m.."
    }
    capitalize_from(dst, start);
  }

  void slot(const std::string& name, std::string& dst) {
    if (name == "P") {
      dst += person().first;
    } else if (name == "PF") {
      dst += person().full_name();
    } else if (name == "ORG") {
      dst += kOrgs.pick(rng_);
    } else if (name == "TOPIC") {
      dst += kTopics.pick(rng_);
    } else if (name == "TOPIC_T") {
      append_title(dst, kTopics.pick(rng_));
    } else if (name == "HUB") {
      dst += kHubs.pick(rng_);
    } else if (name == "DOC") {
      dst += kDocs.pick(rng_);
    } else if (name == "VERB") {
      dst += kVerbsPast.pick(rng_);
    } else if (name == "ADJ") {
      dst += kAdjectives.pick(rng_);
    } else if (name == "ADJ_T") {
      append_title(dst, kAdjectives.pick(rng_));
    } else if (name == "ACR") {
      dst += kAcronyms.pick(rng_);
    } else if (name == "CITY") {
      dst += kCities.pick(rng_);
    } else if (name == "DAY") {
      dst += kWeekdaysLong[rng_.index(5) + 1];
    } else if (name == "MONTH") {
      dst += kMonthsLong.pick(rng_);
    } else if (name == "YEAR") {
      append_uint(dst, rng_.range(1998, 2002));
    } else if (name == "DATE") {
      if (rng_.percent(70)) {
        dst += kMonthsLong.pick(rng_);
        dst += ' ';
        append_uint(dst, rng_.range(1, 28));
      } else {
        append_uint(dst, rng_.range(1, 12));
        dst += '/';
        append_uint(dst, rng_.range(1, 28));
        dst += '/';
        append_uint(dst, static_cast<std::uint64_t>(ctx_.date.year));
      }
    } else if (name == "TIME") {
      append_time(rng_, dst);
    } else if (name == "NUM") {
      append_uint(dst, rng_.range(2, 99));
    } else if (name == "MONEY") {
      dst += '$';
      switch (rng_.index(3)) {
        case 0:
          append_uint(dst, rng_.range(1, 999));
          if (rng_.percent(40)) {
            dst += '.';
            append_uint(dst, rng_.range(1, 9));
          }
          dst += rng_.percent(85) ? " million" : " billion";
          break;
        case 1:
          append_grouped(dst, rng_.range(1000, 9999999));
          break;
        default:
          append_money_cents(dst, rng_.range(100, 99999));
          break;
      }
    } else if (name == "PRICE") {
      dst += '$';
      if (rng_.percent(50)) {
        append_money_cents(dst, rng_.range(150, 1500));
        dst += "/MMBtu";
      } else {
        append_money_cents(dst, rng_.range(1500, 150000));
        dst += "/MWh";
      }
    } else if (name == "PCT") {
      append_uint(dst, rng_.range(1, 60));
      if (rng_.percent(30)) {
        dst += '.';
        append_uint(dst, rng_.range(1, 9));
      }
      dst += '%';
    } else if (name == "VOL") {
      if (rng_.percent(60)) {
        append_grouped(dst, rng_.range(1, 100) * 1000);
        dst += rng_.percent(50) ? " MMBtu/d" : " Dth/d";
      } else {
        append_uint(dst, rng_.range(1, 40) * 25);
        dst += " MW";
      }
    } else if (name == "MW") {
      append_uint(dst, rng_.range(1, 80) * 25);
      dst += " MW";
    } else if (name == "PHONE") {
      static const char* const kAreas[] = {"(713) 853-", "(713) 345-", "(503) 464-", "(415) 782-",
                                           "(916) 608-", "(402) 398-", "713-853-"};
      dst += rng_.pick(kAreas);
      append_uint(dst, rng_.range(1000, 9999));
    } else if (name == "EXT") {
      dst += rng_.percent(50) ? "x3" : "x5";
      append_uint(dst, rng_.range(1000, 9999));
    } else if (name == "ROOM") {
      dst += rng_.percent(70) ? "EB " : "ECS ";
      append_uint(dst, rng_.range(1, 50));
      append_2d(dst, rng_.irange(1, 99));
      if (rng_.percent(20)) dst += static_cast<char>('A' + rng_.index(4));
    } else if (name == "DOCKET") {
      static const char* const kPrefixes[] = {"EL00-", "EL01-", "ER01-",   "RM98-",
                                              "RM01-", "RP00-", "R.00-11-"};
      dst += rng_.pick(kPrefixes);
      append_uint(dst, rng_.range(10, 999));
      if (rng_.percent(60)) dst += "-000";
    } else if (name == "L1") {
      dst += kLatin1Words.pick(rng_);
      latin1_written_ = true;
    } else {
      dst += name;  // unknown slot: keep the text
    }
  }

  const Person& person() {
    if (!ctx_.recipients.empty() && rng_.percent(60)) {
      return *ctx_.recipients[rng_.index(ctx_.recipients.size())];
    }
    return ctx_.directory->any(rng_);
  }

  // -------------------------------------------------------------------------
  // Output with wrapping.

  void set_style(WrapStyle style, std::size_t width) {
    style_ = style;
    width_ = width;
  }

  // Emits one logical line, wrapped according to the style, plus '\n'.
  void line(const std::string& text, bool wrap = true) {
    if (!wrap || style_ == WrapStyle::kNone || text.size() <= width_) {
      out_ += text;
      out_ += '\n';
      return;
    }
    std::size_t pos = 0;
    while (text.size() - pos > width_) {
      // Last space at or before pos + width_.
      std::size_t brk = text.rfind(' ', pos + width_);
      if (brk == std::string::npos || brk <= pos) {
        brk = text.find(' ', pos + width_);
        if (brk == std::string::npos) break;
      }
      if (style_ == WrapStyle::kNotes) {
        out_.append(text, pos, brk + 1 - pos);  // keep the trailing space
      } else {
        out_.append(text, pos, brk - pos);
      }
      out_ += '\n';
      pos = brk + 1;
    }
    out_.append(text, pos, std::string::npos);
    out_ += '\n';
  }

  void blank() { out_ += '\n'; }

  // -------------------------------------------------------------------------
  // Building blocks.

  std::string sentence() {
    std::string s;
    const auto roll = rng_.index(1000);
    if (ctx_.latin1 && (!latin1_written_ || roll < 30)) {
      expand(rng_.pick(kLatin1Sentences), s);
    } else if (roll < 20) {
      s = kShouts.pick(rng_);
    } else if (roll < 130) {
      s = kShortSentences.pick(rng_);
    } else {
      expand(kSentences.pick(rng_), s);
    }
    return s;
  }

  void paragraph() {
    static const std::uint32_t kSentenceWeights[] = {18, 30, 26, 14, 8, 4};
    const std::size_t n = 1 + rng_.weighted(kSentenceWeights, 6);
    std::string text;
    for (std::size_t i = 0; i < n; ++i) {
      if (i != 0) text += double_space_ ? "  " : " ";
      text += sentence();
    }
    line(text);
  }

  void paragraphs_until(std::size_t end) {
    do {
      paragraph();
      if (out_.size() >= end) break;
      blank();
      if (rng_.percent(15)) blank();
    } while (out_.size() < end);
  }

  void greeting() {
    std::string g;
    expand(kGreetings.pick(rng_), g);
    line(g, false);
    blank();
  }

  void signature() {
    const Person& me = *ctx_.sender;
    blank();
    const auto roll = rng_.index(100);
    if (roll < 60) line(kClosings.pick(rng_), false);
    if (roll < 15) {
      return;  // no name at all
    } else if (roll < 55) {
      line(me.first, false);
    } else if (roll < 65) {
      std::string initials;
      initials += me.first[0];
      initials += me.last[0];
      line(initials, false);
    } else {
      if (rng_.percent(50)) blank();
      line(me.full_name(), false);
      line(kTitles.pick(rng_), false);
      line(kCompanyLines.pick(rng_), false);
      line(kStreetLines.pick(rng_), false);
      line(kCityLines.pick(rng_), false);
      std::string phone;
      expand("{PHONE}", phone);
      line(phone, false);
      if (rng_.percent(40)) line(me.email, false);
    }
    if (rng_.percent(me.internal ? 4 : 15)) {
      blank();
      multi_line(kDisclaimers.pick(rng_));
    }
  }

  void multi_line(const char* text) {
    for (const char* p = text;;) {
      const char* nl = std::strchr(p, '\n');
      if (!nl) {
        line(p, false);
        break;
      }
      line(std::string(p, nl), false);
      p = nl + 1;
    }
  }

  void attachment() {
    blank();
    out_ += " - ";
    out_ += kDocs.pick(rng_);
    out_ += '\n';
  }

  static std::string notes_short(const Person& p) {
    // "Drew Fossum/ET&S/Enron@ENRON" -> "Drew Fossum/ET&S/Enron"
    return p.notes.substr(0, p.notes.find('@'));
  }

  std::string address_list(std::size_t n, bool notes_form) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
      const Person& p = rng_.percent(70) ? ctx_.directory->internal(rng_) : ctx_.directory->any(rng_);
      if (i != 0) s += notes_form ? ", " : "; ";
      if (notes_form) {
        s += p.internal ? p.notes : p.email;
      } else {
        s += p.internal ? p.last_first() : "'" + p.full_name() + "'";
      }
    }
    return s;
  }

  // "-----Original Message-----" block (Outlook) or a Notes forward header.
  void forward_header() {
    CivilDate when = civil_from_days(days_from_civil(ctx_.date) - static_cast<long>(rng_.index(4)));
    const Person& orig = ctx_.directory->any(rng_);
    const std::string subject = ctx_.subject.empty() ? std::string("Update") : ctx_.subject;
    if (!ctx_.notes) {
      const bool tabbed = rng_.percent(60);
      line(rng_.percent(90) ? "-----Original Message-----" : " -----Original Message-----", false);
      std::string s = tabbed ? "From: \t" : "From: ";
      s += orig.internal ? orig.last_first() : orig.full_name() + " [mailto:" + orig.email + "]";
      if (tabbed) s += "  ";
      line(s, false);
      s = tabbed ? "Sent:\t" : "Sent: ";
      s += kWeekdaysLong[static_cast<std::size_t>(weekday(when))];
      s += ", ";
      s += kMonthsLong[static_cast<std::size_t>(when.month - 1)];
      s += ' ';
      append_uint(s, static_cast<std::uint64_t>(when.day));
      s += ", ";
      append_uint(s, static_cast<std::uint64_t>(when.year));
      s += ' ';
      append_time(rng_, s);
      line(s, false);
      line((tabbed ? "To:\t" : "To: ") + address_list(1 + rng_.index(4), false), false);
      if (rng_.percent(30)) line((tabbed ? "Cc:\t" : "Cc: ") + address_list(1 + rng_.index(3), false), false);
      line((tabbed ? "Subject:\t" : "Subject: ") + subject, false);
      blank();
      return;
    }
    if (rng_.percent(60) && ctx_.sender->internal) {
      std::string s = "---------------------- Forwarded by " + notes_short(*ctx_.sender) + " on ";
      append_notes_stamp(rng_, s, ctx_.date);
      s += " ---------------------------";
      line(s);
      blank();
      blank();
    }
    std::string s;
    if (orig.internal) {
      line(orig.full_name(), false);
      append_notes_stamp(rng_, s, when);
      line(s, false);
    } else {
      s = "\"" + orig.full_name() + "\" <" + orig.email + "> on ";
      append_notes_stamp(rng_, s, when);
      line(s);
    }
    line("To: " + address_list(1 + rng_.index(5), true));
    line("cc: " + (rng_.percent(40) ? address_list(1 + rng_.index(2), true) : std::string()) + " ");
    line("Subject: " + subject);
    blank();
  }

  void table(std::size_t rows) {
    line(kTableHeaders.pick(rng_), false);
    for (std::size_t r = 0; r < rows; ++r) {
      std::string row = kHubs.pick(rng_);
      row.resize(13, ' ');
      for (int c = 0; c < 4; ++c) {
        std::string cell;
        append_money_cents(cell, rng_.range(150, 40000));
        while (cell.size() < 9) cell.insert(cell.begin(), ' ');
        row += cell;
      }
      line(row, false);
    }
  }

  void body(std::size_t target) {
    const std::size_t base = out_.size();
    const std::size_t end = base + target;
    double_space_ = rng_.percent(40);
    if (ctx_.notes) {
      const WrapStyle style = rng_.percent(85) ? WrapStyle::kNotes : WrapStyle::kNone;
      set_style(style, 76 + rng_.index(3));
    } else {
      const auto r = rng_.index(100);
      set_style(r < 55   ? WrapStyle::kNone
                : r < 80 ? WrapStyle::kPlain
                         : WrapStyle::kNotes,
                70 + rng_.index(9));
    }
    if (rng_.percent(3)) blank();  // some bodies start with blank lines
    const auto kind = rng_.index(100);
    if (kind < 3) {
      line(kShouts.pick(rng_), false);
      blank();
    }
    if (rng_.percent(45)) greeting();
    if (kind >= 70 && kind < 92) {
      // Reply or forward: short note on top, quoted message below.
      if (rng_.percent(50)) {
        line(kShortSentences.pick(rng_));
      } else {
        paragraphs_until(base + target / 4);
      }
      if (rng_.percent(50)) signature();
      blank();
      if (rng_.percent(40)) blank();
      forward_header();
    } else if (kind >= 92) {
      paragraphs_until(base + target / 3);
      blank();
      table(3 + rng_.index(25));
      blank();
    }
    paragraphs_until(end);
    // Very long bodies: chains of forwards and reports.
    if (target > 20000) {
      while (out_.size() < end) {
        blank();
        if (rng_.percent(50)) {
          forward_header();
          paragraphs_until(std::min(end, out_.size() + 1500 + rng_.index(6000)));
        } else {
          table(10 + rng_.index(60));
        }
      }
    }
    signature();
    if (rng_.percent(5)) attachment();
    if (ctx_.latin1 && !latin1_written_) {
      std::string s;
      expand(rng_.pick(kLatin1Sentences), s);
      blank();
      line(s);
    }
  }

 private:
  Rng& rng_;
  const BodyContext& ctx_;
  std::string& out_;
  WrapStyle style_ = WrapStyle::kNone;
  std::size_t width_ = 76;
  bool double_space_ = false;
  bool latin1_written_ = false;
};

}  // namespace

std::string make_subject(Rng& rng, const Directory& directory, const CivilDate& date, bool latin1) {
  std::string out;
  const auto roll = rng.index(1000);
  if (roll < 28) return out;  // empty subject
  BodyContext ctx;
  ctx.directory = &directory;
  ctx.date = date;
  std::string scratch;
  Writer writer(rng, ctx, scratch);
  if (rng.percent(45)) out += kSubjectPrefixes.pick(rng);
  if (roll < 80) {
    writer.expand(kLongSubjects.pick(rng), out);
  } else {
    writer.expand(kSubjects.pick(rng), out);
  }
  if (latin1 && rng.percent(15)) {
    out += " - ";
    out += kLatin1Words.pick(rng);
  }
  return out;
}

std::string expand_template(Rng& rng, const BodyContext& context, const char* tmpl) {
  std::string scratch;
  Writer writer(rng, context, scratch);
  std::string out;
  writer.expand(tmpl, out);
  return out;
}

void make_body(Rng& rng, const BodyContext& context, std::size_t target_bytes, std::string& out) {
  Writer writer(rng, context, out);
  writer.body(target_bytes);
}

}  // namespace mpingest::gen
