#include "AdminApi.h"

#include "ChannelProbe.h"
#include "ChannelTarget.h"
#include "GatewayRuntime.h"
#include "MessagesExchange.h"
#include "base/Ids.h"
#include "bytespike/Catalogue.h"
#include "export/Document.h"
#include "export/StatementDocument.h"
#include "http/HttpExchange.h"
#include "ledger/Ledger.h"
#include "pricing/PricingExport.h"
#include "protocol/ClientText.h"
#include "protocol/InputRules.h"
#include "protocol/anthropic/ApiError.h"
#include "secrets/Keychain.h"
#include "secrets/SecretResolver.h"
#include "store/AuditLog.h"
#include "store/ChannelStore.h"
#include "store/CustomerStore.h"
#include "store/Database.h"
#include "store/RequestLog.h"
#include "store/StoreWriter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>

namespace bytespike {

namespace {

struct Parsed
{
    bool ok = false;
    QJsonObject object;
};

Parsed parseObject(HttpExchange *exchange)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(exchange->body(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        respondAdminError(exchange, 400, QStringLiteral("the body must be a JSON object"));
        return {};
    }
    return {true, doc.object()};
}

// Who made an admin change, for the price history: the x-bytespike-operator header when given.
QString operatorName(const HttpExchange *exchange)
{
    const QString name = ClientText::quote(QString::fromUtf8(exchange->header("x-bytespike-operator")).trimmed(), 100);
    return name.isEmpty() ? QStringLiteral("admin-api") : name;
}

struct StoreResult
{
    int status = 200;
    QString error;
    QJsonObject body;
};

// Runs a mutation and, when it succeeds, its audit row in one transaction: neither is written
// without the other. mutate fills in the before and after snapshots (never a secret value).
StoreResult audited(Database &db, const QString &actor, const QString &action, const QString &target,
    const std::function<StoreResult(QJsonValue *before, QJsonValue *after)> &mutate)
{
    StoreResult result;
    QString why;
    const bool ok = db.transaction(
        [&] {
            QJsonValue before;
            QJsonValue after;
            result = mutate(&before, &after);
            if (result.status >= 300)
                return false;
            if (!AuditLog::append(db, actor, action, target, before, after, &why)) {
                result = StoreResult {500, QStringLiteral("cannot write the audit log: ") + why, {}};
                return false;
            }
            return true;
        },
        &why);
    if (!ok && result.status < 300)
        result = StoreResult {500, why, {}};
    return result;
}

std::optional<Channel> findChannel(Database &db, const QString &id)
{
    QString why;
    for (const Channel &c : ChannelStore::loadAll(db, &why)) {
        if (c.id == id)
            return c;
    }
    return std::nullopt;
}

StoreResult insertChannelJob(Database &db, Channel *channel, const QString &author, QJsonValue *after)
{
    QString why;
    if (!ChannelStore::insert(db, channel, author, &why))
        return StoreResult {why.contains(QLatin1String("UNIQUE")) ? 409 : 500,
            why.contains(QLatin1String("UNIQUE")) ? QStringLiteral("a channel with this id exists") : why, {}};
    *after = channelToJson(*channel);
    return StoreResult {201, {}, channelToJson(*channel)};
}

StoreResult replaceChannelJob(
    Database &db, Channel *channel, const QString &author, QJsonValue *before, QJsonValue *after)
{
    if (const std::optional<Channel> current = findChannel(db, channel->id))
        *before = channelToJson(*current);
    QString why;
    const qint64 sent = channel->version;
    switch (ChannelStore::replace(db, channel, sent, author, &why)) {
    case ChannelStore::Outcome::Ok:
        *after = channelToJson(*channel);
        return StoreResult {200, {}, channelToJson(*channel)};
    case ChannelStore::Outcome::NotFound:
        return StoreResult {404, QStringLiteral("no channel %1").arg(channel->id), {}};
    case ChannelStore::Outcome::Conflict:
        return StoreResult {409,
            QStringLiteral("channel %1 was changed by someone else (version %2 now, you sent %3);"
                           " reload and apply your edit again")
                .arg(channel->id)
                .arg(channel->version)
                .arg(sent),
            {}};
    case ChannelStore::Outcome::Failed: break;
    }
    return StoreResult {500, why, {}};
}

void respondResult(HttpExchange *exchange, const StoreResult &result)
{
    if (!result.error.isEmpty())
        respondAdminError(exchange, result.status, result.error);
    else
        respondJson(exchange, result.status, result.body);
}

} // namespace

void respondAdminError(HttpExchange *exchange, int status, const QString &message)
{
    const ApiError error {status, anthropicErrorTypeForStatus(status), message};
    exchange->respond(status, "application/json", error.envelope(exchange->requestId()));
    exchange->deleteLater();
}

bool AdminApi::routeLegacyChannel(HttpExchange *exchange)
{
    // Channels saved before ids had a rule may have any id, "../x/y" included, which no longer
    // splits into one path segment. Such a channel stays readable, testable and deletable by its
    // exact id: everything after /admin/channels/ (decoded) names it when a stored channel has that
    // very id and the id breaks the rule. Nothing else reaches a handler this way, and ids that keep
    // the rule go through the router below as before.
    static const QString prefix = QStringLiteral("/admin/channels/");
    const QString &path = exchange->path();
    if (!path.startsWith(prefix))
        return false;
    QString id = path.mid(prefix.size());
    const QByteArray &m = exchange->method();
    const bool test = m == "POST" && id.endsWith(QLatin1String("/test"));
    if (test)
        id.chop(5);
    if (InputRules::isId(id))
        return false;
    bool stored = false;
    for (const ChannelRuntime &c : m_runtime.snapshot()->channels())
        stored |= c.channel.id == id;
    if (!stored)
        return false;
    if (test)
        testChannel(exchange, id);
    else if (m == "GET")
        getChannel(exchange, id);
    else if (m == "DELETE")
        deleteChannel(exchange, id);
    else if (m == "PUT")
        respondAdminError(exchange, 400,
            QStringLiteral("this channel's id was saved before ids had a rule and cannot be replaced; create the"
                           " channel again under an id of A-Z a-z 0-9 . _ - and delete this one"));
    else
        return false;
    return true;
}

AdminApi::AdminApi(GatewayRuntime &runtime, QObject *parent)
    : QObject(parent)
    , m_runtime(runtime)
{ }

void AdminApi::handle(HttpExchange *exchange)
{
    exchange->setParent(this);
    if (!m_runtime.isAdmin(*exchange)) {
        m_runtime.noteRefused(*exchange, Metrics::AdminToken);
        respondAdminError(exchange, 401, QStringLiteral("admin token required (Authorization: Bearer ...)"));
        return;
    }
    const QStringList parts = exchange->path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const QByteArray &m = exchange->method();
    const auto n = parts.size();
    if (routeLegacyChannel(exchange))
        return;
    // Where the route expects an id, the segment must be one (InputRules::isId): the path reaches
    // the handlers percent-decoded, so "..%2Fx" would otherwise arrive as segments of its own.
    const auto badId = [&](qsizetype index, const char *what) {
        if (index >= n || InputRules::isId(parts[index]))
            return false;
        respondAdminError(exchange, 400, InputRules::checkId(QLatin1String(what), parts[index]));
        return true;
    };
    if (n >= 2 && parts[0] == QLatin1String("admin") && parts[1] == QLatin1String("channels")) {
        if (badId(2, "the channel id in the path"))
            return;
        if (n == 2 && m == "GET")
            return listChannels(exchange);
        if (n == 2 && m == "POST")
            return createChannel(exchange);
        if (n == 3 && m == "GET")
            return getChannel(exchange, parts[2]);
        if (n == 3 && m == "PUT")
            return replaceChannel(exchange, parts[2]);
        if (n == 3 && m == "DELETE")
            return deleteChannel(exchange, parts[2]);
        if (n == 4 && parts[3] == QLatin1String("test") && m == "POST")
            return testChannel(exchange, parts[2]);
    }
    if (n >= 2 && parts[0] == QLatin1String("admin") && parts[1] == QLatin1String("customers")) {
        if (badId(2, "the customer id in the path")
            || (n >= 4 && parts[3] == QLatin1String("keys") && badId(4, "the key id in the path")))
            return;
        if (n == 2 && m == "GET")
            return listCustomers(exchange);
        if (n == 2 && m == "POST")
            return createCustomer(exchange);
        if (n == 3 && m == "GET")
            return getCustomer(exchange, parts[2]);
        if (n == 4 && parts[3] == QLatin1String("keys") && m == "POST")
            return createKey(exchange, parts[2]);
        if (n == 5 && parts[3] == QLatin1String("keys") && m == "DELETE")
            return revokeKey(exchange, parts[2], parts[4]);
        if (n == 4 && parts[3] == QLatin1String("credits") && m == "POST")
            return addCredit(exchange, parts[2]);
        if (n == 4 && parts[3] == QLatin1String("statement") && m == "GET")
            return statement(exchange, parts[2]);
    }
    if (n == 3 && parts[0] == QLatin1String("admin") && parts[1] == QLatin1String("ledger")
        && parts[2] == QLatin1String("holds") && m == "GET")
        return listHolds(exchange);
    if (n == 2 && parts[0] == QLatin1String("admin") && parts[1] == QLatin1String("requests") && m == "GET")
        return listRequests(exchange);
    if (n == 3 && parts[0] == QLatin1String("admin") && parts[1] == QLatin1String("pricing")
        && parts[2] == QLatin1String("history") && m == "GET")
        return priceHistory(exchange);
    if (n == 3 && parts[0] == QLatin1String("admin") && parts[1] == QLatin1String("pricing")
        && parts[2] == QLatin1String("export") && m == "GET")
        return pricingExport(exchange);
    if (n == 3 && parts[0] == QLatin1String("admin") && parts[1] == QLatin1String("pricing")
        && parts[2] == QLatin1String("margins") && m == "GET")
        return pricingMargins(exchange);
    if (n == 3 && parts[0] == QLatin1String("admin") && parts[1] == QLatin1String("secrets")
        && (m == "PUT" || m == "DELETE"))
        return storeSecret(exchange, parts[2], m == "DELETE");
    if (n == 2 && parts[0] == QLatin1String("admin") && parts[1] == QLatin1String("metrics") && m == "GET")
        return respondJson(exchange, 200, m_runtime.metrics().snapshot());
    if (n == 1 && parts[0] == QLatin1String("metrics") && m == "GET") {
        exchange->respond(200, "text/plain; version=0.0.4; charset=utf-8", m_runtime.metrics().prometheus());
        exchange->deleteLater();
        return;
    }
    if (n == 2 && parts[0] == QLatin1String("admin") && parts[1] == QLatin1String("events") && m == "GET")
        return subscribeEvents(exchange);
    if (n == 2 && parts[0] == QLatin1String("admin") && parts[1] == QLatin1String("audit") && m == "GET")
        return listAudit(exchange);
    respondAdminError(
        exchange, 404, QStringLiteral("no admin route %1 %2").arg(QString::fromLatin1(m), exchange->path()));
}

namespace {

// A channel as the admin API shows it: its definition plus its live state, read-only.
QJsonObject channelView(const ChannelRuntime &c, const CircuitBreakers &breakers)
{
    QJsonObject json = channelToJson(c.channel);
    const QString status = !c.channel.enabled ? QStringLiteral("disabled")
        : c.pending                           ? QStringLiteral("pending")
        : c.unavailableReason.isEmpty()       ? QStringLiteral("ready")
                                              : QStringLiteral("unavailable");
    QJsonObject state {{QStringLiteral("status"), status}};
    if (!c.unavailableReason.isEmpty())
        state.insert(QStringLiteral("reason"), c.unavailableReason);
    state.insert(QStringLiteral("breaker"), breakers.state(c.channel.id));
    json.insert(QStringLiteral("state"), state);
    return json;
}

} // namespace

void AdminApi::listChannels(HttpExchange *exchange)
{
    QJsonArray channels;
    for (const ChannelRuntime &c : m_runtime.snapshot()->channels())
        channels.append(channelView(c, m_runtime.breakers()));
    respondJson(exchange, 200, QJsonObject {{QStringLiteral("channels"), channels}});
}

void AdminApi::getChannel(HttpExchange *exchange, const QString &id)
{
    for (const ChannelRuntime &c : m_runtime.snapshot()->channels()) {
        if (c.channel.id == id) {
            respondJson(exchange, 200, channelView(c, m_runtime.breakers()));
            return;
        }
    }
    respondAdminError(exchange, 404, QStringLiteral("no channel %1").arg(id));
}

void AdminApi::createChannel(HttpExchange *exchange)
{
    const Parsed parsed = parseObject(exchange);
    if (!parsed.ok)
        return;
    Channel channel;
    QString error;
    if (!channelFromJson(parsed.object, &channel, &error)
        || !SecretResolver::acceptable(channel.secretRef, m_runtime.config().dataDir, &error)) {
        respondAdminError(exchange, 400, error);
        return;
    }
    if (channel.id.isEmpty())
        channel.id = Ids::newId("ch_");
    channel.version = 1;
    saveChannel(exchange, channel, true);
}

void AdminApi::saveChannel(HttpExchange *exchange, const Channel &channel, bool create)
{
    // Where the channel would connect is checked before it is written (UpstreamPolicy): for a host
    // name that takes a lookup, so the write waits for its answer.
    checkChannelTarget(
        m_runtime.upstreamPolicy(), channel, exchange, [this, exchange, channel, create](const QString &refusal) {
            if (!refusal.isEmpty()) {
                respondAdminError(exchange, 400, refusal);
                return;
            }
            m_runtime.store().submit<StoreResult>(
                exchange,
                [saved = channel, create, author = operatorName(exchange)](Database &db) mutable {
                    return audited(db, author,
                        create ? QStringLiteral("channel.create") : QStringLiteral("channel.replace"),
                        QStringLiteral("channel/") + saved.id, [&](QJsonValue *before, QJsonValue *after) {
                            return create ? insertChannelJob(db, &saved, author, after)
                                          : replaceChannelJob(db, &saved, author, before, after);
                        });
                },
                [this, exchange](StoreResult result) {
                    if (!result.error.isEmpty())
                        respondAdminError(exchange, result.status, result.error);
                    else
                        reloadChannelsThenRespond(exchange, result.status, result.body);
                });
        });
}

void AdminApi::replaceChannel(HttpExchange *exchange, const QString &id)
{
    const Parsed parsed = parseObject(exchange);
    if (!parsed.ok)
        return;
    if (!parsed.object.value(QStringLiteral("version")).isDouble()) {
        respondAdminError(exchange, 400, QStringLiteral("version is required: send the version you read"));
        return;
    }
    Channel channel;
    QString error;
    if (!channelFromJson(parsed.object, &channel, &error)
        || !SecretResolver::acceptable(channel.secretRef, m_runtime.config().dataDir, &error)) {
        respondAdminError(exchange, 400, error);
        return;
    }
    if (!channel.id.isEmpty() && channel.id != id) {
        respondAdminError(exchange, 400, QStringLiteral("id in the body does not match the path"));
        return;
    }
    channel.id = id;
    saveChannel(exchange, channel, false);
}

void AdminApi::deleteChannel(HttpExchange *exchange, const QString &id)
{
    m_runtime.store().submit<StoreResult>(
        exchange,
        [id, author = operatorName(exchange)](Database &db) {
            return audited(db, author, QStringLiteral("channel.delete"), QStringLiteral("channel/") + id,
                [&](QJsonValue *before, QJsonValue *) {
                    if (const std::optional<Channel> current = findChannel(db, id))
                        *before = channelToJson(*current);
                    QString why;
                    switch (ChannelStore::remove(db, id, &why)) {
                    case ChannelStore::Outcome::Ok:
                        return StoreResult {
                            200, {}, QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("deleted"), true}}};
                    case ChannelStore::Outcome::NotFound:
                        return StoreResult {404, QStringLiteral("no channel %1").arg(id), {}};
                    default: return StoreResult {500, why, {}};
                    }
                });
        },
        [this, exchange](StoreResult result) {
            if (!result.error.isEmpty())
                respondAdminError(exchange, result.status, result.error);
            else
                reloadChannelsThenRespond(exchange, result.status, result.body);
        });
}

