// The admin API: token required, customers and keys (digests only, revocation on the next
// request), credits, and channels with the API.md shape, optimistic concurrency and live effect.
#include "GatewayHarness.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace bytespike::testing;

class TestAdmin : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void tokenRequired_data();
    void tokenRequired();
    void customersKeysAndRevocation();
    void creditsAddToPosted();
    void channelLifecycle();
    void staleVersionConflicts();
    void badChannelInputNamesTheField_data();
    void badChannelInputNamesTheField();
    void keysAreStoredAsDigestsOnly();
    void auditLogRecordsEveryMutation();

private:
    HttpResult admin(const QByteArray &method, const QString &path, const QJsonObject &body = {});

    MockUpstream m_mock;
    GatewayProcess m_gateway;
    HttpClient m_http;
    QByteArray m_createdKey;
};

void TestAdmin::initTestCase()
{
    QString error;
    QVERIFY2(startWithMockChannel(m_mock, m_gateway, m_http, &error), qPrintable(error));
}

void TestAdmin::cleanupTestCase()
{
    QCOMPARE(m_gateway.terminate(), 0);
}

HttpResult TestAdmin::admin(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    return m_http.send(method, m_gateway.url() + path, m_gateway.adminHeaders(),
        body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void TestAdmin::tokenRequired_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("none") << QByteArray();
    QTest::newRow("wrong token") << QByteArray("Bearer not-the-token");
    QTest::newRow("customer key") << QByteArray("Bearer demo");
    QTest::newRow("not bearer") << QByteArray("Basic abc");
}

void TestAdmin::tokenRequired()
{
    QFETCH(QByteArray, authorization);
    if (authorization == "Bearer demo")
        authorization = "Bearer " + m_gateway.demoKey();
    QList<Header> headers;
    if (!authorization.isEmpty())
        headers.append(Header("authorization", authorization));
    for (const char *path : {"/admin/channels", "/admin/customers", "/admin/ledger/holds"}) {
        const HttpResult r = m_http.get(m_gateway.url() + QLatin1String(path), headers);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(),
            QStringLiteral("authentication_error"));
    }
}

void TestAdmin::customersKeysAndRevocation()
{
    const HttpResult created
        = admin("POST", QStringLiteral("/admin/customers"), {{QStringLiteral("name"), QStringLiteral("Acme")}});
    QCOMPARE(created.status, 201);
    const QString id = created.json().value(QStringLiteral("id")).toString();
    QVERIFY(id.startsWith(QLatin1String("cus_")));
    QCOMPARE(created.json().value(QStringLiteral("available_micros")).toInt(), 0);
    QCOMPARE(admin("GET", QStringLiteral("/admin/customers/") + id).json().value(QStringLiteral("name")).toString(),
        QStringLiteral("Acme"));
    bool listed = false;
    for (const QJsonValue &c :
        admin("GET", QStringLiteral("/admin/customers")).json().value(QStringLiteral("customers")).toArray())
        listed |= c.toObject().value(QStringLiteral("id")).toString() == id;
    QVERIFY(listed);

    const HttpResult key = admin(
        "POST", QStringLiteral("/admin/customers/%1/keys").arg(id), {{QStringLiteral("name"), QStringLiteral("ci")}});
    QCOMPARE(key.status, 201);
    m_createdKey = key.json().value(QStringLiteral("key")).toString().toLatin1();
    const QString keyId = key.json().value(QStringLiteral("id")).toString();
    QVERIFY(m_createdKey.startsWith("bsk-"));
    QVERIFY(m_createdKey.size() >= 44);

    // The key authenticates; with no credit the answer is 402, not 401.
    admin("POST", QStringLiteral("/admin/customers/%1/credits").arg(id), {{QStringLiteral("amount_micros"), 100000}});
    HttpResult r = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"),
        m_gateway.customerHeaders(m_createdKey), messagesBody(QStringLiteral("claude-mock")));
    QCOMPARE(r.status, 200);
    // Its hold, found by request id (what the console's request drill-down asks); no other request's.
    const QString requestId = QString::fromLatin1(r.header("request-id"));
    QVERIFY(!requestId.isEmpty());
    const QJsonArray holds
        = admin("GET", QStringLiteral("/admin/ledger/holds?customer=%1&request=%2").arg(id, requestId))
              .json()
              .value(QStringLiteral("holds"))
              .toArray();
    QCOMPARE(holds.size(), 1);
    QCOMPARE(holds.first().toObject().value(QStringLiteral("request_id")).toString(), requestId);
    QCOMPARE(admin("GET", QStringLiteral("/admin/ledger/holds?request=req_missing"))
                 .json()
                 .value(QStringLiteral("holds"))
                 .toArray()
                 .size(),
        0);
    QCOMPARE(admin("DELETE", QStringLiteral("/admin/customers/%1/keys/%2").arg(id, keyId)).status, 200);
    r = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(m_createdKey),
        messagesBody(QStringLiteral("claude-mock")));
    QCOMPARE(r.status, 401);
    QCOMPARE(admin("DELETE", QStringLiteral("/admin/customers/%1/keys/%2").arg(id, keyId)).status, 404);
    QCOMPARE(admin("GET", QStringLiteral("/admin/customers/cus_missing")).status, 404);
}

