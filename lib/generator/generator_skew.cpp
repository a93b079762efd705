#include "generator/generator_skew.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace mpingest::gen {

std::size_t mass_mailing_size(std::size_t normal, std::uint64_t factor, std::uint64_t most) {
  if (normal == 0) return 0;
  return static_cast<std::size_t>(factor >= most / normal ? most : normal * factor);
}

std::string named_recipient_list(const std::vector<const Person*>& people) {
  std::string out;
  for (const Person* p : people) {
    if (!out.empty()) out += ", ";
    out += "\"" + p->last + ", " + p->first + "\" <" + p->email + ">";
  }
  return out;
}

std::vector<bool> huge_messages(const Directory& directory, std::uint64_t messages, double fraction,
                                bool path_order) {
  std::vector<bool> huge(messages, false);
  auto count = static_cast<std::uint64_t>(std::llround(std::clamp(fraction, 0.0, 1.0) * static_cast<double>(messages)));
  if (count == 0) return huge;
  if (!path_order) {
    std::fill(huge.begin(), huge.begin() + static_cast<std::ptrdiff_t>(count), true);
    return huge;
  }
  // The relative path of every message, as the maildir writer names it and
  // enumeration sorts it.
  std::vector<std::pair<std::string, std::uint64_t>> paths;
  paths.reserve(messages);
  std::uint64_t index = 0;
  for (const Mailbox& box : directory.mailboxes) {
    for (const Folder& folder : box.folders) {
      for (std::uint64_t n = 1; n <= folder.count; ++n, ++index)
        paths.emplace_back(box.key + "/" + folder.dir + "/" + std::to_string(n) + ".", index);
    }
  }
  auto first = paths.begin() + static_cast<std::ptrdiff_t>(std::min<std::uint64_t>(count, paths.size()));
  std::partial_sort(paths.begin(), first, paths.end());
  for (auto it = paths.begin(); it != first; ++it) huge[it->second] = true;
  return huge;
}

}  // namespace mpingest::gen