void AdminApi::testChannel(HttpExchange *exchange, const QString &id)
{
    const SnapshotPtr snapshot = m_runtime.snapshot();
    const QString model = exchange->query().queryItemValue(QStringLiteral("model"));
    for (const ChannelRuntime &c : snapshot->channels()) {
        if (c.channel.id != id)
            continue;
        for (const ModelRoute &route : c.channel.models) {
            if (model.isEmpty() || route.model == model) {
                QPointer<HttpExchange> guard(exchange);
                ChannelProbe::run(m_runtime, snapshot, c, route, exchange, [guard](QJsonObject result) {
                    if (guard)
                        respondJson(guard, 200, result);
                });
                return;
            }
        }
        respondAdminError(exchange, 404,
            model.isEmpty() ? QStringLiteral("channel %1 has no models to test").arg(id)
                            : QStringLiteral("channel %1 does not serve model %2").arg(id, model));
        return;
    }
    respondAdminError(exchange, 404, QStringLiteral("no channel %1").arg(id));
}

void AdminApi::reloadChannelsThenRespond(HttpExchange *exchange, int status, const QJsonObject &body)
{
    m_runtime.store().submit<QList<Channel>>(
        exchange,
        [](Database &db) {
            QString why;
            return ChannelStore::loadAll(db, &why);
        },
        [this, exchange, status, body](QList<Channel> channels) {
            m_runtime.setChannels(channels);
            QJsonObject out = body;
            for (const ChannelRuntime &c : m_runtime.snapshot()->channels()) {
                if (c.channel.id == body.value(QStringLiteral("id")).toString())
                    out = channelView(c, m_runtime.breakers());
            }
            respondJson(exchange, status, out);
        });
}

