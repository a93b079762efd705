#include "timeline_command.h"

#include <fmt/format.h>

#include <iostream>

#include "common/system_error.h"
#include "common/mapped_file.h"
#include "common/whole_file.h"
#include "exit_codes.h"
#include "timeline/gantt_svg.h"
#include "timeline/trace_json.h"

namespace mpingest {

CLI::App* add_timeline_command(CLI::App& app, TimelineFlags& f) {
  CLI::App* timeline = app.add_subcommand(
      "timeline", "Draw runs traced with --trace as one Gantt chart (SVG), one above the other on one time axis");
  timeline->add_option("traces", f.traces, "Trace files written by --trace")->required()->check(CLI::ExistingFile);
  timeline->add_option("-o,--out", f.out, "The SVG to write")->required();
  timeline->add_option("--title", f.titles, "A title for each trace, in order (default: how the run was made)");
  return timeline;
}

int run_timeline_command(const TimelineFlags& f) {
  if (!f.titles.empty() && f.titles.size() != f.traces.size())
    throw UsageError("--title: give one for each trace (" + std::to_string(f.traces.size()) + "), or none");
  check_whole_file_writable(f.out, "--out");
  std::vector<RunTrace> traces;
  for (const std::string& path : f.traces) {
    nlohmann::json doc = nlohmann::json::parse(MappedFile(path, "trace").bytes(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) throw UsageError("trace " + path + " is not JSON");
    try {
      traces.push_back(trace_from_json(doc));
    } catch (const UsageError& e) {
      throw UsageError("trace " + path + ": " + e.what());
    }
  }
  std::vector<GanttPanel> panels;
  for (std::size_t i = 0; i < traces.size(); ++i)
    panels.push_back({f.titles.empty() ? traces[i].title : f.titles[i], &traces[i]});
  write_whole_file(f.out, render_gantt_svg(panels), "--out");
  // What each chart shows, in words, for those who read it in a terminal or a log.
  for (const GanttPanel& panel : panels) {
    TimelineSummary summary = summarize_timeline(*panel.trace);
    std::cout << panel.title << ": wall " << fmt::format("{:.3f}", summary.wall_s) << " s";
    if (summary.straggler >= 0)
      std::cout << "; last to finish: worker " << summary.straggler << ", "
                << fmt::format("{:.3f}", summary.straggler_lead_s) << " s after the first";
    std::cout << "\n  critical path:";
    for (std::size_t i = 0; i < summary.critical_path.size(); ++i)
      std::cout << (i == 0 ? " " : " -> ") << summary.critical_path[i];
    std::cout << "\n";
  }
  std::cout << "wrote " << f.out << "\n";
  return exit_code::kOk;
}

}  // namespace mpingest
