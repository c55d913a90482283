#include "bytespike/AdminClient.h"

#include "bytespike/AdminRoutes.h"
#include "wire/SseParser.h"

#include <QJsonDocument>

namespace bytespike {

namespace {

// The query parameters the client writes besides the query types of AdminTypes.
constexpr QLatin1StringView kChannelParam("channel");
constexpr QLatin1StringView kFormatParam("format");
constexpr QLatin1StringView kLocaleParam("locale");

QJsonObject bodyJson(const TransportReply &reply)
{
    return QJsonDocument::fromJson(reply.body()).object();
}

QString queryText(const QUrlQuery &query)
{
    return query.toString(QUrl::FullyEncoded);
}

template <typename T> std::function<T(const QJsonObject &)> reader()
{
    return [](const QJsonObject &json) { return T::fromJson(json); };
}

template <typename T> std::function<QList<T>(const QJsonObject &)> listReader()
{
    return [](const QJsonObject &json) { return fromJsonList<T>(json); };
}

} // namespace

QByteArray TransportReply::header(const QByteArray &lowerCaseName) const
{
    for (const auto &h : m_headers) {
        if (h.first == lowerCaseName)
            return h.second;
    }
    return {};
}

void TransportReply::reportHead(int status, const HeaderList &headers)
{
    m_status = status;
    m_headers = headers;
    Q_EMIT headReceived(status);
}

void TransportReply::reportData(const QByteArray &data)
{
    if (m_keepBody && m_body.size() + data.size() > kMaxBodyBytes) {
        m_body.clear();
        cancel();
        return;
    }
    if (m_keepBody)
        m_body += data;
    Q_EMIT dataReceived(data);
}

void TransportReply::reportEnd(bool complete)
{
    if (m_ended)
        return;
    m_ended = true;
    m_complete = complete;
    Q_EMIT finished();
    deleteLater();
}

AdminClient::AdminClient(std::shared_ptr<AdminTransport> transport)
    : m_transport(std::move(transport))
{ }

ClientError AdminClient::errorOf(const TransportReply &reply)
{
    if (!reply.complete())
        return ClientError {reply.status(), QString(), QStringLiteral("the call was cut off")};
    const ErrorEnvelope envelope = ErrorEnvelope::fromJson(bodyJson(reply));
    return ClientError {reply.status(), envelope.type,
        envelope.message.isEmpty() ? QStringLiteral("HTTP status %1").arg(reply.status()) : envelope.message};
}

void AdminClient::send(QObject *context, const RouteSpec &route, const QStringList &params, const QString &query,
    const QJsonObject &body, std::function<void(const TransportReply &)> finished) const
{
    QString target = routePath(route, params);
    if (!query.isEmpty())
        target += QLatin1Char('?') + query;
    const QByteArray method(route.method);
    const QByteArray payload
        = body.isEmpty() && method == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    TransportReply *reply = m_transport->send(method, target, payload, {{"content-type", "application/json"}});
    // Queued to context: the callback runs on its thread, and not at all once it is gone.
    QObject::connect(
        reply, &TransportReply::finished, context, [reply, finished = std::move(finished)] { finished(*reply); });
}

template <typename T>
void AdminClient::call(QObject *context, const RouteSpec &route, const QStringList &params, const QString &query,
    const QJsonObject &body, std::function<T(const QJsonObject &)> read, Callback<T> done) const
{
    send(context, route, params, query, body,
        [read = std::move(read), done = std::move(done)](const TransportReply &reply) {
            if (reply.ok())
                done(ClientResult<T>(read(bodyJson(reply))));
            else
                done(ClientResult<T>(errorOf(reply)));
        });
}

void AdminClient::listChannels(QObject *context, Callback<QList<ChannelView>> done) const
{
    call(context, Routes::ListChannels, {}, {}, {}, listReader<ChannelView>(), std::move(done));
}

void AdminClient::getChannel(QObject *context, const QString &id, Callback<ChannelView> done) const
{
    call(context, Routes::GetChannel, {id}, {}, {}, reader<ChannelView>(), std::move(done));
}

void AdminClient::createChannel(QObject *context, const Channel &channel, Callback<ChannelView> done) const
{
    call(context, Routes::CreateChannel, {}, {}, channelToJson(channel), reader<ChannelView>(), std::move(done));
}

void AdminClient::replaceChannel(QObject *context, const Channel &channel, Callback<ChannelView> done) const
{
    call(context, Routes::ReplaceChannel, {channel.id}, {}, channelToJson(channel), reader<ChannelView>(),
        std::move(done));
}

void AdminClient::deleteChannel(QObject *context, const QString &id, Callback<ChannelDeleted> done) const
{
    call(context, Routes::DeleteChannel, {id}, {}, {}, reader<ChannelDeleted>(), std::move(done));
}

void AdminClient::testChannel(QObject *context, const QString &id, Callback<ChannelTestResult> done) const
{
    call(context, Routes::TestChannel, {id}, {}, {}, reader<ChannelTestResult>(), std::move(done));
}

void AdminClient::storeSecret(
    QObject *context, const QString &name, const QString &value, Callback<SecretStored> done) const
{
    call(context, Routes::StoreSecret, {name}, {}, SecretValue {value}.toJson(), reader<SecretStored>(),
        std::move(done));
}

void AdminClient::deleteSecret(QObject *context, const QString &name, Callback<SecretStored> done) const
{
    call(context, Routes::DeleteSecret, {name}, {}, {}, reader<SecretStored>(), std::move(done));
}

void AdminClient::listCustomers(QObject *context, Callback<QList<Customer>> done) const
{
    call(context, Routes::ListCustomers, {}, {}, {}, listReader<Customer>(), std::move(done));
}

void AdminClient::getCustomer(QObject *context, const QString &id, Callback<Customer> done) const
{
    call(context, Routes::GetCustomer, {id}, {}, {}, reader<Customer>(), std::move(done));
}

void AdminClient::createCustomer(QObject *context, const NewCustomer &customer, Callback<Customer> done) const
{
    call(context, Routes::CreateCustomer, {}, {}, customer.toJson(), reader<Customer>(), std::move(done));
}

void AdminClient::createKey(
    QObject *context, const QString &customerId, const NewKey &key, Callback<CreatedKey> done) const
{
    call(context, Routes::CreateKey, {customerId}, {}, key.toJson(), reader<CreatedKey>(), std::move(done));
}

void AdminClient::updateCustomer(
    QObject *context, const QString &customerId, const CustomerSettings &settings, Callback<Customer> done) const
{
    call(context, Routes::UpdateCustomer, {customerId}, {}, settings.toJson(), reader<Customer>(), std::move(done));
}

void AdminClient::updateKey(QObject *context, const QString &customerId, const QString &keyId,
    const KeySettings &settings, Callback<ApiKey> done) const
{
    call(context, Routes::UpdateKey, {customerId, keyId}, {}, settings.toJson(), reader<ApiKey>(), std::move(done));
}

void AdminClient::listOperators(QObject *context, Callback<QList<Operator>> done) const
{
    call(context, Routes::ListOperators, {}, {}, {}, listReader<Operator>(), std::move(done));
}

void AdminClient::createOperator(QObject *context, const NewOperator &op, Callback<CreatedOperator> done) const
{
    call(context, Routes::CreateOperator, {}, {}, op.toJson(), reader<CreatedOperator>(), std::move(done));
}

void AdminClient::revokeOperator(QObject *context, const QString &id, Callback<OperatorRevoked> done) const
{
    call(context, Routes::RevokeOperator, {id}, {}, {}, reader<OperatorRevoked>(), std::move(done));
}

void AdminClient::revokeKey(
    QObject *context, const QString &customerId, const QString &keyId, Callback<KeyRevoked> done) const
{
    call(context, Routes::RevokeKey, {customerId, keyId}, {}, {}, reader<KeyRevoked>(), std::move(done));
}

void AdminClient::addCredit(
    QObject *context, const QString &customerId, const NewCredit &credit, Callback<LedgerEntry> done) const
{
    call(context, Routes::AddCredit, {customerId}, {}, credit.toJson(), reader<LedgerEntry>(), std::move(done));
}

void AdminClient::statement(
    QObject *context, const QString &customerId, const StatementQuery &query, Callback<AccountStatement> done) const
{
    call(context, Routes::Statement, {customerId}, queryText(query.toQuery()), {}, reader<AccountStatement>(),
        std::move(done));
}

void AdminClient::statementDocument(QObject *context, const QString &customerId, const StatementQuery &query,
    const QString &format, const QString &locale, Callback<QByteArray> done) const
{
    QUrlQuery q = query.toQuery();
    q.addQueryItem(kFormatParam, format);
    if (!locale.isEmpty())
        q.addQueryItem(kLocaleParam, locale);
    send(context, Routes::Statement, {customerId}, queryText(q), {},
        [done = std::move(done)](const TransportReply &reply) {
            if (reply.ok())
                done(ClientResult<QByteArray>(reply.body()));
            else
                done(ClientResult<QByteArray>(errorOf(reply)));
        });
}

void AdminClient::holds(QObject *context, const HoldQuery &query, Callback<QList<Hold>> done) const
{
    call(context, Routes::ListHolds, {}, queryText(query.toQuery()), {}, listReader<Hold>(), std::move(done));
}

void AdminClient::requests(QObject *context, const RequestQuery &query, Callback<QList<RequestLogItem>> done) const
{
    call(context, Routes::ListRequests, {}, queryText(query.toQuery()), {}, listReader<RequestLogItem>(),
        std::move(done));
}

void AdminClient::audit(QObject *context, const AuditQuery &query, Callback<QList<AuditEntry>> done) const
{
    call(context, Routes::Audit, {}, queryText(query.toQuery()), {}, listReader<AuditEntry>(), std::move(done));
}

void AdminClient::usage(QObject *context, const UsageQuery &query, Callback<UsageSummary> done) const
{
    call(context, Routes::Usage, {}, queryText(query.toQuery()), {}, reader<UsageSummary>(), std::move(done));
}

void AdminClient::priceHistory(QObject *context, const QString &channelId, Callback<QList<PriceVersion>> done) const
{
    QUrlQuery q;
    if (!channelId.isEmpty())
        q.addQueryItem(kChannelParam, channelId);
    call(context, Routes::PriceHistory, {}, queryText(q), {}, listReader<PriceVersion>(), std::move(done));
}

void AdminClient::pricingExport(QObject *context, Callback<PricingCard> done) const
{
    QUrlQuery q;
    q.addQueryItem(kFormatParam, QStringLiteral("json"));
    call(context, Routes::PricingExport, {}, queryText(q), {}, reader<PricingCard>(), std::move(done));
}

void AdminClient::margins(QObject *context, Callback<Margins> done) const
{
    call(context, Routes::PricingMargins, {}, {}, {}, reader<Margins>(), std::move(done));
}

void AdminClient::publicPricing(QObject *context, Callback<PricingCard> done) const
{
    call(context, Routes::PublicPricing, {}, {}, {}, reader<PricingCard>(), std::move(done));
}

void AdminClient::metrics(QObject *context, Callback<MetricsSnapshot> done) const
{
    call(context, Routes::AdminMetrics, {}, {}, {}, reader<MetricsSnapshot>(), std::move(done));
}

TransportReply *AdminClient::events(QObject *context, std::function<void(const QJsonObject &)> onSnapshot) const
{
    TransportReply *reply
        = m_transport->send(Routes::Events.method, routePath(Routes::Events), {}, {{"accept", "text/event-stream"}});
    // A refusal's body is its error envelope; a stream's bytes are read here and not kept.
    QObject::connect(reply, &TransportReply::headReceived, context, [reply](int status) {
        if (status == 200)
            reply->keepBody(false);
    });
    auto parser = std::make_shared<SseParser>();
    auto waiting = std::make_shared<qsizetype>(0); // bytes of the event not yet complete
    QObject::connect(reply, &TransportReply::dataReceived, context,
        [reply, parser, waiting, onSnapshot = std::move(onSnapshot)](const QByteArray &data) {
            if (reply->status() != 200)
                return;
            const QList<SseParser::Frame> frames = parser->feed(data);
            *waiting = parser->hasPartialFrame() ? (frames.isEmpty() ? *waiting : 0) + data.size() : 0;
            if (*waiting > kMaxEventBytes) {
                reply->cancel();
                return;
            }
            for (const SseParser::Frame &frame : frames) {
                if (frame.event != "metrics")
                    continue;
                const QJsonDocument doc = QJsonDocument::fromJson(frame.data);
                if (doc.isObject())
                    onSnapshot(doc.object());
            }
        });
    return reply;
}

QString AdminClient::modelRequestPath(ApiProtocol protocol)
{
    return routePath(protocol == ApiProtocol::OpenAI ? Routes::ChatCompletions : Routes::Messages);
}

HeaderList AdminClient::modelRequestHeaders(ApiProtocol protocol, const QByteArray &customerKey)
{
    HeaderList headers {{"content-type", "application/json"}};
    if (protocol == ApiProtocol::OpenAI)
        headers.append({"authorization", "Bearer " + customerKey});
    else
        headers.append({{"x-api-key", customerKey}, {"anthropic-version", "2023-06-01"}});
    return headers;
}

TransportReply *AdminClient::sendModelRequest(
    ApiProtocol protocol, const QByteArray &customerKey, const QByteArray &body) const
{
    return m_transport->send("POST", modelRequestPath(protocol), body, modelRequestHeaders(protocol, customerKey));
}

} // namespace bytespike
