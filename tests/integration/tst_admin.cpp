// The admin API: token required, customers and keys (digests only, revocation on the next
// request), credits, and channels with their documented shape, optimistic concurrency and live
// effect; the input rules (ids, names, model names, integers below 2^53, the money limit) and
// path segments that must be ids, with channels saved before the id rule still reachable.
#include "GatewayHarness.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>

#include <sqlite3.h>

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
    void textFieldsKeepTheirRules_data();
    void textFieldsKeepTheirRules();
    void pathSegmentsMustBeIds_data();
    void pathSegmentsMustBeIds();
    void channelIdInTheBodyMustBeAnId();
    void channelsSavedBeforeTheIdRuleStayReachable();
    void integersFrom2To53AreRefused_data();
    void integersFrom2To53AreRefused();
    void creditPastTheMoneyLimitIsRefused();
    void channelTargetsAreCheckedWhenSaved_data();
    void channelTargetsAreCheckedWhenSaved();

private:
    HttpResult admin(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    // A request with its target sent byte for byte (no client normalises or re-encodes it).
    HttpResult raw(const QByteArray &method, const QByteArray &target, const QByteArray &body = {});
    static QString errorMessage(const HttpResult &r)
    {
        return r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    }
    QString m_ruleCustomer; // for key names and memos

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
    // Balances at the money limit included, the auditor finds nothing to report.
    QByteArray report;
    QVERIFY2(m_gateway.ledgerClean(&report), report.constData());
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
    // The actor comes from the token (the owner's here), never from a header that names someone.
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
        QCOMPARE(e.toObject().value(QStringLiteral("actor")).toString(), QStringLiteral("owner"));
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

HttpResult TestAdmin::raw(const QByteArray &method, const QByteArray &target, const QByteArray &body)
{
    const QUrl url(m_gateway.url());
    QTcpSocket socket;
    socket.connectToHost(url.host(), quint16(url.port()));
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(method + ' ' + target + " HTTP/1.1\r\nhost: " + url.host().toLatin1() + "\r\nauthorization: Bearer "
        + m_gateway.adminToken() + "\r\ncontent-type: application/json\r\ncontent-length: "
        + QByteArray::number(body.size()) + "\r\nconnection: close\r\n\r\n" + body);
    QByteArray response;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(10000))
        response += socket.readAll();
    response += socket.readAll();
    HttpResult result;
    const qsizetype headEnd = response.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return result;
    const QList<QByteArray> head = response.left(headEnd).split('\n');
    result.status = head.value(0).split(' ').value(1).toInt();
    for (qsizetype i = 1; i < head.size(); ++i) {
        const qsizetype colon = head[i].indexOf(':');
        if (colon > 0)
            result.headers.append({head[i].left(colon).trimmed(), head[i].mid(colon + 1).trimmed()});
    }
    result.body = response.mid(headEnd + 4);
    return result;
}

namespace {

// A text of exactly `bytes` UTF-8 bytes, of two-byte characters where it can be.
QString ofBytes(int bytes)
{
    QString text(bytes / 2, QChar(0xE9));
    if (bytes % 2)
        text += QLatin1Char('x');
    return text;
}

} // namespace

