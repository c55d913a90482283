// Named operators and their roles against a real bytespike-gatewayd: every admin route of the
// route table (enumerated, so a new route is covered without a change here) called by every kind
// of caller, each answered 401, 403 permission_error or let through as docs/api.md ("Operators
// and roles") says; an operator's life (its token shown once with the bso- prefix, listed never,
// stored only as a digest, the audit log's actor taken from the token whatever a header says,
// revocation at once, still valid after a restart); and the bad input the operators routes refuse.
#include "GatewayHarness.h"
#include "service/Router.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace bytespike;
using namespace bytespike::testing;

namespace {

// The role each admin route needs, as docs/api.md states it (not as the route table says, which
// is what is under test): every GET reads; channels and secrets change with pricing; customers,
// keys and credits with billing; operators, and anything not named here, need admin.
OperatorRole contractRole(const QByteArray &method, const QString &pattern)
{
    if (pattern.startsWith(QLatin1String("/admin/operators")))
        return OperatorRole::Admin;
    if (method == "GET")
        return OperatorRole::Viewer;
    if (pattern.startsWith(QLatin1String("/admin/channels")) || pattern.startsWith(QLatin1String("/admin/secrets")))
        return OperatorRole::Pricing;
    if (pattern.startsWith(QLatin1String("/admin/customers")))
        return OperatorRole::Billing;
    return OperatorRole::Admin;
}

// A route's pattern with harmless parameters: ids nothing has (a 404 means access was granted),
// and a secret name the controller refuses (400) before it would reach the keychain.
QString harmlessPath(const QString &pattern)
{
    QString path = pattern;
    path.replace(QLatin1String("{channel_id}"), QLatin1String("no-such-channel"));
    path.replace(QLatin1String("{customer_id}"), QLatin1String("cus_nobody"));
    path.replace(QLatin1String("{key_id}"), QLatin1String("key_nobody"));
    path.replace(QLatin1String("{operator_id}"), QLatin1String("op_nobody"));
    path.replace(QLatin1String("{name}"), QLatin1String("not%20a%20name"));
    return path;
}

QString errorType(const HttpResult &r)
{
    return r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString();
}

QString errorMessage(const HttpResult &r)
{
    return r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
}

// The callers of the matrix: four operators, the owner, nobody, and a revoked operator.
const QStringList kCallers {QStringLiteral("viewer"), QStringLiteral("pricing"), QStringLiteral("billing"),
    QStringLiteral("admin"), QStringLiteral("owner"), QStringLiteral("none"), QStringLiteral("revoked")};

} // namespace

class TestOperators : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void roleMatrix_data();
    void roleMatrix();
    void operatorLifecycle();
    void badInput_data();
    void badInput();

private:
    HttpResult call(const QByteArray &method, const QString &path, const QByteArray &token,
        const QJsonObject &body = {}, const QList<Header> &extra = {});
    // A new operator (by the owner); its token, and its id in id.
    QByteArray createOperator(const QString &name, const QString &role, QString *id = nullptr);
    QJsonArray audit(const QString &target);
    QList<QByteArray> databaseFiles() const;

    GatewayProcess m_gateway;
    HttpClient m_http;
    QHash<QString, QByteArray> m_tokens; // caller -> token (none: empty)
};

void TestOperators::initTestCase()
{
    QString error;
    QVERIFY2(m_gateway.start(&error), qPrintable(error));
    for (const QString &role :
        {QStringLiteral("viewer"), QStringLiteral("pricing"), QStringLiteral("billing"), QStringLiteral("admin")}) {
        m_tokens.insert(role, createOperator(QStringLiteral("matrix-") + role, role));
        QVERIFY(!m_tokens.value(role).isEmpty());
    }
    m_tokens.insert(QStringLiteral("owner"), m_gateway.adminToken());
    m_tokens.insert(QStringLiteral("none"), QByteArray());
    QString revokedId;
    m_tokens.insert(QStringLiteral("revoked"),
        createOperator(QStringLiteral("matrix-revoked"), QStringLiteral("admin"), &revokedId));
    QCOMPARE(call("DELETE", QStringLiteral("/admin/operators/") + revokedId, m_gateway.adminToken()).status, 200);
}

