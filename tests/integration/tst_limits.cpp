// Key and customer limits end to end against the real gatewayd and the mock upstream: each limit
// with its number, in both protocols, with the rate-limit headers, the metrics, and no hold left
// behind by a refusal. Budgets are exact under 200 concurrent requests, and limits and a budget's
// spend survive a restart. (The limit book's clock-driven edges, rollover included, are
// tst_limitbook's.)
#include "GatewayHarness.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace bytespike::testing;

namespace {

const QRegularExpression kRfc3339(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"));

QByteArray chatBody(const QString &model)
{
    return QJsonDocument(QJsonObject {{QStringLiteral("model"), model}, {QStringLiteral("max_tokens"), 16},
                             {QStringLiteral("messages"),
                                 QJsonArray {QJsonObject {{QStringLiteral("role"), QStringLiteral("user")},
                                     {QStringLiteral("content"), QStringLiteral("hello")}}}}})
        .toJson(QJsonDocument::Compact);
}

QString errorType(const HttpResult &r)
{
    return r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString();
}

QString errorCode(const HttpResult &r)
{
    return r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
}

QString errorMessage(const HttpResult &r)
{
    return r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
}

} // namespace

class TestLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void rpmRefusesTheSixthRequest();
    void rpmInTheOpenAiShim();
    void tpmChargesTheBoundAndCorrectsToUsage();
    void maxConcurrentWithSlowStreams();
    void customerLimitsSpanItsKeys();
    void budgetAdmitsExactlyTenOfTwoHundred();
    void modelAllowList();
    void expiredKey();
    void ipAllowWithoutTrustedProxy();
    void ipAllowThroughTrustedProxy();
    void providerRateHeadersAreNotRelayed();
    void badSettingsAreRefused();
    void refusalsAreCountedByKind();
    void limitsAndSpendSurviveARestart();

private:
    struct Key
    {
        QString id;
        QByteArray key;
    };
    Key newKey(const QJsonObject &settings, const QString &customer = {});
    QJsonObject keyInfo(const QString &keyId, const QString &customer = {});
    HttpResult post(const QByteArray &key, const QString &model = QStringLiteral("claude-mock"),
        const QJsonObject &extra = {}, GatewayProcess *gateway = nullptr, const QList<Header> &headers = {});
    HttpResult chat(const QByteArray &key, const QString &model = QStringLiteral("claude-mock"));
    HttpResult admin(
        const QByteArray &method, const QString &path, const QJsonObject &body = {}, GatewayProcess *gateway = nullptr);
    void noHoldPending(GatewayProcess &gateway);

    MockUpstream m_mock;
    GatewayProcess m_gateway;
    HttpClient m_http;
    QString m_customer;
    QByteArray m_unlimitedKey;
};

void TestLimits::initTestCase()
{
    QString error;
    QVERIFY2(startWithMockChannel(m_mock, m_gateway, m_http, &error,
                 {{QStringLiteral("claude-mock"), QStringLiteral("mock-model")},
                     {QStringLiteral("claude-other"), QStringLiteral("mock-model")},
                     {QStringLiteral("claude-slow"), QStringLiteral("mock-model+fault=delay:1500")},
                     {QStringLiteral("claude-trickle"), QStringLiteral("mock-model+fault=trickle:150")}}),
        qPrintable(error));
    m_customer = createCustomer(m_http, m_gateway, 100000000, &m_unlimitedKey);
}

void TestLimits::cleanupTestCase()
{
    noHoldPending(m_gateway);
    QCOMPARE(m_gateway.terminate(), 0);
    QByteArray report;
    QVERIFY2(m_gateway.ledgerClean(&report), report.constData());
}

HttpResult TestLimits::admin(
    const QByteArray &method, const QString &path, const QJsonObject &body, GatewayProcess *gateway)
{
    GatewayProcess &g = gateway ? *gateway : m_gateway;
    return m_http.send(method, g.url() + path, g.adminHeaders(),
        body.isEmpty() && method != "POST" && method != "PUT" ? QByteArray()
                                                              : QJsonDocument(body).toJson(QJsonDocument::Compact));
}