QJsonObject AdminApi::withLiveBalance(QJsonObject customer) const
{
    // Balances come from the hold book: posted as committed, pending with every open hold
    // (most of which have no row yet).
    const QString id = customer.value(QStringLiteral("id")).toString();
    const HoldBook &book = m_runtime.holds();
    if (id.isEmpty() || !book.knows(id))
        return customer;
    customer.insert(QStringLiteral("posted_micros"), book.postedMicros(id));
    customer.insert(QStringLiteral("pending_micros"), book.pendingMicros(id));
    customer.insert(QStringLiteral("available_micros"), book.postedMicros(id) - book.pendingMicros(id));
    return customer;
}

void AdminApi::listCustomers(HttpExchange *exchange)
{
    m_runtime.store().submit<QJsonObject>(
        exchange,
        [](Database &db) {
            QString why;
            QJsonArray out;
            for (const CustomerRecord &c : CustomerStore::loadCustomers(db, &why))
                out.append(c.toJson());
            return QJsonObject {{QStringLiteral("customers"), out}};
        },
        [this, exchange](QJsonObject body) {
            QJsonArray customers = body.value(QStringLiteral("customers")).toArray();
            for (qsizetype i = 0; i < customers.size(); ++i)
                customers[i] = withLiveBalance(customers[i].toObject());
            body.insert(QStringLiteral("customers"), customers);
            respondJson(exchange, 200, body);
        });
}

