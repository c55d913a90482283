#pragma once

#include "bytespike/Channel.h"

#include <QAbstractTableModel>
#include <QList>

namespace bytespike {

// The models of one channel being edited (its ModelRoutes): public and upstream names and the
// four prices. Prices are edited in dollars per million tokens (in the UI locale) and kept as
// integer micro-dollars; the margin column shows price minus upstream cost for input and output
// when the model has an upstream cost. Every accepted edit is announced first with
// aboutToEdit(), so the page can keep its undo history.
class ChannelModelsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Model, UpstreamModel, Input, Output, CacheWrite, CacheRead, Margin, ColumnCount };
    // Price columns: whether the text typed so far can still become a valid price.
    static bool isPriceColumn(int column) { return column >= Input && column <= CacheRead; }

    explicit ChannelModelsModel(QObject *parent = nullptr);

    void setModels(const QList<ModelRoute> &models);
    // The models as last saved: a cell that differs from them (or a row they lack) is shown as
    // edited, in bold italics with a tooltip, until it is saved or undone.
    void setSaved(const QList<ModelRoute> &saved);
    bool isEdited(const QModelIndex &index) const;
    const QList<ModelRoute> &models() const { return m_models; }
    void setHeaders(const QStringList &titles);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void aboutToEdit();
    void edited();

private:
    QList<ModelRoute> m_models;
    QList<ModelRoute> m_saved;
    QStringList m_headers;
};

} // namespace bytespike
