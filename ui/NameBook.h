#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QVariant>

namespace bytespike {

class EmbeddedGateway;

// The names behind the ids the ledger and the request log carry: customers' and channels' names,
// read from the admin API when asked (refresh()) and announced with changed(). A table shows
// name() and keeps the id as the tooltip (JsonTableModel::Kind::Name); an id with no name yet
// shows as itself.
class NameBook : public QObject
{
    Q_OBJECT
public:
    explicit NameBook(EmbeddedGateway &gateway, QObject *parent = nullptr);

    // Asks the gateway for both lists; changed() follows each answer that changed a name.
    void refresh();

    QString customer(const QString &id) const { return m_customers.value(id, id); }
    QString channel(const QString &id) const { return m_channels.value(id, id); }
    // "channel/model" with the channel's name in place of its id.
    QString endpoint(const QString &endpoint) const;

    // A table cell's value: the name and the id (JsonTableModel::Kind::Name).
    QVariant customerCell(const QString &id) const;
    QVariant endpointCell(const QString &endpoint) const;

Q_SIGNALS:
    void changed();

private:
    EmbeddedGateway &m_gateway;
    QHash<QString, QString> m_customers; // id -> name (those with one)
    QHash<QString, QString> m_channels;
};

} // namespace bytespike