void AdminApi::getCustomer(HttpExchange *exchange, const QString &id)
{
    m_runtime.store().submit<StoreResult>(
        exchange,
        [id](Database &db) {
            QString why;
            CustomerRecord c;
            if (!CustomerStore::findCustomer(db, id, &c, &why))
                return StoreResult {
                    why.isEmpty() ? 404 : 500, why.isEmpty() ? QStringLiteral("no customer %1").arg(id) : why, {}};
            // One customer comes with its keys (hints only), for revoking.
            QJsonObject body = c.toJson();
            body.insert(QStringLiteral("keys"), CustomerStore::keys(db, id, &why));
            if (!why.isEmpty())
                return StoreResult {500, why, {}};
            return StoreResult {200, {}, body};
        },
        [this, exchange](StoreResult result) {
            result.body = withLiveBalance(result.body);
            respondResult(exchange, result);
        });
}

void AdminApi::createCustomer(HttpExchange *exchange)
{
    const Parsed parsed = parseObject(exchange);
    if (!parsed.ok)
        return;
    const QJsonValue name = parsed.object.value(QStringLiteral("name"));
    if (!name.isString() || name.toString().trimmed().isEmpty()) {
        respondAdminError(exchange, 400, QStringLiteral("name is required (a non-empty string)"));
        return;
    }
    if (const QString error = InputRules::checkName(QStringLiteral("name"), name.toString()); !error.isEmpty()) {
        respondAdminError(exchange, 400, error);
        return;
    }
    for (auto it = parsed.object.begin(); it != parsed.object.end(); ++it) {
        if (it.key() != QLatin1String("name")) {
            respondAdminError(exchange, 400, QStringLiteral("unknown field %1").arg(it.key()));
            return;
        }
    }
    const QString id = Ids::newId("cus_");
    m_runtime.store().submit<StoreResult>(
        exchange,
        [id, name = name.toString(), author = operatorName(exchange)](Database &db) {
            return audited(db, author, QStringLiteral("customer.create"), QStringLiteral("customer/") + id,
                [&](QJsonValue *, QJsonValue *after) {
                    QString why;
                    if (!CustomerStore::insertCustomer(db, id, name, &why))
                        return StoreResult {500, why, {}};
                    *after = CustomerRecord {id, name, 0, 0}.toJson();
                    return StoreResult {201, {}, CustomerRecord {id, name, 0, 0}.toJson()};
                });
        },
        [this, id, exchange](StoreResult result) {
            if (result.status == 201)
                m_runtime.holds().addCustomer(id);
            respondResult(exchange, result);
        });
}

