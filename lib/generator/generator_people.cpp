#include "generator/generator_people.h"

#include <algorithm>
#include <set>

#include "generator/generator_vocab.h"

namespace mpingest::gen {

namespace {

__extension__ typedef unsigned __int128 Uint128;

char to_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string s) {
  for (char& c : s) c = to_lower(c);
  return s;
}

std::string upper(std::string s) {
  for (char& c : s) c = to_upper(c);
  return s;
}

// "mcdonald" -> "McDonald", "oneil" -> "O'Neil", "dasovich" -> "Dasovich".
std::string surname_display(const std::string& key) {
  if (key == "oneil") return "O'Neil";
  std::string s = key;
  s[0] = to_upper(s[0]);
  if (s.size() > 3 && s[0] == 'M' && s[1] == 'c') s[2] = to_upper(s[2]);
  return s;
}

// Letters only, lower case: "O'Neil" -> "oneil".
std::string letters(const std::string& s) {
  std::string out;
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) out += to_lower(c);
  }
  return out;
}

Person make_person(Rng& rng, const std::string& surname_key, const char* first, bool internal) {
  Person p;
  p.first = first;
  p.last = surname_display(surname_key);
  p.internal = internal;
  if (rng.percent(30)) p.middle = std::string(1, static_cast<char>('A' + rng.index(26)));
  const std::string f = lower(p.first);
  const std::string l = letters(p.last);
  p.alias = f.substr(0, 1) + l.substr(0, 7);
  if (internal) {
    const auto form = rng.index(100);
    if (form < 88 || p.middle.empty()) {
      p.email = f + "." + l + "@enron.com";
    } else if (form < 96) {
      p.email = lower(p.middle) + ".." + l + "@enron.com";  // "f..calger@enron.com"
    } else {
      p.email = p.alias + "@enron.com";
    }
    p.notes = p.full_name() + "/" + kNotesOrgs.pick(rng);
  } else {
    const std::string domain = kExternalDomains.pick(rng);
    switch (rng.index(6)) {
      case 0:
        p.email = f.substr(0, 1) + l;
        break;
      case 1:
        p.email = f + "." + l;
        break;
      case 2:
        p.email = f + "_" + l;
        break;
      case 3:
        p.email = l + f.substr(0, 1);
        break;
      case 4:
        p.email = f + l.substr(0, 1) + std::to_string(rng.range(1, 99));
        break;
      default:
        p.email = f.substr(0, 1) + (p.middle.empty() ? "" : lower(p.middle)) + l;
        break;
    }
    p.email += "@" + domain;
  }
  return p;
}

bool is_sent_dir(const std::string& dir) {
  return dir == "sent" || dir == "sent_items" || dir == "_sent_mail";
}

void add_folder(Mailbox& box, std::vector<std::uint64_t>& weights, const FolderName& name, bool notes,
                unsigned weight_scale) {
  for (const auto& f : box.folders) {
    if (f.dir == name.dir) return;
  }
  Folder folder;
  folder.dir = name.dir;
  folder.display = name.display;
  folder.sent = is_sent_dir(folder.dir);
  folder.notes = notes;
  box.folders.push_back(std::move(folder));
  weights.push_back(static_cast<std::uint64_t>(name.weight) * weight_scale);
}

const char* const kNotesPeriods[] = {
    "Dec2000", "June2001",           "Aug2000",           "Jan2002", "Mar2001",
    "Nov2001", "Dec2000_June2001_1", "Dec2000_June2001_2"};

void fill_mailbox(Rng& rng, Mailbox& box, const Person& owner, std::vector<std::uint64_t>& weights) {
  const auto style_roll = rng.index(100);
  box.style = style_roll < 45   ? MailboxStyle::kNotes
              : style_roll < 80 ? MailboxStyle::kOutlook
                                : MailboxStyle::kMixed;
  std::string first_last = owner.first + "_" + owner.last;
  for (char& c : first_last) {
    if (c == ' ' || c == '\'') c = '_';
  }
  box.notes_root = "\\" + first_last + "_" + rng.pick(kNotesPeriods) + "\\Notes Folders";
  box.nsf_name = owner.alias + ".nsf";
  if (rng.percent(70)) {
    const std::string id = upper(owner.alias);
    box.outlook_root = "\\" + id + " (Non-Privileged)\\" + owner.last + ", " + owner.first;
    box.pst_name = id + " (Non-Privileged).pst";
  } else {
    box.outlook_root = "\\ExMerge - " + owner.last + ", " + owner.first;
    // Separate statements: the order of rng calls must not depend on the
    // compiler's choice of operand evaluation order.
    const std::string month = std::to_string(rng.range(1, 12));
    const std::string day = std::to_string(rng.range(1, 28));
    box.pst_name = lower(owner.first) + " " + letters(owner.last) + " " + month + "-" + day + "-02.pst";
  }
  const bool use_notes = box.style != MailboxStyle::kOutlook;
  const bool use_outlook = box.style != MailboxStyle::kNotes;
  if (use_notes) {
    for (std::size_t i = 0; i < kNotesFolders.size; ++i) {
      if (i == 0 || rng.percent(80)) add_folder(box, weights, kNotesFolders.items[i], true, 1);
    }
  }
  if (use_outlook) {
    const unsigned chances[] = {100, 85, 80, 25};
    for (std::size_t i = 0; i < kOutlookFolders.size; ++i) {
      const unsigned chance = i < 4 ? chances[i] : 50;
      if (rng.percent(chance)) add_folder(box, weights, kOutlookFolders.items[i], false, 1);
    }
  }
  const auto topical = rng.index(7);  // 0..6 extra folders
  for (std::size_t k = 0; k < topical; ++k) {
    const FolderName& name = kTopicalFolders.items[rng.index(kTopicalFolders.size)];
    const bool under_inbox = std::string(name.dir).rfind("inbox/", 0) == 0;
    if (under_inbox && !use_outlook) continue;
    const bool notes = under_inbox ? false : (use_notes && (!use_outlook || rng.percent(50)));
    add_folder(box, weights, name, notes, static_cast<unsigned>(rng.range(1, 3)));
  }
}

}  // namespace

