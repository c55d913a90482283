// Routing and failover: every cause before the first byte moves to the next candidate; once
// bytes reached the client nothing is retried; weights split traffic as configured.
#include "GatewayHarness.h"

#include <QJsonDocument>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <vector>

using namespace bytespike::testing;

class TestFailover : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void failsOverOnEachCause_data();
    void failsOverOnEachCause();
    void connectErrorFailsOver();
    void connectTimeoutFailsOver();
    void neverRetriesAfterBytes();
    void clientErrorsAreRelayed_data();
    void clientErrorsAreRelayed();
    void allCandidatesFailing();
    void weightsSplitTraffic();

private:
    QString addPair(const QString &model, const QString &primaryFault);

    MockUpstream m_primary;
    MockUpstream m_backup;
    GatewayProcess m_gateway;
    HttpClient m_http;
    int m_models = 0;
};

void TestFailover::initTestCase()
{
    QString error;
    QVERIFY2(m_primary.start(&error), qPrintable(error));
    QVERIFY2(m_backup.start(&error), qPrintable(error));
    m_gateway.env.insert(QStringLiteral("MOCK_UPSTREAM_KEY"), QStringLiteral("sk-mock-secret"));
    m_gateway.env.insert(QStringLiteral("BYTESPIKE_FIRST_BYTE_TIMEOUT_MS"), QStringLiteral("700"));
    m_gateway.env.insert(QStringLiteral("BYTESPIKE_CONNECT_TIMEOUT_MS"), QStringLiteral("300"));
    QVERIFY2(m_gateway.start(&error), qPrintable(error));
}

void TestFailover::cleanupTestCase()
{
    QCOMPARE(m_gateway.terminate(), 0);
}

// A model served by the primary mock at priority 10 (with a fault) and the backup at 0.
QString TestFailover::addPair(const QString &model, const QString &primaryFault)
{
    const QString upstream
        = primaryFault.isEmpty() ? QStringLiteral("mock-model") : QStringLiteral("mock-model+fault=") + primaryFault;
    m_gateway.addChannel(
        m_http, mockChannel(QStringLiteral("primary-%1").arg(++m_models), m_primary.url(), {{model, upstream}}, 10));
    m_gateway.addChannel(m_http,
        mockChannel(
            QStringLiteral("backup-%1").arg(m_models), m_backup.url(), {{model, QStringLiteral("mock-model")}}, 0));
    return model;
}

void TestFailover::failsOverOnEachCause_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<bool>("stream");
    for (bool stream : {false, true}) {
        const char *mode = stream ? "stream" : "non-stream";
        QTest::addRow("429 %s", mode) << QStringLiteral("status:429") << stream;
        QTest::addRow("500 %s", mode) << QStringLiteral("status:500") << stream;
        QTest::addRow("503 %s", mode) << QStringLiteral("status:503") << stream;
        QTest::addRow("529 %s", mode) << QStringLiteral("status:529") << stream;
        QTest::addRow("first-byte timeout %s", mode) << QStringLiteral("hang") << stream;
        QTest::addRow("malformed json %s", mode) << QStringLiteral("malformed_json") << false;
    }
}

void TestFailover::failsOverOnEachCause()
{
    QFETCH(QString, fault);
    QFETCH(bool, stream);
    const QString model = addPair(QStringLiteral("m-%1").arg(m_models + 1), fault);
    m_primary.clearRequests();
    m_backup.clearRequests();
    const HttpResult r = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"),
        m_gateway.customerHeaders(), messagesBody(model, stream));
    QCOMPARE(r.status, 200);
    QCOMPARE(m_primary.requests().size(), 1);
    QCOMPARE(m_backup.requests().size(), 1);
    QVERIFY(r.header("bytespike-endpoint").endsWith(QByteArray(QByteArray("/") + model.toUtf8())));
    if (stream)
        QCOMPARE(sseEvents(r.body).last().event, QByteArray("message_stop"));
}

void TestFailover::connectErrorFailsOver()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close(); // nothing listens there now
    const QString model = QStringLiteral("m-connect");
    m_gateway.addChannel(m_http,
        mockChannel(QStringLiteral("dead"), QStringLiteral("http://127.0.0.1:%1").arg(port),
            {{model, QStringLiteral("mock-model")}}, 10));
    m_gateway.addChannel(
        m_http, mockChannel(QStringLiteral("alive"), m_backup.url(), {{model, QStringLiteral("mock-model")}}, 0));
    const HttpResult r = m_http.send(
        "POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(), messagesBody(model));
    QCOMPARE(r.status, 200);
}