TestLimits::Key TestLimits::newKey(const QJsonObject &settings, const QString &customer)
{
    const HttpResult r = admin(
        "POST", QStringLiteral("/admin/customers/%1/keys").arg(customer.isEmpty() ? m_customer : customer), settings);
    if (r.status != 201)
        qWarning() << r.status << r.body;
    return Key {
        r.json().value(QStringLiteral("id")).toString(), r.json().value(QStringLiteral("key")).toString().toLatin1()};
}

QJsonObject TestLimits::keyInfo(const QString &keyId, const QString &customer)
{
    const QJsonArray keys
        = admin("GET", QStringLiteral("/admin/customers/") + (customer.isEmpty() ? m_customer : customer))
              .json()
              .value(QStringLiteral("keys"))
              .toArray();
    for (const QJsonValue &k : keys) {
        if (k.toObject().value(QStringLiteral("id")).toString() == keyId)
            return k.toObject();
    }
    return {};
}

HttpResult TestLimits::post(const QByteArray &key, const QString &model, const QJsonObject &extra,
    GatewayProcess *gateway, const QList<Header> &headers)
{
    GatewayProcess &g = gateway ? *gateway : m_gateway;
    return m_http.send("POST", g.url() + QStringLiteral("/v1/messages"), g.customerHeaders(key) + headers,
        messagesBody(model, false, extra));
}

HttpResult TestLimits::chat(const QByteArray &key, const QString &model)
{
    return m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/chat/completions"), m_gateway.customerHeaders(key),
        chatBody(model));
}

void TestLimits::noHoldPending(GatewayProcess &gateway)
{
    QTRY_COMPARE(m_http.get(gateway.url() + QStringLiteral("/admin/ledger/holds?state=pending"), gateway.adminHeaders())
                     .json()
                     .value(QStringLiteral("holds"))
                     .toArray()
                     .size(),
        0);
}

void TestLimits::rpmRefusesTheSixthRequest()
{
    const Key key = newKey({{QStringLiteral("rpm"), 5}});
    for (int i = 0; i < 5; ++i) {
        const HttpResult r = post(key.key);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("anthropic-ratelimit-requests-limit"), QByteArray("5"));
        QCOMPARE(r.header("anthropic-ratelimit-requests-remaining"), QByteArray::number(4 - i));
        QVERIFY(kRfc3339.match(QString::fromLatin1(r.header("anthropic-ratelimit-requests-reset"))).hasMatch());
        QVERIFY(r.header("anthropic-ratelimit-tokens-limit").isEmpty()); // no tpm on this key
    }
    const HttpResult sixth = post(key.key);
    QCOMPARE(sixth.status, 429);
    QCOMPARE(errorType(sixth), QStringLiteral("rate_limit_error"));
    const int retryAfter = sixth.header("retry-after").toInt();
    QVERIFY2(retryAfter >= 1 && retryAfter <= 60, sixth.header("retry-after").constData());
    QCOMPARE(sixth.header("anthropic-ratelimit-requests-remaining"), QByteArray("0"));
    // Refused before the hold: not billed, no hold, the request log says why.
    QVERIFY(sixth.header("bytespike-hold").isEmpty());
    const QJsonObject row = requestLogEntry(m_http, m_gateway, sixth.header("request-id"));
    QCOMPARE(row.value(QStringLiteral("status")).toInt(), 429);
    QCOMPARE(row.value(QStringLiteral("billed")).toBool(), false);
    QCOMPARE(keyInfo(key.id).value(QStringLiteral("usage")).toObject().value(QStringLiteral("rpm")).toInt(), 5);
    noHoldPending(m_gateway);
}