void TestAdmin::textFieldsKeepTheirRules_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("accepted");
    // Every field with every kind of character no name may hold, one byte over its limit and
    // exactly at it.
    const QList<QPair<QString, int>> fields {{QStringLiteral("channel id"), 64}, {QStringLiteral("channel name"), 256},
        {QStringLiteral("model"), 128}, {QStringLiteral("upstream_model"), 128}, {QStringLiteral("customer name"), 256},
        {QStringLiteral("key name"), 256}, {QStringLiteral("memo"), 256}};
    const QList<QPair<const char *, QString>> bad {{"CR", QStringLiteral("a\rb")}, {"LF", QStringLiteral("a\nb")},
        {"CR LF", QStringLiteral("a\r\nx-injected: 1")}, {"NUL", QStringLiteral("a") + QChar(0) + QStringLiteral("b")},
        {"TAB", QStringLiteral("a\tb")}, {"ESC", QStringLiteral("a\x1b[2Jb")}, {"DEL", QStringLiteral("a\x7f")},
        {"C1 NEL", QStringLiteral("a\u0085b")}, {"U+2028", QStringLiteral("a\u2028b")},
        {"U+2029", QStringLiteral("a\u2029b")}};
    int n = 0;
    for (const auto &[field, limit] : fields) {
        const bool id = field == QLatin1String("channel id");
        for (const auto &[what, text] : bad)
            QTest::addRow("%s: %s", qPrintable(field), what) << field << text << false;
        // Ids count characters of A-Z a-z 0-9 . _ -; the others UTF-8 bytes, here of two-byte
        // characters with a one-byte one at the end where the limit is odd.
        QTest::addRow("%s: one byte over", qPrintable(field))
            << field << (id ? QString(limit + 1, QLatin1Char('x')) : ofBytes(limit - 1) + QStringLiteral("\u00e9"))
            << false;
        QTest::addRow("%s: exactly at the limit", qPrintable(field))
            << field
            << (id ? QStringLiteral("x%1").arg(++n) + QString(limit - 2, QLatin1Char('y'))
                   : QStringLiteral("%1").arg(++n) + ofBytes(limit - 1))
            << true;
    }
}

void TestAdmin::textFieldsKeepTheirRules()
{
    QFETCH(QString, field);
    QFETCH(QString, text);
    QFETCH(bool, accepted);
    if (m_ruleCustomer.isEmpty())
        m_ruleCustomer
            = admin("POST", QStringLiteral("/admin/customers"), {{QStringLiteral("name"), QStringLiteral("Rules")}})
                  .json()
                  .value(QStringLiteral("id"))
                  .toString();
    QJsonObject channel = mockChannel(
        QStringLiteral("rules"), m_mock.url(), {{QStringLiteral("rules-model"), QStringLiteral("mock-model")}});
    QJsonArray models = channel.value(QStringLiteral("models")).toArray();
    QJsonObject model = models.first().toObject();
    HttpResult r;
    QString named;
    if (field == QLatin1String("channel id") || field == QLatin1String("channel name")
        || field == QLatin1String("model") || field == QLatin1String("upstream_model")) {
        if (field == QLatin1String("channel id")) {
            channel.insert(QStringLiteral("id"), text);
            named
                = QStringLiteral("id must be 1 to 64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit");
        } else if (field == QLatin1String("channel name")) {
            channel.insert(QStringLiteral("name"), text);
            named = QStringLiteral("name must be at most 256 bytes of text without control characters or line breaks");
        } else {
            model.insert(field, text);
            models[0] = model;
            channel.insert(QStringLiteral("models"), models);
            named = QStringLiteral("models[0].%1 must be at most 128 bytes of printable text").arg(field);
        }
        r = admin("POST", QStringLiteral("/admin/channels"), channel);
    } else if (field == QLatin1String("customer name")) {
        r = admin("POST", QStringLiteral("/admin/customers"), {{QStringLiteral("name"), text}});
        named = QStringLiteral("name must be at most 256 bytes of text without control characters or line breaks");
    } else if (field == QLatin1String("key name")) {
        r = admin(
            "POST", QStringLiteral("/admin/customers/%1/keys").arg(m_ruleCustomer), {{QStringLiteral("name"), text}});
        named = QStringLiteral("name must be at most 256 bytes of text without control characters or line breaks");
    } else {
        r = admin("POST", QStringLiteral("/admin/customers/%1/credits").arg(m_ruleCustomer),
            {{QStringLiteral("amount_micros"), 1}, {QStringLiteral("memo"), text}});
        named = QStringLiteral("memo must be at most 256 bytes of text without control characters or line breaks");
    }
    if (!accepted) {
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(),
            QStringLiteral("invalid_request_error"));
        QCOMPARE(errorMessage(r), named);
        return;
    }
    QCOMPARE(r.status, 201);
    // Kept exactly as sent.
    if (field == QLatin1String("channel id")) {
        QCOMPARE(r.json().value(QStringLiteral("id")).toString(), text);
        QCOMPARE(admin("GET", QStringLiteral("/admin/channels/") + text).status, 200);
    } else if (field == QLatin1String("channel name") || field == QLatin1String("customer name")
        || field == QLatin1String("key name")) {
        if (field == QLatin1String("key name")) {
            bool found = false;
            for (const QJsonValue &key : admin("GET", QStringLiteral("/admin/customers/") + m_ruleCustomer)
                                             .json()
                                             .value(QStringLiteral("keys"))
                                             .toArray())
                found |= key.toObject().value(QStringLiteral("name")).toString() == text;
            QVERIFY(found);
        } else {
            QCOMPARE(r.json().value(QStringLiteral("name")).toString(), text);
        }
    } else if (field == QLatin1String("memo")) {
        QCOMPARE(r.json().value(QStringLiteral("memo")).toString(), text);
    } else {
        QCOMPARE(r.json().value(QStringLiteral("models")).toArray().first().toObject().value(field).toString(), text);
    }
    if (r.json().contains(QStringLiteral("protocol"))) // a channel: not left behind for the other tests
        QCOMPARE(admin("DELETE", QStringLiteral("/admin/channels/") + r.json().value(QStringLiteral("id")).toString())
                     .status,
            200);
}

