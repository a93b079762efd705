#pragma once
// Rendering a RunReport for people (text) and for programs (JSON).

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "run/run_job.h"

namespace mpingest {

struct TextReportOptions {
  std::size_t max_errors_listed = 20;  // the JSON report always lists them all
};

std::string render_text_report(const RunReport& report, const TextReportOptions& options = {});

// The JSON document: config, totals (items, messages, bytes, errors and the
// task's rows), the task's keys, workers, timing, time_breakdown, errors,
// failures, unprocessed. See README.md.
nlohmann::json report_to_json(const RunReport& report);
// report_to_json, indented, ending in a newline. Never throws for text that
// is not UTF-8: names are made lossless (text/json_name.h), and any other
// invalid byte becomes U+FFFD.
std::string render_json_report(const RunReport& report);

const char* encoding_name(TextEncoding encoding);

}  // namespace mpingest
