#include "ChartStyle.h"

#include "Theme.h"

#include <QAbstractAxis>
#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QPen>

namespace bytespike {

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
