#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace bytespike {

// A read-only table over a JSON array of objects as the admin API returns them (holds, requests,
// customers, statement lines...). Each column names a field and how to show it (cell()); money
// sorts by its integer micro-dollars (Qt::UserRole holds the raw value). With a key field, setRows() merges: rows keep
// their identity (and the view its selection) while live data comes and goes.
class JsonTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // Money: exact (statement lines, prices). Balance: to the cent. Amount: one request's, to four
    // significant digits. The last two carry the exact amount as their tooltip.
    // Code: a word of the API (a hold's state, a ledger entry's kind, a channel's status or its
    // breaker's), shown in the current language with the word itself as the tooltip.
    // Reason: why something failed, as the pair {code, text} the API writes (docs/api.md, "Reason
    // codes"), shown as reasonText() with the server's text as the tooltip.
    // Name: a thing's name and its id, as the pair {name, id}: the name shows, the id is the
    // tooltip (and shows when there is no name).
    enum class Kind {
        Text,
        Integer,
        Money,
        Balance,
        Amount,
        Time,
        Bool,
        Milliseconds,
        Decimal,
        Percent,
        Code,
        Reason,
        Name
    };
    struct Column
    {
        QString field; // a top-level field, or "a.b" for a nested one
        Kind kind = Kind::Text;
    };

    explicit JsonTableModel(QList<Column> columns, QString keyField = {}, QObject *parent = nullptr);

    // Header titles in column order; pages set them from their retranslate().
    void setHeaders(const QStringList &titles);
    void setRows(const QJsonArray &rows);
    QJsonObject row(int index) const { return m_rows.value(index); }
    QList<QJsonObject> rows() const { return m_rows; }
    // The sum of an integer field over every row (e.g. a statement's amounts).
    qint64 sum(const QString &field) const;

    // How a value of a kind shows in a table, for a role (display text, tooltip, alignment, the
    // sort key as Qt::UserRole): the console's one formatting layer for cells, in the current
    // locale. Times are ISO 8601 text or epoch milliseconds.
    // A word of the API in the current language; an unknown one as it is.
    static QString codeText(const QString &code);
    // A reason code in the current language; the server's text when the code is unknown or says
    // no more than "other" (the text may quote an upstream's words, so it stays the detail).
    static QString reasonText(const QString &code, const QString &text);
    static QVariant reason(const QString &code, const QString &text) { return QStringList {code, text}; }
    static QVariant named(const QString &name, const QString &id) { return QStringList {name, id}; }
    static QVariant cell(Kind kind, const QVariant &value, int role);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QJsonValue field(const QJsonObject &row, const QString &path);

private:
    QString keyOf(const QJsonObject &row) const;

    QList<Column> m_columns;
    QString m_keyField;
    QStringList m_headers;
    QList<QJsonObject> m_rows;
    QStringList m_keys; // with a key field: each row's key, in row order
};

} // namespace bytespike
