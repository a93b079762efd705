#include "corpus/generator_output.h"

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
  OutputFile file(options.out_dir);
  const MessageSource source(options.seed, options.messages, single_file_style());
  GeneratedMessage message;
  message.bytes.reserve(1 << 20);
  message.scratch.reserve(1 << 20);
  GeneratorSummary summary;
  for (std::uint64_t i = 0; i < source.size(); ++i) {
    source.build(i, message);
    append_mbox_entry(file.buffer(), message);
    file.maybe_flush();
    summary.files += 1;
  }
  summary.bytes = file.close();
  return summary;
}

}  // namespace mpingest::gen
