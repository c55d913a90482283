#pragma once

class QChart;

namespace bytespike {

// Colours a chart from the design tokens of the current theme: background, plot area, axes,
// grid, legend and the series (chart_1..chart_5 in series order). Call again after a theme change.
void styleChart(QChart *chart);

} // namespace bytespike
