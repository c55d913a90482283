#include "ItemTableModel.h"

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

void ItemTableModelBase::refreshCells()
{
    if (rowCount() > 0 && !m_kinds.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, int(m_kinds.size()) - 1));
}

int ItemTableModelBase::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_kinds.size());
}

QVariant ItemTableModelBase::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return JsonTableModel::cell(m_kinds[index.column()], value(index.row(), index.column()), role);
}

QVariant ItemTableModelBase::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= m_kinds.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    return m_headers.value(section);
}

} // namespace bytespike
