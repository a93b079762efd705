#include "corpus/generator.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>
#include <vector>

#include "common/system_error.h"
#include "common/unique_fd.h"
#include "corpus/generator_headers.h"
#include "corpus/generator_people.h"
#include "corpus/generator_random.h"
#include "corpus/generator_text.h"
#include "corpus/generator_vocab.h"

namespace mpingest {

namespace {

using gen::BodyContext;
using gen::Directory;
using gen::Folder;
using gen::ListForm;
using gen::Mailbox;
using gen::Person;
using gen::Rng;
using gen::Timestamp;

// Body size: log-normal, median kBodyMedian bytes, sigma 1.0 (clipped at
// 0.037x..26.9x), plus one message in kHugeOneIn of 100..400 KB.
constexpr std::uint64_t kBodyMedian = 1400;
constexpr std::uint64_t kHugeOneIn = 1500;

// ---------------------------------------------------------------------------
// File system.

void check_out_dir(const std::filesystem::path& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno != ENOENT) throw system_error("stat " + dir.string(), errno);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw system_error("create directory " + dir.string(), ec.value());
    return;
  }
  if (!S_ISDIR(st.st_mode)) throw system_error("output directory " + dir.string(), ENOTDIR);
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) throw system_error("open directory " + dir.string(), ec.value());
  if (it != std::filesystem::directory_iterator()) {
    throw system_error("output directory " + dir.string() + " must be empty or absent", ENOTEMPTY);
  }
}

void make_dir(const std::string& path) {
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) throw system_error("mkdir " + path, errno);
}

void write_file(const std::string& path, const std::string& data) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid()) throw system_error("open " + path, errno);
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    const ssize_t n = ::write(fd.get(), p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw system_error("write " + path, errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::close(fd.release()) != 0) throw system_error("close " + path, errno);
}

// ---------------------------------------------------------------------------
// One message.

struct Buffers {
  std::string message;
  std::string body;
  std::vector<const Person*> to;
  std::vector<const Person*> cc;
};

void build_message(Rng& rng, const Directory& dir, const Mailbox& box, const Folder& folder,
                   std::uint64_t index, Buffers& buf) {
  const Person& owner = dir.people[box.person];
  const bool notes = folder.notes;

  // Line endings: 80% LF, 15% CRLF everywhere, 5% CRLF headers + LF body.
  const auto eol_roll = rng.index(100);
  const char* const eol = eol_roll < 80 ? "\n" : "\r\n";
  const bool crlf_body = eol_roll >= 80 && eol_roll < 95;
  const bool final_newline = !rng.percent(40);
  const bool latin1 = rng.permille(20);

  const Person* sender = &owner;
  if (!folder.sent && !(folder.dir == "all_documents" && rng.percent(30))) {
    sender = rng.percent(65) ? &dir.internal(rng) : &dir.external(rng);
  }
  const Timestamp ts = gen::pick_timestamp(rng, notes && rng.percent(95));

  // Recipients.
  const bool has_to = !rng.percent(4);
  gen::pick_people(rng, dir, has_to ? gen::pick_recipient_count(rng) : 0, buf.to);
  if (has_to && !folder.sent && sender != &owner && rng.percent(85))
    buf.to[rng.index(buf.to.size())] = &owner;
  const bool has_cc = rng.percent(20);
  gen::pick_people(rng, dir,
                   has_cc ? (rng.percent(85) ? 1 + rng.index(4) : gen::pick_recipient_count(rng) + 1) : 0,
                   buf.cc);

  std::string& m = buf.message;
  m.clear();
  m += "Message-ID: <";
  m += std::to_string(rng.range(10000, 99999999));
  m += '.';
  m += std::to_string(1075840000000ULL + index * 41 + rng.below(41));
  m += ".JavaMail.evans@thyme>";
  m += eol;
  m += "Date: ";
  gen::append_date(m, ts);
  m += eol;
  m += "From: ";
  m += sender->email;
  m += eol;
  const std::size_t width = rng.percent(70) ? 78 : 80;
  const ListForm to_form = gen::pick_list_form(rng);
  if (has_to) {
    m += "To: ";
    m += gen::fold(gen::recipient_field(rng, buf.to, to_form), 4, width, eol);
  }
  const std::string subject = gen::make_subject(rng, dir, ts.date, latin1);
  gen::append_subject(rng, m, subject, eol);
  std::string cc_value;
  if (has_cc) {
    ListForm cc_form = gen::pick_list_form(rng);
    if (cc_form == ListForm::kUndisclosed) cc_form = ListForm::kPlain;
    cc_value = gen::fold(gen::recipient_field(rng, buf.cc, cc_form), 4, width, eol);
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
  m += gen::x_name(rng, *sender, notes);
  m += eol;
  m += "X-To: ";
  if (has_to)
    m += to_form == ListForm::kUndisclosed ? std::string("undisclosed-recipients:;")
                                           : gen::x_list(rng, buf.to, notes);
  m += eol;
  m += "X-cc: ";
  if (has_cc) m += gen::x_list(rng, buf.cc, notes);
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

  // Body.
  std::size_t target = static_cast<std::size_t>(kBodyMedian * rng.lognormal_milli() / 1000);
  if (rng.chance(1, kHugeOneIn)) target = static_cast<std::size_t>(rng.range(100000, 400000));
  BodyContext ctx;
  ctx.directory = &dir;
  ctx.sender = sender;
  ctx.recipients = buf.to;
  ctx.date = ts.date;
  ctx.notes = notes;
  ctx.latin1 = latin1;
  ctx.subject = subject;
  buf.body.clear();
  gen::make_body(rng, ctx, target, buf.body);
  if (crlf_body) {
    for (char c : buf.body) {
      if (c == '\n') m += '\r';
      m += c;
    }
  } else {
    m += buf.body;
  }
  if (!final_newline) {
    while (!m.empty() && (m.back() == '\n' || m.back() == '\r')) m.pop_back();
  }
}

}  // namespace

GeneratorSummary generate_maildir(const GeneratorOptions& options) {
  check_out_dir(options.out_dir);
  const Directory dir = gen::build_directory(options.seed, options.messages);
  GeneratorSummary summary;
  Buffers buf;
  buf.message.reserve(1 << 20);
  buf.body.reserve(1 << 20);
  std::uint64_t index = 0;
  const std::string root = options.out_dir.string();
  for (const Mailbox& box : dir.mailboxes) {
    if (box.folders.empty()) continue;  // only when messages == 0
    const std::string user_dir = root + "/" + box.key;
    make_dir(user_dir);
    for (const Folder& folder : box.folders) {
      // Create each level of a nested folder ("inbox/california").
      for (std::size_t slash = folder.dir.find('/'); slash != std::string::npos;
           slash = folder.dir.find('/', slash + 1)) {
        make_dir(user_dir + "/" + folder.dir.substr(0, slash));
      }
      const std::string folder_dir = user_dir + "/" + folder.dir;
      make_dir(folder_dir);
      for (std::uint64_t n = 1; n <= folder.count; ++n, ++index) {
        Rng rng = Rng::stream(options.seed ^ 0x3C6EF372FE94F82BULL, index);
        build_message(rng, dir, box, folder, index, buf);
        write_file(folder_dir + "/" + std::to_string(n) + ".", buf.message);
        summary.files += 1;
        summary.bytes += buf.message.size();
      }
    }
  }
  return summary;
}

}  // namespace mpingest