void TestAdmin::pathSegmentsMustBeIds_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("named");
    const QString channel = QStringLiteral("the channel id in the path must be 1 to 64 characters");
    const QString customer = QStringLiteral("the customer id in the path must be 1 to 64 characters");
    const QString key = QStringLiteral("the key id in the path must be 1 to 64 characters");
    QTest::newRow("GET a channel ..%2Fx%2Fy")
        << QByteArray("GET") << QByteArray("/admin/channels/..%2Fx%2Fy") << channel;
    QTest::newRow("PUT a channel ..%2Fx%2Fy")
        << QByteArray("PUT") << QByteArray("/admin/channels/..%2Fx%2Fy") << channel;
    QTest::newRow("DELETE a channel ..%2F..%2Fcustomers")
        << QByteArray("DELETE") << QByteArray("/admin/channels/..%2F..%2Fcustomers") << channel;
    QTest::newRow("a channel id with a space") << QByteArray("GET") << QByteArray("/admin/channels/a%20b") << channel;
    QTest::newRow("a channel id with a line feed")
        << QByteArray("POST") << QByteArray("/admin/channels/a%0Ab/test") << channel;
    QTest::newRow("a channel id starting with a dot")
        << QByteArray("DELETE") << QByteArray("/admin/channels/.hidden") << channel;
    QTest::newRow("GET a customer ..%2Fx") << QByteArray("GET") << QByteArray("/admin/customers/..%2Fx") << customer;
    QTest::newRow("credits for %2E%2E") << QByteArray("POST") << QByteArray("/admin/customers/%2E%2E/credits")
                                        << customer;
    QTest::newRow("a statement of a customer with a quote")
        << QByteArray("GET") << QByteArray("/admin/customers/cus_x%22/statement") << customer;
    QTest::newRow("revoke key ..%2Fk") << QByteArray("DELETE") << QByteArray("/admin/customers/cus_demo/keys/..%2Fk")
                                       << key;
}

void TestAdmin::pathSegmentsMustBeIds()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QString, named);
    const HttpResult r = raw(method, target, method == "GET" || method == "DELETE" ? QByteArray() : "{}");
    QCOMPARE(r.status, 400);
    QVERIFY2(errorMessage(r).startsWith(named), qPrintable(errorMessage(r)));
}

