#pragma once
// `mpingest timeline`: runs traced with --trace, drawn as one Gantt chart,
// one above the other on a shared time axis (block against queue, batch 1
// against batch 64, threads with and without --gil).

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace mpingest {

struct TimelineFlags {
  std::vector<std::string> traces;  // --trace files, drawn top to bottom
  std::vector<std::string> titles;  // --title, one per trace; default: the run's own
  std::string out;
};

CLI::App* add_timeline_command(CLI::App& app, TimelineFlags& flags);

// Writes the chart. Throws UsageError for a file that is not a trace.
int run_timeline_command(const TimelineFlags& flags);

}  // namespace mpingest