void TestAdmin::creditsAddToPosted()
{
    const QString id
        = admin("POST", QStringLiteral("/admin/customers"), {{QStringLiteral("name"), QStringLiteral("Credit")}})
              .json()
              .value(QStringLiteral("id"))
              .toString();
    const HttpResult credit = admin("POST", QStringLiteral("/admin/customers/%1/credits").arg(id),
        {{QStringLiteral("amount_micros"), 2500000}, {QStringLiteral("memo"), QStringLiteral("top-up")}});
    QCOMPARE(credit.status, 201);
    QCOMPARE(credit.json().value(QStringLiteral("kind")).toString(), QStringLiteral("credit"));
    QCOMPARE(credit.json().value(QStringLiteral("amount_micros")).toInt(), 2500000);
    const QJsonObject customer = admin("GET", QStringLiteral("/admin/customers/") + id).json();
    QCOMPARE(customer.value(QStringLiteral("posted_micros")).toInt(), 2500000);
    QCOMPARE(customer.value(QStringLiteral("pending_micros")).toInt(), 0);
    QCOMPARE(customer.value(QStringLiteral("available_micros")).toInt(), 2500000);
    for (const QJsonValue &bad : {QJsonValue(0), QJsonValue(-5), QJsonValue(1.5), QJsonValue(QStringLiteral("5"))})
        QCOMPARE(admin("POST", QStringLiteral("/admin/customers/%1/credits").arg(id),
                     {{QStringLiteral("amount_micros"), bad}})
                     .status,
            400);
    QCOMPARE(
        admin("POST", QStringLiteral("/admin/customers/cus_missing/credits"), {{QStringLiteral("amount_micros"), 5}})
            .status,
        404);
}

void TestAdmin::channelLifecycle()
{
    const QJsonObject created = m_gateway.addChannel(m_http,
        mockChannel(
            QStringLiteral("life"), m_mock.url(), {{QStringLiteral("life-model"), QStringLiteral("mock-model")}}));
    QVERIFY(!created.isEmpty());
    const QString id = created.value(QStringLiteral("id")).toString();
    for (const char *field :
        {"id", "name", "protocol", "base_url", "secret_ref", "enabled", "priority", "weight", "version", "models"})
        QVERIFY2(created.contains(QLatin1String(field)), field);
    QCOMPARE(created.value(QStringLiteral("version")).toInt(), 1);
    // Used by the very next request, without a restart.
    QCOMPARE(m_http
                 .send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(),
                     messagesBody(QStringLiteral("life-model")))
                 .status,
        200);
    QCOMPARE(admin("GET", QStringLiteral("/admin/channels/") + id).json().value(QStringLiteral("name")).toString(),
        QStringLiteral("life"));
    bool listed = false;
    for (const QJsonValue &c :
        admin("GET", QStringLiteral("/admin/channels")).json().value(QStringLiteral("channels")).toArray())
        listed |= c.toObject().value(QStringLiteral("id")).toString() == id;
    QVERIFY(listed);
    QCOMPARE(admin("DELETE", QStringLiteral("/admin/channels/") + id).status, 200);
    QCOMPARE(admin("GET", QStringLiteral("/admin/channels/") + id).status, 404);
    QCOMPARE(m_http
                 .send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(),
                     messagesBody(QStringLiteral("life-model")))
                 .status,
        404);
}

