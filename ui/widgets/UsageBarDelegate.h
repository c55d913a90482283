#pragma once

#include <QStyledItemDelegate>

#include <functional>
#include <optional>

namespace bytespike {

// Draws a budget's use as a bar in its cell: what is spent and reserved against the budget, with
// the two amounts written on it. Rows without a budget draw as usual.
class UsageBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    struct Share
    {
        qint64 usedMicros = 0;
        qint64 budgetMicros = 0;
    };
    // What the row at a given number uses of its budget, or nothing when it has none.
    using Reader = std::function<std::optional<Share>(int row)>;

    UsageBarDelegate(Reader read, QObject *parent);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The bar's fill in thousandths, 0 to 1000 (integers: no floating point for money).
    static int permille(const Share &share);
    static QString text(const Share &share);

private:
    Reader m_read;
};

} // namespace bytespike
