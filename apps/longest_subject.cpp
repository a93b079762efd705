// An example of the public API: a task of its own, run like Pool.map(f, items)
// in any launch mode. For each sender (the From header as written), the
// longest Subject it ever used; ties go to the subject that sorts first, so
// the answer does not depend on which worker saw which message.
//
//   longest_subject INPUT [--mode serial|threads|fork|spawn] [--workers N]
//                         [--dispatch rr|block|queue] [--ipc pipe|shm] [--json]
//
// Headers are read plainly (a field runs to the next line that does not
// start with a space or tab; the first From and Subject count), which is
// enough for an example; the built-in tasks use lib/message/ instead.
#include <algorithm>
#include <boost/serialization/map.hpp>
#include <cctype>
#include <iostream>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mpingest/run.h"
#include "mpingest/task_registry.h"

namespace {

bool starts_with_field(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  return true;
}

// The value of the first `name` field of the header block, unfolded and trimmed.
std::string header(std::string_view text, std::string_view name) {
  std::string value;
  bool inside = false;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    std::string_view line = text.substr(at, end == std::string_view::npos ? text.size() - at : end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    at = end == std::string_view::npos ? text.size() : end + 1;
    if (line.empty()) break;  // the end of the headers
    if (inside && (line[0] == ' ' || line[0] == '\t')) {
      value.append(line);
      continue;
    }
    if (inside) break;
    if (starts_with_field(line, name)) {
      value.assign(line.substr(name.size() + 1));
      inside = true;
    }
  }
  auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!value.empty() && space(value.back())) value.pop_back();
  value.erase(value.begin(), std::find_if_not(value.begin(), value.end(), space));
  return value;
}

// Whether `a` beats `b` as a sender's longest subject.
bool longer(const std::string& a, const std::string& b) { return a.size() != b.size() ? a.size() > b.size() : a < b; }

class LongestSubject {
 public:
  struct Partial {
    std::map<std::string, std::string> longest;  // sender -> subject
    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
      ar & longest;
    }
  };

  explicit LongestSubject(const mpingest::TaskOptions& /*options*/) {}

  void process(const mpingest::TaskItem& item, Partial& partial, mpingest::ItemResult& result) {
    std::string from = header(item.text, "from");
    if (from.empty()) return;  // no sender: nothing to count, but not an error
    std::string subject = header(item.text, "subject");
    if (result.record != nullptr) *result.record = nlohmann::json{{"item", item.label()}, {"subject", subject}}.dump();
    auto [it, inserted] = partial.longest.try_emplace(std::move(from), subject);
    if (!inserted && longer(subject, it->second)) it->second = std::move(subject);
  }

  static void merge(Partial& into, Partial&& from) {
    for (auto& [sender, subject] : from.longest) {
      auto [it, inserted] = into.longest.try_emplace(sender, subject);
      if (!inserted && longer(subject, it->second)) it->second = std::move(subject);
    }
  }

  static mpingest::TaskReport report(const Partial& merged, const mpingest::TaskOptions& options) {
    std::vector<std::pair<std::string, std::string>> ranked(merged.longest.begin(), merged.longest.end());
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.second.size() != b.second.size() ? a.second.size() > b.second.size() : a < b;
    });
    ranked.resize(std::min<std::size_t>(ranked.size(), options.top > 0 ? options.top : 5));
    mpingest::TaskReport report;
    report.totals = {{"senders", merged.longest.size()}};
    report.text = "\nlongest subjects\n";
    nlohmann::json longest = nlohmann::json::array();
    for (const auto& [sender, subject] : ranked) {
      report.text += "  " + std::to_string(subject.size()) + "  " + sender + ": " + subject + "\n";
      longest.push_back({{"sender", sender}, {"subject", subject}});
    }
    report.json["longest_subjects"] = std::move(longest);
    return report;
  }
};

}  // namespace

int main(int argc, char** argv) {
  mpingest::register_task<LongestSubject>("longest-subject", "the longest Subject of each sender");
  // With --mode spawn, this program is also its own worker.
  if (mpingest::is_worker_invocation(argc, argv)) return mpingest::serve_worker(argc, argv);

  mpingest::RunOptions options;
  options.task = "longest-subject";
  options.encoding = "latin-1";  // header bytes are kept as they are
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--mode") options.mode = value();
    else if (arg == "--workers") options.workers = std::stoi(value());
    else if (arg == "--dispatch") options.dispatch = value();
    else if (arg == "--ipc") options.ipc = value();
    else if (arg == "--json") json = true;
    else if (options.input.empty()) options.input = std::string(arg);
    else {
      std::cerr << "usage: longest_subject INPUT [--mode M] [--workers N] [--dispatch D] [--ipc I] [--json]\n";
      return 2;
    }
  }
  if (options.input.empty()) {
    std::cerr << "usage: longest_subject INPUT [--mode M] [--workers N] [--dispatch D] [--ipc I] [--json]\n";
    return 2;
  }
  try {
    mpingest::RunResult result = mpingest::run(options);
    if (json) {
      std::cout << result.json_report().dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
      std::cout << result.text_report();
    }
    return result.complete() ? 0 : 3;
  } catch (const std::exception& e) {
    std::cerr << "longest_subject: " << e.what() << "\n";
    return 2;
  }
}