void TestOperators::cleanupTestCase()
{
    QCOMPARE(m_gateway.terminate(), 0);
}

HttpResult TestOperators::call(const QByteArray &method, const QString &path, const QByteArray &token,
    const QJsonObject &body, const QList<Header> &extra)
{
    QList<Header> headers = extra;
    if (!token.isEmpty())
        headers.append(Header("authorization", "Bearer " + token));
    const QByteArray payload
        = method == "GET" || method == "DELETE" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    std::unique_ptr<QNetworkReply> reply(m_http.start(method, m_gateway.adminUrl() + path, headers, payload));
    // The event stream never ends: its head is enough.
    (void)QTest::qWaitFor(
        [&] {
            return reply->isFinished()
                || (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200
                    && reply->header(QNetworkRequest::ContentTypeHeader)
                           .toString()
                           .startsWith(QLatin1String("text/event-stream")));
        },
        20000);
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!reply->isFinished()) {
        reply->abort();
        return result;
    }
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    return result;
}

QByteArray TestOperators::createOperator(const QString &name, const QString &role, QString *id)
{
    const HttpResult r = call("POST", QStringLiteral("/admin/operators"), m_gateway.adminToken(),
        QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("role"), role}});
    if (r.status != 201)
        return {};
    if (id)
        *id = r.json().value(QStringLiteral("id")).toString();
    return r.json().value(QStringLiteral("token")).toString().toUtf8();
}

QJsonArray TestOperators::audit(const QString &target)
{
    const HttpResult r = call("GET", QStringLiteral("/admin/audit?target=") + target, m_gateway.adminToken());
    return r.json().value(QStringLiteral("entries")).toArray();
}

QList<QByteArray> TestOperators::databaseFiles() const
{
    QList<QByteArray> out;
    for (const char *suffix : {"", "-wal", "-shm"}) {
        QFile file(m_gateway.dataDir() + QStringLiteral("/bytespike.db") + QLatin1String(suffix));
        if (file.open(QIODevice::ReadOnly))
            out.append(file.readAll());
    }
    return out;
}

void TestOperators::roleMatrix_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("caller");
    int adminRoutes = 0;
    for (const RouteInfo &route : gatewayRoutes()) {
        if (!route.adminToken)
            continue;
        ++adminRoutes;
        for (const QString &caller : kCallers) {
            const QString name = QString::fromLatin1(route.method) + QLatin1Char(' ') + route.pattern
                + QStringLiteral(" as ") + caller;
            QTest::newRow(qPrintable(name)) << route.method << route.pattern << caller;
        }
    }
    QVERIFY(adminRoutes >= 27); // the admin routes of docs/api.md, operators included
}

void TestOperators::roleMatrix()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, pattern);
    QFETCH(QString, caller);
    const QByteArray token = m_tokens.value(caller);
    const HttpResult r = call(method, harmlessPath(pattern), token);
    QVERIFY2(r.status != 0, "no answer");
    if (caller == QLatin1String("none") || caller == QLatin1String("revoked")) {
        QCOMPARE(r.status, 401);
        QCOMPARE(errorType(r), QStringLiteral("authentication_error"));
        return;
    }
    const OperatorRole needed = contractRole(method, pattern);
    const bool allowed = caller == QLatin1String("owner") || roleAllows(*roleFromName(caller), needed);
    if (allowed) {
        QVERIFY2(r.status != 401 && r.status != 403,
            qPrintable(QString::number(r.status) + QLatin1Char(' ') + QString::fromUtf8(r.body)));
        return;
    }
    QCOMPARE(r.status, 403);
    QCOMPARE(errorType(r), QStringLiteral("permission_error"));
    QVERIFY2(errorMessage(r).contains(roleName(needed)), qPrintable(errorMessage(r)));
    QVERIFY(!r.body.contains(token));
    QVERIFY(!r.json().value(QStringLiteral("request_id")).toString().isEmpty());
}