void AdminApi::createKey(HttpExchange *exchange, const QString &customerId)
{
    const Parsed parsed = parseObject(exchange);
    if (!parsed.ok)
        return;
    const QJsonValue name = parsed.object.value(QStringLiteral("name"));
    if (!name.isUndefined() && !name.isString()) {
        respondAdminError(exchange, 400, QStringLiteral("name must be a string"));
        return;
    }
    if (const QString error = InputRules::checkName(QStringLiteral("name"), name.toString()); !error.isEmpty()) {
        respondAdminError(exchange, 400, error);
        return;
    }
    const QString key = Ids::newCustomerKey();
    const QString keyId = Ids::newId("key_");
    const QByteArray digest = m_runtime.keyDigest().digest(key.toLatin1());
    const QString hint = key.left(8) + QStringLiteral("...") + key.right(4);
    m_runtime.store().submit<StoreResult>(
        exchange,
        [customerId, keyId, digest, hint, name = name.toString(), author = operatorName(exchange)](Database &db) {
            return audited(db, author, QStringLiteral("key.create"),
                QStringLiteral("customer/%1/key/%2").arg(customerId, keyId), [&](QJsonValue *, QJsonValue *after) {
                    QString why;
                    CustomerRecord c;
                    if (!CustomerStore::findCustomer(db, customerId, &c, &why))
                        return StoreResult {404, QStringLiteral("no customer %1").arg(customerId), {}};
                    if (!CustomerStore::insertKey(db, keyId, customerId, name, digest, hint, &why))
                        return StoreResult {500, why, {}};
                    // The hint only: the key itself is shown once to the caller and kept nowhere.
                    *after = QJsonObject {
                        {QStringLiteral("id"), keyId}, {QStringLiteral("name"), name}, {QStringLiteral("hint"), hint}};
                    return StoreResult {201, {}, {}};
                });
        },
        [this, exchange, key, keyId, digest, customerId, hint](StoreResult result) {
            if (!result.error.isEmpty()) {
                respondAdminError(exchange, result.status, result.error);
                return;
            }
            m_runtime.addKey(digest, Caller {customerId, keyId});
            respondJson(exchange, 201,
                QJsonObject {{QStringLiteral("id"), keyId}, {QStringLiteral("key"), key},
                    {QStringLiteral("customer"), customerId}, {QStringLiteral("hint"), hint}});
        });
}

void AdminApi::revokeKey(HttpExchange *exchange, const QString &customerId, const QString &keyId)
{
    m_runtime.store().submit<StoreResult>(
        exchange,
        [customerId, keyId, author = operatorName(exchange)](Database &db) {
            return audited(db, author, QStringLiteral("key.revoke"),
                QStringLiteral("customer/%1/key/%2").arg(customerId, keyId),
                [&](QJsonValue *before, QJsonValue *after) {
                    QString why;
                    if (!CustomerStore::revokeKey(db, customerId, keyId, &why))
                        return StoreResult {why.isEmpty() ? 404 : 500,
                            why.isEmpty() ? QStringLiteral("no active key %1").arg(keyId) : why, {}};
                    *before = QJsonObject {{QStringLiteral("id"), keyId}, {QStringLiteral("revoked"), false}};
                    *after = QJsonObject {{QStringLiteral("id"), keyId}, {QStringLiteral("revoked"), true}};
                    return StoreResult {
                        200, {}, QJsonObject {{QStringLiteral("id"), keyId}, {QStringLiteral("revoked"), true}}};
                });
        },
        [this, exchange, keyId](StoreResult result) {
            if (!result.error.isEmpty()) {
                respondAdminError(exchange, result.status, result.error);
                return;
            }
            m_runtime.removeKey(keyId);
            respondJson(exchange, 200, result.body);
        });
}

void AdminApi::addCredit(HttpExchange *exchange, const QString &customerId)
{
    const Parsed parsed = parseObject(exchange);
    if (!parsed.ok)
        return;
    qint64 amount = 0;
    const InputRules::Integer read
        = InputRules::readInteger(parsed.object.value(QStringLiteral("amount_micros")), &amount);
    if (read == InputRules::Integer::TooLarge) {
        respondAdminError(exchange, 400, InputRules::integerError(QStringLiteral("amount_micros"), read));
        return;
    }
    if (read != InputRules::Integer::Ok || amount <= 0) {
        respondAdminError(exchange, 400, QStringLiteral("amount_micros must be a positive integer (micro-dollars)"));
        return;
    }
    const QJsonValue memo = parsed.object.value(QStringLiteral("memo"));
    if (!memo.isUndefined() && !memo.isString()) {
        respondAdminError(exchange, 400, QStringLiteral("memo must be a string"));
        return;
    }
    if (const QString error = InputRules::checkName(QStringLiteral("memo"), memo.toString()); !error.isEmpty()) {
        respondAdminError(exchange, 400, error);
        return;
    }
    m_runtime.store().submit<StoreResult>(
        exchange,
        [customerId, amount, memo = memo.toString(), author = operatorName(exchange)](Database &db) {
            return audited(db, author, QStringLiteral("credit.add"), QStringLiteral("customer/") + customerId,
                [&](QJsonValue *before, QJsonValue *after) {
                    QString why;
                    CustomerRecord c;
                    if (!CustomerStore::findCustomer(db, customerId, &c, &why))
                        return StoreResult {404, QStringLiteral("no customer %1").arg(customerId), {}};
                    LedgerEntryRecord entry;
                    bool overLimit = false;
                    if (!CustomerStore::addCredit(db, customerId, amount, memo, &entry, &why, &overLimit))
                        return StoreResult {overLimit ? 400 : 500, why, {}};
                    *before = c.toJson();
                    CustomerRecord now;
                    CustomerStore::findCustomer(db, customerId, &now, &why);
                    *after = QJsonObject {
                        {QStringLiteral("entry"), entry.toJson()}, {QStringLiteral("customer"), now.toJson()}};
                    return StoreResult {201, {}, entry.toJson()};
                });
        },
        [this, customerId, amount, exchange](StoreResult result) {
            // The book takes what the database took: the same limit was kept there, in the same
            // order of credits, so it cannot refuse this one.
            if (result.status == 201)
                m_runtime.holds().credited(customerId, amount);
            respondResult(exchange, result);
        });
}