void TestAdmin::channelIdInTheBodyMustBeAnId()
{
    QJsonObject channel = mockChannel(
        QStringLiteral("ids"), m_mock.url(), {{QStringLiteral("ids-model"), QStringLiteral("mock-model")}});
    channel.insert(QStringLiteral("id"), QStringLiteral("../x/y"));
    HttpResult r = admin("POST", QStringLiteral("/admin/channels"), channel);
    QCOMPARE(r.status, 400);
    QVERIFY2(errorMessage(r).startsWith(QLatin1String("id must be")), qPrintable(errorMessage(r)));
    channel.insert(QStringLiteral("id"), QStringLiteral("eu-west.primary_1"));
    r = admin("POST", QStringLiteral("/admin/channels"), channel);
    QCOMPARE(r.status, 201);
    QCOMPARE(raw("GET", "/admin/channels/eu-west.primary_1").status, 200);
    QCOMPARE(admin("DELETE", QStringLiteral("/admin/channels/eu-west.primary_1")).status, 200);
}

// A channel saved before ids had a rule, with an id of "../x/y" or with a space, is listed, read,
// tested and deleted by its exact id (percent-encoded in the path); it cannot be replaced, and once
// deleted the same path is refused like any other that is not an id.
void TestAdmin::channelsSavedBeforeTheIdRuleStayReachable()
{
    QCOMPARE(m_gateway.terminate(), 0);
    {
        sqlite3 *db = nullptr;
        QCOMPARE(
            sqlite3_open((m_gateway.dataDir() + QStringLiteral("/bytespike.db")).toUtf8().constData(), &db), SQLITE_OK);
        char *message = nullptr;
        const int rc = sqlite3_exec(db,
            "INSERT INTO channels (id, name, protocol, base_url, secret_ref, enabled, priority, weight, version,"
            " created_at, updated_at) VALUES ('../x/y', 'legacy path', 'simulator', '', '', 1, 0, 1, 1, 1, 1),"
            " ('legacy id', 'legacy space', 'simulator', '', '', 1, 0, 1, 1, 1, 1);"
            "INSERT INTO channel_models (channel_id, position, model, upstream_model, input_micros_per_mtok,"
            " output_micros_per_mtok, cache_write_micros_per_mtok, cache_read_micros_per_mtok, price_version)"
            " VALUES ('../x/y', 0, 'legacy-model', 'bytespike-simulator', 1, 1, 1, 1, 0),"
            " ('legacy id', 0, 'legacy-model-2', 'bytespike-simulator', 1, 1, 1, 1, 0);",
            nullptr, nullptr, &message);
        QVERIFY2(rc == SQLITE_OK, message);
        sqlite3_close(db);
    }
    QString error;
    QVERIFY2(m_gateway.start(&error), qPrintable(error));
    QStringList listed;
    for (const QJsonValue &c :
        admin("GET", QStringLiteral("/admin/channels")).json().value(QStringLiteral("channels")).toArray())
        listed << c.toObject().value(QStringLiteral("id")).toString();
    QVERIFY(listed.contains(QStringLiteral("../x/y")));
    QVERIFY(listed.contains(QStringLiteral("legacy id")));

    HttpResult r = raw("GET", "/admin/channels/..%2Fx%2Fy");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("id")).toString(), QStringLiteral("../x/y"));
    QCOMPARE(r.json().value(QStringLiteral("name")).toString(), QStringLiteral("legacy path"));
    r = raw("GET", "/admin/channels/legacy%20id");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("name")).toString(), QStringLiteral("legacy space"));
    r = raw("POST", "/admin/channels/..%2Fx%2Fy/test", "{}");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("ok")).toBool(), true);
    r = raw("PUT", "/admin/channels/..%2Fx%2Fy", "{}");
    QCOMPARE(r.status, 400);
    QVERIFY2(errorMessage(r).contains(QLatin1String("cannot be replaced")), qPrintable(errorMessage(r)));
    QCOMPARE(raw("DELETE", "/admin/channels/..%2Fx%2Fy").status, 200);
    QCOMPARE(raw("DELETE", "/admin/channels/legacy%20id").status, 200);
    r = raw("GET", "/admin/channels/..%2Fx%2Fy");
    QCOMPARE(r.status, 400);
    QCOMPARE(raw("GET", "/admin/channels/legacy%20id").status, 400);
    listed.clear();
    for (const QJsonValue &c :
        admin("GET", QStringLiteral("/admin/channels")).json().value(QStringLiteral("channels")).toArray())
        listed << c.toObject().value(QStringLiteral("id")).toString();
    QVERIFY(!listed.contains(QStringLiteral("../x/y")));
    QVERIFY(!listed.contains(QStringLiteral("legacy id")));
}