void TestAdmin::staleVersionConflicts()
{
    QJsonObject channel = m_gateway.addChannel(m_http,
        mockChannel(
            QStringLiteral("cas"), m_mock.url(), {{QStringLiteral("cas-model"), QStringLiteral("mock-model")}}));
    const QString id = channel.value(QStringLiteral("id")).toString();
    channel.insert(QStringLiteral("name"), QStringLiteral("first edit"));
    const HttpResult first = admin("PUT", QStringLiteral("/admin/channels/") + id, channel);
    QCOMPARE(first.status, 200);
    QCOMPARE(first.json().value(QStringLiteral("version")).toInt(), 2);
    channel.insert(QStringLiteral("name"), QStringLiteral("second edit from a stale copy"));
    const HttpResult stale = admin("PUT", QStringLiteral("/admin/channels/") + id, channel);
    QCOMPARE(stale.status, 409);
    QVERIFY(stale.json()
                .value(QStringLiteral("error"))
                .toObject()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QLatin1String("version")));
    QCOMPARE(admin("GET", QStringLiteral("/admin/channels/") + id).json().value(QStringLiteral("name")).toString(),
        QStringLiteral("first edit"));
    channel.remove(QStringLiteral("version"));
    QCOMPARE(admin("PUT", QStringLiteral("/admin/channels/") + id, channel).status, 400);
}

void TestAdmin::badChannelInputNamesTheField_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("mentioned");
    QTest::newRow("negative price") << QStringLiteral("models.0.input_micros_per_mtok") << QJsonValue(-1)
                                    << QStringLiteral("input_micros_per_mtok");
    QTest::newRow("fractional price") << QStringLiteral("models.0.output_micros_per_mtok") << QJsonValue(1.5)
                                      << QStringLiteral("output_micros_per_mtok");
    QTest::newRow("unknown protocol") << QStringLiteral("protocol") << QJsonValue(QStringLiteral("grpc"))
                                      << QStringLiteral("protocol");
    QTest::newRow("bad base url") << QStringLiteral("base_url") << QJsonValue(QStringLiteral("ftp://x"))
                                  << QStringLiteral("base_url");
    QTest::newRow("unknown field") << QStringLiteral("colour") << QJsonValue(QStringLiteral("red"))
                                   << QStringLiteral("colour");
    QTest::newRow("plaintext secret") << QStringLiteral("secret_ref") << QJsonValue(QStringLiteral("sk-live-123"))
                                      << QStringLiteral("secret_ref");
    const QJsonObject twice {{QStringLiteral("model"), QStringLiteral("dup")},
        {QStringLiteral("upstream_model"), QStringLiteral("mock-model")}, {QStringLiteral("input_micros_per_mtok"), 1},
        {QStringLiteral("output_micros_per_mtok"), 1}, {QStringLiteral("cache_write_micros_per_mtok"), 1},
        {QStringLiteral("cache_read_micros_per_mtok"), 1}};
    QTest::newRow("duplicate model") << QStringLiteral("models") << QJsonValue(QJsonArray {twice, twice})
                                     << QStringLiteral("appears twice");
    // Wire options of openai channels (docs/protocols.md): each value is checked and named.
    const auto option = [](const char *key, const QJsonValue &v) {
        return QJsonValue(QJsonObject {{QLatin1String(key), v}});
    };
    QTest::newRow("unknown option") << QStringLiteral("options") << option("colour", 1)
                                    << QStringLiteral("options.colour");
    QTest::newRow("bad max_tokens_field")
        << QStringLiteral("options") << option("max_tokens_field", QStringLiteral("n"))
        << QStringLiteral("options.max_tokens_field");
    QTest::newRow("bad system_messages") << QStringLiteral("options")
                                         << option("system_messages", QStringLiteral("hide"))
                                         << QStringLiteral("options.system_messages");
    QTest::newRow("bad reasoning_replay")
        << QStringLiteral("options") << option("reasoning_replay", QStringLiteral("yes"))
        << QStringLiteral("options.reasoning_replay");
    QTest::newRow("bad tool_streaming") << QStringLiteral("options")
                                        << option("tool_streaming", QStringLiteral("sometimes"))
                                        << QStringLiteral("options.tool_streaming");
}