namespace {

// Parses an ISO 8601 date or date-time (UTC when no offset is given) into epoch milliseconds.
bool parseIsoTime(const QString &text, qint64 *ms)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid())
        return false;
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC);
    *ms = t.toMSecsSinceEpoch();
    return true;
}

} // namespace

void AdminApi::statement(HttpExchange *exchange, const QString &customerId)
{
    const QUrlQuery &query = exchange->query();
    qint64 fromMs = 0;
    qint64 toMs = QDateTime::currentMSecsSinceEpoch() + 1;
    if (query.hasQueryItem(QStringLiteral("from"))
        && !parseIsoTime(query.queryItemValue(QStringLiteral("from"), QUrl::FullyDecoded), &fromMs)) {
        respondAdminError(exchange, 400, QStringLiteral("from must be an ISO 8601 date or date-time"));
        return;
    }
    if (query.hasQueryItem(QStringLiteral("to"))
        && !parseIsoTime(query.queryItemValue(QStringLiteral("to"), QUrl::FullyDecoded), &toMs)) {
        respondAdminError(exchange, 400, QStringLiteral("to must be an ISO 8601 date or date-time"));
        return;
    }
    if (toMs < fromMs) {
        respondAdminError(exchange, 400, QStringLiteral("to is before from"));
        return;
    }
    const QString format = query.queryItemValue(QStringLiteral("format"));
    if (!format.isEmpty() && format != QLatin1String("json") && format != QLatin1String("csv")
        && format != QLatin1String("html")) {
        respondAdminError(exchange, 400, QStringLiteral("format must be json, csv or html"));
        return;
    }
    const QString locale = query.queryItemValue(QStringLiteral("locale"));
    if (!checkLocale(exchange, locale))
        return;
    m_runtime.store().submit<StoreResult>(
        exchange,
        [customerId, fromMs, toMs](Database &db) {
            QString why;
            CustomerRecord c;
            if (!CustomerStore::findCustomer(db, customerId, &c, &why))
                return StoreResult {404, QStringLiteral("no customer %1").arg(customerId), {}};
            QJsonObject body = Ledger::statement(db, customerId, fromMs, toMs, &why);
            if (!why.isEmpty())
                return StoreResult {500, why, {}};
            return StoreResult {200, {}, body};
        },
        [exchange, format, locale](StoreResult result) {
            if (!result.error.isEmpty()) {
                respondAdminError(exchange, result.status, result.error);
                return;
            }
            if (format == QLatin1String("csv"))
                exchange->respond(200, "text/csv; charset=utf-8", statementCsv(result.body),
                    Document::exportHeaders(Document::Format::Csv));
            else if (format == QLatin1String("html"))
                exchange->respond(200, "text/html; charset=utf-8", statementHtml(result.body, locale),
                    Document::exportHeaders(Document::Format::Html));
            else
                exchange->respond(200, "application/json", QJsonDocument(result.body).toJson(QJsonDocument::Compact),
                    Document::exportHeaders(Document::Format::Json));
            exchange->deleteLater();
        });
}

void AdminApi::listHolds(HttpExchange *exchange)
{
    // One state, or several separated by commas (state=voided,expired).
    const QString state = exchange->query().queryItemValue(QStringLiteral("state"));
    static const QStringList known {
        QStringLiteral("pending"), QStringLiteral("posted"), QStringLiteral("voided"), QStringLiteral("expired")};
    for (const QString &one : state.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!known.contains(one)) {
            respondAdminError(exchange, 400, QStringLiteral("state must be pending, posted, voided or expired"));
            return;
        }
    }
    bool ok = false;
    int limit = exchange->query().queryItemValue(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit <= 0 || limit > 1000)
        limit = 200;
    const QString customer = exchange->query().queryItemValue(QStringLiteral("customer"));
    const QString request = exchange->query().queryItemValue(QStringLiteral("request"));
    m_runtime.store().submit<QJsonObject>(
        exchange,
        [state, limit, customer, request](Database &db) {
            QString why;
            return Ledger::holds(db, state, limit, &why, customer, request);
        },
        [this, exchange, state, limit, customer, request](QJsonObject body) {
            // Open holds live in the book (most have no row yet); a long one's pending row is
            // replaced by the book's entry.
            const bool pendingAsked = state.isEmpty() || state.split(QLatin1Char(',')).contains(u"pending");
            const QList<QJsonObject> open
                = pendingAsked ? m_runtime.holds().openAsJson(customer, request) : QList<QJsonObject>();
            if (!open.isEmpty()) {
                QSet<qint64> openIds;
                QList<QJsonObject> merged = open;
                for (const QJsonObject &h : open)
                    openIds.insert(h.value(QStringLiteral("id")).toInteger());
                for (const QJsonValue &v : body.value(QStringLiteral("holds")).toArray()) {
                    const QJsonObject h = v.toObject();
                    if (!openIds.contains(h.value(QStringLiteral("id")).toInteger()))
                        merged.append(h);
                }
                std::sort(merged.begin(), merged.end(), [](const QJsonObject &a, const QJsonObject &b) {
                    return a.value(QStringLiteral("id")).toInteger() > b.value(QStringLiteral("id")).toInteger();
                });
                QJsonArray out;
                for (qsizetype i = 0; i < merged.size() && i < limit; ++i)
                    out.append(merged[i]);
                body.insert(QStringLiteral("holds"), out);
            }
            respondJson(exchange, 200, body);
        });
}

