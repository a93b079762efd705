#pragma once
// The task `words`: word frequencies over each message's body, as Python
// counts them with
//
//   body = email.parser.HeaderParser().parsestr(text).get_payload()
//   Counter(''.join(g).lower() for alpha, g in itertools.groupby(body, str.isalpha) if alpha)
//
// (text/words.h splits and folds). A CPU-heavy task with heavy results:
// every worker sends its whole dictionary, so serialization, the transport
// and the merge cost what they cost in real pipelines.

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "message/message_headers.h"
#include "mpingest/task.h"
#include "text/words.h"

namespace mpingest {

// Words by key (Latin-1 bytes or UTF-8, the run's encoding), and how many in all.
struct WordCounts {
  std::unordered_map<std::string, std::uint64_t> counts;
  std::uint64_t total = 0;

  template <class Archive>
  void save(Archive& ar, unsigned /*version*/) const {
    std::uint64_t size = counts.size();
    ar << total << size;
    for (const auto& [word, count] : counts) ar << word << count;
  }
  template <class Archive>
  void load(Archive& ar, unsigned /*version*/) {
    std::uint64_t size = 0;
    ar >> total >> size;
    counts.clear();
    std::string word;
    std::uint64_t count = 0;
    for (std::uint64_t i = 0; i < size; ++i) {  // a lying size ends at the end of the bytes
      ar >> word >> count;
      counts[word] += count;
    }
  }
  template <class Archive>
  void serialize(Archive& ar, unsigned version) {
    if constexpr (Archive::is_saving::value) {
      save(ar, version);
    } else {
      load(ar, version);
    }
  }
};

class WordsTask {
 public:
  using Partial = WordCounts;
  static constexpr std::size_t kDefaultTop = 20;

  explicit WordsTask(const TaskOptions& options) : options_(options), scanner_(options.encoding) {}

  void process(const TaskItem& item, Partial& partial, ItemResult& result);
  static void merge(Partial& into, Partial&& from);
  static TaskReport report(const Partial& merged, const TaskOptions& options);

 private:
  TaskOptions options_;
  MessageHeaders headers_;
  WordScanner scanner_;
  std::string body_;  // only when the body does not lie in one piece
};

std::unique_ptr<Task> make_words_task();
const WordCounts& word_counts(const TaskPartial& partial);

}  // namespace mpingest