void TestOperators::operatorLifecycle()
{
    // Made by the owner: the token is in this answer only.
    const HttpResult made = call("POST", QStringLiteral("/admin/operators"), m_gateway.adminToken(),
        QJsonObject {
            {QStringLiteral("name"), QStringLiteral("carol")}, {QStringLiteral("role"), QStringLiteral("billing")}});
    QCOMPARE(made.status, 201);
    const QByteArray token = made.json().value(QStringLiteral("token")).toString().toUtf8();
    const QString id = made.json().value(QStringLiteral("id")).toString();
    QVERIFY(token.startsWith("bso-"));
    QVERIFY(token.size() > 30);
    QVERIFY(!id.isEmpty());
    QCOMPARE(made.json().value(QStringLiteral("role")).toString(), QStringLiteral("billing"));

    const HttpResult listed = call("GET", QStringLiteral("/admin/operators"), m_gateway.adminToken());
    QCOMPARE(listed.status, 200);
    QVERIFY(!listed.body.contains(token));
    QJsonObject carol;
    for (const QJsonValue &op : listed.json().value(QStringLiteral("operators")).toArray()) {
        if (op.toObject().value(QStringLiteral("id")).toString() == id)
            carol = op.toObject();
    }
    const QStringList fields = carol.keys();
    QCOMPARE(QSet<QString>(fields.begin(), fields.end()),
        (QSet<QString> {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("role"), QStringLiteral("created"),
            QStringLiteral("revoked")}));
    QCOMPARE(carol.value(QStringLiteral("name")).toString(), QStringLiteral("carol"));
    QVERIFY(carol.value(QStringLiteral("revoked")).isNull());
    QCOMPARE(audit(QStringLiteral("operator/") + id).first().toObject().value(QStringLiteral("actor")).toString(),
        QStringLiteral("owner"));

    // The actor is the token's operator, whatever a header claims.
    const HttpResult customer = call("POST", QStringLiteral("/admin/customers"), token,
        QJsonObject {{QStringLiteral("name"), QStringLiteral("Carol's customer")}},
        {Header("x-bytespike-operator", "mallory")});
    QCOMPARE(customer.status, 201);
    const QJsonArray entries
        = audit(QStringLiteral("customer/") + customer.json().value(QStringLiteral("id")).toString());
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().toObject().value(QStringLiteral("actor")).toString(), QStringLiteral("carol"));
    QCOMPARE(entries.first().toObject().value(QStringLiteral("action")).toString(), QStringLiteral("customer.create"));

    // A second active carol would make the audit log ambiguous; the console's and owner's names
    // are taken.
    QCOMPARE(call("POST", QStringLiteral("/admin/operators"), m_gateway.adminToken(),
                 QJsonObject {{QStringLiteral("name"), QStringLiteral("carol")},
                     {QStringLiteral("role"), QStringLiteral("viewer")}})
                 .status,
        409);

    // The database holds digests only: not in the main file, the journal, or the shared memory.
    for (const QByteArray &bytes : databaseFiles())
        QVERIFY(!bytes.contains(token));

    // A restart on the same data dir: the token still works (loaded from its digest).
    QCOMPARE(m_gateway.terminate(), 0);
    for (const QByteArray &bytes : databaseFiles())
        QVERIFY(!bytes.contains(token));
    QString error;
    QVERIFY2(m_gateway.start(&error), qPrintable(error));
    QCOMPARE(call("GET", QStringLiteral("/admin/customers"), token).status, 200);
    QCOMPARE(call("GET", QStringLiteral("/admin/customers"), m_tokens.value(QStringLiteral("revoked"))).status, 401);
    QCOMPARE(call("GET", QStringLiteral("/admin/operators"), token).status, 403);

    // Revoked: the very next request with the token is refused.
    const HttpResult revoked = call("DELETE", QStringLiteral("/admin/operators/") + id, m_gateway.adminToken());
    QCOMPARE(revoked.status, 200);
    QCOMPARE(revoked.json(), (QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("revoked"), true}}));
    const HttpResult after = call("GET", QStringLiteral("/admin/customers"), token);
    QCOMPARE(after.status, 401);
    QCOMPARE(errorType(after), QStringLiteral("authentication_error"));
    QCOMPARE(call("DELETE", QStringLiteral("/admin/operators/") + id, m_gateway.adminToken()).status, 404);
    const QJsonArray revocation = audit(QStringLiteral("operator/") + id);
    QCOMPARE(
        revocation.first().toObject().value(QStringLiteral("action")).toString(), QStringLiteral("operator.revoke"));
    QCOMPARE(revocation.first().toObject().value(QStringLiteral("actor")).toString(), QStringLiteral("owner"));
    // Listed as revoked, and the name is free again.
    for (const QJsonValue &op : call("GET", QStringLiteral("/admin/operators"), m_gateway.adminToken())
                                    .json()
                                    .value(QStringLiteral("operators"))
                                    .toArray()) {
        if (op.toObject().value(QStringLiteral("id")).toString() == id)
            QVERIFY(op.toObject().value(QStringLiteral("revoked")).isString());
    }
    QVERIFY(!createOperator(QStringLiteral("carol"), QStringLiteral("viewer")).isEmpty());
}