void AdminApi::listRequests(HttpExchange *exchange)
{
    const QUrlQuery &q = exchange->query();
    RequestFilter filter;
    filter.customer = q.queryItemValue(QStringLiteral("customer"));
    filter.model = q.queryItemValue(QStringLiteral("model"));
    filter.endpoint = q.queryItemValue(QStringLiteral("channel"));
    filter.requestId = q.queryItemValue(QStringLiteral("request"));
    bool ok = true;
    if (q.hasQueryItem(QStringLiteral("status"))) {
        filter.status = q.queryItemValue(QStringLiteral("status")).toInt(&ok);
        if (!ok) {
            respondAdminError(exchange, 400, QStringLiteral("status must be an HTTP status number"));
            return;
        }
    }
    const QString billed = q.queryItemValue(QStringLiteral("billed"));
    if (!billed.isEmpty() && billed != QLatin1String("true") && billed != QLatin1String("false")) {
        respondAdminError(exchange, 400, QStringLiteral("billed must be true or false"));
        return;
    }
    filter.billed = billed.isEmpty() ? -1 : billed == QLatin1String("true");
    if (q.hasQueryItem(QStringLiteral("limit"))) {
        filter.limit = q.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || filter.limit < 1 || filter.limit > 1000) {
            respondAdminError(exchange, 400, QStringLiteral("limit must be between 1 and 1000"));
            return;
        }
    }
    if (q.hasQueryItem(QStringLiteral("offset"))) {
        filter.offset = q.queryItemValue(QStringLiteral("offset")).toInt(&ok);
        if (!ok || filter.offset < 0) {
            respondAdminError(exchange, 400, QStringLiteral("offset must be a non-negative integer"));
            return;
        }
    }
    const QString format = q.queryItemValue(QStringLiteral("format"));
    if (!format.isEmpty() && format != QLatin1String("json") && format != QLatin1String("csv")) {
        respondAdminError(exchange, 400, QStringLiteral("format must be json or csv"));
        return;
    }
    m_runtime.store().submit<QJsonObject>(
        exchange, [filter](Database &db) { return RequestLog::query(db, filter); },
        [exchange, csv = format == QLatin1String("csv")](QJsonObject body) {
            if (!csv)
                return respondJson(exchange, 200, body);
            exchange->respond(
                200, "text/csv; charset=utf-8", RequestLog::csv(body), Document::exportHeaders(Document::Format::Csv));
            exchange->deleteLater();
        });
}

void AdminApi::priceHistory(HttpExchange *exchange)
{
    const QString channel = exchange->query().queryItemValue(QStringLiteral("channel"));
    m_runtime.store().submit<QJsonObject>(
        exchange,
        [channel](Database &db) {
            QString why;
            return QJsonObject {{QStringLiteral("versions"), ChannelStore::priceHistory(db, channel, &why)}};
        },
        [exchange](QJsonObject body) { respondJson(exchange, 200, body); });
}

bool AdminApi::checkLocale(HttpExchange *exchange, const QString &locale)
{
    if (locale.isEmpty() || locale == QLatin1String("en") || Catalogue::locales().contains(locale))
        return true;
    respondAdminError(exchange, 400,
        QStringLiteral("locale must be en or one of: %1").arg(Catalogue::locales().join(QLatin1String(", "))));
    return false;
}

void AdminApi::pricingExport(HttpExchange *exchange)
{
    const QString format = exchange->query().queryItemValue(QStringLiteral("format"));
    const QString locale = exchange->query().queryItemValue(QStringLiteral("locale"));
    if (!checkLocale(exchange, locale))
        return;
    const QList<PricingExport::Row> rows = PricingExport::rows(*m_runtime.snapshot());
    if (format.isEmpty() || format == QLatin1String("json"))
        exchange->respond(
            200, "application/json", PricingExport::json(rows), Document::exportHeaders(Document::Format::Json));
    else if (format == QLatin1String("csv"))
        exchange->respond(
            200, "text/csv; charset=utf-8", PricingExport::csv(rows), Document::exportHeaders(Document::Format::Csv));
    else if (format == QLatin1String("html"))
        exchange->respond(200, "text/html; charset=utf-8", PricingExport::html(rows, locale),
            Document::exportHeaders(Document::Format::Html));
    else {
        respondAdminError(exchange, 400, QStringLiteral("format must be json, csv or html"));
        return;
    }
    exchange->deleteLater();
}

void AdminApi::pricingMargins(HttpExchange *exchange)
{
    // Per channel and model: customer price minus upstream cost per category, where the cost is
    // recorded; a negative margin is flagged. Operator-only: the public export never has costs.
    QJsonArray margins;
    int belowCost = 0;
    for (const ChannelRuntime &runtime : m_runtime.snapshot()->channels()) {
        for (const ModelRoute &m : runtime.channel.models) {
            QJsonObject row {{QStringLiteral("channel"), runtime.channel.id},
                {QStringLiteral("channel_name"), runtime.channel.name}, {QStringLiteral("model"), m.model},
                {QStringLiteral("price_version"), m.priceVersion}};
            if (!m.hasUpstreamCost) {
                row.insert(QStringLiteral("margin_micros_per_mtok"), QJsonValue());
                row.insert(QStringLiteral("below_cost"), QJsonArray());
                margins.append(row);
                continue;
            }
            const struct
            {
                const char *name;
                qint64 price;
                qint64 cost;
            } categories[] = {{"input", m.inputMicrosPerMtok, m.costInputMicrosPerMtok},
                {"output", m.outputMicrosPerMtok, m.costOutputMicrosPerMtok},
                {"cache_write", m.cacheWriteMicrosPerMtok, m.costCacheWriteMicrosPerMtok},
                {"cache_read", m.cacheReadMicrosPerMtok, m.costCacheReadMicrosPerMtok}};
            QJsonObject margin;
            QJsonArray below;
            for (const auto &c : categories) {
                margin.insert(QLatin1String(c.name), c.price - c.cost);
                if (c.price < c.cost)
                    below.append(QLatin1String(c.name));
            }
            belowCost += below.isEmpty() ? 0 : 1;
            row.insert(QStringLiteral("margin_micros_per_mtok"), margin);
            row.insert(QStringLiteral("below_cost"), below);
            margins.append(row);
        }
    }
    respondJson(exchange, 200,
        QJsonObject {{QStringLiteral("margins"), margins}, {QStringLiteral("models_below_cost"), belowCost}});
}

