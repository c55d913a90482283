#include "ChartStyle.h"

#include "Theme.h"

#include <QAbstractAxis>
#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChart>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QPen>
#include <QValueAxis>

#include <cmath>

namespace bytespike {

AxisScale niceScale(double low, double high, int maxTicks)
{
    if (!(high > low)) // equal, reversed or NaN: a unit range above low
        high = low + (low == 0 ? 1 : std::abs(low));
    maxTicks = std::max(maxTicks, 2);
    const double rough = (high - low) / (maxTicks - 1);
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    AxisScale scale;
    for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
        scale.step = factor * power;
        scale.min = std::floor(low / scale.step + 1e-9) * scale.step;
        scale.max = std::ceil(high / scale.step - 1e-9) * scale.step;
        scale.ticks = int(std::lround((scale.max - scale.min) / scale.step)) + 1;
        if (scale.ticks <= maxTicks)
            break;
    }
    scale.decimals = std::max(0, -int(std::floor(std::log10(scale.step) + 1e-9)));
    return scale;
}

void setNiceRange(QValueAxis *axis, double low, double high, const QString &prefix)
{
    const AxisScale scale = niceScale(low, high);
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setRange(scale.min, scale.max);
    axis->setTickCount(scale.ticks);
    QString format = prefix;
    format.replace(QLatin1Char('%'), QLatin1String("%%"));
    axis->setLabelFormat(format + QStringLiteral("%.%1f").arg(scale.decimals));
}

void setDayRange(QDateTimeAxis *axis, QDate first, QDate last, int maxTicks)
{
    const qint64 intervalsAtMost = std::max(1, maxTicks - 1);
    const qint64 days = std::max<qint64>(1, first.daysTo(last) + 1);
    const qint64 every = (days + intervalsAtMost - 1) / intervalsAtMost; // days per tick
    const qint64 intervals = (days + every - 1) / every;
    axis->setRange(first.startOfDay(), first.addDays(intervals * every).startOfDay());
    axis->setTickCount(int(intervals) + 1);
    axis->setFormat(QStringLiteral("MM-dd"));
}

qint64 setTimeRange(QDateTimeAxis *axis, qint64 fromMs, qint64 toMs, int maxTicks)
{
    static constexpr qint64 kSteps[] = {10'000, 15'000, 30'000, 60'000, 120'000, 300'000, 600'000, 900'000, 1'800'000,
        3'600'000, 7'200'000, 10'800'000, 21'600'000, 43'200'000};
    const qint64 intervalsAtMost = std::max(1, maxTicks - 1);
    // Ticks at round local times: the steps are whole divisors of a day, counted from midnight.
    const qint64 midnight = QDateTime::fromMSecsSinceEpoch(fromMs).date().startOfDay().toMSecsSinceEpoch();
    qint64 step = 0;
    qint64 first = 0;
    qint64 last = 0;
    for (const qint64 candidate : kSteps) { // the last one whether it fits or not (two days at most)
        step = candidate;
        first = midnight + (fromMs - midnight) / step * step;
        last = std::max(first + step, midnight + (toMs - midnight + step - 1) / step * step);
        if ((last - first) / step <= intervalsAtMost)
            break;
    }
    axis->setRange(QDateTime::fromMSecsSinceEpoch(first), QDateTime::fromMSecsSinceEpoch(last));
    axis->setTickCount(int((last - first) / step) + 1);
    axis->setFormat(step < 60'000 ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
    return first;
}

void styleChart(QChart *chart)
{
    const QColor surface = themeColor(QStringLiteral("surface"));
    const QColor text = themeColor(QStringLiteral("text"));
    const QColor muted = themeColor(QStringLiteral("text_muted"));
    const QColor border = themeColor(QStringLiteral("border"));
    chart->setBackgroundBrush(surface);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    chart->setLocale(QLocale());
    chart->setLocalizeNumbers(true);
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsColor(muted);
        axis->setTitleBrush(muted);
        axis->setLinePenColor(border);
        axis->setGridLineColor(border);
    }
    int index = 0;
    for (QAbstractSeries *series : chart->series()) {
        if (auto *line = qobject_cast<QLineSeries *>(series)) {
            QPen pen(chartColor(index++));
            pen.setWidth(2);
            line->setPen(pen);
        } else if (auto *bars = qobject_cast<QAbstractBarSeries *>(series)) {
            for (QBarSet *set : bars->barSets()) {
                set->setColor(chartColor(index++));
                set->setBorderColor(surface);
                set->setLabelColor(text);
            }
        }
    }
}

} // namespace bytespike