void TestLimits::rpmInTheOpenAiShim()
{
    const Key key = newKey({{QStringLiteral("rpm"), 2}, {QStringLiteral("tpm"), 100000}});
    const HttpResult first = chat(key.key);
    QCOMPARE(first.status, 200);
    QCOMPARE(first.header("x-ratelimit-limit-requests"), QByteArray("2"));
    QCOMPARE(first.header("x-ratelimit-remaining-requests"), QByteArray("1"));
    QVERIFY(first.header("x-ratelimit-reset-requests").endsWith('s'));
    QCOMPARE(first.header("x-ratelimit-limit-tokens"), QByteArray("100000"));
    QVERIFY(first.header("x-ratelimit-remaining-tokens").toLongLong() < 100000);
    QVERIFY(first.header("anthropic-ratelimit-requests-limit").isEmpty());
    QCOMPARE(chat(key.key).status, 200);
    const HttpResult third = chat(key.key);
    QCOMPARE(third.status, 429);
    QCOMPARE(errorCode(third), QStringLiteral("rate_limit_exceeded"));
    QVERIFY(third.header("retry-after").toInt() >= 1);
}

void TestLimits::tpmChargesTheBoundAndCorrectsToUsage()
{
    // The bound of this request (prompt bound + max_tokens), read from the headers of a key
    // with room to spare; then a key with room for one bound and a half.
    const Key probe = newKey({{QStringLiteral("tpm"), 1000000}});
    const HttpResult measured = post(probe.key, QStringLiteral("claude-slow"));
    QCOMPARE(measured.status, 200);
    const qint64 bound = 1000000 - measured.header("anthropic-ratelimit-tokens-remaining").toLongLong();
    QVERIFY(bound > 16);
    const Key key = newKey({{QStringLiteral("tpm"), bound + bound / 2}});
    // While a slow request holds its bound, another of the same bound does not fit.
    HttpClient other;
    std::unique_ptr<QNetworkReply> slow(other.start("POST", m_gateway.url() + QStringLiteral("/v1/messages"),
        m_gateway.customerHeaders(key.key), messagesBody(QStringLiteral("claude-slow"))));
    QTRY_COMPARE(
        keyInfo(key.id).value(QStringLiteral("usage")).toObject().value(QStringLiteral("concurrent")).toInt(), 1);
    const HttpResult refused = post(key.key);
    QCOMPARE(refused.status, 429);
    QVERIFY2(errorMessage(refused).contains(QStringLiteral("tokens per minute")), qPrintable(errorMessage(refused)));
    QTRY_VERIFY_WITH_TIMEOUT(slow->isFinished(), 10000);
    const QJsonObject usage
        = QJsonDocument::fromJson(slow->readAll()).object().value(QStringLiteral("usage")).toObject();
    const qint64 used = usage.value(QStringLiteral("input_tokens")).toInteger()
        + usage.value(QStringLiteral("output_tokens")).toInteger();
    QVERIFY(used > 0 && used < bound);
    // Once it ended, it counts for what it used, and a request of the full bound fits again.
    QTRY_COMPARE(
        keyInfo(key.id).value(QStringLiteral("usage")).toObject().value(QStringLiteral("tpm")).toInteger(), used);
    const HttpResult admitted = post(key.key);
    QCOMPARE(admitted.status, 200);
    QCOMPARE(admitted.header("anthropic-ratelimit-tokens-remaining").toLongLong(), bound + bound / 2 - used - bound);
}

