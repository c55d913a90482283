#include "ChannelModelsModel.h"

#include "Theme.h"
#include "bytespike/MoneyFormat.h"

#include <QFont>
#include <QLocale>

namespace bytespike {

namespace {

// The price a price column shows and edits.
qint64 ModelRoute::*priceOf(int column)
{
    switch (column) {
    case ChannelModelsModel::Output: return &ModelRoute::outputMicrosPerMtok;
    case ChannelModelsModel::CacheWrite: return &ModelRoute::cacheWriteMicrosPerMtok;
    case ChannelModelsModel::CacheRead: return &ModelRoute::cacheReadMicrosPerMtok;
    default: return &ModelRoute::inputMicrosPerMtok;
    }
}

} // namespace

ChannelModelsModel::ChannelModelsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ChannelModelsModel::setModels(const QList<ModelRoute> &models)
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

void ChannelModelsModel::setSaved(const QList<ModelRoute> &saved)
{
    m_saved = saved;
    if (!m_models.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_models.size()) - 1, Margin - 1), {Qt::FontRole, Qt::ToolTipRole});
}

bool ChannelModelsModel::isEdited(const QModelIndex &index) const
{
    if (!index.isValid() || index.row() >= m_models.size() || index.column() == Margin)
        return false;
    const ModelRoute &now = m_models.at(index.row());
    const auto saved
        = std::find_if(m_saved.cbegin(), m_saved.cend(), [&](const ModelRoute &m) { return m.model == now.model; });
    if (saved == m_saved.cend())
        return true; // a new row, or a renamed one
    switch (index.column()) {
    case Model: return false;
    case UpstreamModel: return saved->upstreamModel != now.upstreamModel;
    default: return (*saved).*priceOf(index.column()) != now.*priceOf(index.column());
    }
}

QVariant ChannelModelsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ModelRoute &model = m_models.at(index.row());
    const int column = index.column();
    const QLocale locale;
    if (role == Qt::TextAlignmentRole)
        return column >= Input ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                               : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (column == Margin) {
        if (!model.hasUpstreamCost)
            return role == Qt::DisplayRole ? QVariant(QString()) : QVariant();
        const qint64 input = model.inputMicrosPerMtok - model.costInputMicrosPerMtok;
        const qint64 output = model.outputMicrosPerMtok - model.costOutputMicrosPerMtok;
        if (role == Qt::DisplayRole)
            return QStringLiteral("%1 / %2").arg(formatMoney(input, locale), formatMoney(output, locale));
        if (role == Qt::ForegroundRole && (input < 0 || output < 0))
            return themeColor(QStringLiteral("negative"));
        if (role == Qt::ToolTipRole)
            return tr("Price minus upstream cost per million tokens: input / output");
        return {};
    }
    if (role == Qt::FontRole || role == Qt::ToolTipRole) {
        if (!isEdited(index))
            return {};
        if (role == Qt::ToolTipRole)
            return tr("Edited: not saved yet (Ctrl+S saves, Ctrl+Z undoes)");
        QFont font;
        font.setBold(true);
        font.setItalic(true);
        return font;
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (column) {
    case Model: return model.model;
    case UpstreamModel: return model.upstreamModel;
    default: {
        const qint64 micros = model.*priceOf(column);
        return role == Qt::EditRole ? dollarsText(micros, locale) : formatMoney(micros, locale);
    }
    }
}

bool ChannelModelsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || index.column() == Margin)
        return false;
    ModelRoute model = m_models.at(index.row());
    const int column = index.column();
    if (isPriceColumn(column)) {
        const std::optional<qint64> micros = parseDollars(value.toString(), QLocale());
        if (!micros)
            return false;
        if (model.*priceOf(column) == *micros)
            return true;
        Q_EMIT aboutToEdit();
        model.*priceOf(column) = *micros;
    } else {
        const QString text = value.toString().trimmed();
        QString &name = column == Model ? model.model : model.upstreamModel;
        if (name == text)
            return true;
        Q_EMIT aboutToEdit();
        name = text;
        // A new model usually has the provider's name too; it can be changed after.
        if (column == Model && model.upstreamModel.isEmpty())
            model.upstreamModel = text;
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
