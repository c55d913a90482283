#include "NameBook.h"

#include "GatewayCalls.h"
#include "models/JsonTableModel.h"

namespace bytespike {

NameBook::NameBook(EmbeddedGateway &gateway, QObject *parent)
    : QObject(parent)
    , m_gateway(gateway)
{ }

void NameBook::refresh()
{
    adminClient(m_gateway).listCustomers(this, [this](const ClientResult<QList<Customer>> &customers) {
        if (!customers.ok())
            return;
        QHash<QString, QString> names;
        for (const Customer &customer : customers.value()) {
            if (!customer.name.isEmpty())
                names.insert(customer.id, customer.name);
        }
        if (names != m_customers) {
            m_customers = names;
            Q_EMIT changed();
        }
    });
    adminClient(m_gateway).listChannels(this, [this](const ClientResult<QList<ChannelView>> &channels) {
        if (!channels.ok())
            return;
        QHash<QString, QString> names;
        for (const ChannelView &view : channels.value()) {
            if (!view.channel.name.isEmpty())
                names.insert(view.channel.id, view.channel.name);
        }
        if (names != m_channels) {
            m_channels = names;
            Q_EMIT changed();
        }
    });
}

QString NameBook::endpoint(const QString &endpoint) const
{
    const qsizetype slash = endpoint.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return endpoint;
    return channel(endpoint.left(slash)) + endpoint.mid(slash);
}

QVariant NameBook::customerCell(const QString &id) const
{
    return JsonTableModel::named(customer(id), id);
}

QVariant NameBook::endpointCell(const QString &endpoint) const
{
    return JsonTableModel::named(this->endpoint(endpoint), endpoint);
}

} // namespace bytespike