void TestAdmin::integersFrom2To53AreRefused_data()
{
    QTest::addColumn<QString>("where"); // the field, as the message names it
    QTest::addColumn<QByteArray>("number"); // as sent, byte for byte
    QTest::addColumn<int>("status");
    QTest::newRow("priority 2^53") << QStringLiteral("priority") << QByteArray("9007199254740992") << 400;
    QTest::newRow("priority 2^53 + 1 (a double reads 2^53)")
        << QStringLiteral("priority") << QByteArray("9007199254740993") << 400;
    QTest::newRow("priority 2^53 - 1") << QStringLiteral("priority") << QByteArray("9007199254740991") << 201;
    QTest::newRow("weight 2^63") << QStringLiteral("weight") << QByteArray("9223372036854775808") << 400;
    QTest::newRow("weight 1e300") << QStringLiteral("weight") << QByteArray("1e300") << 400;
    QTest::newRow("input price 2^53") << QStringLiteral("models[0].input_micros_per_mtok")
                                      << QByteArray("9007199254740992") << 400;
    QTest::newRow("input price 2^53 - 1")
        << QStringLiteral("models[0].input_micros_per_mtok") << QByteArray("9007199254740991") << 201;
    QTest::newRow("cache read price 2^53 + 1")
        << QStringLiteral("models[0].cache_read_micros_per_mtok") << QByteArray("9007199254740993") << 400;
    QTest::newRow("upstream cost 2^53") << QStringLiteral("models[0].upstream_cost.output_micros_per_mtok")
                                        << QByteArray("9007199254740992") << 400;
    QTest::newRow("price version 2^64") << QStringLiteral("models[0].price_version")
                                        << QByteArray("18446744073709551616") << 400;
    QTest::newRow("version 2^53") << QStringLiteral("version") << QByteArray("9007199254740992") << 400;
    QTest::newRow("credit 2^53") << QStringLiteral("amount_micros") << QByteArray("9007199254740992") << 400;
    QTest::newRow("credit 2^53 + 1") << QStringLiteral("amount_micros") << QByteArray("9007199254740993") << 400;
    QTest::newRow("credit 1e20") << QStringLiteral("amount_micros") << QByteArray("1e20") << 400;
}

