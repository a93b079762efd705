#include "corpus/mbox_records.h"

#include <algorithm>

namespace mpingest {
namespace {

constexpr std::string_view kFrom = "From ";
constexpr std::string_view kLineFrom = "\nFrom ";
constexpr std::string_view kQuotedFrom = ">From ";

std::uint64_t count_newlines(std::string_view text, std::size_t begin, std::size_t end) {
  return static_cast<std::uint64_t>(std::count(text.data() + begin, text.data() + end, '\n'));
}

}  // namespace

std::vector<RecordSpan> index_mbox(std::string_view file, const ScannedUpTo& scanned) {
  std::vector<RecordSpan> spans;
  index_mbox(file, [&spans](const RecordSpan& span) { spans.push_back(span); }, scanned);
  return spans;
}

void index_mbox(std::string_view file, const OnRecord& on_message, const ScannedUpTo& scanned) {
  if (file.empty()) return;
  if (file.substr(0, kFrom.size()) != kFrom) {
    RecordSpan whole;
    whole.offset = 0;
    whole.length = file.size();
    whole.line = 1;
    whole.error = "not an mbox: no 'From ' line at the start";
    on_message(whole);
    return;
  }

  const std::size_t n = file.size();
  std::size_t from = 0;  // start of the current From_ line
  std::uint64_t line = 1;
  std::size_t reported = 0;
  for (;;) {
    if (scanned && from - reported >= kScannedReportBytes) scanned(reported = from);
    const std::size_t newline = file.find('\n', from);
    const std::size_t body = newline == std::string_view::npos ? n : newline + 1;
    const std::size_t found = newline == std::string_view::npos ? newline : file.find(kLineFrom, newline);
    const std::size_t next = found == std::string_view::npos ? n : found + 1;  // next From_ line, or EOF

    // Drop one blank line before the next From_ line (or the end). A line
    // starts after a '\n', and body - 1 is the From_ line's '\n', so the
    // look-behind below never leaves the file.
    std::size_t end = next;
    if (end > body && file[end - 1] == '\n') {
      if (file[end - 2] == '\n') {
        end -= 1;  // "\n"
      } else if (end - body >= 2 && file[end - 2] == '\r' && file[end - 3] == '\n') {
        end -= 2;  // "\r\n"
      }
    }

    RecordSpan span;
    span.offset = body;
    span.length = end - body;
    span.line = line;
    on_message(span);

    if (next == n) break;
    line += count_newlines(file, from, next);
    from = next;
  }
}

bool unquote_mboxrd(std::string_view message, std::string& out) {
  bool found = false;
  std::size_t copied = 0;  // message[0, copied) is in `out`, minus the dropped '>'s
  std::size_t pos = 0;
  while ((pos = message.find(kQuotedFrom, pos)) != std::string_view::npos) {
    std::size_t first = pos;  // the line's first '>', if the line is all '>' up to here
    while (first > 0 && message[first - 1] == '>') --first;
    if (first == 0 || message[first - 1] == '\n') {
      if (!found) {
        out.clear();
        out.reserve(message.size());
        found = true;
      }
      out.append(message.data() + copied, first - copied);
      copied = first + 1;  // drop one '>'
    }
    pos += kQuotedFrom.size();  // the next match cannot start inside this one
  }
  if (!found) return false;
  out.append(message.data() + copied, message.size() - copied);
  return true;
}

}  // namespace mpingest