void TestLimits::maxConcurrentWithSlowStreams()
{
    const Key key = newKey({{QStringLiteral("max_concurrent"), 2}});
    const QByteArray stream = messagesBody(QStringLiteral("claude-trickle"), true);
    HttpClient a;
    HttpClient b;
    std::unique_ptr<QNetworkReply> first(
        a.start("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(key.key), stream));
    std::unique_ptr<QNetworkReply> second(
        b.start("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(key.key), stream));
    QTRY_VERIFY(first->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200
        && second->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200);
    QCOMPARE(keyInfo(key.id).value(QStringLiteral("usage")).toObject().value(QStringLiteral("concurrent")).toInt(), 2);
    const HttpResult third = m_http.send(
        "POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(key.key), stream);
    QCOMPARE(third.status, 429);
    QCOMPARE(third.header("retry-after"), QByteArray("1"));
    QVERIFY(errorMessage(third).contains(QStringLiteral("in flight")));
    QTRY_VERIFY_WITH_TIMEOUT(first->isFinished() && second->isFinished(), 20000);
    QVERIFY(!first->readAll().contains("event: error"));
    QTRY_COMPARE(
        keyInfo(key.id).value(QStringLiteral("usage")).toObject().value(QStringLiteral("concurrent")).toInt(), 0);
    QCOMPARE(post(key.key).status, 200);
}

void TestLimits::customerLimitsSpanItsKeys()
{
    QByteArray keyA;
    const QString customer = createCustomer(m_http, m_gateway, 10000000, &keyA);
    const HttpResult put = admin("PUT", QStringLiteral("/admin/customers/") + customer,
        {{QStringLiteral("rpm"), 2}, {QStringLiteral("max_concurrent"), 5}});
    QCOMPARE(put.status, 200);
    QCOMPARE(put.json().value(QStringLiteral("rpm")).toInt(), 2);
    QCOMPARE(put.json().value(QStringLiteral("name")).toString(), QStringLiteral("test customer"));
    const Key keyB = newKey({}, customer);
    QCOMPARE(post(keyA).status, 200);
    const HttpResult second = post(keyB.key);
    QCOMPARE(second.status, 200);
    QCOMPARE(second.header("anthropic-ratelimit-requests-remaining"), QByteArray("0"));
    const HttpResult third = post(keyA);
    QCOMPARE(third.status, 429);
    QVERIFY(errorMessage(third).contains(QStringLiteral("customer")));
    // Without limits the customer's keys carry no rate-limit headers.
    QCOMPARE(admin("PUT", QStringLiteral("/admin/customers/") + customer, {{QStringLiteral("rpm"), 0}}).status, 200);
    const HttpResult free = post(keyA);
    QCOMPARE(free.status, 200);
    QVERIFY(free.header("anthropic-ratelimit-requests-limit").isEmpty());
    const QJsonObject metrics = admin("GET", QStringLiteral("/admin/metrics")).json();
    const QJsonObject limits = metrics.value(QStringLiteral("limits")).toObject();
    QVERIFY(limits.value(QStringLiteral("customers"))
                .toObject()
                .value(customer)
                .toObject()
                .value(QStringLiteral("rpm"))
                .toInt()
        >= 1);
    QVERIFY(!limits.value(QStringLiteral("keys")).toObject().contains(keyB.id)); // a key without limits of its own
}

void TestLimits::budgetAdmitsExactlyTenOfTwoHundred()
{
    const qint64 hold = post(m_unlimitedKey, QStringLiteral("claude-mock")).header("bytespike-hold").toLongLong();
    QVERIFY(hold > 0);
    for (int round = 0; round < 20; ++round) {
        // The customer could pay for all 200; only the key's budget limits it.
        const Key key = newKey(
            {{QStringLiteral("budget_micros"), hold * 10}, {QStringLiteral("budget_period"), QStringLiteral("month")}});
        const QList<HttpResult> answers = burst(m_gateway.url() + QStringLiteral("/v1/messages"),
            m_gateway.customerHeaders(key.key), messagesBody(QStringLiteral("claude-slow")), 200);
        int admitted = 0;
        int refused = 0;
        qint64 debited = 0;
        for (const HttpResult &r : answers) {
            admitted += r.status == 200;
            debited += r.status == 200 ? r.header("bytespike-cost").toLongLong() : 0;
            refused += r.status == 402 && r.body.contains("billing_error") && r.body.contains("budget");
        }
        QVERIFY2(admitted == 10 && refused == 190,
            qPrintable(QStringLiteral("round %1: %2 admitted, %3 refused").arg(round).arg(admitted).arg(refused)));
        const QJsonObject usage = [&] {
            QJsonObject u;
            (void)QTest::qWaitFor(
                [&] {
                    u = keyInfo(key.id).value(QStringLiteral("usage")).toObject();
                    return u.value(QStringLiteral("budget_reserved_micros")).toInteger() == 0;
                },
                10000);
            return u;
        }();
        QCOMPARE(usage.value(QStringLiteral("budget_reserved_micros")).toInteger(), 0);
        QCOMPARE(usage.value(QStringLiteral("budget_spent_micros")).toInteger(), debited);
    }
    noHoldPending(m_gateway);
}

void TestLimits::modelAllowList()
{
    const Key key = newKey({{QStringLiteral("models"), QJsonArray {QStringLiteral("claude-other")}}});
    const HttpResult refused = post(key.key, QStringLiteral("claude-mock"));
    QCOMPARE(refused.status, 403);
    QCOMPARE(errorType(refused), QStringLiteral("permission_error"));
    QCOMPARE(post(key.key, QStringLiteral("claude-other")).status, 200);
    const HttpResult shim = chat(key.key, QStringLiteral("claude-mock"));
    QCOMPARE(shim.status, 403);
    QCOMPARE(errorCode(shim), QStringLiteral("model_not_allowed"));
    const QJsonArray listed
        = m_http.get(m_gateway.url() + QStringLiteral("/v1/models"), m_gateway.customerHeaders(key.key))
              .json()
              .value(QStringLiteral("data"))
              .toArray();
    QCOMPARE(listed.size(), 1);
    QCOMPARE(listed.first().toObject().value(QStringLiteral("id")).toString(), QStringLiteral("claude-other"));
    QVERIFY(m_http.get(m_gateway.url() + QStringLiteral("/v1/models"), m_gateway.customerHeaders(m_unlimitedKey))
                .json()
                .value(QStringLiteral("data"))
                .toArray()
                .size()
        > 1);
}

void TestLimits::expiredKey()
{
    const Key expired = newKey({{QStringLiteral("expires_at"), QStringLiteral("2020-01-01T00:00:00Z")}});
    const HttpResult r = post(expired.key);
    QCOMPARE(r.status, 401);
    QCOMPARE(errorType(r), QStringLiteral("authentication_error"));
    QCOMPARE(errorMessage(r), QStringLiteral("key expired"));
    QCOMPARE(errorCode(chat(expired.key)), QStringLiteral("invalid_api_key"));
    QCOMPARE(
        m_http.get(m_gateway.url() + QStringLiteral("/v1/models"), m_gateway.customerHeaders(expired.key)).status, 401);
    // A key that expires while in use: served until the instant, refused from it.
    const QDateTime soon = QDateTime::currentDateTimeUtc().addMSecs(1500);
    const Key expiring = newKey({{QStringLiteral("expires_at"), soon.toString(Qt::ISODateWithMs)}});
    QCOMPARE(post(expiring.key).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(post(expiring.key).status, 401, 5000);
    // Extended by PUT: served again at once.
    QCOMPARE(admin("PUT", QStringLiteral("/admin/customers/%1/keys/%2").arg(m_customer, expiring.id),
                 {{QStringLiteral("expires_at"), QStringLiteral("2099-01-01T00:00:00Z")}})
                 .status,
        200);
    QCOMPARE(post(expiring.key).status, 200);
}

void TestLimits::ipAllowWithoutTrustedProxy()
{
    const Key elsewhere = newKey({{QStringLiteral("ip_allow"), QJsonArray {QStringLiteral("10.0.0.0/8")}}});
    const HttpResult refused = post(elsewhere.key);
    QCOMPARE(refused.status, 403);
    QCOMPARE(errorType(refused), QStringLiteral("permission_error"));
    // Without trusted proxies, X-Forwarded-For is the client's own claim and is ignored.
    QCOMPARE(
        post(elsewhere.key, QStringLiteral("claude-mock"), {}, nullptr, {{"x-forwarded-for", "10.1.2.3"}}).status, 403);
    const HttpResult shim = chat(elsewhere.key);
    QCOMPARE(shim.status, 403);
    QCOMPARE(errorCode(shim), QStringLiteral("ip_not_allowed"));
    QCOMPARE(
        m_http.get(m_gateway.url() + QStringLiteral("/v1/models"), m_gateway.customerHeaders(elsewhere.key)).status,
        403);
    const Key here = newKey({{QStringLiteral("ip_allow"), QJsonArray {QStringLiteral("127.0.0.1/32")}}});
    QCOMPARE(post(here.key).status, 200);
}

void TestLimits::ipAllowThroughTrustedProxy()
{
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("BYTESPIKE_TRUSTED_PROXIES"), QStringLiteral("127.0.0.0/8,::1/128"));
    QString error;
    QVERIFY2(startOnMock(m_mock, gateway, m_http, &error), qPrintable(error));
    QByteArray unused;
    const QString customer = createCustomer(m_http, gateway, 10000000, &unused);
    const QByteArray key = admin("POST", QStringLiteral("/admin/customers/%1/keys").arg(customer),
        {{QStringLiteral("ip_allow"), QJsonArray {QStringLiteral("10.0.0.0/8")}}}, &gateway)
                               .json()
                               .value(QStringLiteral("key"))
                               .toString()
                               .toLatin1();
    const auto from = [&](const QByteArray &forwarded) {
        QList<Header> headers;
        if (!forwarded.isEmpty())
            headers.append({"x-forwarded-for", forwarded});
        return post(key, QStringLiteral("claude-mock"), {}, &gateway, headers).status;
    };
    QCOMPARE(from("10.1.2.3"), 200);
    QCOMPARE(from("192.0.2.1"), 403);
    // A chain of proxies: the nearest hop that is not a trusted proxy is the client.
    QCOMPARE(from("192.0.2.1, 10.1.2.3, 127.0.0.1"), 200);
    QCOMPARE(from("10.1.2.3, 192.0.2.1"), 403);
    QCOMPARE(from({}), 403); // the proxy itself (127.0.0.1) is not in the list
    QCOMPARE(from("not an address"), 403);
    QCOMPARE(gateway.terminate(), 0);
}

void TestLimits::providerRateHeadersAreNotRelayed()
{
    // The mock sends its account's limits (4000 requests a minute) on every answer.
    const HttpResult unlimited = post(m_unlimitedKey);
    QCOMPARE(unlimited.status, 200);
    for (const auto &h : unlimited.headers)
        QVERIFY2(!h.first.toLower().contains("ratelimit"), h.first.constData());
    const Key key = newKey({{QStringLiteral("rpm"), 100}});
    const HttpResult limited = post(key.key);
    QCOMPARE(limited.header("anthropic-ratelimit-requests-limit"), QByteArray("100"));
    QVERIFY(limited.header("anthropic-ratelimit-tokens-limit").isEmpty());
    QVERIFY(limited.header("x-ratelimit-limit-requests").isEmpty());
    const HttpResult stream = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"),
        m_gateway.customerHeaders(key.key), messagesBody(QStringLiteral("claude-mock"), true));
    QCOMPARE(stream.status, 200);
    QCOMPARE(stream.header("anthropic-ratelimit-requests-limit"), QByteArray("100"));
    QCOMPARE(stream.header("anthropic-ratelimit-requests-remaining"), QByteArray("98"));
    const HttpResult shim = chat(m_unlimitedKey);
    for (const auto &h : shim.headers)
        QVERIFY2(!h.first.toLower().contains("ratelimit"), h.first.constData());
}

void TestLimits::badSettingsAreRefused()
{
    const Key key = newKey({{QStringLiteral("rpm"), 7}});
    const QString path = QStringLiteral("/admin/customers/%1/keys/%2").arg(m_customer, key.id);
    const QList<QPair<QJsonObject, QString>> cases {
        {{{QStringLiteral("rpm"), -1}}, QStringLiteral("rpm")},
        {{{QStringLiteral("rpm"), 1.5}}, QStringLiteral("rpm")},
        {{{QStringLiteral("tpm"), QStringLiteral("lots")}}, QStringLiteral("tpm")},
        {{{QStringLiteral("max_concurrent"), 1e9}}, QStringLiteral("max_concurrent")},
        {{{QStringLiteral("budget_micros"), 5}, {QStringLiteral("budget_period"), QStringLiteral("year")}},
            QStringLiteral("budget_period")},
        {{{QStringLiteral("budget_micros"), -5}}, QStringLiteral("budget_micros")},
        {{{QStringLiteral("ip_allow"), QJsonArray {QStringLiteral("300.1.1.1/8")}}}, QStringLiteral("ip_allow[0]")},
        {{{QStringLiteral("ip_allow"), QStringLiteral("10.0.0.0/8")}}, QStringLiteral("ip_allow")},
        {{{QStringLiteral("expires_at"), QStringLiteral("tomorrow")}}, QStringLiteral("expires_at")},
        {{{QStringLiteral("models"), QJsonArray {QStringLiteral("bad\nmodel")}}}, QStringLiteral("models[0]")},
        {{{QStringLiteral("rate"), 5}}, QStringLiteral("rate")},
        {{{QStringLiteral("name"), QString()}}, QStringLiteral("name")},
    };
    for (const auto &[body, field] : cases) {
        const HttpResult put = admin("PUT", path, body);
        QCOMPARE(put.status, 400);
        QVERIFY2(errorMessage(put).contains(field), qPrintable(errorMessage(put)));
        if (field == QLatin1String("name"))
            continue; // a new key may have an empty name
        const HttpResult create = admin("POST", QStringLiteral("/admin/customers/%1/keys").arg(m_customer), body);
        QCOMPARE(create.status, 400);
    }
    QCOMPARE(keyInfo(key.id).value(QStringLiteral("rpm")).toInt(), 7); // nothing changed
    QCOMPARE(admin("PUT", QStringLiteral("/admin/customers/%1/keys/key_nope").arg(m_customer), {}).status, 404);
    QCOMPARE(admin("PUT", QStringLiteral("/admin/customers/cus_nope"), {{QStringLiteral("rpm"), 1}}).status, 404);
    QCOMPARE(admin("PUT", QStringLiteral("/admin/customers/") + m_customer, {{QStringLiteral("rpm"), -2}}).status, 400);
    QCOMPARE(admin("DELETE", path).status, 200);
    QCOMPARE(admin("PUT", path, {{QStringLiteral("rpm"), 1}}).status, 404); // revoked
    // A PUT replaces the settings whole, and keeps the name when none is given.
    const Key other = newKey({{QStringLiteral("name"), QStringLiteral("ci")}, {QStringLiteral("rpm"), 3},
        {QStringLiteral("models"), QJsonArray {QStringLiteral("claude-mock")}}});
    const HttpResult replaced = admin("PUT", QStringLiteral("/admin/customers/%1/keys/%2").arg(m_customer, other.id),
        {{QStringLiteral("tpm"), 5000}});
    QCOMPARE(replaced.status, 200);
    QCOMPARE(replaced.json().value(QStringLiteral("name")).toString(), QStringLiteral("ci"));
    QCOMPARE(replaced.json().value(QStringLiteral("tpm")).toInt(), 5000);
    QVERIFY(!replaced.json().contains(QStringLiteral("rpm")));
    QVERIFY(!replaced.json().contains(QStringLiteral("models")));
    QVERIFY(!replaced.body.contains(other.key));
}

void TestLimits::refusalsAreCountedByKind()
{
    const QJsonObject limits
        = admin("GET", QStringLiteral("/admin/metrics")).json().value(QStringLiteral("limits")).toObject();
    const QJsonObject byKind = limits.value(QStringLiteral("refused")).toObject();
    for (const char *kind : {"rpm", "tpm", "concurrent", "budget", "model", "ip", "expired"})
        QVERIFY2(byKind.value(QLatin1String(kind)).toInt() >= 1, kind);
    QVERIFY(limits.value(QStringLiteral("customers"))
                .toObject()
                .value(m_customer)
                .toObject()
                .value(QStringLiteral("budget"))
                .toInt()
        >= 190 * 20);
    const QByteArray prometheus = admin("GET", QStringLiteral("/metrics")).body;
    QVERIFY(prometheus.contains("bytespike_limit_refused_total{kind=\"rpm\",status=\"429\"}"));
    QVERIFY(prometheus.contains("bytespike_limit_refused_total{kind=\"model\",status=\"403\"}"));
    QVERIFY(prometheus.contains("bytespike_limit_refused_total{kind=\"budget\",status=\"402\"}"));
    QVERIFY(prometheus.contains("bytespike_key_limit_refused_total{key=\"key_"));
    const QByteArray customerLine = QByteArray("bytespike_customer_limit_refused_total{customer=\"")
        + m_customer.toLatin1() + "\",kind=\"budget\"}";
    QVERIFY(prometheus.contains(customerLine));
}

void TestLimits::limitsAndSpendSurviveARestart()
{
    GatewayProcess gateway;
    QString error;
    QVERIFY2(startOnMock(m_mock, gateway, m_http, &error), qPrintable(error));
    QByteArray unused;
    const QString customer = createCustomer(m_http, gateway, 10000000, &unused);
    QCOMPARE(admin("PUT", QStringLiteral("/admin/customers/") + customer, {{QStringLiteral("tpm"), 900000}}, &gateway)
                 .status,
        200);
    const qint64 hold = post(unused, QStringLiteral("claude-mock"), {}, &gateway).header("bytespike-hold").toLongLong();
    // Room for three holds in the day; two requests are spent before the restart.
    const QJsonObject settings {{QStringLiteral("rpm"), 50}, {QStringLiteral("budget_micros"), hold * 3},
        {QStringLiteral("budget_period"), QStringLiteral("day")},
        {QStringLiteral("models"), QJsonArray {QStringLiteral("claude-mock")}}};
    const HttpResult created
        = admin("POST", QStringLiteral("/admin/customers/%1/keys").arg(customer), settings, &gateway);
    const QByteArray key = created.json().value(QStringLiteral("key")).toString().toLatin1();
    const QString keyId = created.json().value(QStringLiteral("id")).toString();
    qint64 spent = 0;
    for (int i = 0; i < 2; ++i) {
        const HttpResult r = post(key, QStringLiteral("claude-mock"), {}, &gateway);
        QCOMPARE(r.status, 200);
        spent += r.header("bytespike-cost").toLongLong();
    }
    QVERIFY(spent > 0);
    QCOMPARE(gateway.terminate(), 0);
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const QJsonObject after = admin("GET", QStringLiteral("/admin/customers/") + customer, {}, &gateway).json();
    QCOMPARE(after.value(QStringLiteral("tpm")).toInteger(), 900000);
    QJsonObject info;
    for (const QJsonValue &k : after.value(QStringLiteral("keys")).toArray()) {
        if (k.toObject().value(QStringLiteral("id")).toString() == keyId)
            info = k.toObject();
    }
    for (auto it = settings.begin(); it != settings.end(); ++it)
        QCOMPARE(info.value(it.key()), it.value());
    const QJsonObject usage = info.value(QStringLiteral("usage")).toObject();
    QCOMPARE(usage.value(QStringLiteral("budget_spent_micros")).toInteger(), spent);
    QVERIFY(usage.value(QStringLiteral("budget_period_start")).toString().contains(QStringLiteral("T00:00:00")));
    QCOMPARE(post(key, QStringLiteral("claude-other"), {}, &gateway).status, 403); // the allow-list too
    // The spend still counts: with a budget one micro-dollar short of it plus a hold, the next
    // request is refused.
    QCOMPARE(admin("PUT", QStringLiteral("/admin/customers/%1/keys/%2").arg(customer, keyId),
                 {{QStringLiteral("budget_micros"), spent + hold - 1},
                     {QStringLiteral("budget_period"), QStringLiteral("day")}},
                 &gateway)
                 .status,
        200);
    const HttpResult short_ = post(key, QStringLiteral("claude-mock"), {}, &gateway);
    QCOMPARE(short_.status, 402);
    QVERIFY(errorMessage(short_).contains(QStringLiteral("budget")));
    QCOMPARE(gateway.terminate(), 0);
    QByteArray report;
    QVERIFY2(gateway.ledgerClean(&report), report.constData());
}

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_limits.moc"
