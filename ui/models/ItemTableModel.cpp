#include "ItemTableModel.h"

#include "bytespike/MoneyFormat.h"

#include <QDateTime>
#include <QLocale>

namespace bytespike {

ItemTableModelBase::ItemTableModelBase(QList<Kind> kinds, QObject *parent)
    : QAbstractTableModel(parent)
    , m_kinds(std::move(kinds))
{ }

void ItemTableModelBase::setHeaders(const QStringList &titles)
{
    m_headers = titles;
    if (!m_kinds.isEmpty())
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, int(m_kinds.size()) - 1);
}

int ItemTableModelBase::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_kinds.size());
}

QVariant ItemTableModelBase::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Kind kind = m_kinds[index.column()];
    const QVariant v = value(index.row(), index.column());
    const bool numeric = kind == Kind::Integer || kind == Kind::Money || kind == Kind::Milliseconds;
    if (role == Qt::UserRole)
        return numeric ? QVariant(v.toLongLong()) : v;
    const bool fractional = kind == Kind::Decimal || kind == Kind::Percent;
    if (role == Qt::TextAlignmentRole)
        return numeric || fractional ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                     : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if ((role != Qt::DisplayRole && role != Qt::ToolTipRole) || !v.isValid())
        return role == Qt::DisplayRole || role == Qt::ToolTipRole ? QVariant(QString()) : QVariant();
    const QLocale locale;
    switch (kind) {
    case Kind::Text: return v.toString();
    case Kind::Integer: return locale.toString(v.toLongLong());
    case Kind::Money: return formatMoney(v.toLongLong(), locale);
    case Kind::Milliseconds: return JsonTableModel::tr("%1 ms").arg(locale.toString(v.toLongLong()));
    case Kind::Decimal: return locale.toString(v.toDouble(), 'f', 2);
    case Kind::Percent: return QString(locale.toString(100.0 * v.toDouble(), 'f', 1) + locale.percent());
    case Kind::Bool: return v.toBool() ? JsonTableModel::tr("yes") : JsonTableModel::tr("no");
    case Kind::Time:
        return locale.toString(QDateTime::fromMSecsSinceEpoch(v.toLongLong()).toLocalTime(), QLocale::ShortFormat);
    }
    return {};
}

QVariant ItemTableModelBase::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= m_kinds.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    return m_headers.value(section);
}

} // namespace bytespike
