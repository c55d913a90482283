#include "KpiTile.h"

#include "Theme.h"

#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QVBoxLayout>

#include <cmath>

namespace bytespike {

namespace {
constexpr int kSparkHeight = 28;
}

KpiTile::KpiTile(const QString &objectName, QWidget *parent)
    : QFrame(parent)
    , m_title(new QLabel(this))
    , m_value(new QLabel(this))
{
    setObjectName(objectName);
    setFrameShape(QFrame::StyledPanel);
    m_value->setObjectName(objectName + QStringLiteral("Value"));
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_value->setFont(big);
    m_value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_value);
    layout->addSpacing(kSparkHeight);
    setMinimumWidth(160);
}

void KpiTile::setTitle(const QString &title)
{
    m_title->setText(title);
    updateAccessibleName();
}

void KpiTile::setValue(const QString &text, const QString &exact)
{
    m_value->setText(text);
    m_value->setToolTip(exact);
    updateAccessibleName();
}

QString KpiTile::valueText() const
{
    return m_value->text();
}

void KpiTile::addPoint(double value)
{
    m_history.append(value);
    if (m_history.size() > kMaxPoints)
        m_history.remove(0, m_history.size() - kMaxPoints);
    update();
}

void KpiTile::clearHistory()
{
    m_history.clear();
    update();
}

void KpiTile::updateAccessibleName()
{
    setAccessibleName(m_title->text() + QStringLiteral(": ") + m_value->text());
}

void KpiTile::paintEvent(QPaintEvent *event)
{
    QFrame::paintEvent(event);
    double top = 0;
    for (double v : std::as_const(m_history)) {
        if (std::isfinite(v))
            top = std::max(top, v);
    }
    if (m_history.size() < 2)
        return;
    const QRectF area = QRectF(contentsRect()).adjusted(8, 0, -8, -6);
    const QRectF spark(area.left(), area.bottom() - kSparkHeight, area.width(), kSparkHeight);
    // The history spans the width, however long it is yet.
    const double step = spark.width() / double(m_history.size() - 1);
    const double x0 = spark.left();
    QPainterPath path;
    bool drawing = false;
    for (qsizetype i = 0; i < m_history.size(); ++i) {
        const double v = m_history[i];
        if (!std::isfinite(v)) {
            drawing = false; // a gap, not a zero
            continue;
        }
        const QPointF point(x0 + step * double(i), spark.bottom() - (top > 0 ? v / top : 0) * spark.height());
        if (drawing)
            path.lineTo(point);
        else
            path.moveTo(point);
        drawing = true;
    }
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(themeColor(QStringLiteral("chart_1")), 1.5));
    painter.drawPath(path);
}

} // namespace bytespike
