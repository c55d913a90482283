// A flood of requests with a key nobody issued (case 7 of the security suite). Such requests cost
// nothing to send, so they must cost the gateway little: every one is counted in the metrics, but
// at most five a second get a request-log row and at most five a second a log line.
#include "SecurityHarness.h"

#include <QJsonDocument>
#include <QTest>

#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

#include <unistd.h>

using namespace bytespike::testing;

class TestRefusalFlood : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void unknownKeyFloodIsCountedNotLogged();
    void missingKeysAndWrongAdminTokensAreCounted();
};

// Case 7. 2,000 requests with an invalid key within a few seconds (four keep-alive clients, paced
// to span about 2.5 s): all are answered 401; the request log gains at most 5 rows per wall-clock
// second the flood touched (5 x (ceil(T) + 1) for T seconds), and at least 5 for each whole second
// inside it; /admin/metrics counts refused.unknown_key == 2000 and Prometheus says the same, with
// the rows left out counted as sampled; the daemon's stderr has refusal lines within the same
// bounds.
void TestRefusalFlood::unknownKeyFloodIsCountedNotLogged()
{
    constexpr int kRequests = 2000;
    constexpr int kClients = 4;
    constexpr int kPerSecond = 5;
    GatewayProcess gateway;
    HttpClient http;
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const Endpoint4 to = endpointOf(gateway.url());
    const QByteArray request = rawPost("/v1/messages", messagesBody(QStringLiteral("bytespike-simulator")),
        {"x-api-key: sk-ant-api03-not-issued-by-this-gateway", "anthropic-version: 2023-06-01"}, true);
    QCOMPARE(requestLogRows(http, gateway), 0);
    QTest::qWait(100);
    const qsizetype logBefore = gateway.stderrText().size();

    std::atomic<int> next {0};
    std::vector<std::vector<int>> statuses(kClients);
    QElapsedTimer clock;
    clock.start();
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            int fd = -1;
            while (next++ < kRequests) {
                if (fd < 0) {
                    fd = startConnect(to);
                    if (fd >= 0 && !finishConnect(fd, 5000)) {
                        ::close(fd);
                        fd = -1;
                    }
                }
                RawResponse r;
                if (fd >= 0 && sendAll(fd, request, 5000))
                    r = readResponse(fd, 5000);
                statuses[size_t(c)].push_back(r.status);
                // Open a new connection when the gateway closes this one (or it failed).
                if (fd >= 0 && (!r.complete || r.closed || r.header("connection").toLower() == "close")) {
                    ::close(fd);
                    fd = -1;
                }
                // Paced to about 800 a second in all, so the flood spans several wall-clock seconds.
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            if (fd >= 0)
                ::close(fd);
        });
    }
    for (std::thread &t : clients)
        t.join();
    const qint64 floodMs = clock.elapsed();
    const int allowed = kPerSecond * (int(std::ceil(double(floodMs) / 1000.0)) + 1);

    int answered401 = 0;
    int total = 0;
    for (const std::vector<int> &s : statuses) {
        total += int(s.size());
        answered401 += int(std::count(s.begin(), s.end(), 401));
    }
    QCOMPARE(total, kRequests);
    QCOMPARE(answered401, kRequests);

    const QJsonObject refused = http.get(gateway.url() + QStringLiteral("/admin/metrics"), gateway.adminHeaders())
                                    .json()
                                    .value(QStringLiteral("refused"))
                                    .toObject();
    QCOMPARE(refused.value(QStringLiteral("unknown_key")).toInteger(), kRequests);
    QCOMPARE(refused.value(QStringLiteral("missing_key")).toInteger(), 0);
    // Rows are written just after the answers; give the last ones a moment.
    QTest::qWait(300);
    const int rows = requestLogRows(http, gateway);
    const QByteArray prom = http.get(gateway.url() + QStringLiteral("/metrics"), gateway.adminHeaders()).body;
    QTest::qWait(200);
    const QByteArray log = gateway.stderrText().mid(logBefore);
    int refusalLines = 0;
    for (const QByteArray &line : log.split('\n')) {
        if (line.contains("refused: unknown_key"))
            ++refusalLines;
    }
    qInfo("%d requests in %lld ms: %d request-log rows, %d refusal log lines (allowed %d each), stderr +%lld bytes",
        kRequests, qlonglong(floodMs), rows, refusalLines, allowed, qlonglong(log.size()));
    QVERIFY2(rows <= allowed, qPrintable(QStringLiteral("%1 rows, %2 allowed").arg(rows).arg(allowed)));
    QVERIFY2(refusalLines <= allowed,
        qPrintable(QStringLiteral("%1 refusal lines, %2 allowed").arg(refusalLines).arg(allowed)));
    // Sampled, not silenced: every whole wall-clock second inside the flood had its five.
    const int least = kPerSecond * std::max(1, int(floodMs / 1000) - 1);
    QVERIFY2(rows >= least, qPrintable(QStringLiteral("%1 rows, at least %2 expected").arg(rows).arg(least)));
    QVERIFY2(refusalLines >= least,
        qPrintable(QStringLiteral("%1 refusal lines, at least %2 expected").arg(refusalLines).arg(least)));
    const QByteArray refusedLine
        = "bytespike_refused_total{reason=\"unknown_key\"} " + QByteArray::number(kRequests) + "\n";
    const QByteArray skippedLine
        = "bytespike_request_log_skipped_total{reason=\"sampled\"} " + QByteArray::number(kRequests - rows) + "\n";
    QVERIFY2(prom.contains(refusedLine), prom.constData());
    QVERIFY2(prom.contains(skippedLine), prom.constData());
    QCOMPARE(gateway.terminate(), 0);
}

