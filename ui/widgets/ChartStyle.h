#pragma once

#include <QDate>
#include <QString>

class QChart;
class QDateTimeAxis;
class QValueAxis;

namespace bytespike {

// Round ticks for a value axis over [low, high]: a step of 1, 2 or 5 times a power of ten, at
// most maxTicks ticks, the range widened to whole steps (0 stays the bottom of a range from 0),
// and as many decimals as the step needs. Drawing only: the figures behind stay integers.
struct AxisScale
{
    double min = 0;
    double max = 1;
    double step = 1;
    int ticks = 2;
    int decimals = 0;
};
AxisScale niceScale(double low, double high, int maxTicks = 6);
// The axis over niceScale(low, high): range, fixed ticks, labels as prefix + number.
void setNiceRange(QValueAxis *axis, double low, double high, const QString &prefix = {});

// A date axis over the whole days first..last: a tick at every midnight while at most maxTicks
// fit, every n days beyond (the range then runs on to the next tick), labelled month-day; the
// last day whole, so today is on it.
void setDayRange(QDateTimeAxis *axis, QDate first, QDate last, int maxTicks = 15);
// A time axis over fromMs..toMs (epoch milliseconds, at most two days apart) with ticks at a
// round interval (10 s, 15 s, 30 s, 1, 2, 5, 10, 15 or 30 min, 1, 2, 3, 6 or 12 h), the fewest that
// keep at most maxTicks; the range runs out to the ticks on either side. Returns the range's start.
qint64 setTimeRange(QDateTimeAxis *axis, qint64 fromMs, qint64 toMs, int maxTicks = 6);

// Colours a chart from the design tokens of the current theme: background, plot area, axes,
// grid, legend and the series (chart_1..chart_5 in series order), with numbers in the current
// locale. Call again after a theme or language change.
void styleChart(QChart *chart);

} // namespace bytespike
