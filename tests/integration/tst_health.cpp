// Issue 5, item 8: POST /admin/channels/{id}/test sends one minimal request and reports status,
// latency and the error; a circuit breaker takes a channel out of routing after consecutive
// failures for a cool-down, lets one trial through afterwards, and shows all of it in the
// channel's state. An edit of the channel resets its breaker.
#include "GatewayHarness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTest>

using namespace bytespike::testing;

class TestHealth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void breakerOpensCoolsDownAndResets();
    void channelTestReportsLatencyAndErrors();

private:
    static constexpr int kCooldownMs = 3000;
    int badAttempts();
    QJsonObject breaker(const QString &id);
    HttpResult ask();

    MockUpstream m_mock;
    GatewayProcess m_gateway;
    HttpClient m_http;
    QString m_bad;
    QString m_good;
    const QString m_failing = QStringLiteral("mock-model+fault=status:500");
};

void TestHealth::initTestCase()
{
    QString error;
    QVERIFY2(m_mock.start(&error), qPrintable(error));
    m_gateway.env.insert(QStringLiteral("BYTESPIKE_BREAKER_FAILURES"), QStringLiteral("3"));
    // Long enough that the few local requests the test makes while a breaker is open cannot
    // outlast it on a loaded machine; the end of the cool-down itself is waited for by state.
    m_gateway.env.insert(QStringLiteral("BYTESPIKE_BREAKER_COOLDOWN_MS"), QStringLiteral("%1").arg(kCooldownMs));
    m_gateway.env.insert(QStringLiteral("MOCK_UPSTREAM_KEY"), QStringLiteral("sk-mock-secret"));
    QVERIFY2(m_gateway.start(&error), qPrintable(error));
    m_bad = m_gateway
                .addChannel(
                    m_http, mockChannel(QStringLiteral("bad"), m_mock.url(), {{QStringLiteral("svc"), m_failing}}, 10))
                .value(QStringLiteral("id"))
                .toString();
    m_good = m_gateway
                 .addChannel(m_http,
                     mockChannel(QStringLiteral("good"), m_mock.url(),
                         {{QStringLiteral("svc"), QStringLiteral("mock-model")}}, 0))
                 .value(QStringLiteral("id"))
                 .toString();
    QVERIFY(!m_bad.isEmpty() && !m_good.isEmpty());
}

void TestHealth::cleanupTestCase()
{
    QCOMPARE(m_gateway.terminate(), 0);
}

int TestHealth::badAttempts()
{
    int n = 0;
    for (const QJsonValue &r : m_mock.requests()) {
        const QJsonObject body
            = QJsonDocument::fromJson(r.toObject().value(QStringLiteral("body")).toString().toUtf8()).object();
        n += body.value(QStringLiteral("model")).toString() == m_failing ? 1 : 0;
    }
    return n;
}

QJsonObject TestHealth::breaker(const QString &id)
{
    return m_http.get(m_gateway.url() + QStringLiteral("/admin/channels/") + id, m_gateway.adminHeaders())
        .json()
        .value(QStringLiteral("state"))
        .toObject()
        .value(QStringLiteral("breaker"))
        .toObject();
}

HttpResult TestHealth::ask()
{
    return m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(),
        messagesBody(QStringLiteral("svc")));
}

