#include "ChannelModelsModel.h"

#include "Theme.h"
#include "bytespike/MoneyFormat.h"

#include <QJsonObject>
#include <QLocale>

namespace bytespike {

const char *ChannelModelsModel::priceField(int column)
{
    switch (column) {
    case Input: return "input_micros_per_mtok";
    case Output: return "output_micros_per_mtok";
    case CacheWrite: return "cache_write_micros_per_mtok";
    case CacheRead: return "cache_read_micros_per_mtok";
    default: return nullptr;
    }
}

ChannelModelsModel::ChannelModelsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ChannelModelsModel::setModels(const QJsonArray &models)
{
    beginResetModel();
    m_models = models;
    endResetModel();
}

void ChannelModelsModel::setHeaders(const QStringList &titles)
{
    m_headers = titles;
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

int ChannelModelsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_models.size());
}

int ChannelModelsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChannelModelsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject model = m_models.at(index.row()).toObject();
    const int column = index.column();
    const QLocale locale;
    if (role == Qt::TextAlignmentRole)
        return column >= Input ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                               : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (column == Margin) {
        const QJsonObject cost = model.value(QStringLiteral("upstream_cost")).toObject();
        if (cost.isEmpty())
            return role == Qt::DisplayRole ? QVariant(QString()) : QVariant();
        const qint64 input = model.value(QStringLiteral("input_micros_per_mtok")).toInteger()
            - cost.value(QStringLiteral("input_micros_per_mtok")).toInteger();
        const qint64 output = model.value(QStringLiteral("output_micros_per_mtok")).toInteger()
            - cost.value(QStringLiteral("output_micros_per_mtok")).toInteger();
        if (role == Qt::DisplayRole)
            return QStringLiteral("%1 / %2").arg(formatMoney(input, locale), formatMoney(output, locale));
        if (role == Qt::ForegroundRole && (input < 0 || output < 0))
            return themeColor(QStringLiteral("negative"));
        if (role == Qt::ToolTipRole)
            return tr("Price minus upstream cost per million tokens: input / output");
        return {};
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (column) {
    case Model: return model.value(QStringLiteral("model")).toString();
    case UpstreamModel: return model.value(QStringLiteral("upstream_model")).toString();
    default: {
        const qint64 micros = model.value(QLatin1String(priceField(column))).toInteger();
        return role == Qt::EditRole ? dollarsText(micros, locale) : formatMoney(micros, locale);
    }
    }
}

bool ChannelModelsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || index.column() == Margin)
        return false;
    QJsonObject model = m_models.at(index.row()).toObject();
    const int column = index.column();
    if (isPriceColumn(column)) {
        const std::optional<qint64> micros = parseDollars(value.toString(), QLocale());
        if (!micros)
            return false;
        if (model.value(QLatin1String(priceField(column))).toInteger() == *micros)
            return true;
        Q_EMIT aboutToEdit();
        model.insert(QLatin1String(priceField(column)), *micros);
    } else {
        const QString text = value.toString().trimmed();
        const QString field = column == Model ? QStringLiteral("model") : QStringLiteral("upstream_model");
        if (model.value(field).toString() == text)
            return true;
        Q_EMIT aboutToEdit();
        model.insert(field, text);
        // A new model usually has the provider's name too; it can be changed after.
        if (column == Model && model.value(QStringLiteral("upstream_model")).toString().isEmpty())
            model.insert(QStringLiteral("upstream_model"), text);
    }
    m_models.replace(index.row(), model);
    Q_EMIT dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    Q_EMIT edited();
    return true;
}

Qt::ItemFlags ChannelModelsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Qt::ItemFlags base = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    return index.column() == Margin ? base : base | Qt::ItemIsEditable;
}

QVariant ChannelModelsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    return section < m_headers.size() ? m_headers[section] : QString::number(section);
}

} // namespace bytespike
