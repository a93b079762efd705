#pragma once
// The task `capitals`, the default: the email analysis the seed tutorials
// run. Per message: capital letters as Python's str.isupper() counts them,
// the To and Cc address lists as email.utils.getaddresses() parses them,
// whether there is a To at all; with --top, senders, recipients and pairs;
// with --emit, one record per message (tasks/capitals_record.h).

#include <cstdint>
#include <string_view>
#include <vector>

#include "message/message_analysis.h"
#include "mpingest/task.h"
#include "tasks/address_counts.h"

namespace mpingest {

// What one worker counted; merging is +=, so arrival order cannot matter.
struct CapitalsCounts {
  std::uint64_t capitals = 0;
  std::uint64_t to_addresses = 0;
  std::uint64_t messages_without_to = 0;
  std::uint64_t cc_addresses = 0;
  std::uint64_t messages_without_headers = 0;
  std::uint64_t invalid_sequences = 0;  // UTF-8 sequences that were not valid (--encoding utf-8)
  AddressCounts addresses;              // --top: senders, recipients, pairs (empty otherwise)

  CapitalsCounts& operator+=(const CapitalsCounts& o);
  bool operator==(const CapitalsCounts& o) const;
  bool operator!=(const CapitalsCounts& o) const { return !(*this == o); }

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & capitals & to_addresses & messages_without_to & cc_addresses & messages_without_headers &
        invalid_sequences & addresses;
  }
};

class CapitalsTask {
 public:
  using Partial = CapitalsCounts;

  explicit CapitalsTask(const TaskOptions& options) : options_(options), analyzer_(options.encoding) {}

  void process(const TaskItem& item, Partial& partial, ItemResult& result);
  static void merge(Partial& into, Partial&& from) { into += from; }
  static TaskReport report(const Partial& merged, const TaskOptions& options);

 private:
  TaskOptions options_;
  MessageAnalyzer analyzer_;
  MessageFields fields_;  // reused across messages
  std::vector<std::string_view> senders_, recipients_;  // --top scratch, reused
};

std::unique_ptr<Task> make_capitals_task();

// The counts of a run of this task (its merged partial), e.g. for tests.
const CapitalsCounts& capitals_counts(const TaskPartial& partial);
CapitalsCounts& capitals_counts(TaskPartial& partial);
// The registered task `capitals`.
const Task& capitals_task();

}  // namespace mpingest
