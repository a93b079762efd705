#include "timeline/gantt_svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "text/xml_escape.h"
#include "timeline/trace_origin.h"

namespace mpingest {
namespace {

// What a worker's time is drawn as, bottom to top of its bar.
enum Band { kWork, kRead, kWait, kIpc, kSetup, kBands };
constexpr std::array<const char*, kBands> kBandColor = {"#f28e2b", "#4e79a7", "#e15759", "#59a14f", "#bab0ac"};
constexpr std::array<const char*, kBands> kBandName = {"working (parse + count)", "reading", "waiting (queue claim, GIL)",
                                                       "IPC (checkpoint, result)", "setup (spawn, MPI start-up)"};
using BandTimes = std::array<double, kBands>;

constexpr int kWidth = 1600;
constexpr int kLabelWidth = 250;
constexpr int kRightMargin = 40;
constexpr int kPlotWidth = kWidth - kLabelWidth - kRightMargin;
constexpr int kRowHeight = 44;
constexpr int kBarHeight = 30;
constexpr int kPanelHeader = 84;

std::string duration_text(double seconds) {
  if (seconds >= 10) return fmt::format("{:.1f} s", seconds);
  if (seconds >= 1) return fmt::format("{:.2f} s", seconds);
  if (seconds >= 0.01) return fmt::format("{:.0f} ms", seconds * 1e3);
  return fmt::format("{:.1f} ms", seconds * 1e3);
}

double seconds(std::int64_t ns) { return static_cast<double>(ns) / 1e9; }

BandTimes bands_of(const TraceSpan& span) {
  BandTimes t{};
  const auto length = static_cast<double>(span.end_ns - span.start_ns);
  switch (span.kind) {
    case TraceKind::items: {
      t[kRead] = static_cast<double>(span.read_ns);
      t[kWait] = static_cast<double>(span.wait_ns);
      t[kWork] = std::max(0.0, length - t[kRead] - t[kWait]);  // the worker's own bookkeeping counts as work
      break;
    }
    case TraceKind::read: case TraceKind::read_batch: t[kRead] = length; break;
    case TraceKind::gil_wait: case TraceKind::claim: t[kWait] = length; break;
    case TraceKind::work: t[kWork] = length; break;
    case TraceKind::checkpoint: case TraceKind::send_result: t[kIpc] = length; break;
    case TraceKind::setup: t[kSetup] = length; break;
  }
  return t;
}

std::int64_t worker_end_ns(const WorkerTrack& worker) {
  std::int64_t end = worker.ready_ns;
  for (const TraceSpan& span : worker.spans) end = std::max(end, span.end_ns);
  return end;
}

std::int64_t worker_start_ns(const WorkerTrack& worker) {
  std::int64_t start = worker.started_ns;
  for (const TraceSpan& span : worker.spans) start = std::min(start, span.start_ns);
  return start;
}

const PhaseSpan* find_phase(const RunTrace& trace, const std::string& name) {
  for (const PhaseSpan& phase : trace.phases)
    if (phase.name == name) return &phase;
  return nullptr;
}

// Maps the clock to pixels; every panel of a chart shares ns_per_px.
struct TimeScale {
  std::int64_t origin = 0;
  double ns_per_px = 1;
  double x(std::int64_t ns) const { return kLabelWidth + static_cast<double>(ns - origin) / ns_per_px; }
};

// A row's time, per pixel column and band.
class PixelBins {
 public:
  explicit PixelBins(const TimeScale& scale) : scale_(scale), bins_(kPlotWidth) {}

