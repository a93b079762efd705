#include "generator/generator_output.h"

namespace mpingest::gen {

void append_mbox_entry(std::string& out, const GeneratedMessage& message) {
  out += "From ";
  out += message.from;
  out += ' ';
  append_asctime(out, to_utc(message.date));
  out += '\n';
  const std::string_view m = message.bytes;
  std::size_t pos = 0;
  while (pos < m.size()) {
    std::size_t nl = m.find('\n', pos);
    const std::size_t next = nl == std::string_view::npos ? m.size() : nl + 1;
    std::size_t end = nl == std::string_view::npos ? m.size() : nl;
    if (end > pos && m[end - 1] == '\r') --end;  // CRLF -> LF
    std::size_t gt = pos;
    while (gt < end && m[gt] == '>') ++gt;
    if (m.compare(gt, 5, "From ") == 0) out += '>';
    out.append(m, pos, end - pos);
    out += '\n';
    pos = next;
  }
  out += '\n';
}

GeneratorSummary write_mbox(const GeneratorOptions& options) {
  return write_single_file(options, "",
                           [](std::string& out, std::uint64_t, const MessageSource&, const GeneratedMessage& message) {
                             append_mbox_entry(out, message);
                           });
}

}  // namespace mpingest::gen