void TestAdmin::badChannelInputNamesTheField()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, mentioned);
    QJsonObject channel = mockChannel(
        QStringLiteral("bad"), m_mock.url(), {{QStringLiteral("bad-model"), QStringLiteral("mock-model")}});
    if (field.startsWith(QLatin1String("models.0."))) {
        QJsonArray models = channel.value(QStringLiteral("models")).toArray();
        QJsonObject model = models.first().toObject();
        model.insert(field.mid(9), value);
        models[0] = model;
        channel.insert(QStringLiteral("models"), models);
    } else {
        if (field == QLatin1String("options"))
            channel.insert(QStringLiteral("protocol"), QStringLiteral("openai"));
        channel.insert(field, value);
    }
    const HttpResult r = admin("POST", QStringLiteral("/admin/channels"), channel);
    QCOMPARE(r.status, 400);
    const QString message
        = r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    QVERIFY2(message.contains(mentioned), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1String("sk-live-123")), "a rejected secret value is not echoed");
}

void TestAdmin::keysAreStoredAsDigestsOnly()
{
    QVERIFY(!m_createdKey.isEmpty());
    QCOMPARE(m_gateway.terminate(), 0);
    for (const char *file : {"bytespike.db", "bytespike.db-wal"}) {
        QFile db(m_gateway.dataDir() + QLatin1Char('/') + QLatin1String(file));
        if (!db.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = db.readAll();
        QVERIFY2(!bytes.contains(m_createdKey), file);
        QVERIFY2(!bytes.contains(m_gateway.demoKey()), file);
        QVERIFY2(!bytes.contains(m_gateway.adminToken()), file);
        QVERIFY2(!bytes.contains("sk-mock-secret"), file);
    }
    QString error;
    QVERIFY2(m_gateway.start(&error), qPrintable(error)); // cleanupTestCase terminates it again
}

void TestAdmin::auditLogRecordsEveryMutation()
{
    const auto operatorHeaders = [this] {
        auto headers = m_gateway.adminHeaders();
        headers.append(QPair<QByteArray, QByteArray>("x-bytespike-operator", "alice"));
        return headers;
    };
    const auto send = [&](const QByteArray &method, const QString &path, const QJsonObject &body = {}) {
        return m_http.send(method, m_gateway.url() + path, operatorHeaders(),
            body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact));
    };
    // One of each mutation, with a stale replace in between that must leave no trace.
    QJsonObject channel = send("POST", QStringLiteral("/admin/channels"),
        mockChannel(
            QStringLiteral("audited"), m_mock.url(), {{QStringLiteral("audit-model"), QStringLiteral("mock-model")}}))
                              .json();
    const QString channelId = channel.value(QStringLiteral("id")).toString();
    QJsonArray models = channel.value(QStringLiteral("models")).toArray();
    QJsonObject model = models.first().toObject();
    model.insert(QStringLiteral("input_micros_per_mtok"), 4000000);
    models[0] = model;
    channel.insert(QStringLiteral("models"), models);
    QCOMPARE(send("PUT", QStringLiteral("/admin/channels/") + channelId, channel).status, 200);
    QCOMPARE(send("PUT", QStringLiteral("/admin/channels/") + channelId, channel).status, 409); // stale version
    QCOMPARE(send("DELETE", QStringLiteral("/admin/channels/") + channelId).status, 200);
    const QString customerId = send(
        "POST", QStringLiteral("/admin/customers"), QJsonObject {{QStringLiteral("name"), QStringLiteral("Audited")}})
                                   .json()
                                   .value(QStringLiteral("id"))
                                   .toString();
    const QJsonObject key = send("POST", QStringLiteral("/admin/customers/%1/keys").arg(customerId),
        QJsonObject {{QStringLiteral("name"), QStringLiteral("ci")}})
                                .json();
    QCOMPARE(send("POST", QStringLiteral("/admin/customers/%1/credits").arg(customerId),
                 QJsonObject {
                     {QStringLiteral("amount_micros"), 2500000}, {QStringLiteral("memo"), QStringLiteral("top-up")}})
                 .status,
        201);
    QCOMPARE(
        send("DELETE",
            QStringLiteral("/admin/customers/%1/keys/%2").arg(customerId, key.value(QStringLiteral("id")).toString()))
            .status,
        200);

    const HttpResult audit = admin("GET", QStringLiteral("/admin/audit?limit=7"));
    QCOMPARE(audit.status, 200);
    const QJsonArray entries = audit.json().value(QStringLiteral("entries")).toArray();
    QStringList actions;
    for (const QJsonValue &e : entries) {
        actions << e.toObject().value(QStringLiteral("action")).toString();
        QCOMPARE(e.toObject().value(QStringLiteral("actor")).toString(), QStringLiteral("alice"));
        QVERIFY(!e.toObject().value(QStringLiteral("time")).toString().isEmpty());
    }
    QCOMPARE(actions,
        QStringList({QStringLiteral("key.revoke"), QStringLiteral("credit.add"), QStringLiteral("key.create"),
            QStringLiteral("customer.create"), QStringLiteral("channel.delete"), QStringLiteral("channel.replace"),
            QStringLiteral("channel.create")}));
    // Before and after of the price edit.
    const QJsonObject replaced = entries[5].toObject();
    QCOMPARE(replaced.value(QStringLiteral("target")).toString(), QStringLiteral("channel/") + channelId);
    const auto inputPrice = [](const QJsonValue &snapshot) {
        return snapshot.toObject()
            .value(QStringLiteral("models"))
            .toArray()
            .first()
            .toObject()
            .value(QStringLiteral("input_micros_per_mtok"))
            .toInteger();
    };
    QCOMPARE(inputPrice(replaced.value(QStringLiteral("before"))), 3000000);
    QCOMPARE(inputPrice(replaced.value(QStringLiteral("after"))), 4000000);
    QVERIFY(entries[4].toObject().value(QStringLiteral("after")).isNull()); // deleted
    QCOMPARE(entries[1]
                 .toObject()
                 .value(QStringLiteral("after"))
                 .toObject()
                 .value(QStringLiteral("customer"))
                 .toObject()
                 .value(QStringLiteral("posted_micros"))
                 .toInteger(),
        2500000);
    // Never a secret value: not the key shown once, not the channel secret behind its reference.
    QVERIFY(!audit.body.contains(key.value(QStringLiteral("key")).toString().toLatin1()));
    QVERIFY(!audit.body.contains("sk-mock-secret"));
    QVERIFY(audit.body.contains("env:MOCK_UPSTREAM_KEY"));
    // Filtered by target.
    const QJsonArray forChannel = admin("GET", QStringLiteral("/admin/audit?target=channel/") + channelId)
                                      .json()
                                      .value(QStringLiteral("entries"))
                                      .toArray();
    QCOMPARE(forChannel.size(), 3);
    QCOMPARE(admin("GET", QStringLiteral("/admin/audit?limit=0")).status, 400);
}

QTEST_GUILESS_MAIN(TestAdmin)
#include "tst_admin.moc"