void TestAdmin::integersFrom2To53AreRefused()
{
    QFETCH(QString, where);
    QFETCH(QByteArray, number);
    QFETCH(int, status);
    // The number goes in as text, so no client rounds it first.
    const QString placeholder = QStringLiteral("@NUMBER@");
    QByteArray body;
    QString path = QStringLiteral("/admin/channels");
    QByteArray method = "POST";
    QString customer;
    if (where == QLatin1String("amount_micros")) {
        customer
            = admin("POST", QStringLiteral("/admin/customers"), {{QStringLiteral("name"), QStringLiteral("Rounding")}})
                  .json()
                  .value(QStringLiteral("id"))
                  .toString();
        path = QStringLiteral("/admin/customers/%1/credits").arg(customer);
        body = QJsonDocument(QJsonObject {{QStringLiteral("amount_micros"), placeholder}}).toJson();
    } else {
        QJsonObject channel = mockChannel(
            QStringLiteral("big"), m_mock.url(), {{QStringLiteral("big-model"), QStringLiteral("mock-model")}});
        QJsonArray models = channel.value(QStringLiteral("models")).toArray();
        QJsonObject model = models.first().toObject();
        if (where.startsWith(QLatin1String("models[0].upstream_cost."))) {
            QJsonObject cost {{QStringLiteral("input_micros_per_mtok"), 1},
                {QStringLiteral("output_micros_per_mtok"), 1}, {QStringLiteral("cache_write_micros_per_mtok"), 1},
                {QStringLiteral("cache_read_micros_per_mtok"), 1}};
            cost.insert(where.section(QLatin1Char('.'), 2), placeholder);
            model.insert(QStringLiteral("upstream_cost"), cost);
        } else if (where.startsWith(QLatin1String("models[0]."))) {
            model.insert(where.mid(10), placeholder);
        } else if (where == QLatin1String("version")) {
            const QJsonObject created = m_gateway.addChannel(m_http, channel);
            path = QStringLiteral("/admin/channels/") + created.value(QStringLiteral("id")).toString();
            method = "PUT";
            channel = created;
            channel.insert(where, placeholder);
        } else {
            channel.insert(where, placeholder);
        }
        models[0] = model;
        channel.insert(QStringLiteral("models"), models);
        body = QJsonDocument(channel).toJson();
    }
    body.replace(QByteArray('"' + placeholder.toLatin1() + '"'), number);
    const HttpResult r = m_http.send(method, m_gateway.url() + path, m_gateway.adminHeaders(), body);
    QCOMPARE(r.status, status);
    if (status == 400) {
        if (where == QLatin1String("amount_micros"))
            QCOMPARE(admin("GET", QStringLiteral("/admin/customers/") + customer)
                         .json()
                         .value(QStringLiteral("posted_micros"))
                         .toInteger(),
                0);
        QVERIFY2(errorMessage(r).startsWith(where + QStringLiteral(" must be an integer of magnitude below 2^53")),
            qPrintable(errorMessage(r)));
    } else {
        // Kept exactly: the same digits come back.
        QVERIFY2(r.body.contains(number), r.body.constData());
    }
    if (method == "PUT" || r.status == 201)
        QCOMPARE(admin("DELETE",
                     path == QLatin1String("/admin/channels")
                         ? QStringLiteral("/admin/channels/") + r.json().value(QStringLiteral("id")).toString()
                         : path)
                     .status,
            200);
}

// No balance passes 2^53 - 1 micro-dollars: before the limit, 1,030 credits of 2^53 wrapped a
// balance past 64 bits into a REAL of -9.2e18. The credit that would pass it is refused whole and
// the balance stays as it was; one that reaches it exactly is taken.
void TestAdmin::creditPastTheMoneyLimitIsRefused()
{
    const auto balance = [this](const QString &id) {
        return admin("GET", QStringLiteral("/admin/customers/") + id).json().value(QStringLiteral("posted_micros"));
    };
    const auto credit = [this](const QString &id, qint64 amount) {
        return admin(
            "POST", QStringLiteral("/admin/customers/%1/credits").arg(id), {{QStringLiteral("amount_micros"), amount}});
    };
    const QString id
        = admin("POST", QStringLiteral("/admin/customers"), {{QStringLiteral("name"), QStringLiteral("Whale")}})
              .json()
              .value(QStringLiteral("id"))
              .toString();
    constexpr qint64 half = qint64(1) << 52;
    QCOMPARE(credit(id, half).status, 201);
    HttpResult second = credit(id, half); // would make 2^53
    QCOMPARE(second.status, 400);
    QVERIFY2(errorMessage(second).contains(QLatin1String("past 9007199254740991 micro-dollars")),
        qPrintable(errorMessage(second)));
    QCOMPARE(balance(id).toInteger(), half);
    QCOMPARE(credit(id, half - 1).status, 201); // exactly at the limit
    QCOMPARE(balance(id).toInteger(), 9007199254740991);
    second = credit(id, 1);
    QCOMPARE(second.status, 400);
    QCOMPARE(balance(id).toInteger(), 9007199254740991);
    const QJsonObject statement = customerStatement(m_http, m_gateway, id);
    QCOMPARE(statement.value(QStringLiteral("closing_micros")).toInteger(), 9007199254740991);
    QCOMPARE(statement.value(QStringLiteral("lines")).toArray().size(), 2);

    // The largest single credit is taken; the second one, however small, is refused.
    const QString other
        = admin("POST", QStringLiteral("/admin/customers"), {{QStringLiteral("name"), QStringLiteral("Whale 2")}})
              .json()
              .value(QStringLiteral("id"))
              .toString();
    QCOMPARE(credit(other, 9007199254740991).status, 201);
    QCOMPARE(credit(other, 1).status, 400);
    QCOMPARE(balance(other).toInteger(), 9007199254740991);
}