void TestFailover::connectTimeoutFailsOver()
{
    // A listener whose accept queue is full: the kernel drops further SYNs, so connecting hangs.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    const auto closeFd = qScopeGuard([fd] { ::close(fd); });
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), length), 0);
    QCOMPARE(::listen(fd, 0), 0);
    QCOMPARE(::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length), 0);
    const quint16 port = ntohs(address.sin_port);
    std::vector<std::unique_ptr<QTcpSocket>> fillers;
    for (int i = 0; i < 3; ++i) {
        fillers.push_back(std::make_unique<QTcpSocket>());
        fillers.back()->connectToHost(QHostAddress::LocalHost, port);
    }
    // The queue (backlog 0: one connection) is full once a filler got in.
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(fillers.cbegin(), fillers.cend(),
                                 [](const auto &f) { return f->state() == QAbstractSocket::ConnectedState; }),
        20000);
    const QString model = QStringLiteral("m-connect-timeout");
    const QString blackhole
        = m_gateway
              .addChannel(m_http,
                  mockChannel(QStringLiteral("blackhole"), QStringLiteral("http://127.0.0.1:%1").arg(port),
                      {{model, QStringLiteral("mock-model")}}, 10))
              .value(QStringLiteral("id"))
              .toString();
    const QString alive
        = m_gateway
              .addChannel(m_http,
                  mockChannel(QStringLiteral("alive-2"), m_backup.url(), {{model, QStringLiteral("mock-model")}}, 0))
              .value(QStringLiteral("id"))
              .toString();
    QVERIFY(!blackhole.isEmpty() && !alive.isEmpty());
    const HttpResult r = m_http.send(
        "POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(), messagesBody(model));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("bytespike-endpoint"), QString(alive + QLatin1Char('/') + model).toUtf8());
    // The attempt on the black hole failed (its breaker counted it), and the answer was billed.
    QCOMPARE(m_http.get(m_gateway.url() + QStringLiteral("/admin/channels/") + blackhole, m_gateway.adminHeaders())
                 .json()
                 .value(QStringLiteral("state"))
                 .toObject()
                 .value(QStringLiteral("breaker"))
                 .toObject()
                 .value(QStringLiteral("consecutive_failures"))
                 .toInt(),
        1);
    const QJsonObject served = requestLogEntry(m_http, m_gateway, r.header("request-id"));
    QCOMPARE(served.value(QStringLiteral("status")).toInt(), 200);
    QCOMPARE(served.value(QStringLiteral("billed")).toBool(), true);

    // What ended that attempt was the connect timeout, not the first-byte one: with the black
    // hole alone, the client hears "overloaded" (a first-byte timeout would be 504 timeout_error)
    // and the operator's request log says which channel failed and how.
    const QString alone = QStringLiteral("m-connect-timeout-alone");
    const QString aloneId
        = m_gateway
              .addChannel(m_http,
                  mockChannel(QStringLiteral("blackhole-alone"), QStringLiteral("http://127.0.0.1:%1").arg(port),
                      {{alone, QStringLiteral("mock-model")}}, 10))
              .value(QStringLiteral("id"))
              .toString();
    QVERIFY(!aloneId.isEmpty());
    const HttpResult failed = m_http.send(
        "POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(), messagesBody(alone));
    QCOMPARE(failed.status, 529);
    QCOMPARE(failed.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(),
        QStringLiteral("overloaded_error"));
    const QJsonObject logged = requestLogEntry(m_http, m_gateway, failed.header("request-id"));
    QCOMPARE(logged.value(QStringLiteral("status")).toInt(), 529);
    QCOMPARE(logged.value(QStringLiteral("billed")).toBool(), false);
    const QString reason = logged.value(QStringLiteral("not_billed_reason")).toString();
    // The endpoint tried, and the connect timeout configured (300 ms; the first-byte one is 700).
    QVERIFY2(reason.contains(aloneId + QLatin1Char('/') + alone) && reason.contains(QLatin1String("300 ms")),
        qPrintable(reason));
    QCOMPARE(logged.value(QStringLiteral("not_billed_code")).toString(), QStringLiteral("upstream_failed"));
}

void TestFailover::neverRetriesAfterBytes()
{
    const QString model = addPair(QStringLiteral("m-drop"), QStringLiteral("drop_after:3"));
    m_primary.clearRequests();
    m_backup.clearRequests();
    const HttpResult r = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"),
        m_gateway.customerHeaders(), messagesBody(model, true));
    QCOMPARE(r.status, 200);
    const QList<SseEvent> events = sseEvents(r.body);
    QCOMPARE(events.first().event, QByteArray("message_start"));
    QCOMPARE(events.last().event, QByteArray("error"));
    QCOMPARE(events.last().data.value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(),
        QStringLiteral("api_error"));
    QCOMPARE(m_primary.requests().size(), 1);
    QCOMPARE(m_backup.requests().size(), 0);
}

