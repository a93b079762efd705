#include "ipclab/lab_output.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "bench/svg_chart.h"

namespace mpingest {
namespace {

std::vector<std::size_t> sizes_of(const std::vector<LabRow>& rows, LabPattern pattern) {
  std::vector<std::size_t> sizes;
  for (const LabRow& r : rows)
    if (r.pattern == pattern && std::find(sizes.begin(), sizes.end(), r.size) == sizes.end()) sizes.push_back(r.size);
  std::sort(sizes.begin(), sizes.end());
  return sizes;
}

const LabRow* find_row(const std::vector<LabRow>& rows, LabPattern pattern, const std::string& transport,
                       std::size_t size) {
  for (const LabRow& r : rows)
    if (r.pattern == pattern && r.transport == transport && r.size == size) return &r;
  return nullptr;
}

std::string per_second(double v) {
  if (v >= 1e6) return fmt::format("{:.2f}M", v / 1e6);
  if (v >= 1e3) return fmt::format("{:.1f}k", v / 1e3);
  return fmt::format("{:.0f}", v);
}

std::string lab_svg(const std::vector<LabRow>& rows, const LabContext& context, LabPattern pattern,
                    const std::string& title, const std::string& y_label, double (*value)(const LabRow&)) {
  std::vector<std::size_t> sizes = sizes_of(rows, pattern);
  if (sizes.empty()) return {};
  LineChart chart;
  chart.title = title;
  const LabRow* any = nullptr;
  for (const LabRow& r : rows)
    if (r.pattern == pattern) any = &r;
  chart.subtitle = fmt::format("{} worker{}, {}{}; {}", any->workers, any->workers == 1 ? "" : "s", context.machine,
                               context.pinned ? ", pinned" : "", context.date);
  chart.x_label = "message size (log)";
  chart.y_label = y_label;
  chart.log_scale = true;
  chart.width = 1000;
  for (std::size_t s : sizes) {
    chart.x_ticks.push_back(static_cast<double>(s));
    chart.x_tick_labels.push_back(format_byte_size(s));
  }
  std::vector<std::string> transports;
  for (const LabRow& r : rows)
    if (r.pattern == pattern && std::find(transports.begin(), transports.end(), r.transport) == transports.end())
      transports.push_back(r.transport);
  for (const std::string& t : transports) {
    ChartSeries series{t, {}, false};
    for (std::size_t s : sizes)
      if (const LabRow* r = find_row(rows, pattern, t, s)) series.points.push_back({static_cast<double>(s), value(*r)});
    chart.series.push_back(std::move(series));
  }
  return render_svg(chart);
}

// How much faster `fast` is than `slow` at each size both were measured at:
// stream, in messages a second; pingpong, in the median round trip, which a
// few long stalls (counted in p99) do not move.
std::vector<std::pair<std::size_t, double>> speed_ratios(const std::vector<LabRow>& rows, LabPattern pattern,
                                                         const std::string& fast, const std::string& slow) {
  std::vector<std::pair<std::size_t, double>> ratios;
  for (std::size_t s : sizes_of(rows, pattern)) {
    const LabRow* f = find_row(rows, pattern, fast, s);
    const LabRow* w = find_row(rows, pattern, slow, s);
    if (f == nullptr || w == nullptr) continue;
    double ratio = pattern == LabPattern::stream ? (w->msgs_s > 0 ? f->msgs_s / w->msgs_s : 0)
                                                 : (f->p50_us > 0 ? w->p50_us / f->p50_us : 0);
    if (ratio > 0) ratios.emplace_back(s, ratio);
  }
  return ratios;
}

std::string size_list(const std::vector<std::size_t>& sizes) {
  std::string list;
  for (std::size_t i = 0; i < sizes.size(); ++i)
    list += (i == 0 ? "" : i + 1 == sizes.size() ? " and " : ", ") + format_byte_size(sizes[i]);
  return list;
}

// "from 256 KiB up", "from 64 KiB up, and at 64 B", "up to 1 MiB", "at 64 B
// and 4 KiB", or "" when never: where the ratio is 1.1 or more.
std::string where_ahead(const std::vector<std::pair<std::size_t, double>>& ratios) {
  constexpr double kAhead = 1.1;
  std::size_t suffix = ratios.size();  // the sizes from here to the largest are all ahead
  while (suffix > 0 && ratios[suffix - 1].second >= kAhead) --suffix;
  if (suffix == 0) return "at every size";
  std::vector<std::size_t> others;  // ahead, below that run
  bool prefix = true;               // and all of them from the smallest size on
  for (std::size_t i = 0; i < suffix; ++i) {
    if (ratios[i].second >= kAhead) {
      prefix = prefix && others.size() == i;
      others.push_back(ratios[i].first);
    }
  }
  if (suffix < ratios.size()) {
    std::string text = "from " + format_byte_size(ratios[suffix].first) + " up";
    return others.empty() ? text : text + ", and at " + size_list(others);
  }
  if (others.empty()) return {};
  if (prefix && others.size() > 1) return "up to " + format_byte_size(others.back());
  return "at " + size_list(others);
}

}  // namespace

std::string render_lab_table(const std::vector<LabRow>& rows) {
  std::string out = fmt::format("{:<9} {:<8} {:>8} {:>9} {:>10} {:>9} {:>9} {:>9} {:>10} {:>10} {:>7}\n", "transport",
                                "pattern", "size", "messages", "MB/s", "msgs/s", "p50 us", "p99 us", "reader ns/B",
                                "writer ns/B", "spread");
  for (const LabRow& r : rows) {
    bool ping = r.pattern == LabPattern::pingpong;
    out += fmt::format("{:<9} {:<8} {:>8} {:>9} {:>10.1f} {:>9} {:>9} {:>9} {:>10.3f} {:>10.3f} {:>6.0f}%\n", r.transport,
                       lab_pattern_name(r.pattern), format_byte_size(r.size), r.messages, r.mb_s, per_second(r.msgs_s),
                       ping ? fmt::format("{:.1f}", r.p50_us) : "-", ping ? fmt::format("{:.1f}", r.p99_us) : "-",
                       r.reader_ns_per_byte, r.writers_ns_per_byte, r.spread * 100);
  }
  return out;
}

namespace {

// ns per message of a stream row: what the wall clock says, both sides running at once.
double measured_ns(const std::vector<LabRow>& rows, const LabAnatomy& a) {
  const LabRow* r = find_row(rows, LabPattern::stream, a.transport, a.size);
  return r != nullptr && r->msgs_s > 0 ? 1e9 / r->msgs_s * r->workers : 0;
}

}  // namespace

std::string render_anatomy_table(const std::vector<LabAnatomy>& anatomies, const std::vector<LabRow>& rows) {
  if (anatomies.empty()) return {};
  std::string out =
      "Where the time goes: ns per message, each step run alone on one core (shares of their sum);\n"
      "'stream' is the wall time per message one worker's stream measured, both sides at once;\n"
      "what it spends beyond the slower side is what only two processes pay\n";
  for (const LabAnatomy& a : anatomies) {
    double total = a.total_ns();
    out += fmt::format("{} {} ({}):", a.transport, format_byte_size(a.size), a.route);
    for (const AnatomyStep& s : a.steps)
      out += fmt::format(" {} {:.0f} ({:.0f}%);", s.name, s.ns_per_message, total > 0 ? 100 * s.ns_per_message / total : 0);
    out += fmt::format(" writer {:.0f}, reader {:.0f}", a.side_ns(AnatomyStep::Side::writer),
                       a.side_ns(AnatomyStep::Side::reader));
    if (double m = measured_ns(rows, a); m > 0) {
      // Both sides run at once, so a stream takes at least its slower side;
      // the rest is what only two processes pay: wake-ups, waiting, caches
      // that change cores (an estimate, by difference).
      double slower = std::max(a.side_ns(AnatomyStep::Side::writer), a.side_ns(AnatomyStep::Side::reader));
      out += fmt::format("; stream {:.0f}, of which two processes' part (wake-ups, waiting) ~{:.0f}%", m,
                         m > slower ? 100 * (m - slower) / m : 0.0);
    }
    out += "\n";
  }
  return out;
}

nlohmann::json lab_to_json(const std::vector<LabRow>& rows, const LabContext& context,
                           const std::vector<LabAnatomy>& anatomies) {
  nlohmann::json results = nlohmann::json::array();
  for (const LabRow& r : rows) {
    nlohmann::json row = {{"transport", r.transport},
                          {"pattern", lab_pattern_name(r.pattern)},
                          {"size", r.size},
                          {"workers", r.workers},
                          {"messages", r.messages},
                          {"repeats", r.repeats},
                          {"wall_s", r.wall_s},
                          {"mb_s", r.mb_s},
                          {"msgs_s", r.msgs_s},
                          {"spread", r.spread},
                          {"reader_ns_per_byte", r.reader_ns_per_byte},
                          {"writers_ns_per_byte", r.writers_ns_per_byte}};
    if (r.pattern == LabPattern::pingpong) {
      row["p50_us"] = r.p50_us;
      row["p99_us"] = r.p99_us;
      row["max_us"] = r.max_us;
    }
    results.push_back(std::move(row));
  }
  nlohmann::json anatomy = nlohmann::json::array();
  for (const LabAnatomy& a : anatomies) {
    nlohmann::json steps = nlohmann::json::array();
    for (const AnatomyStep& s : a.steps) {
      const char* side = s.side == AnatomyStep::Side::writer ? "writer"
                         : s.side == AnatomyStep::Side::reader ? "reader"
                                                               : "both";
      steps.push_back({{"step", s.name}, {"side", side}, {"ns_per_message", s.ns_per_message}});
    }
    anatomy.push_back({{"transport", a.transport},
                       {"size", a.size},
                       {"route", a.route},
                       {"steps", std::move(steps)},
                       {"writer_ns", a.side_ns(AnatomyStep::Side::writer)},
                       {"reader_ns", a.side_ns(AnatomyStep::Side::reader)},
                       {"stream_ns", measured_ns(rows, a)},
                       {"two_process_ns", std::max(0.0, measured_ns(rows, a) - std::max(a.side_ns(AnatomyStep::Side::writer),
                                                                                         a.side_ns(AnatomyStep::Side::reader)))}});
  }
  return {{"machine", context.machine},
          {"date", context.date},
          {"pinned", context.pinned},
          {"crossovers", lab_crossovers(rows)},
          {"results", std::move(results)},
          {"anatomy", std::move(anatomy)}};
}

std::string lab_to_csv(const std::vector<LabRow>& rows) {
  std::string out =
      "transport,pattern,size,workers,messages,repeats,wall_s,mb_s,msgs_s,spread,reader_ns_per_byte,"
      "writers_ns_per_byte,p50_us,p99_us,max_us\n";
  for (const LabRow& r : rows)
    out += fmt::format("{},{},{},{},{},{},{:.6f},{:.3f},{:.1f},{:.4f},{:.4f},{:.4f},{:.2f},{:.2f},{:.2f}\n", r.transport,
                       lab_pattern_name(r.pattern), r.size, r.workers, r.messages, r.repeats, r.wall_s, r.mb_s,
                       r.msgs_s, r.spread, r.reader_ns_per_byte, r.writers_ns_per_byte, r.p50_us, r.p99_us, r.max_us);
  return out;
}

std::string lab_throughput_svg(const std::vector<LabRow>& rows, const LabContext& context) {
  return lab_svg(rows, context, LabPattern::stream, "Stream throughput by message size", "MB/s (log)",
                 [](const LabRow& r) { return r.mb_s; });
}

std::string lab_latency_svg(const std::vector<LabRow>& rows, const LabContext& context) {
  return lab_svg(rows, context, LabPattern::pingpong, "Round trip (median) by message size", "microseconds (log)",
                 [](const LabRow& r) { return r.p50_us; });
}

std::vector<std::string> lab_crossovers(const std::vector<LabRow>& rows) {
  std::vector<std::string> sentences;
  const std::pair<const char*, const char*> pairs[] = {{"shm-raw", "pipe-raw"}, {"shm", "pipe"}};
  for (LabPattern pattern : {LabPattern::stream, LabPattern::pingpong}) {
    const char* measure = pattern == LabPattern::stream ? "messages/s" : "speed of the median round trip";
    for (const auto& [fast, slow] : pairs) {
      auto ratios = speed_ratios(rows, pattern, fast, slow);
      if (ratios.empty()) continue;
      auto best = *std::max_element(ratios.begin(), ratios.end(),
                                    [](const auto& a, const auto& b) { return a.second < b.second; });
      std::string where = where_ahead(ratios);
      std::string head = fmt::format("{}: {} against {}", lab_pattern_name(pattern), fast, slow);
      std::string figures = fmt::format("best {:.2f}x the {} at {}", best.second, measure, format_byte_size(best.first));
      if (best.first != ratios.back().first)
        figures += fmt::format(", {:.2f}x at {}", ratios.back().second, format_byte_size(ratios.back().first));
      if (where.empty()) {
        sentences.push_back(fmt::format("{}: never 10% ahead ({})", head, figures));
      } else {
        sentences.push_back(fmt::format("{}: 10% or more ahead {} ({})", head, where, figures));
      }
    }
  }
  return sentences;
}

}  // namespace mpingest