void TestOperators::badInput_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    const QString list = QStringLiteral("/admin/operators");
    QTest::newRow("unknown role") << QByteArray("POST") << list << QByteArray(R"({"name":"x","role":"root"})") << 400;
    QTest::newRow("no role") << QByteArray("POST") << list << QByteArray(R"({"name":"x"})") << 400;
    QTest::newRow("empty name") << QByteArray("POST") << list << QByteArray(R"({"name":"","role":"viewer"})") << 400;
    QTest::newRow("blank name") << QByteArray("POST") << list << QByteArray(R"({"name":"  ","role":"viewer"})") << 400;
    QTest::newRow("control character") << QByteArray("POST") << list << QByteArray(R"({"name":"a\nb","role":"viewer"})")
                                       << 400;
    QTest::newRow("unknown field") << QByteArray("POST") << list
                                   << QByteArray(R"({"name":"x","role":"viewer","token":"bso-mine"})") << 400;
    QTest::newRow("not an object") << QByteArray("POST") << list << QByteArray(R"(["x"])") << 400;
    QTest::newRow("reserved owner") << QByteArray("POST") << list << QByteArray(R"({"name":"owner","role":"admin"})")
                                    << 400;
    QTest::newRow("reserved console") << QByteArray("POST") << list
                                      << QByteArray(R"({"name":"console","role":"admin"})") << 400;
    QTest::newRow("unknown id") << QByteArray("DELETE") << QStringLiteral("/admin/operators/op_nobody") << QByteArray()
                                << 404;
    QTest::newRow("bad id") << QByteArray("DELETE") << QStringLiteral("/admin/operators/bad%20id") << QByteArray()
                            << 400;
}

void TestOperators::badInput()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    const HttpResult r = m_http.send(method, m_gateway.adminUrl() + path, m_gateway.adminHeaders(), body);
    QCOMPARE(r.status, status);
    QCOMPARE(errorType(r), status == 400 ? QStringLiteral("invalid_request_error") : QStringLiteral("not_found_error"));
    // Nothing was made.
    const HttpResult listed = call("GET", QStringLiteral("/admin/operators"), m_gateway.adminToken());
    for (const QJsonValue &op : listed.json().value(QStringLiteral("operators")).toArray()) {
        const QString name = op.toObject().value(QStringLiteral("name")).toString();
        QVERIFY2(name.startsWith(QLatin1String("matrix-")) || name == QLatin1String("carol"), qPrintable(name));
    }
}

QTEST_GUILESS_MAIN(TestOperators)
#include "tst_operators.moc"