  void add(std::int64_t start_ns, std::int64_t end_ns, const BandTimes& bands) {
    const auto length = static_cast<double>(end_ns - start_ns);
    if (length <= 0) return;
    const double from = static_cast<double>(start_ns - scale_.origin) / scale_.ns_per_px;
    const double to = static_cast<double>(end_ns - scale_.origin) / scale_.ns_per_px;
    for (int p = std::max(0, static_cast<int>(from)); p < kPlotWidth && p <= static_cast<int>(to); ++p) {
      const double overlap = (std::min(to, p + 1.0) - std::max(from, static_cast<double>(p))) * scale_.ns_per_px;
      if (overlap <= 0) continue;
      for (int b = 0; b < kBands; ++b) bins_[static_cast<std::size_t>(p)][static_cast<std::size_t>(b)] += overlap * bands[static_cast<std::size_t>(b)] / length;
    }
  }

  // Rectangles: runs of columns whose bands have the same whole-pixel heights, stacked from the bar's bottom.
  std::string draw(double bar_bottom) const {
    std::string svg;
    auto heights = [&](int p) {
      std::array<int, kBands> h{};
      int total = 0;
      for (int b = 0; b < kBands; ++b) {
        int px = static_cast<int>(std::lround(kBarHeight * bins_[static_cast<std::size_t>(p)][static_cast<std::size_t>(b)] / scale_.ns_per_px));
        px = std::min(px, kBarHeight - total);
        h[static_cast<std::size_t>(b)] = px;
        total += px;
      }
      return h;
    };
    int p = 0;
    while (p < kPlotWidth) {
      std::array<int, kBands> h = heights(p);
      int q = p + 1;
      while (q < kPlotWidth && heights(q) == h) ++q;
      double y = bar_bottom;
      for (int b = 0; b < kBands; ++b) {
        if (h[static_cast<std::size_t>(b)] == 0) continue;
        y -= h[static_cast<std::size_t>(b)];
        svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\n", kLabelWidth + p, y, q - p,
                           h[static_cast<std::size_t>(b)], kBandColor[static_cast<std::size_t>(b)]);
      }
      p = q;
    }
    return svg;
  }

 private:
  const TimeScale& scale_;
  std::vector<BandTimes> bins_;
};

const char* phase_color(const std::string& name) {
  static const std::map<std::string, const char*> colors = {
      {"enumerate", "#9c755f"}, {"prepare", "#bab0ac"}, {"launch", "#edc948"}, {"work", "#dde6f0"},
      {"finish output", "#76b7b2"}, {"journal", "#b07aa1"}, {"merge", "#ff9da7"}};
  auto it = colors.find(name);
  return it == colors.end() ? "#cccccc" : it->second;
}

// A nice tick step (1, 2 or 5 times a power of ten) for about eight ticks.
double tick_step(double span) {
  double raw = span / 8;
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * power >= raw) return m * power;
  return 10 * power;
}

class GanttWriter {
 public:
  explicit GanttWriter(const std::vector<GanttPanel>& panels) : panels_(panels) {}

