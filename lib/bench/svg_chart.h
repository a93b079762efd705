#pragma once
// A small line chart as standalone SVG: enough for "speedup against
// workers" projected in a classroom, with no plotting dependency.

#include <string>
#include <vector>

#include "text/xml_escape.h"

namespace mpingest {

struct ChartPoint {
  double x = 0;
  double y = 0;
};

struct ChartSeries {
  std::string name;
  std::vector<ChartPoint> points;  // drawn in x order
  bool reference = false;          // drawn grey and dashed (e.g. the ideal line)
};

struct LineChart {
  std::string title;
  std::string subtitle;
  std::string x_label;
  std::string y_label;
  std::vector<double> x_ticks;  // labelled x positions (e.g. the shard counts)
  std::vector<ChartSeries> series;
  int width = 900;
  int height = 540;
};

// Axes start at 0; the y range is rounded up to a whole number. Text is
// XML-escaped.
std::string render_svg(const LineChart& chart);

// Where a data point lands on the canvas (used by render_svg, and by tests).
struct CanvasMapping {
  double left, top, right, bottom;  // plot area in pixels
  double x_max, y_max;              // data values at the right and top edges
  double px(double x) const { return left + (right - left) * x / x_max; }
  double py(double y) const { return bottom - (bottom - top) * y / y_max; }
};
CanvasMapping chart_mapping(const LineChart& chart);

}  // namespace mpingest
