#include "generator/generator_message.h"

#include <algorithm>

#include "generator/generator_random.h"
#include "generator/generator_skew.h"
#include "generator/generator_text.h"
#include "generator/generator_vocab.h"

namespace mpingest::gen {

namespace {

// Body size: log-normal, median kBodyMedian bytes, sigma 1.0 (clipped at
// 0.037x..26.9x), plus one message in kHugeOneIn of 100..400 KB.
constexpr std::uint64_t kBodyMedian = 1400;
constexpr std::uint64_t kHugeOneIn = 1500;

// Salts of the per-message random streams. kMessageSalt is the historical
// one: changing it changes every generated corpus.
constexpr std::uint64_t kMessageSalt = 0x3C6EF372FE94F82BULL;
constexpr std::uint64_t kFromLinesSalt = 0xA54FF53A5F1D36F1ULL;

// Lines that an mbox writer must quote (they match ^>*From ).
const char* const kFromSentences[] = {
    "From the desk of {PF}",
    "From what I hear, {ORG} will file on {DAY}.",
    "From now on, please send the {DOC} to {P} directly.",
    "From {DATE} through {DATE}, the price at {HUB} was {PRICE}.",
    "From {ORG}'s point of view, {TOPIC} is still open.",
    "From: ",  // not a From_ line (colon): must stay unquoted
};
const char* const kQuotedFromSentences[] = {
    ">From the {ORG} notice: {TOPIC} was {VERB}.",
    ">From {PF}: see the {DOC} before {DAY}.",
    ">>From the {ADJ} draft: {VOL} at {HUB}.",
};

// "From jeff.dasovich@enron.com Mon Oct 23 17:16:00 2000": a message pasted
// into another one with its mbox separator.
std::string pasted_from_line(Rng& rng, const Directory& dir, const CivilDate& near) {
  Timestamp t;
  t.date = civil_from_days(days_from_civil(near) - static_cast<long>(rng.index(10)));
  t.hour = rng.irange(0, 23);
  t.minute = rng.irange(0, 59);
  t.second = rng.irange(0, 59);
  std::string line = "From ";
  line += dir.any(rng).email;
  line += ' ';
  append_asctime(line, t);
  return line;
}

// Inserts a short block of "From "-lines at the start of one paragraph of the
// body (LF line endings).
void insert_from_lines(Rng& rng, const BodyContext& ctx, std::string& body) {
  std::string block;
  const std::size_t lines = 1 + rng.index(3);
  for (std::size_t i = 0; i < lines; ++i) {
    const auto kind = rng.index(100);
    if (kind < 55) {
      const char* tmpl = rng.pick(kFromSentences);
      block += tmpl[4] == ':' ? std::string(tmpl) + ctx.sender->email : expand_template(rng, ctx, tmpl);
    } else if (kind < 80) {
      block += expand_template(rng, ctx, rng.pick(kQuotedFromSentences));
    } else {
      block += pasted_from_line(rng, *ctx.directory, ctx.date);
    }
    block += '\n';
  }
  block += '\n';
  // Paragraph starts: after each "\n\n", and the start of the body.
  std::vector<std::size_t> starts{0};
  for (std::size_t p = body.find("\n\n"); p != std::string::npos; p = body.find("\n\n", p + 1))
    starts.push_back(p + 2);
  const std::size_t at = std::min(starts[rng.index(starts.size())], body.size());
  body.insert(at, block);
}

}  // namespace

MessageSource::MessageSource(std::uint64_t seed, std::uint64_t messages, MessageStyle style)
    : seed_(seed), messages_(messages), style_(style), directory_(build_directory(seed, messages)) {
  std::uint64_t first = 0;
  for (std::size_t b = 0; b < directory_.mailboxes.size(); ++b) {
    const Mailbox& box = directory_.mailboxes[b];
    for (std::size_t f = 0; f < box.folders.size(); ++f) {
      if (box.folders[f].count == 0) continue;
      starts_.push_back({first, b, f});
      first += box.folders[f].count;
    }
  }
  messages_ = first;  // == messages (the folder counts add up to it)
  if (style_.huge_fraction > 0)
    huge_ = huge_messages(directory_, messages_, style_.huge_fraction, style_.skew_in_path_order);
}

MessageStyle with_skew(MessageStyle style, const GeneratorOptions& options) {
  if (!options.skew) return style;
  style.huge_fraction = options.huge_fraction;
  style.huge_factor = options.huge_factor;
  style.skew_in_path_order = options.format == GeneratorFormat::maildir;
  return style;
}

MessageSource::Location MessageSource::locate(std::uint64_t index) const {
  // Last folder whose first message is <= index.
  auto it = std::upper_bound(starts_.begin(), starts_.end(), index,
                             [](std::uint64_t i, const FolderStart& s) { return i < s.first; });
  if (it != starts_.begin()) --it;
  Location where;
  if (it == starts_.end()) return where;
  where.mailbox = it->mailbox;
  where.folder = it->folder;
  where.number = index - it->first + 1;
  return where;
}

void MessageSource::build(std::uint64_t index, GeneratedMessage& out) const {
  build(index, locate(index), out);
}

void MessageSource::build(std::uint64_t index, const Location& where, GeneratedMessage& msg) const {
  const Directory& dir = directory_;
  const Mailbox& box = dir.mailboxes[where.mailbox];
  const Folder& folder = box.folders[where.folder];
  Rng rng = Rng::stream(seed_ ^ kMessageSalt, index);

  const Person& owner = dir.people[box.person];
  const bool notes = folder.notes;

  // Line endings: 80% LF, 15% CRLF everywhere, 5% CRLF headers + LF body.
  const auto eol_roll = rng.index(100);
  const char* const eol = eol_roll < 80 ? "\n" : "\r\n";
  const bool crlf_body = eol_roll >= 80 && eol_roll < 95;
  const bool final_newline = !rng.percent(40);
  const bool latin1 = rng.permille(20);
  msg.crlf_headers = eol_roll >= 80;
  msg.crlf_body = crlf_body;

  const Person* sender = &owner;
  if (!folder.sent && !(folder.dir == "all_documents" && rng.percent(30))) {
    sender = rng.percent(65) ? &dir.internal(rng) : &dir.external(rng);
  }
  msg.sender = sender;
  const Timestamp ts = pick_timestamp(rng, notes && rng.percent(95));
  msg.date = ts;

  // Recipients. Under --skew a huge message is a mass mailing (see generator_skew.h).
  const bool skewed = index < huge_.size() && huge_[index];
  const bool has_to = !rng.percent(4) || skewed;
  const std::size_t to_count = has_to ? pick_recipient_count(rng) : 0;
  if (skewed) {
    const std::uint64_t most = style_.max_message_bytes != 0 ? style_.max_message_bytes / kNamedAddressBytes
                                                             : kMaxSkewedRecipients;
    pick_people(rng, dir, mass_mailing_size(to_count, style_.huge_factor, most), msg.to);
  } else {
    pick_people(rng, dir, to_count, msg.to);
  }
  if (has_to && !folder.sent && sender != &owner && rng.percent(85)) msg.to[rng.index(msg.to.size())] = &owner;
  const bool has_cc = rng.percent(20);
  pick_people(rng, dir, has_cc ? (rng.percent(85) ? 1 + rng.index(4) : pick_recipient_count(rng) + 1) : 0,
              msg.cc);

  std::string& m = msg.bytes;
  m.clear();
  m += "Message-ID: <";
  m += std::to_string(rng.range(10000, 99999999));
  m += '.';
  m += std::to_string(1075840000000ULL + index * 41 + rng.below(41));
  m += ".JavaMail.evans@thyme>";
  m += eol;
  m += "Date: ";
  msg.date_field.clear();
  append_date(msg.date_field, ts);
  m += msg.date_field;
  m += eol;
  m += "From: ";
  msg.from = sender->email;
  m += msg.from;
  m += eol;
  const std::size_t width = rng.percent(70) ? 78 : 80;
  const ListForm to_form = skewed ? ListForm::kQuotedComma : pick_list_form(rng);
  msg.to_field.clear();
  if (has_to) {
    msg.to_field = skewed ? named_recipient_list(msg.to) : recipient_field(rng, msg.to, to_form);
    m += "To: ";
    m += fold(msg.to_field, 4, width, eol);
  }
  msg.subject = make_subject(rng, dir, ts.date, latin1);
  append_subject(rng, m, msg.subject, eol);
  std::string cc_value;
  msg.cc_field.clear();
  if (has_cc) {
    ListForm cc_form = pick_list_form(rng);
    if (cc_form == ListForm::kUndisclosed) cc_form = ListForm::kPlain;
    msg.cc_field = recipient_field(rng, msg.cc, cc_form);
    cc_value = fold(msg.cc_field, 4, width, eol);
    m += "Cc: ";
    m += cc_value;
  }
  m += "Mime-Version: 1.0";
  m += eol;
  m += "Content-Type: text/plain; charset=us-ascii";
  m += eol;
  m += "Content-Transfer-Encoding: 7bit";
  m += eol;
  if (has_cc) {
    m += "Bcc: ";  // Bcc repeats Cc byte for byte, folding included
    m += cc_value;
  }
  m += "X-From: ";
  m += x_name(rng, *sender, notes);
  m += eol;
  m += "X-To: ";
  if (has_to)
    m += to_form == ListForm::kUndisclosed ? std::string("undisclosed-recipients:;") : x_list(rng, msg.to, notes);
  m += eol;
  m += "X-cc: ";
  if (has_cc) m += x_list(rng, msg.cc, notes);
  m += eol;
  m += "X-bcc: ";
  m += eol;
  m += "X-Folder: ";
  m += notes ? box.notes_root : box.outlook_root;
  m += '\\';
  m += folder.display;
  m += eol;
  m += "X-Origin: ";
  m += rng.permille(5) ? dir.mailboxes[rng.index(dir.mailboxes.size())].origin : box.origin;
  m += eol;
  m += "X-FileName: ";
  m += notes ? box.nsf_name : box.pst_name;
  m += eol;
  m += eol;
  msg.body_offset = m.size();

  // Body.
  std::size_t target = static_cast<std::size_t>(kBodyMedian * rng.lognormal_milli() / 1000);
  if (rng.chance(1, kHugeOneIn)) target = static_cast<std::size_t>(rng.range(100000, 400000));
  if (style_.max_message_bytes != 0) {
    const std::size_t room = style_.max_message_bytes > m.size() ? style_.max_message_bytes - m.size() : 0;
    target = std::min(target, std::max<std::size_t>(room, 2000));
  }
  BodyContext ctx;
  ctx.directory = &dir;
  ctx.sender = sender;
  ctx.recipients = msg.to;
  ctx.date = ts.date;
  ctx.notes = notes;
  ctx.latin1 = latin1;
  ctx.subject = msg.subject;
  std::string& body = msg.scratch;
  body.clear();
  make_body(rng, ctx, target, body);
  if (style_.from_lines) {
    Rng extra = Rng::stream(seed_ ^ kFromLinesSalt, index);
    if (extra.percent(3)) insert_from_lines(extra, ctx, body);
  }
  if (crlf_body) {
    for (char c : body) {
      if (c == '\n') m += '\r';
      m += c;
    }
  } else {
    m += body;
  }
  if (!final_newline) {
    while (!m.empty() && (m.back() == '\n' || m.back() == '\r')) m.pop_back();
  }
}

}  // namespace mpingest::gen
