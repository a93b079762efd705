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
  std::vector<std::string> x_tick_labels;  // their labels, if not the numbers themselves ("4 KiB")
  // Log-log (mpingest ipc: message sizes and rates spanning six decades):
  // both axes logarithmic, from the power of ten at or below the smallest
  // value to the one at or above the largest; y ticks at powers of ten.
  bool log_scale = false;
  std::vector<ChartSeries> series;
  int width = 900;
  int height = 540;
};

// Linear axes start at 0, the y range rounded up to a whole number. Text
// is XML-escaped; points that are not positive are left out of a log chart.
std::string render_svg(const LineChart& chart);

// Where a data point lands on the canvas (used by render_svg, and by tests).
struct CanvasMapping {
  double left, top, right, bottom;  // plot area in pixels
  double x_max, y_max;              // data values at the right and top edges
  bool log_scale = false;
  double x_min = 0, y_min = 0;      // data values at the left and bottom edges (log charts)
  double px(double x) const { return left + (right - left) * fraction(x, x_min, x_max); }
  double py(double y) const { return bottom - (bottom - top) * fraction(y, y_min, y_max); }

 private:
  double fraction(double v, double lo, double hi) const;
};
CanvasMapping chart_mapping(const LineChart& chart);

}  // namespace mpingest
