#include "tasks/words_task.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "mpingest/typed_task.h"
#include "text/display_text.h"
#include "text/json_name.h"
#include "text/number_format.h"
#include "text/utf8.h"

namespace mpingest {

void WordsTask::process(const TaskItem& item, Partial& partial, ItemResult& result) {
  headers_.parse(item.text);
  std::string_view body = item.text.substr(std::min(headers_.body_offset(), item.text.size()));
  if (!headers_.body_prefix().empty()) {  // rare: a word may span the two pieces
    body_.assign(headers_.body_prefix()).append(body);
    body = body_;
  }
  std::uint64_t words = 0;
  scanner_.scan(body, [&](const std::string& key) {
    ++words;
    auto it = partial.counts.find(key);
    if (it != partial.counts.end()) {
      ++it->second;
    } else {
      partial.counts.emplace(key, 1);
    }
  });
  partial.total += words;
  if (result.record != nullptr) {
    nlohmann::json record;
    put_name(record, "item", item.label());
    record["bytes"] = item.text.size();
    record["words"] = words;
    if (options_.emit_body) record["body"] = to_utf8(body, options_.encoding);
    *result.record = record.dump();
  }
}

void WordsTask::merge(Partial& into, Partial&& from) {
  if (from.counts.size() > into.counts.size()) std::swap(into, from);  // walk the smaller one
  into.total += from.total;
  while (!from.counts.empty()) {
    auto node = from.counts.extract(from.counts.begin());
    auto it = into.counts.find(node.key());
    if (it != into.counts.end()) {
      it->second += node.mapped();
    } else {
      into.counts.insert(std::move(node));  // the key moves, no copy
    }
  }
}

TaskReport WordsTask::report(const Partial& merged, const TaskOptions& options) {
  const std::size_t k = options.top > 0 ? options.top : kDefaultTop;
  std::vector<std::pair<const std::string*, std::uint64_t>> ranked;
  ranked.reserve(merged.counts.size());
  for (const auto& [word, count] : merged.counts) ranked.emplace_back(&word, count);
  // Most frequent first, ties by the word (bytewise = code point order, as Python sorts str).
  auto before = [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : *a.first < *b.first; };
  const std::size_t shown = std::min(k, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(shown), ranked.end(), before);
  ranked.resize(shown);

  TaskReport report;
  nlohmann::json top = nlohmann::json::array();
  report.text = fmt::format("\nwords    {} in all, {} distinct\ntop {} words\n", grouped(merged.total),
                            grouped(merged.counts.size()), k);
  for (const auto& [word, count] : ranked) {
    std::string text = to_utf8(*word, options.encoding);
    report.text += fmt::format("  {:>12}  {}\n", grouped(count), printable(text));
    top.push_back({std::move(text), count});
  }
  report.json["task"] = "words";
  report.json["words"] = {{"total", merged.total}, {"distinct", merged.counts.size()}, {"top", std::move(top)}};
  return report;
}

std::unique_ptr<Task> make_words_task() {
  return std::make_unique<TypedTask<WordsTask>>(
      "words", "word frequencies of each message's body (str.isalpha runs, lower-cased), the --top K (default 20)");
}

const WordCounts& word_counts(const TaskPartial& partial) { return TypedTask<WordsTask>::value(partial); }

}  // namespace mpingest
