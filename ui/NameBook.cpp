#include "NameBook.h"

#include "GatewayCalls.h"
#include "models/JsonTableModel.h"

namespace bytespike {

NameBook::NameBook(EmbeddedGateway &gateway, QObject *parent)
    : QObject(parent)
    , m_gateway(gateway)
{ }

namespace {

// Each named item's id -> name; true when that differs from what *names held (now replaced).
template <typename T, typename Id, typename Name>
bool learn(const QList<T> &items, Id id, Name name, QHash<QString, QString> *names)
{
    QHash<QString, QString> learnt;
    for (const T &item : items) {
        if (!name(item).isEmpty())
            learnt.insert(id(item), name(item));
    }
    if (learnt == *names)
        return false;
    *names = std::move(learnt);
    return true;
}

} // namespace

void NameBook::refresh()
{
    adminClient(m_gateway).listCustomers(this, [this](const ClientResult<QList<Customer>> &customers) {
        if (customers.ok()
            && learn(
                customers.value(), [](const Customer &c) { return c.id; }, [](const Customer &c) { return c.name; },
                &m_customers))
            Q_EMIT changed();
    });
    adminClient(m_gateway).listChannels(this, [this](const ClientResult<QList<ChannelView>> &channels) {
        if (channels.ok()
            && learn(
                channels.value(), [](const ChannelView &v) { return v.channel.id; },
                [](const ChannelView &v) { return v.channel.name; }, &m_channels))
            Q_EMIT changed();
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