  std::string render() {
    std::int64_t longest = 1;
    for (const GanttPanel& panel : panels_) {
      const RunTrace& t = *panel.trace;
      longest = std::max(longest, run_end(t) - trace_origin_ns(t));
    }
    ns_per_px_ = static_cast<double>(longest) / kPlotWidth;
    std::string body;
    int y = 20;
    for (const GanttPanel& panel : panels_) y = draw_panel(panel, y, body);
    y = draw_axis(y, static_cast<double>(longest) / 1e9, body);
    y = draw_legend(y, body);
    std::string svg = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
        "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"18\">\n"
        "<rect width=\"{0}\" height=\"{1}\" fill=\"white\"/>\n",
        kWidth, y + 10);
    return svg + body + "</svg>\n";
  }

 private:
  static std::int64_t run_end(const RunTrace& trace) {
    std::int64_t end = trace.end_ns;
    for (const WorkerTrack& worker : trace.workers) end = std::max(end, worker_end_ns(worker));
    return end;
  }

  int draw_panel(const GanttPanel& panel, int y, std::string& svg) {
    const RunTrace& trace = *panel.trace;
    TimeScale scale{trace_origin_ns(trace), ns_per_px_};
    TimelineSummary summary = summarize_timeline(trace);
    svg += fmt::format("<text x=\"20\" y=\"{}\" font-size=\"26\" font-weight=\"bold\">{}</text>\n", y + 26,
                       xml_escape(panel.title));
    std::string path_text = "critical path: ";
    for (std::size_t i = 0; i < summary.critical_path.size(); ++i)
      path_text += (i > 0 ? " \u2192 " : "") + summary.critical_path[i];
    svg += fmt::format("<text x=\"20\" y=\"{}\" fill=\"#333\">wall {} \u00b7 {}</text>\n", y + 56,
                       duration_text(summary.wall_s), xml_escape(path_text));
    y += kPanelHeader;

    // Rows: the parent, every worker that delivered, and those that failed without delivering.
    std::vector<int> worker_rows;
    for (const WorkerTrack& worker : trace.workers) worker_rows.push_back(worker.worker);
    for (const TraceInstant& instant : trace.instants)
      if (instant.worker >= 0 && std::find(worker_rows.begin(), worker_rows.end(), instant.worker) == worker_rows.end())
        worker_rows.push_back(instant.worker);
    std::sort(worker_rows.begin(), worker_rows.end());
    std::map<int, int> row_y;
    const int parent_y = y;
    const int rows = 1 + static_cast<int>(worker_rows.size());
    svg += fmt::format("<g class=\"panel\" data-rows=\"{}\">\n", rows);
    draw_parent_row(trace, scale, parent_y, svg);
    y += kRowHeight;
    const std::int64_t straggler_end = summary.straggler >= 0 ? straggler_end_ns(trace, summary.straggler) : 0;
    for (int worker : worker_rows) {
      row_y[worker] = y;
      const WorkerTrack* track = nullptr;
      for (const WorkerTrack& t : trace.workers)
        if (t.worker == worker) track = &t;
      draw_worker_row(trace, track, worker, worker == summary.straggler, straggler_end, scale, y, svg);
      y += kRowHeight;
    }
    draw_critical_path(trace, summary, scale, parent_y, row_y, svg);
    draw_instants(trace, scale, parent_y, row_y, svg);
    svg += "</g>\n";
    return y + 16;
  }

  static std::int64_t straggler_end_ns(const RunTrace& trace, int worker) {
    for (const WorkerTrack& t : trace.workers)
      if (t.worker == worker) return worker_end_ns(t);
    return 0;
  }

  static void row_frame(int y, const std::string& label, bool emphasize, std::string& svg) {
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#eee\"/>\n", kLabelWidth, y + kRowHeight - 4,
                       kLabelWidth + kPlotWidth);
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\"{}>{}</text>\n", kLabelWidth - 12, y + kBarHeight - 8,
                       emphasize ? " font-weight=\"bold\" fill=\"#b22\"" : "", xml_escape(label));
  }

  void draw_parent_row(const RunTrace& trace, const TimeScale& scale, int y, std::string& svg) const {
    svg += "<g class=\"row\" data-track=\"parent\">\n";
    row_frame(y, "parent", false, svg);
    for (const PhaseSpan& phase : trace.phases) {
      const double x0 = scale.x(phase.start_ns), x1 = scale.x(phase.end_ns);
      const double height = phase.name == "work" ? kBarHeight - 10 : kBarHeight;
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"><title>{} {}</title></rect>\n",
                         x0, y + kBarHeight - height, std::max(0.5, x1 - x0), height, phase_color(phase.name),
                         xml_escape(phase.name), duration_text(seconds(phase.end_ns - phase.start_ns)));
      const std::string label = phase.name == "work" ? "workers run; parent collects" : phase.name;
      if (x1 - x0 > 10.0 * static_cast<double>(label.size()))
        svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" fill=\"#333\" font-size=\"16\">{}</text>\n", x0 + 6, y + kBarHeight - 9,
                           xml_escape(label));
    }
    svg += "</g>\n";
  }

  void draw_worker_row(const RunTrace& trace, const WorkerTrack* track, int worker, bool straggler,
                       std::int64_t straggler_end, const TimeScale& scale, int y, std::string& svg) const {
    std::string label = (trace.launch == "mpi" ? "rank " : "worker ") + std::to_string(worker);
    if (track != nullptr && track->replacement) label += " (new)";
    if (track == nullptr) label += " (failed)";
    if (straggler) label += " \u00b7 straggler";
    svg += fmt::format("<g class=\"row\" data-track=\"worker\" data-worker=\"{}\">\n", worker);
    row_frame(y, label, straggler, svg);
    if (track != nullptr) {
      PixelBins bins(scale);
      for (const TraceSpan& span : track->spans) bins.add(span.start_ns, span.end_ns, bands_of(span));
      svg += bins.draw(y + kBarHeight);
      // The translators picture: a worker done early sits idle until the straggler is done.
      const std::int64_t end = worker_end_ns(*track);
      const double gap = scale.x(straggler_end) - scale.x(end);
      if (!straggler && gap > 140)
        svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" fill=\"#888\" font-style=\"italic\" text-anchor=\"middle\">idle {}</text>\n",
                           (scale.x(end) + scale.x(straggler_end)) / 2, y + kBarHeight - 8,
                           duration_text(seconds(straggler_end - end)));
    }
    svg += "</g>\n";
  }

  void draw_critical_path(const RunTrace& trace, const TimelineSummary& summary, const TimeScale& scale, int parent_y,
                          const std::map<int, int>& row_y, std::string& svg) const {
    if (summary.straggler < 0) return;
    const PhaseSpan* work = find_phase(trace, "work");
    const std::int64_t work_start = work != nullptr ? work->start_ns : trace.start_ns;
    const std::int64_t straggler_end = straggler_end_ns(trace, summary.straggler);
    auto line = [&](std::int64_t from, std::int64_t to, int row) {
      if (to <= from) return;
      svg += fmt::format("<line class=\"critical\" x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"#111\" stroke-width=\"4\"/>\n",
                         scale.x(from), row + kBarHeight + 4, scale.x(to), row + kBarHeight + 4);
    };
    line(trace.start_ns, work_start, parent_y);
    line(work_start, straggler_end, row_y.at(summary.straggler));
    line(straggler_end, trace.end_ns, parent_y);
  }

  void draw_instants(const RunTrace& trace, const TimeScale& scale, int parent_y, const std::map<int, int>& row_y,
                     std::string& svg) const {
    for (const TraceInstant& instant : trace.instants) {
      const int y = instant.worker < 0 ? parent_y : row_y.at(instant.worker);
      const bool bad = instant.name == "failure" || instant.name == "timeout";
      const char* mark = bad ? "\u2716" : "\u25b6";
      svg += fmt::format(
          "<g class=\"instant\" data-name=\"{0}\"><title>{0}: {1}</title>"
          "<text x=\"{2:.1f}\" y=\"{3}\" fill=\"{4}\" font-size=\"24\" text-anchor=\"middle\">{5}</text>"
          "<text x=\"{6:.1f}\" y=\"{3}\" fill=\"{4}\" font-size=\"16\">{0}</text></g>\n",
          xml_escape(instant.name), xml_escape(instant.detail), scale.x(instant.ns), y + kBarHeight - 6, bad ? "#c00" : "#286",
          mark, scale.x(instant.ns) + 14);
    }
  }

  int draw_axis(int y, double longest_s, std::string& svg) const {
    const bool in_ms = longest_s < 2;
    const double unit = in_ms ? 1e-3 : 1;
    const double step = tick_step(longest_s / unit);
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#333\"/>\n", kLabelWidth, y, kLabelWidth + kPlotWidth);
    for (double t = 0; t <= longest_s / unit + 1e-9; t += step) {
      const double x = kLabelWidth + t * unit / longest_s * kPlotWidth;
      svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#333\"/>\n", x, y, y + 8);
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x, y + 30, fmt::format("{:g}", t));
    }
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">time since the run began ({})</text>\n",
                       kLabelWidth + kPlotWidth / 2, y + 60, in_ms ? "ms" : "s");
    return y + 80;
  }

  static int draw_legend(int y, std::string& svg) {
    int x = 20;
    auto item = [&](const std::string& swatch, const std::string& text) {
      svg += swatch;
      svg += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", x + 30, y + 17, xml_escape(text));
      x += 30 + static_cast<int>(text.size()) * 10 + 30;
      if (x > kWidth - 300) x = 20, y += 34;
    };
    for (int b = 0; b < kBands; ++b)
      item(fmt::format("<rect x=\"{}\" y=\"{}\" width=\"22\" height=\"22\" fill=\"{}\"/>\n", x, y, kBandColor[static_cast<std::size_t>(b)]),
           kBandName[static_cast<std::size_t>(b)]);
    item(fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#111\" stroke-width=\"4\"/>\n", x, y + 11, x + 22),
         "critical path");
    item(fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#c00\" font-size=\"24\">\u2716</text>\n", x + 2, y + 20), "failure / timeout");
    item(fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#286\" font-size=\"24\">\u25b6</text>\n", x + 2, y + 20), "replacement, resume");
    svg += fmt::format("<text x=\"20\" y=\"{}\" fill=\"#555\" font-size=\"15\">Each pixel's slice of a worker's time is "
                       "stacked by what it did; blank is idle. Bars of runs of items show their parts in proportion "
                       "(--trace-items draws every item).</text>\n",
                       y + 56);
    return y + 66;
  }

  const std::vector<GanttPanel>& panels_;
  double ns_per_px_ = 1;
};

}  // namespace