void AdminApi::storeSecret(HttpExchange *exchange, const QString &name, bool remove)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9._-]{1,128}$"));
    if (!valid.match(name).hasMatch()) {
        respondAdminError(exchange, 400, QStringLiteral("a secret name is 1-128 characters of A-Z a-z 0-9 . _ -"));
        return;
    }
    QByteArray value;
    if (!remove) {
        const Parsed parsed = parseObject(exchange);
        if (!parsed.ok)
            return;
        for (auto it = parsed.object.begin(); it != parsed.object.end(); ++it) {
            if (it.key() != QLatin1String("value")) {
                respondAdminError(exchange, 400, QStringLiteral("unknown field %1").arg(it.key()));
                return;
            }
        }
        value = parsed.object.value(QStringLiteral("value")).toString().trimmed().toUtf8();
        if (value.isEmpty()) {
            respondAdminError(exchange, 400, QStringLiteral("value is required (a non-empty string)"));
            return;
        }
        // It is sent as a header: a line break or other control character is refused here rather
        // than leaving a channel unavailable later. The value is never echoed.
        if (!SecretResolver::validValue(value)) {
            respondAdminError(
                exchange, 400, QStringLiteral("value must not contain control characters or line breaks"));
            return;
        }
    }
    // The keychain answers first; then the change is audited (by name, never the value) and the
    // channels that use it are rebuilt by the keychain's changed() signal.
    QPointer<HttpExchange> guard(exchange);
    const auto done = [this, guard, name, remove, author = operatorName(exchange)](QString error) {
        if (!guard)
            return;
        if (!error.isEmpty()) {
            respondAdminError(guard, 503, error);
            return;
        }
        m_runtime.store().submit<StoreResult>(
            guard,
            [name, remove, author](Database &db) {
                return audited(db, author, remove ? QStringLiteral("secret.delete") : QStringLiteral("secret.store"),
                    QStringLiteral("secret/") + name, [&](QJsonValue *, QJsonValue *after) {
                        *after = QJsonObject {{QStringLiteral("keychain"), name}, {QStringLiteral("stored"), !remove}};
                        return StoreResult {
                            200, {}, QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("stored"), !remove}}};
                    });
            },
            [guard](StoreResult result) { respondResult(guard, result); });
    };
    if (remove)
        m_runtime.keychain().remove(name, done);
    else
        m_runtime.keychain().store(name, value, done);
}

void AdminApi::subscribeEvents(HttpExchange *exchange)
{
    // Server-sent events: the current snapshot at once, then one `metrics` event a second.
    exchange->beginStream(200, "text/event-stream", {{"cache-control", "no-cache"}});
    const auto frame = [](const QJsonObject &snapshot) -> QByteArray {
        return "event: metrics\ndata: " + QJsonDocument(snapshot).toJson(QJsonDocument::Compact) + "\n\n";
    };
    exchange->writeChunk(frame(m_runtime.metrics().snapshot(false)));
    QPointer<HttpExchange> guard(exchange);
    const auto subscription = connect(
        &m_runtime, &GatewayRuntime::metricsSnapshot, exchange, [guard, frame](const QJsonObject &snapshot) {
            // A subscriber that is a whole megabyte behind misses snapshots until it catches up
            // (each one replaces the last); the send timeout ends one that reads nothing.
            if (guard && guard->clientConnected() && guard->pendingOutput() <= MessagesExchange::kOutputHighWaterBytes)
                guard->writeChunk(frame(snapshot));
        });
    connect(exchange, &HttpExchange::clientDisconnected, exchange, [exchange, subscription] {
        disconnect(subscription);
        exchange->deleteLater();
    });
    connect(&m_runtime, &GatewayRuntime::draining, exchange, [guard] {
        if (guard) {
            guard->endStream();
            guard->deleteLater();
        }
    });
}

void AdminApi::listAudit(HttpExchange *exchange)
{
    const QUrlQuery &q = exchange->query();
    bool ok = true;
    const int limit
        = q.hasQueryItem(QStringLiteral("limit")) ? q.queryItemValue(QStringLiteral("limit")).toInt(&ok) : 100;
    if (!ok || limit < 1 || limit > 1000) {
        respondAdminError(exchange, 400, QStringLiteral("limit must be an integer from 1 to 1000"));
        return;
    }
    const QString target = q.queryItemValue(QStringLiteral("target"));
    m_runtime.store().submit<QJsonObject>(
        exchange,
        [limit, target](Database &db) {
            QString why;
            return QJsonObject {{QStringLiteral("entries"), AuditLog::list(db, limit, target, &why)}};
        },
        [exchange](QJsonObject body) { respondJson(exchange, 200, body); });
}

} // namespace bytespike
