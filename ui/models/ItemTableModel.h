#pragma once

#include "models/JsonTableModel.h"

#include <QAbstractTableModel>
#include <QList>
#include <QSet>
#include <QStringList>

#include <functional>

namespace bytespike {

// The shared half of ItemTableModel: a cell's value shows as JsonTableModel::cell() shows its
// column's kind (times as epoch milliseconds), sorting by the raw value (Qt::UserRole).
class ItemTableModelBase : public QAbstractTableModel
{
    Q_OBJECT
public:
    using Kind = JsonTableModel::Kind;

    // Header titles in column order; pages set them from their retranslate().
    void setHeaders(const QStringList &titles);
    // Every cell may show differently (names learnt, the language changed): views redraw them.
    void refreshCells();

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    ItemTableModelBase(QList<Kind> kinds, QObject *parent);
    // A cell's raw value: text, a bool, an integer (times as epoch milliseconds) or a double;
    // an invalid QVariant shows as an empty cell.
    virtual QVariant value(int row, int column) const = 0;

private:
    QList<Kind> m_kinds;
    QStringList m_headers;
};

// A read-only table over a list of typed items (the AdminTypes the AdminClient answers with):
// each column reads one value from an item. With a key, setItems() merges: rows keep their
// identity (and the view its selection) while live data comes and goes.
template <typename T> class ItemTableModel : public ItemTableModelBase
{
public:
    struct Column
    {
        std::function<QVariant(const T &)> value;
        Kind kind = Kind::Text;
    };

    ItemTableModel(QList<Column> columns, std::function<QString(const T &)> key, QObject *parent)
        : ItemTableModelBase(kindsOf(columns), parent)
        , m_columns(std::move(columns))
        , m_key(std::move(key))
    { }

    const T &item(int row) const { return m_items.at(row); }
    const QList<T> &items() const { return m_items; }
    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_items.size()); }

    void setItems(const QList<T> &incoming)
    {
        if (!m_key) {
            beginResetModel();
            m_items = incoming;
            endResetModel();
            return;
        }
        // Merge by key: drop rows that left, then walk the new order moving, inserting or updating.
        QStringList incomingKeys;
        for (const T &item : incoming)
            incomingKeys.append(m_key(item));
        const QSet<QString> wanted(incomingKeys.cbegin(), incomingKeys.cend());
        for (int i = int(m_items.size()) - 1; i >= 0; --i) {
            if (!wanted.contains(m_keys[i])) {
                beginRemoveRows({}, i, i);
                m_items.removeAt(i);
                m_keys.removeAt(i);
                endRemoveRows();
            }
        }
        for (int i = 0; i < int(incoming.size()); ++i)
            place(i, incoming[i], incomingKeys[i]);
        // Duplicated keys in the input would leave extra rows behind: trim to the input's length.
        if (m_items.size() > incoming.size()) {
            beginRemoveRows({}, int(incoming.size()), int(m_items.size()) - 1);
            m_items.resize(incoming.size());
            m_keys.resize(incoming.size());
            endRemoveRows();
        }
    }

protected:
    QVariant value(int row, int column) const override { return m_columns[column].value(m_items[row]); }

private:
    static QList<Kind> kindsOf(const QList<Column> &columns)
    {
        QList<Kind> kinds;
        for (const Column &c : columns)
            kinds.append(c.kind);
        return kinds;
    }

    // Puts the incoming item at row i: inserted, moved there, and updated when it changed.
    void place(int i, const T &item, const QString &key)
    {
        const int at = int(m_keys.indexOf(key, i));
        if (at < 0) {
            beginInsertRows({}, i, i);
            m_items.insert(i, item);
            m_keys.insert(i, key);
            endInsertRows();
            return;
        }
        if (at != i) {
            beginMoveRows({}, at, at, {}, i);
            m_items.move(at, i);
            m_keys.move(at, i);
            endMoveRows();
        }
        if (!(m_items[i] == item)) {
            m_items[i] = item;
            Q_EMIT dataChanged(index(i, 0), index(i, int(m_columns.size()) - 1));
        }
    }

    QList<Column> m_columns;
    std::function<QString(const T &)> m_key;
    QList<T> m_items;
    QStringList m_keys; // with a key: each row's key, in row order
};

} // namespace bytespike