TimelineSummary summarize_timeline(const RunTrace& trace) {
  TimelineSummary summary;
  summary.wall_s = seconds(trace.end_ns - trace.start_ns);
  std::int64_t last = 0, first = 0;
  const WorkerTrack* straggler = nullptr;
  for (const WorkerTrack& worker : trace.workers) {
    const std::int64_t end = worker_end_ns(worker);
    if (straggler == nullptr || end > last) straggler = &worker, last = end;
    if (first == 0 || end < first) first = end;
  }
  // Phases under 0.1 ms are left out of the words (not of the line): they only crowd it.
  auto add = [&summary](const std::string& what, std::int64_t ns) {
    if (ns >= 100'000) summary.critical_path.push_back(what + " " + duration_text(seconds(ns)));
  };
  for (const PhaseSpan& phase : trace.phases) {
    if (phase.name == "work") break;
    add(phase.name, phase.end_ns - phase.start_ns);
  }
  if (straggler == nullptr) return summary;
  summary.straggler = straggler->worker;
  summary.straggler_lead_s = seconds(last - first);
  const PhaseSpan* work = find_phase(trace, "work");
  const std::int64_t work_start = work != nullptr ? work->start_ns : trace.start_ns;
  const std::int64_t began = std::max(work_start, worker_start_ns(*straggler));
  std::string worker = (trace.launch == "mpi" ? "rank " : "worker ") + std::to_string(straggler->worker);
  add(worker + " starts", began - work_start);
  add(worker + " works", last - began);
  bool after = false;
  for (const PhaseSpan& phase : trace.phases) {
    if (phase.name == "work") {
      after = true;
      add("collect", phase.end_ns - last);
      continue;
    }
    if (after) add(phase.name, phase.end_ns - phase.start_ns);
  }
  return summary;
}

std::string render_gantt_svg(const std::vector<GanttPanel>& panels) { return GanttWriter(panels).render(); }

}  // namespace mpingest
