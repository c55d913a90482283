// The typed AdminClient against a real embedded gateway: round trips of channels, customers,
// keys, credits and statements in process; typed errors (a duplicate channel is a conflict, a
// deleted one not found); a streamed model request seen event by event; and the same client
// over HTTP with the admin token, and refused without it; the audit log names the caller the
// gateway knows (console in process, an operator by its token over HTTP), and a role that does
// not allow a route is a typed Forbidden.
#include "bytespike/AdminClient.h"
#include "bytespike/GatewayService.h"
#include "bytespike/InProcessTransport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <optional>

using namespace bytespike;

namespace {

// Runs one client call and waits for its callback (spinning the event loop).
template <typename T, typename Start> std::optional<ClientResult<T>> await(Start start)
{
    std::optional<ClientResult<T>> result;
    QObject context;
    start(&context, [&result](const ClientResult<T> &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        qWarning("the call did not finish");
    return result;
}

Channel simulatorChannel(const QString &id)
{
    Channel channel;
    channel.id = id;
    channel.name = QStringLiteral("Client test");
    channel.protocol = ChannelProtocol::Simulator;
    ModelRoute route;
    route.model = QStringLiteral("client-model");
    route.upstreamModel = QStringLiteral("bytespike-simulator");
    route.inputMicrosPerMtok = 3000000;
    route.outputMicrosPerMtok = 15000000;
    channel.models = {route};
    return channel;
}

} // namespace

class TestAdminClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void channelsRoundTrip();
    void duplicateChannelIsAConflict();
    void customersKeysAndCredits();
    void keyAndCustomerLimits();
    void streamsEventByEvent();
    void overHttp();
    void actorsAreTheCallers();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<EmbeddedGateway> m_gateway;
    std::unique_ptr<AdminClient> m_client;
    QString m_adminUrl;
};

void TestAdminClient::initTestCase()
{
    qputenv("BYTESPIKE_ADMIN_TOKEN", "bsa-client-test-token");
    GatewayConfig config;
    config.dataDir = m_dir.path();
    config.listenPort = 0;
    config.simulatorLatencyScale = 0;
    m_gateway = std::make_unique<EmbeddedGateway>(config);
    QSignalSpy started(m_gateway.get(), &EmbeddedGateway::started);
    m_gateway->start();
    QVERIFY(started.wait(20000) || !started.isEmpty());
    m_adminUrl = started.first().at(1).toString();
    m_client = std::make_unique<AdminClient>(std::make_shared<InProcessTransport>(*m_gateway));
}

void TestAdminClient::channelsRoundTrip()
{
    const auto created = await<ChannelView>(
        [&](QObject *c, auto done) { m_client->createChannel(c, simulatorChannel(QStringLiteral("rt")), done); });
    QVERIFY(created && created->ok());
    QCOMPARE(created->value().channel.id, QStringLiteral("rt"));
    QCOMPARE(created->value().channel.models.size(), 1);
    QVERIFY(created->value().channel.models.first().priceVersion > 0);

    const auto listed = await<QList<ChannelView>>([&](QObject *c, auto done) { m_client->listChannels(c, done); });
    QVERIFY(listed && listed->ok());
    QVERIFY(std::any_of(listed->value().begin(), listed->value().end(),
        [](const ChannelView &v) { return v.channel.id == QLatin1String("rt"); }));

    Channel changed = created->value().channel;
    changed.name = QStringLiteral("Renamed");
    const auto replaced
        = await<ChannelView>([&](QObject *c, auto done) { m_client->replaceChannel(c, changed, done); });
    QVERIFY(replaced && replaced->ok());
    QCOMPARE(replaced->value().channel.name, QStringLiteral("Renamed"));

    const auto history = await<QList<PriceVersion>>(
        [&](QObject *c, auto done) { m_client->priceHistory(c, QStringLiteral("rt"), done); });
    QVERIFY(history && history->ok());
    QVERIFY(!history->value().isEmpty());
    QCOMPARE(history->value().first().model, QStringLiteral("client-model"));

    const auto deleted
        = await<ChannelDeleted>([&](QObject *c, auto done) { m_client->deleteChannel(c, QStringLiteral("rt"), done); });
    QVERIFY(deleted && deleted->ok());
    QCOMPARE(deleted->value().id, QStringLiteral("rt"));

    const auto gone
        = await<ChannelView>([&](QObject *c, auto done) { m_client->getChannel(c, QStringLiteral("rt"), done); });
    QVERIFY(gone && !gone->ok());
    QCOMPARE(gone->error().status, 404);
    QCOMPARE(gone->error().code(), AdminError::NotFound);
    QCOMPARE(gone->error().type, QStringLiteral("not_found_error"));
    QVERIFY(!gone->error().message.isEmpty());
}

void TestAdminClient::duplicateChannelIsAConflict()
{
    const Channel channel = simulatorChannel(QStringLiteral("twice"));
    const auto first = await<ChannelView>([&](QObject *c, auto done) { m_client->createChannel(c, channel, done); });
    QVERIFY(first && first->ok());
    const auto second = await<ChannelView>([&](QObject *c, auto done) { m_client->createChannel(c, channel, done); });
    QVERIFY(second && !second->ok());
    QCOMPARE(second->error().status, 409);
    QCOMPARE(second->error().code(), AdminError::Conflict);
    QVERIFY(!second->error().message.isEmpty());
    QVERIFY(!second->error().type.isEmpty());
}

void TestAdminClient::customersKeysAndCredits()
{
    const auto customer = await<Customer>(
        [&](QObject *c, auto done) { m_client->createCustomer(c, NewCustomer {QStringLiteral("Acme")}, done); });
    QVERIFY(customer && customer->ok());
    const QString id = customer->value().id;
    QVERIFY(!id.isEmpty());

    const auto credit = await<LedgerEntry>([&](QObject *c, auto done) {
        m_client->addCredit(c, id, NewCredit {2500000, QStringLiteral("top up")}, done);
    });
    QVERIFY(credit && credit->ok());
    QCOMPARE(credit->value().amountMicros, 2500000);

    const auto key = await<CreatedKey>([&](QObject *c, auto done) {
        m_client->createKey(c, id, NewKey {QStringLiteral("ci"), {}}, done);
    });
    QVERIFY(key && key->ok());
    QVERIFY(!key->value().key.isEmpty());

    const auto read = await<Customer>([&](QObject *c, auto done) { m_client->getCustomer(c, id, done); });
    QVERIFY(read && read->ok());
    QCOMPARE(read->value().name, QStringLiteral("Acme"));
    QCOMPARE(read->value().postedMicros, 2500000);
    QVERIFY(read->value().keys.has_value());
    QCOMPARE(read->value().keys->size(), 1);

    const auto revoked
        = await<KeyRevoked>([&](QObject *c, auto done) { m_client->revokeKey(c, id, key->value().id, done); });
    QVERIFY(revoked && revoked->ok());

    const auto statement
        = await<AccountStatement>([&](QObject *c, auto done) { m_client->statement(c, id, StatementQuery {}, done); });
    QVERIFY(statement && statement->ok());
    QCOMPARE(statement->value().closingMicros, 2500000);
    QCOMPARE(statement->value().lines.size(), 1);

    const auto missing
        = await<Customer>([&](QObject *c, auto done) { m_client->createCustomer(c, NewCustomer {QString()}, done); });
    QVERIFY(missing && !missing->ok());
    QCOMPARE(missing->error().code(), AdminError::BadInput);
    QCOMPARE(missing->error().type, QStringLiteral("invalid_request_error"));
}

void TestAdminClient::keyAndCustomerLimits()
{
    const auto customer = await<Customer>(
        [&](QObject *c, auto done) { m_client->createCustomer(c, NewCustomer {QStringLiteral("Limited")}, done); });
    QVERIFY(customer && customer->ok());
    const QString id = customer->value().id;
    KeyLimits limits;
    limits.models = QStringList {QStringLiteral("bytespike-simulator")};
    limits.expiresAtMs = adminTimeMs(QStringLiteral("2099-01-01T00:00:00.000Z"));
    limits.rpm = 60;
    limits.tpm = 100000;
    limits.maxConcurrent = 4;
    limits.budgetMicros = 5000000;
    limits.budgetPeriod = KeyLimits::Period::Week;
    limits.ipAllow = QStringList {QStringLiteral("127.0.0.1/32")};
    const auto key = await<CreatedKey>([&](QObject *c, auto done) {
        m_client->createKey(c, id, NewKey {QStringLiteral("ci"), limits}, done);
    });
    QVERIFY(key && key->ok());

    const auto read = await<Customer>([&](QObject *c, auto done) { m_client->getCustomer(c, id, done); });
    QVERIFY(read && read->ok());
    QCOMPARE(read->value().keys->size(), 1);
    const ApiKey listed = read->value().keys->first();
    QCOMPARE(listed.limits, limits);
    QVERIFY(listed.usage.has_value());
    QCOMPARE(listed.usage->budgetSpentMicros, 0);
    QVERIFY(listed.usage->budgetPeriodStartMs > 0);

    KeySettings settings {QStringLiteral("renamed"), KeyLimits {}};
    settings.limits.rpm = 5;
    const auto updated
        = await<ApiKey>([&](QObject *c, auto done) { m_client->updateKey(c, id, key->value().id, settings, done); });
    QVERIFY(updated && updated->ok());
    QCOMPARE(updated->value().name, QStringLiteral("renamed"));
    QCOMPARE(updated->value().limits, settings.limits);

    const auto bad = await<ApiKey>([&](QObject *c, auto done) {
        KeySettings wrong;
        wrong.limits.ipAllow = QStringList {QStringLiteral("10.0.0.0/99")};
        m_client->updateKey(c, id, key->value().id, wrong, done);
    });
    QVERIFY(bad && !bad->ok());
    QCOMPARE(bad->error().code(), AdminError::BadInput);

    const auto limited = await<Customer>([&](QObject *c, auto done) {
        m_client->updateCustomer(c, id, CustomerSettings {std::nullopt, CustomerLimits {10, 20000, 3}}, done);
    });
    QVERIFY(limited && limited->ok());
    QCOMPARE(limited->value().limits, (CustomerLimits {10, 20000, 3}));
    QCOMPARE(limited->value().name, QStringLiteral("Limited"));
    const auto missing = await<Customer>([&](QObject *c, auto done) {
        m_client->updateCustomer(c, QStringLiteral("cus_missing"), CustomerSettings {}, done);
    });
    QVERIFY(missing && !missing->ok());
    QCOMPARE(missing->error().code(), AdminError::NotFound);
}

void TestAdminClient::streamsEventByEvent()
{
    QFile keyFile(m_dir.filePath(QStringLiteral("demo-key")));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QByteArray key = keyFile.readAll().trimmed();
    TransportReply *reply = m_client->sendModelRequest(ApiProtocol::Anthropic, key,
        R"({"model":"bytespike-simulator","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]})");
    int pieces = 0;
    int status = 0;
    bool finished = false;
    QByteArray requestId;
    connect(reply, &TransportReply::headReceived, this, [&](int s) { status = s; });
    connect(reply, &TransportReply::dataReceived, this, [&](const QByteArray &) { ++pieces; });
    connect(reply, &TransportReply::finished, this, [&] {
        finished = true;
        requestId = reply->requestId();
        QVERIFY(reply->ok());
        QVERIFY(reply->header("content-type").startsWith("text/event-stream"));
        QVERIFY(reply->body().contains("message_stop"));
    });
    QVERIFY(QTest::qWaitFor([&] { return finished; }, 20000));
    QCOMPARE(status, 200);
    QVERIFY2(pieces > 1, "the stream arrived in one piece");
    QVERIFY(!requestId.isEmpty());

    // The request log row is written when the hold resolves, just after the end.
    RequestQuery query;
    query.request = QString::fromLatin1(requestId);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const auto rows
                = await<QList<RequestLogItem>>([&](QObject *c, auto done) { m_client->requests(c, query, done); });
            return rows && rows->ok() && rows->value().size() == 1 && rows->value().first().billed;
        },
        10000));
}

