#include "bench/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace mpingest {
namespace {

// Colour-blind-safe (Okabe-Ito), then dash patterns once colours run out.
constexpr const char* kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                    "#E69F00", "#56B4E9", "#000000", "#F0E442"};
constexpr const char* kDashes[] = {"", "6 3", "2 3", "8 3 2 3"};
constexpr double kLegendWidth = 230;

double nice_ceiling(double value) {
  if (value <= 1) return 1;
  return std::ceil(value);
}

double decade_below(double v) { return std::pow(10.0, std::floor(std::log10(v))); }
double decade_above(double v) { return std::pow(10.0, std::ceil(std::log10(v))); }

bool drawable(const LineChart& chart, const ChartPoint& p) { return !chart.log_scale || (p.x > 0 && p.y > 0); }

// A power of ten as people write it: 0.01, 1, 1000, 1M.
std::string tick_text(double v) {
  if (v >= 1e9) return fmt::format("{:.0f}G", v / 1e9);
  if (v >= 1e6) return fmt::format("{:.0f}M", v / 1e6);
  if (v < 1e-3) return fmt::format("{:g}", v);
  return fmt::format("{:.{}f}", v, v >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(v))));
}

}  // namespace

double CanvasMapping::fraction(double v, double lo, double hi) const {
  if (!log_scale) return v / hi;
  return (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
}

CanvasMapping chart_mapping(const LineChart& chart) {
  double x_max = 0, y_max = 0;
  double x_min = HUGE_VAL, y_min = HUGE_VAL;
  for (double t : chart.x_ticks) {
    x_max = std::max(x_max, t);
    if (t > 0) x_min = std::min(x_min, t);
  }
  for (const ChartSeries& s : chart.series)
    for (const ChartPoint& p : s.points) {
      if (!drawable(chart, p)) continue;
      x_max = std::max(x_max, p.x);
      y_max = std::max(y_max, p.y);
      x_min = std::min(x_min, p.x);
      y_min = std::min(y_min, p.y);
    }
  CanvasMapping m{70, 70, chart.width - kLegendWidth - 20, chart.height - 60.0, std::max(x_max, 1.0),
                  nice_ceiling(y_max)};
  if (chart.log_scale) {
    m.log_scale = true;
    m.x_min = x_min == HUGE_VAL ? 1 : x_min;  // the smallest tick: sizes start where the data does
    m.x_max = x_max > m.x_min ? x_max : m.x_min * 10;
    m.y_min = y_min == HUGE_VAL ? 1 : decade_below(y_min);
    m.y_max = y_max > 0 ? decade_above(y_max) : 10;
    if (m.y_max <= m.y_min) m.y_max = m.y_min * 10;
  }
  return m;
}

std::string render_svg(const LineChart& chart) {
  CanvasMapping m = chart_mapping(chart);
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"sans-serif\" font-size=\"13\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
      chart.width, chart.height);
  svg += fmt::format("<text x=\"{}\" y=\"28\" font-size=\"18\" font-weight=\"bold\">{}</text>\n", m.left,
                     xml_escape(chart.title));
  svg += fmt::format("<text x=\"{}\" y=\"50\" fill=\"#555\">{}</text>\n", m.left, xml_escape(chart.subtitle));

  // Grid and y ticks: whole numbers (at most ~10 labels), or powers of ten.
  std::vector<std::pair<double, std::string>> y_ticks;
  if (m.log_scale) {
    for (double y = m.y_min; y <= m.y_max * 1.001; y *= 10) y_ticks.emplace_back(y, tick_text(y));
  } else {
    int y_step = std::max(1, static_cast<int>(std::ceil(m.y_max / 10)));
    for (int y = 0; y <= static_cast<int>(m.y_max); y += y_step) y_ticks.emplace_back(y, std::to_string(y));
  }
  for (const auto& [y, label] : y_ticks) {
    svg += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#e5e5e5\"/>\n", m.left,
                       m.py(y), m.right, m.py(y));
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", m.left - 8, m.py(y) + 4,
                       label);
  }
  for (std::size_t i = 0; i < chart.x_ticks.size(); ++i) {
    double x = chart.x_ticks[i];
    if (m.log_scale && x <= 0) continue;
    std::string label = i < chart.x_tick_labels.size() ? chart.x_tick_labels[i] : fmt::format("{:g}", x);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", m.px(x), m.bottom + 20,
                       xml_escape(label));
  }
  svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#333\"/>\n", m.left,
                     m.bottom, m.right);
  svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#333\"/>\n", m.left,
                     m.top, m.bottom);
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", (m.left + m.right) / 2,
                     m.bottom + 45, xml_escape(chart.x_label));
  svg += fmt::format("<text transform=\"translate(20 {:.1f}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n",
                     (m.top + m.bottom) / 2, xml_escape(chart.y_label));

  std::size_t styled = 0;
  double legend_y = m.top;
  for (const ChartSeries& s : chart.series) {
    std::string colour = "#999999", dash = "5 4";
    double stroke = 1.5;
    if (!s.reference) {
      colour = kColours[styled % std::size(kColours)];
      dash = kDashes[(styled / std::size(kColours)) % std::size(kDashes)];
      stroke = 2.5;
      ++styled;
    }
    std::string style = fmt::format("fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{}", colour, stroke,
                                    dash.empty() ? "" : fmt::format(" stroke-dasharray=\"{}\"", dash));
    std::vector<ChartPoint> points;
    std::copy_if(s.points.begin(), s.points.end(), std::back_inserter(points),
                 [&](const ChartPoint& p) { return drawable(chart, p); });
    std::sort(points.begin(), points.end(), [](const ChartPoint& a, const ChartPoint& b) { return a.x < b.x; });
    std::string coords;
    for (const ChartPoint& p : points) coords += fmt::format("{:.1f},{:.1f} ", m.px(p.x), m.py(p.y));
    svg += fmt::format("<polyline {} points=\"{}\"><title>{}</title></polyline>\n", style, coords, xml_escape(s.name));
    if (!s.reference)
      for (const ChartPoint& p : points)
        svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\" fill=\"{}\"/>\n", m.px(p.x), m.py(p.y), colour);
    double lx = m.right + 25;
    svg += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" {}/>\n", lx, legend_y, lx + 28,
                       legend_y, style);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", lx + 36, legend_y + 4, xml_escape(s.name));
    legend_y += 20;
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace mpingest