std::string Person::full_name() const {
  return middle.empty() ? first + " " + last : first + " " + middle + " " + last;
}

std::string Person::last_first() const {
  return middle.empty() ? last + ", " + first : last + ", " + first + " " + middle + ".";
}

std::vector<std::uint64_t> apportion(std::uint64_t total, const std::vector<std::uint64_t>& weights,
                                     std::uint64_t floor) {
  const std::size_t n = weights.size();
  std::vector<std::uint64_t> parts(n, 0);
  if (n == 0) return parts;
  if (floor * n > total) floor = 0;
  std::uint64_t rest = total - floor * n;
  std::uint64_t sum = 0;
  for (auto w : weights) sum += w;
  if (sum == 0) {
    for (std::size_t i = 0; i < n; ++i) parts[i] = floor + rest / n + (i < rest % n ? 1 : 0);
    return parts;
  }
  std::vector<std::uint64_t> remainder(n);
  std::uint64_t given = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Uint128 scaled = static_cast<Uint128>(rest) * weights[i];
    parts[i] = floor + static_cast<std::uint64_t>(scaled / sum);
    remainder[i] = static_cast<std::uint64_t>(scaled % sum);
    given += parts[i] - floor;
  }
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return remainder[a] != remainder[b] ? remainder[a] > remainder[b] : a < b;
  });
  for (std::size_t k = 0; given < rest; ++k, ++given) parts[order[k % n]] += 1;
  return parts;
}

Directory build_directory(std::uint64_t seed, std::uint64_t messages) {
  Rng rng = Rng::stream(seed, 0xD1EC7027ULL);
  Directory dir;

  // Mailbox owners: ~1 per 130 messages, unique "surname-initial" keys.
  const std::uint64_t users = std::max<std::uint64_t>(1, (messages + 65) / 130);
  std::set<std::string> keys;
  std::vector<std::uint64_t> user_weights;
  for (std::uint64_t u = 0; u < users; ++u) {
    std::string surname;
    const char* first = nullptr;
    std::string key;
    for (int attempt = 0;; ++attempt) {
      surname = kSurnames.pick(rng);
      first = kFirstNames.pick(rng);
      key = surname + "-" + to_lower(first[0]);
      if (attempt >= 8) {
        const std::string base = key;
        for (std::uint64_t k = 2; keys.count(key) != 0; ++k) key = base + std::to_string(k);
      }
      if (keys.count(key) == 0) break;
    }
    keys.insert(key);
    Person owner = make_person(rng, surname, first, true);
    owner.email = lower(owner.first) + "." + letters(owner.last) + "@enron.com";
    Mailbox box;
    box.person = dir.people.size();
    box.key = key;
    std::string origin = surname + "-" + to_lower(first[0]);
    box.origin = rng.percent(75) ? upper(origin) : surname_display(surname) + "-" + to_upper(first[0]);
    dir.people.push_back(std::move(owner));
    dir.mailboxes.push_back(std::move(box));
    user_weights.push_back(rng.lognormal_milli());
  }

  // Correspondents.
  const std::uint64_t contacts = std::min<std::uint64_t>(6000, std::max<std::uint64_t>(800, users * 25));
  for (std::uint64_t i = 0; i < contacts; ++i) {
    const bool internal = rng.percent(55);
    const std::string surname = kSurnames.pick(rng);
    const char* first = kFirstNames.pick(rng);
    dir.people.push_back(make_person(rng, surname, first, internal));
  }
  for (std::size_t i = 0; i < dir.people.size(); ++i) {
    (dir.people[i].internal ? dir.internal_ids : dir.external_ids).push_back(i);
  }

  // Messages per user (at least one each), then per folder.
  const auto per_user = apportion(messages, user_weights, 1);
  for (std::size_t u = 0; u < dir.mailboxes.size(); ++u) {
    Mailbox& box = dir.mailboxes[u];
    std::vector<std::uint64_t> folder_weights;
    fill_mailbox(rng, box, dir.people[box.person], folder_weights);
    const auto per_folder = apportion(per_user[u], folder_weights, 0);
    std::vector<Folder> kept;
    for (std::size_t f = 0; f < box.folders.size(); ++f) {
      if (per_folder[f] == 0) continue;
      box.folders[f].count = per_folder[f];
      kept.push_back(std::move(box.folders[f]));
    }
    box.folders = std::move(kept);
  }
  return dir;
}

}  // namespace mpingest::gen