void TestHealth::breakerOpensCoolsDownAndResets()
{
    m_mock.clearRequests();
    // Three requests: each tries the failing channel first, then fails over.
    for (int i = 0; i < 3; ++i) {
        const HttpResult r = ask();
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("bytespike-endpoint"), QString(m_good + QStringLiteral("/svc")).toLatin1());
    }
    QCOMPARE(badAttempts(), 3);
    QJsonObject state = breaker(m_bad);
    QCOMPARE(state.value(QStringLiteral("state")).toString(), QStringLiteral("open"));
    QCOMPARE(state.value(QStringLiteral("consecutive_failures")).toInt(), 3);
    QVERIFY(state.value(QStringLiteral("retry_in_ms")).toInteger() > 0);
    QCOMPARE(breaker(m_good).value(QStringLiteral("state")).toString(), QStringLiteral("closed"));
    // Open: the channel is not even tried (and the breaker was open throughout: it still is,
    // with the same three failures).
    QCOMPARE(ask().status, 200);
    QCOMPARE(badAttempts(), 3);
    state = breaker(m_bad);
    QCOMPARE(state.value(QStringLiteral("state")).toString(), QStringLiteral("open"));
    QCOMPARE(state.value(QStringLiteral("consecutive_failures")).toInt(), 3);
    // After the cool-down (waited for by the state the admin API reports, never before it is
    // due): half-open, one trial, which fails and opens it again.
    QTRY_COMPARE_WITH_TIMEOUT(
        breaker(m_bad).value(QStringLiteral("state")).toString(), QStringLiteral("half_open"), kCooldownMs + 20000);
    QCOMPARE(badAttempts(), 3); // half-open by itself, without a trial
    QCOMPARE(ask().status, 200);
    QCOMPARE(badAttempts(), 4);
    state = breaker(m_bad);
    QCOMPARE(state.value(QStringLiteral("state")).toString(), QStringLiteral("open"));
    QCOMPARE(state.value(QStringLiteral("consecutive_failures")).toInt(), 4);
    QVERIFY(state.value(QStringLiteral("retry_in_ms")).toInteger() > 0);
    QCOMPARE(ask().status, 200);
    QCOMPARE(badAttempts(), 4);
    // The operator fixes the channel: the edit resets the breaker and it serves again at once.
    QJsonObject channel
        = m_http.get(m_gateway.url() + QStringLiteral("/admin/channels/") + m_bad, m_gateway.adminHeaders()).json();
    QJsonArray models = channel.value(QStringLiteral("models")).toArray();
    QJsonObject model = models.first().toObject();
    model.insert(QStringLiteral("upstream_model"), QStringLiteral("mock-model"));
    models[0] = model;
    channel.insert(QStringLiteral("models"), models);
    QCOMPARE(m_http
                 .send("PUT", m_gateway.url() + QStringLiteral("/admin/channels/") + m_bad, m_gateway.adminHeaders(),
                     QJsonDocument(channel).toJson())
                 .status,
        200);
    QCOMPARE(breaker(m_bad).value(QStringLiteral("state")).toString(), QStringLiteral("closed"));
    const HttpResult served = ask();
    QCOMPARE(served.status, 200);
    QCOMPARE(served.header("bytespike-endpoint"), QString(m_bad + QStringLiteral("/svc")).toLatin1());
}

void TestHealth::channelTestReportsLatencyAndErrors()
{
    const auto test = [this](const QString &id) {
        return m_http.send(
            "POST", m_gateway.url() + QStringLiteral("/admin/channels/%1/test").arg(id), m_gateway.adminHeaders());
    };
    // A healthy channel.
    const HttpResult good = test(m_good);
    QCOMPARE(good.status, 200);
    QCOMPARE(good.json().value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(good.json().value(QStringLiteral("status")).toInt(), 200);
    QVERIFY(good.json().value(QStringLiteral("latency_ms")).toInteger() >= 0);
    QVERIFY(!good.json().contains(QStringLiteral("error")));
    // An upstream answering 500: reported with the upstream's message.
    const QString broken
        = m_gateway
              .addChannel(m_http,
                  mockChannel(QStringLiteral("broken"), m_mock.url(), {{QStringLiteral("broken-model"), m_failing}}))
              .value(QStringLiteral("id"))
              .toString();
    const HttpResult failing = test(broken);
    QCOMPARE(failing.json().value(QStringLiteral("ok")).toBool(), false);
    QCOMPARE(failing.json().value(QStringLiteral("status")).toInt(), 500);
    QVERIFY2(failing.json().value(QStringLiteral("error")).toString().startsWith(QLatin1String("HTTP 500: ")),
        qPrintable(failing.json().value(QStringLiteral("error")).toString()));
    QCOMPARE(failing.json()
                 .value(QStringLiteral("breaker"))
                 .toObject()
                 .value(QStringLiteral("consecutive_failures"))
                 .toInt(),
        1);
    // Nothing listens: a connect error.
    quint16 closedPort;
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost);
        closedPort = probe.serverPort();
    }
    const QString unreachable
        = m_gateway
              .addChannel(m_http,
                  mockChannel(QStringLiteral("nowhere"), QStringLiteral("http://127.0.0.1:%1").arg(closedPort),
                      {{QStringLiteral("nowhere-model"), QStringLiteral("x")}}))
              .value(QStringLiteral("id"))
              .toString();
    const HttpResult refused = test(unreachable);
    QCOMPARE(refused.json().value(QStringLiteral("ok")).toBool(), false);
    QCOMPARE(refused.json().value(QStringLiteral("status")).toInt(), 0);
    QVERIFY(!refused.json().value(QStringLiteral("error")).toString().isEmpty());
    // The probe is nobody's request: no hold, no request row.
    QCOMPARE(m_http.get(m_gateway.url() + QStringLiteral("/admin/requests?limit=500"), m_gateway.adminHeaders())
                 .body.contains("broken-model"),
        false);
    QCOMPARE(test(QStringLiteral("ch_missing")).status, 404);
    QCOMPARE(m_http
                 .send("POST", m_gateway.url() + QStringLiteral("/admin/channels/%1/test?model=other").arg(m_good),
                     m_gateway.adminHeaders())
                 .status,
        404);
}

QTEST_GUILESS_MAIN(TestHealth)
#include "tst_health.moc"