void TestAdminClient::overHttp()
{
    AdminClient http(std::make_shared<HttpAdminTransport>(m_adminUrl, "bsa-client-test-token"));
    const auto listed = await<QList<ChannelView>>([&](QObject *c, auto done) { http.listChannels(c, done); });
    QVERIFY(listed && listed->ok());
    QVERIFY(!listed->value().isEmpty());
    const auto card = await<PricingCard>([&](QObject *c, auto done) { http.pricingExport(c, done); });
    QVERIFY(card && card->ok());
    QVERIFY(!card->value().models.isEmpty());

    AdminClient refused(std::make_shared<HttpAdminTransport>(m_adminUrl, "wrong"));
    const auto denied = await<QList<Customer>>([&](QObject *c, auto done) { refused.listCustomers(c, done); });
    QVERIFY(denied && !denied->ok());
    QCOMPARE(denied->error().status, 401);
    QCOMPARE(denied->error().code(), AdminError::Unauthorized);
}

void TestAdminClient::actorsAreTheCallers()
{
    const auto actorOf = [this](const QString &target) {
        AuditQuery query;
        query.target = target;
        const auto entries = await<QList<AuditEntry>>([&](QObject *c, auto done) { m_client->audit(c, query, done); });
        return entries && entries->ok() && !entries->value().isEmpty() ? entries->value().first().actor : QString();
    };
    // In process: the console.
    const auto mine = await<Customer>(
        [&](QObject *c, auto done) { m_client->createCustomer(c, NewCustomer {QStringLiteral("Console's")}, done); });
    QVERIFY(mine && mine->ok());
    QCOMPARE(actorOf(QStringLiteral("customer/") + mine->value().id), QStringLiteral("console"));

    // Over HTTP with an operator's token: that operator, within its role.
    const auto made = await<CreatedOperator>([&](QObject *c, auto done) {
        m_client->createOperator(c, NewOperator {QStringLiteral("dave"), OperatorRole::Billing}, done);
    });
    QVERIFY(made && made->ok());
    QVERIFY(made->value().token.startsWith(QLatin1String("bso-")));
    QCOMPARE(actorOf(QStringLiteral("operator/") + made->value().id), QStringLiteral("console"));
    AdminClient dave(std::make_shared<HttpAdminTransport>(m_adminUrl, made->value().token.toLatin1()));
    const auto his = await<Customer>(
        [&](QObject *c, auto done) { dave.createCustomer(c, NewCustomer {QStringLiteral("Dave's")}, done); });
    QVERIFY(his && his->ok());
    QCOMPARE(actorOf(QStringLiteral("customer/") + his->value().id), QStringLiteral("dave"));
    const auto refused = await<QList<Operator>>([&](QObject *c, auto done) { dave.listOperators(c, done); });
    QVERIFY(refused && !refused->ok());
    QCOMPARE(refused->error().status, 403);
    QCOMPARE(refused->error().code(), AdminError::Forbidden);
    QCOMPARE(refused->error().type, QStringLiteral("permission_error"));

    const auto listed = await<QList<Operator>>([&](QObject *c, auto done) { m_client->listOperators(c, done); });
    QVERIFY(listed && listed->ok());
    QCOMPARE(listed->value().size(), 1);
    QCOMPARE(listed->value().first().name, QStringLiteral("dave"));
    QCOMPARE(listed->value().first().role, OperatorRole::Billing);
    QVERIFY(!listed->value().first().revokedMs);

    const auto revoked
        = await<OperatorRevoked>([&](QObject *c, auto done) { m_client->revokeOperator(c, made->value().id, done); });
    QVERIFY(revoked && revoked->ok());
    const auto gone = await<QList<Customer>>([&](QObject *c, auto done) { dave.listCustomers(c, done); });
    QVERIFY(gone && !gone->ok());
    QCOMPARE(gone->error().code(), AdminError::Unauthorized);
}

QTEST_GUILESS_MAIN(TestAdminClient)
#include "tst_adminclient.moc"
