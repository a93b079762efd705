#include "bench/bench_timelines.h"

#include <cctype>

#include "common/mapped_file.h"
#include "common/whole_file.h"
#include "timeline/gantt_svg.h"
#include "timeline/trace_json.h"

namespace mpingest {

std::string case_file_stem(const BenchCase& config) {
  std::string stem;
  for (char c : config.label()) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '+') stem.push_back(c);
    else if (!stem.empty() && stem.back() != '-') stem.push_back('-');
  }
  while (!stem.empty() && stem.back() == '-') stem.pop_back();
  return stem;
}

BenchTimelines write_bench_timelines(const BenchOptions& options, const BenchResult& result, const std::string& dir) {
  BenchTimelines written;
  std::vector<RunTrace> traces;
  std::vector<std::string> titles;
  for (const BenchRow& row : result.rows) {
    if (row.config.python) continue;  // the seed's Python is not traced
    const std::string stem = dir + "/timeline-" + case_file_stem(row.config);
    BenchOptions traced = options;
    traced.input_flags.insert(traced.input_flags.end(), {"--trace", stem + ".json", "--timeline", stem + ".svg"});
    run_bench_case(traced, row.config);
    written.charts.push_back(stem + ".svg");
    traces.push_back(trace_from_json(nlohmann::json::parse(MappedFile(stem + ".json", "trace").bytes())));
    titles.push_back(row.config.label());
  }
  std::vector<GanttPanel> panels;
  for (std::size_t i = 0; i < traces.size(); ++i) panels.push_back({titles[i] + ": " + traces[i].title, &traces[i]});
  written.combined = dir + "/timelines.svg";
  write_whole_file(written.combined, render_gantt_svg(panels), "bench --timeline");
  return written;
}

}  // namespace mpingest