void TestFailover::clientErrorsAreRelayed_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::newRow("400") << 400 << QStringLiteral("invalid_request_error");
    QTest::newRow("401") << 401 << QStringLiteral("authentication_error");
    QTest::newRow("403") << 403 << QStringLiteral("permission_error");
    QTest::newRow("404") << 404 << QStringLiteral("not_found_error");
}

void TestFailover::clientErrorsAreRelayed()
{
    QFETCH(int, status);
    QFETCH(QString, type);
    const QString model = addPair(QStringLiteral("m-4xx-%1").arg(status), QStringLiteral("status:%1").arg(status));
    m_backup.clearRequests();
    const HttpResult r = m_http.send(
        "POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(), messagesBody(model));
    QCOMPARE(r.status, status);
    QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(), type);
    QCOMPARE(m_backup.requests().size(), 0);
}

void TestFailover::allCandidatesFailing()
{
    const QString model = QStringLiteral("m-all-529");
    m_gateway.addChannel(m_http,
        mockChannel(QStringLiteral("a"), m_primary.url(), {{model, QStringLiteral("mock-model+fault=status:529")}}, 1));
    m_gateway.addChannel(m_http,
        mockChannel(QStringLiteral("b"), m_backup.url(), {{model, QStringLiteral("mock-model+fault=status:529")}}, 0));
    const HttpResult r = m_http.send(
        "POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(), messagesBody(model));
    QCOMPARE(r.status, 529);
    QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("error"));
    QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(),
        QStringLiteral("overloaded_error"));
}

void TestFailover::weightsSplitTraffic()
{
    // Three channels at equal priority with weights 1:2:7, told apart by their upstream model.
    const QString model = QStringLiteral("m-weighted");
    const int weights[] = {1, 2, 7};
    for (int i = 0; i < 3; ++i)
        QVERIFY(!m_gateway
                     .addChannel(m_http,
                         mockChannel(QStringLiteral("w%1").arg(i), m_primary.url(),
                             {{model, QStringLiteral("weight-%1").arg(i)}}, 5, weights[i]))
                     .isEmpty());
    m_primary.clearRequests();
    const int total = 600;
    for (int i = 0; i < total; ++i) {
        const HttpResult r = m_http.send(
            "POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(), messagesBody(model));
        QCOMPARE(r.status, 200);
    }
    int counts[3] = {0, 0, 0};
    for (const QJsonValue &v : m_primary.requests()) {
        const QString upstream = QJsonDocument::fromJson(v.toObject().value(QStringLiteral("body")).toString().toUtf8())
                                     .object()
                                     .value(QStringLiteral("model"))
                                     .toString();
        for (int i = 0; i < 3; ++i)
            counts[i] += upstream == QStringLiteral("weight-%1").arg(i);
    }
    QCOMPARE(counts[0] + counts[1] + counts[2], total);
    for (int i = 0; i < 3; ++i) {
        const double share = 100.0 * counts[i] / total;
        const double expected = 10.0 * weights[i];
        QVERIFY2(qAbs(share - expected) <= 6.0,
            qPrintable(QStringLiteral("weight %1: %2% of traffic, expected %3% +- 6")
                           .arg(weights[i])
                           .arg(share)
                           .arg(expected)));
    }
}

QTEST_GUILESS_MAIN(TestFailover)
#include "tst_failover.moc"
