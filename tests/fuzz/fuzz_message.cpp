// A whole message as a worker sees it, on arbitrary bytes, in Latin-1 and
// UTF-8: header parsing, From/To/Cc address lists, capital counting and the
// --emit record. Asserts: header names/values and the body lie inside the
// input; capitals + invalid UTF-8 sequences never exceed the byte count; the
// counting-only path agrees with the full parse; text re-encoded as UTF-8 is
// valid and keeps its capital count; the record is valid JSON.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "message/message_analysis.h"
#include "message/message_headers.h"
#include "text/capitals.h"
#include "text/utf8.h"
#include "tasks/capitals_record.h"

using namespace mpingest;

namespace {

void check_headers(std::string_view text) {
  MessageHeaders headers;
  headers.parse(text);
  FUZZ_CHECK(headers.body_offset() <= text.size());
  for (const HeaderField& field : headers.fields()) {
    FUZZ_CHECK(fuzz::inside(field.name, text));
    FUZZ_CHECK(fuzz::inside(field.value, text));
    FUZZ_CHECK(!field.name.empty());
    for (unsigned char c : field.name) FUZZ_CHECK(c >= 0x21 && c <= 0x7e && c != ':');
    FUZZ_CHECK(field.value.empty() || (field.value.back() != '\r' && field.value.back() != '\n'));
    // The body starts after every header line.
    FUZZ_CHECK(field.value.data() + field.value.size() <= text.data() + headers.body_offset());
  }
}

void check_analysis(std::string_view text, TextEncoding encoding) {
  MessageAnalyzer analyzer(encoding);
  MessageCounts counts;
  MessageFields fields;
  MessageCounts full;
  bool too_deep = false;
  try {
    counts = analyzer.analyze(text);
  } catch (const AddressListTooDeep&) {
    too_deep = true;
  }
  try {
    full = analyzer.analyze(text, &fields);
    FUZZ_CHECK(!too_deep);
  } catch (const AddressListTooDeep&) {
    FUZZ_CHECK(too_deep);
    return;
  }
  FUZZ_CHECK(counts.capitals + counts.invalid_sequences <= text.size());
  if (encoding == TextEncoding::latin1) FUZZ_CHECK(counts.invalid_sequences == 0);
  // The counting-only path (no address strings kept) agrees with the full parse.
  FUZZ_CHECK(full.capitals == counts.capitals && full.invalid_sequences == counts.invalid_sequences);
  FUZZ_CHECK(full.to_addresses == counts.to_addresses && full.cc_addresses == counts.cc_addresses);
  FUZZ_CHECK(full.has_to == counts.has_to && full.has_headers == counts.has_headers);
  FUZZ_CHECK(counts.to_addresses <= fields.to.size() && counts.cc_addresses <= fields.cc.size());
  FUZZ_CHECK(fields.to.size() <= text.size() && fields.cc.size() <= text.size());
  for (const auto& v : {fields.from, fields.subject, fields.date}) FUZZ_CHECK(!v || fuzz::inside(*v, text));
  FUZZ_CHECK(fuzz::inside(fields.body, text) && fields.body.data() + fields.body.size() == text.data() + text.size());

  // Decoding to UTF-8 (what --emit writes) gives valid UTF-8 with the same capitals.
  const std::string utf8 = to_utf8(text, encoding);
  const Utf8Count recount = count_capitals_utf8(utf8);
  FUZZ_CHECK(recount.invalid_sequences == 0);
  FUZZ_CHECK(recount.capitals == counts.capitals);

  RecordContext context{"fuzz", text.size(), encoding, true};
  const std::string record = build_record(context, fields, full);
  FUZZ_CHECK(nlohmann::json::accept(record));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_headers(text);
  check_analysis(text, TextEncoding::latin1);
  check_analysis(text, TextEncoding::utf8);
  return 0;
}
