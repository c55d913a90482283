#pragma once

#include <QJsonObject>
#include <QObject>

namespace bytespike {

struct Channel;
class GatewayRuntime;
class HttpExchange;

// The admin API (docs/architecture.md, "Admin API built so far"): channels, customers, keys,
// credits, the ledger, the request log, pricing and secrets. Every mutation
// runs on the ledger writer; the in-memory routing snapshot and key ring are swapped only after
// the write committed, so the next request sees exactly what the database holds.
class AdminApi : public QObject
{
    Q_OBJECT
public:
    explicit AdminApi(GatewayRuntime &runtime, QObject *parent = nullptr);

    // Takes ownership of exchange.
    void handle(HttpExchange *exchange);

private:
    bool routeLegacyChannel(HttpExchange *exchange);
    void listChannels(HttpExchange *exchange);
    void getChannel(HttpExchange *exchange, const QString &id);
    void createChannel(HttpExchange *exchange);
    void replaceChannel(HttpExchange *exchange, const QString &id);
    // Checks the channel's target (ChannelTarget) and then creates or replaces it.
    void saveChannel(HttpExchange *exchange, const Channel &channel, bool create);
    void deleteChannel(HttpExchange *exchange, const QString &id);
    QJsonObject withLiveBalance(QJsonObject customer) const;
    void listCustomers(HttpExchange *exchange);
    void getCustomer(HttpExchange *exchange, const QString &id);
    void createCustomer(HttpExchange *exchange);
    void createKey(HttpExchange *exchange, const QString &customerId);
    void revokeKey(HttpExchange *exchange, const QString &customerId, const QString &keyId);
    void addCredit(HttpExchange *exchange, const QString &customerId);
    void statement(HttpExchange *exchange, const QString &customerId);
    void listHolds(HttpExchange *exchange);
    void priceHistory(HttpExchange *exchange);
    void listAudit(HttpExchange *exchange);
    void pricingExport(HttpExchange *exchange);
    bool checkLocale(HttpExchange *exchange, const QString &locale);
    void pricingMargins(HttpExchange *exchange);
    void storeSecret(HttpExchange *exchange, const QString &name, bool remove);
    void testChannel(HttpExchange *exchange, const QString &id);
    void subscribeEvents(HttpExchange *exchange);
    void listRequests(HttpExchange *exchange);
    void reloadChannelsThenRespond(HttpExchange *exchange, int status, const QJsonObject &body);

    GatewayRuntime &m_runtime;
};

// Admin errors use the Anthropic-style envelope: {"type":"error","error":{"type","message"}}.
void respondAdminError(HttpExchange *exchange, int status, const QString &message);

} // namespace bytespike
