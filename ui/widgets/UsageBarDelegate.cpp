#include "UsageBarDelegate.h"

#include "bytespike/MoneyFormat.h"

#include <QApplication>
#include <QLocale>
#include <QPainter>
#include <QStyleOptionProgressBar>

#include <algorithm>

namespace bytespike {

UsageBarDelegate::UsageBarDelegate(Reader read, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_read(std::move(read))
{ }

int UsageBarDelegate::permille(const Share &share)
{
    if (share.budgetMicros <= 0)
        return share.usedMicros > 0 ? 1000 : 0;
    const qint64 used = std::clamp<qint64>(share.usedMicros, 0, share.budgetMicros);
    // used <= budget < 2^53, so used * 1000 stays far inside 64 bits.
    return int(used * 1000 / share.budgetMicros);
}

QString UsageBarDelegate::text(const Share &share)
{
    const QLocale locale;
    return tr("%1 of %2").arg(formatMoney(share.usedMicros, locale), formatMoney(share.budgetMicros, locale));
}

void UsageBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const std::optional<Share> share = m_read ? m_read(index.row()) : std::nullopt;
    if (!share) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionProgressBar bar;
    bar.rect = option.rect.adjusted(2, 2, -2, -2);
    bar.palette = option.palette;
    bar.state = option.state | QStyle::State_Horizontal;
    bar.minimum = 0;
    bar.maximum = 1000;
    bar.progress = permille(*share);
    bar.text = text(*share);
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
}

QSize UsageBarDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (const std::optional<Share> share = m_read ? m_read(index.row()) : std::nullopt)
        size.setWidth(std::max(size.width(), option.fontMetrics.horizontalAdvance(text(*share)) + 24));
    return size;
}

} // namespace bytespike