void TestAdmin::channelTargetsAreCheckedWhenSaved_data()
{
    // base_url (OWN stands for the gateway's own address), the rule the 400 must name (empty:
    // the channel is saved).
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("rule");
    QTest::newRow("metadata") << QStringLiteral("http://169.254.169.254") << QStringLiteral("cloud metadata");
    QTest::newRow("metadata, https") << QStringLiteral("https://169.254.169.254/v1")
                                     << QStringLiteral("cloud metadata");
    QTest::newRow("link-local v4") << QStringLiteral("http://169.254.10.1:8080") << QStringLiteral("link-local");
    QTest::newRow("link-local v6") << QStringLiteral("http://[fe80::1]:9") << QStringLiteral("link-local");
    QTest::newRow("unspecified") << QStringLiteral("http://0.0.0.0:80") << QStringLiteral("unspecified");
    QTest::newRow("multicast") << QStringLiteral("http://224.0.0.1") << QStringLiteral("multicast");
    QTest::newRow("itself") << QStringLiteral("OWN") << QStringLiteral("own listener");
    // A host name is looked up, and every address it resolves to is checked.
    QTest::newRow("itself by name") << QStringLiteral("OWN-BY-NAME") << QStringLiteral("own listener");
    QTest::newRow("loopback, another port") << QStringLiteral("http://127.0.0.1:9") << QString();
    QTest::newRow("private range") << QStringLiteral("http://10.1.2.3:8000") << QString();
}

void TestAdmin::channelTargetsAreCheckedWhenSaved()
{
    QFETCH(QString, baseUrl);
    QFETCH(QString, rule);
    const QUrl own(m_gateway.url());
    if (baseUrl == QLatin1String("OWN"))
        baseUrl = m_gateway.url();
    else if (baseUrl == QLatin1String("OWN-BY-NAME"))
        baseUrl = QStringLiteral("http://localhost:%1").arg(own.port());
    QJsonObject channel
        = mockChannel(QStringLiteral("target"), baseUrl, {{QStringLiteral("t-model"), QStringLiteral("m")}});
    const HttpResult r = admin("POST", QStringLiteral("/admin/channels"), channel);
    if (rule.isEmpty()) {
        QCOMPARE(r.status, 201);
        QCOMPARE(admin("DELETE", QStringLiteral("/admin/channels/") + r.json().value(QStringLiteral("id")).toString())
                     .status,
            200);
        return;
    }
    QCOMPARE(r.status, 400);
    const QString message
        = r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    QVERIFY2(message.startsWith(QLatin1String("base_url is refused")) && message.contains(rule), qPrintable(message));
    // Nothing was saved, and an existing channel cannot be moved there either.
    const HttpResult fine = admin("POST", QStringLiteral("/admin/channels"),
        mockChannel(QStringLiteral("target"), m_mock.url(), {{QStringLiteral("t-model"), QStringLiteral("m")}}));
    QCOMPARE(fine.status, 201);
    QJsonObject moved = fine.json();
    moved.insert(QStringLiteral("base_url"), baseUrl);
    const QString id = moved.value(QStringLiteral("id")).toString();
    QCOMPARE(admin("PUT", QStringLiteral("/admin/channels/") + id, moved).status, 400);
    QCOMPARE(admin("GET", QStringLiteral("/admin/channels/") + id).json().value(QStringLiteral("base_url")).toString(),
        m_mock.url());
    QCOMPARE(admin("DELETE", QStringLiteral("/admin/channels/") + id).status, 200);
}

QTEST_GUILESS_MAIN(TestAdmin)
#include "tst_admin.moc"
