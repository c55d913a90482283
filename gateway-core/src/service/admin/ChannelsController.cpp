#include "ChannelsController.h"

#include "AdminResponses.h"
#include "ChannelRegistry.h"
#include "http/HttpExchange.h"
#include "protocol/InputRules.h"

#include <QPointer>
#include <QRegularExpression>

namespace bytespike {

ChannelsController::ChannelsController(ChannelRegistry &registry)
    : m_registry(registry)
{ }

void ChannelsController::addRoutes(RouteTable &table)
{
    using P = RouteTable::Params;
    constexpr auto read = OperatorRole::Viewer; // every GET of the admin API
    constexpr auto change = OperatorRole::Pricing; // channels, their prices and secrets
    const QString id = QStringLiteral("channel_id");
    table.add(Routes::ListChannels, read, [this](HttpExchange *e, const P &) { list(e); });
    table.add(Routes::CreateChannel, change, [this](HttpExchange *e, const P &) { create(e); });
    table.add(Routes::GetChannel, read, [this, id](HttpExchange *e, const P &p) { get(e, p.value(id)); });
    table.add(Routes::ReplaceChannel, change, [this, id](HttpExchange *e, const P &p) { replace(e, p.value(id)); });
    table.add(Routes::DeleteChannel, change, [this, id](HttpExchange *e, const P &p) { remove(e, p.value(id)); });
    table.add(Routes::TestChannel, change, [this, id](HttpExchange *e, const P &p) { test(e, p.value(id)); });
    // Channels saved before ids had a rule stay readable, testable and deletable by their exact id.
    table.allowLegacyIds(id, [this](const QString &legacy) { return m_registry.isLegacyId(legacy); });
    const QString name = QStringLiteral("name");
    table.add(
        Routes::StoreSecret, change, [this, name](HttpExchange *e, const P &p) { setSecret(e, p.value(name), false); });
    table.add(
        Routes::DeleteSecret, change, [this, name](HttpExchange *e, const P &p) { setSecret(e, p.value(name), true); });
}

void ChannelsController::list(HttpExchange *exchange)
{
    respondJson(exchange, 200, toJsonList(m_registry.list()));
}

void ChannelsController::get(HttpExchange *exchange, const QString &id)
{
    respondResult(exchange, 200, m_registry.get(id));
}

void ChannelsController::create(HttpExchange *exchange)
{
    const std::optional<QJsonObject> body = bodyObject(exchange);
    if (!body)
        return;
    Channel channel;
    QString error;
    if (!channelFromJson(*body, &channel, &error))
        return respondAdminError(exchange, 400, error);
    m_registry.create(channel, operatorName(exchange), exchange,
        [exchange](AdminResult<ChannelView> saved) { respondResult(exchange, 201, saved); });
}

void ChannelsController::replace(HttpExchange *exchange, const QString &id)
{
    if (!InputRules::isId(id)) // reachable only for a channel saved before ids had a rule
        return respondFailure(exchange, ChannelRegistry::legacyReplaceRefusal());
    const std::optional<QJsonObject> body = bodyObject(exchange);
    if (!body)
        return;
    if (!body->value(QStringLiteral("version")).isDouble())
        return respondAdminError(exchange, 400, QStringLiteral("version is required: send the version you read"));
    Channel channel;
    QString error;
    if (!channelFromJson(*body, &channel, &error))
        return respondAdminError(exchange, 400, error);
    m_registry.replace(id, channel, operatorName(exchange), exchange,
        [exchange](AdminResult<ChannelView> saved) { respondResult(exchange, 200, saved); });
}

void ChannelsController::remove(HttpExchange *exchange, const QString &id)
{
    m_registry.remove(id, operatorName(exchange), exchange,
        [exchange](AdminResult<ChannelDeleted> deleted) { respondResult(exchange, 200, deleted); });
}

void ChannelsController::test(HttpExchange *exchange, const QString &id)
{
    QPointer<HttpExchange> guard(exchange);
    m_registry.test(id, exchange->query().queryItemValue(QStringLiteral("model")), exchange,
        [guard](AdminResult<ChannelTestResult> result) {
            if (guard)
                respondResult(guard.data(), 200, result);
        });
}

void ChannelsController::setSecret(HttpExchange *exchange, const QString &name, bool remove)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9._-]{1,128}$"));
    if (!valid.match(name).hasMatch())
        return respondAdminError(
            exchange, 400, QStringLiteral("a secret name is 1-128 characters of A-Z a-z 0-9 . _ -"));
    std::optional<QString> value;
    if (!remove) {
        const std::optional<QJsonObject> body = bodyObject(exchange);
        if (!body)
            return;
        const AdminResult<SecretValue> read = SecretValue::fromJson(*body);
        if (!read.ok())
            return respondFailure(exchange, read.failure());
        value = read.value().value;
    }
    m_registry.setSecret(name, value, operatorName(exchange), exchange,
        [exchange](AdminResult<SecretStored> result) { respondResult(exchange, 200, result); });
}

} // namespace bytespike