// Case 7, the other reasons /admin/metrics names ("refused": {"missing_key", "unknown_key",
// "admin_token"}): 50 requests without a key and 50 admin requests with a wrong token are all
// answered 401 and counted, each under its own reason, in /admin/metrics and in Prometheus.
void TestRefusalFlood::missingKeysAndWrongAdminTokensAreCounted()
{
    constexpr int kEach = 50;
    GatewayProcess gateway;
    HttpClient http;
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const Endpoint4 to = endpointOf(gateway.url());
    const QByteArray noKey = rawPost(
        "/v1/messages", messagesBody(QStringLiteral("bytespike-simulator")), {"anthropic-version: 2023-06-01"});
    const QByteArray wrongToken
        = "GET /admin/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer not-the-admin-token\r\n"
          "Connection: close\r\n\r\n";
    for (int i = 0; i < kEach; ++i) {
        QCOMPARE(rawRequest(to, noKey, 5000).status, 401);
        QCOMPARE(rawRequest(to, wrongToken, 5000).status, 401);
    }
    const QJsonObject refused = http.get(gateway.url() + QStringLiteral("/admin/metrics"), gateway.adminHeaders())
                                    .json()
                                    .value(QStringLiteral("refused"))
                                    .toObject();
    const QByteArray prom = http.get(gateway.url() + QStringLiteral("/metrics"), gateway.adminHeaders()).body;
    qInfo("refused: %s", QJsonDocument(refused).toJson(QJsonDocument::Compact).constData());
    QCOMPARE(refused.value(QStringLiteral("missing_key")).toInteger(), kEach);
    QCOMPARE(refused.value(QStringLiteral("unknown_key")).toInteger(), 0);
    const QByteArray missingLine
        = "bytespike_refused_total{reason=\"missing_key\"} " + QByteArray::number(kEach) + "\n";
    QVERIFY2(prom.contains(missingLine), prom.constData());
    // Known failure (see the suite's report): nothing counts a wrong admin token; the counter
    // exists in both outputs and stays 0.
    QCOMPARE(refused.value(QStringLiteral("admin_token")).toInteger(), kEach);
    const QByteArray adminLine = "bytespike_refused_total{reason=\"admin_token\"} " + QByteArray::number(kEach) + "\n";
    QVERIFY2(prom.contains(adminLine), prom.constData());
    QCOMPARE(gateway.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestRefusalFlood)
#include "tst_refusalflood.moc"
