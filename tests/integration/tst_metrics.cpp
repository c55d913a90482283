// Issue 6: a known load through the mock upstream; the live metrics count it exactly (requests,
// errors by class, tokens and spend equal to the ledger's) and place latency percentiles within
// the stated tolerance; a failure shows in the error rate but not in spend. Prometheus output
// passes `promtool check metrics`; /admin/events streams snapshots; the request log filters,
// pages, prunes by retention and captures bodies only when asked, redacted.
#include "GatewayHarness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <sqlite3.h>

using namespace bytespike::testing;

class TestMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void knownLoadIsCountedExactly();
    void prometheusExpositionIsValid();
    void activeStreamsAndPendingHolds();
    void eventsStreamSnapshots();
    void requestLogFiltersAndPages();
    void retentionPrunesAndCaptureRedacts();

private:
    QJsonObject metrics();
    QJsonObject endpointWindow(const QString &window);
    HttpResult ask(const QByteArray &key, const QString &fault, bool stream = false);

    MockUpstream m_mock;
    GatewayProcess m_gateway;
    HttpClient m_http;
    QString m_endpoint;
    QString m_customer;
    QByteArray m_key;
};

void TestMetrics::initTestCase()
{
    QString error;
    QVERIFY2(startWithMockChannel(m_mock, m_gateway, m_http, &error), qPrintable(error));
    const QString channel = lastChannelId(m_http, m_gateway);
    m_endpoint = channel + QStringLiteral("/claude-mock");
    m_customer = createCustomer(m_http, m_gateway, 100000000, &m_key);
}

void TestMetrics::cleanupTestCase()
{
    QCOMPARE(m_gateway.terminate(), 0);
}

QJsonObject TestMetrics::metrics()
{
    return m_http.get(m_gateway.url() + QStringLiteral("/admin/metrics"), m_gateway.adminHeaders()).json();
}

QJsonObject TestMetrics::endpointWindow(const QString &window)
{
    for (const QJsonValue &e : metrics().value(QStringLiteral("endpoints")).toArray()) {
        if (e.toObject().value(QStringLiteral("endpoint")).toString() == m_endpoint)
            return e.toObject().value(QStringLiteral("windows")).toObject().value(window).toObject();
    }
    return {};
}

HttpResult TestMetrics::ask(const QByteArray &key, const QString &fault, bool stream)
{
    QJsonObject extra;
    if (!fault.isEmpty())
        extra.insert(QStringLiteral("mock"), QJsonObject {{QStringLiteral("fault"), fault}});
    return m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(key),
        messagesBody(QStringLiteral("claude-mock"), stream, extra));
}

void TestMetrics::knownLoadIsCountedExactly()
{
    // 30 answers after 40 ms, 10 after 200 ms, 5 upstream failures; 3 refused for balance.
    for (int i = 0; i < 30; ++i)
        QCOMPARE(ask(m_key, QStringLiteral("delay:40")).status, 200);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(ask(m_key, QStringLiteral("delay:200")).status, 200);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(ask(m_key, QStringLiteral("status:500")).status, 500);
    QByteArray brokeKey;
    const QString broke = createCustomer(m_http, m_gateway, 0, &brokeKey);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(ask(brokeKey, QString()).status, 402);

    // Metrics settle with the ledger, just after each response.
    QTRY_COMPARE_WITH_TIMEOUT(endpointWindow(QStringLiteral("1m")).value(QStringLiteral("requests")).toInt(), 45, 5000);
    const QJsonObject w = endpointWindow(QStringLiteral("1m"));
    const QJsonObject errors = w.value(QStringLiteral("errors")).toObject();
    QCOMPARE(errors.value(QStringLiteral("upstream_error")).toInt(), 5);
    QCOMPARE(w.value(QStringLiteral("error_count")).toInt(), 5);
    QCOMPARE(w.value(QStringLiteral("error_rate")).toDouble(), 5.0 / 45.0);

    // Tokens and spend equal the ledger's, summed over the billed rows of the request log.
    qint64 spend = 0;
    qint64 input = 0;
    qint64 output = 0;
    int billed = 0;
    for (const QJsonValue &v :
        m_http
            .get(m_gateway.url() + QStringLiteral("/admin/requests?limit=1000&customer=") + m_customer,
                m_gateway.adminHeaders())
            .json()
            .value(QStringLiteral("requests"))
            .toArray()) {
        const QJsonObject r = v.toObject();
        if (!r.value(QStringLiteral("billed")).toBool())
            continue;
        ++billed;
        spend += r.value(QStringLiteral("cost_micros")).toInteger();
        const QJsonObject u = r.value(QStringLiteral("usage")).toObject();
        input += u.value(QStringLiteral("input_tokens")).toInteger()
            + u.value(QStringLiteral("cache_write_tokens")).toInteger()
            + u.value(QStringLiteral("cache_read_tokens")).toInteger();
        output += u.value(QStringLiteral("output_tokens")).toInteger();
    }
    QCOMPARE(billed, 40);
    QCOMPARE(w.value(QStringLiteral("spend_micros")).toInteger(), spend);
    QCOMPARE(w.value(QStringLiteral("input_tokens")).toInteger(), input);
    QCOMPARE(w.value(QStringLiteral("output_tokens")).toInteger(), output);
    QVERIFY(w.value(QStringLiteral("requests_per_s")).toDouble() > 0);

    // Percentiles, stated tolerance: at most the histogram's 5% below the injected delay; above
    // it, up to 100 ms of gateway and scheduling delay (CI runs two suites at once on two cores),
    // which still keeps the 40 ms and the 200 ms groups apart.
    const QJsonObject latency = w.value(QStringLiteral("latency_ms")).toObject();
    const double p50 = latency.value(QStringLiteral("p50")).toDouble();
    const double p99 = latency.value(QStringLiteral("p99")).toDouble();
    QVERIFY2(p50 >= 40 * 0.95 && p50 <= 40 + 100, qPrintable(QString::number(p50)));
    QVERIFY2(p99 >= 200 * 0.95 && p99 <= 200 + 100, qPrintable(QString::number(p99)));
    QVERIFY(latency.value(QStringLiteral("p95")).toDouble() >= 200 * 0.95);
    // The time to the first byte of the same answers: the 40 ms group's too. (Not compared with
    // p50 itself: the fast 500s count in the latencies but have no first byte, so the two medians
    // fall on different ranks of that group, which under load lie more than a bucket apart.)
    const double ttfb50 = w.value(QStringLiteral("ttfb_ms")).toObject().value(QStringLiteral("p50")).toDouble();
    QVERIFY2(ttfb50 >= 40 * 0.95 && ttfb50 <= 40 + 100, qPrintable(QString::number(ttfb50)));

    // Per customer: the 402s are billing errors with no spend.
    bool seen = false;
    for (const QJsonValue &c : metrics().value(QStringLiteral("customers")).toArray()) {
        const QJsonObject customer = c.toObject();
        const QJsonObject cw
            = customer.value(QStringLiteral("windows")).toObject().value(QStringLiteral("1m")).toObject();
        if (customer.value(QStringLiteral("customer")).toString() == broke) {
            seen = true;
            QCOMPARE(cw.value(QStringLiteral("requests")).toInt(), 3);
            QCOMPARE(cw.value(QStringLiteral("errors")).toObject().value(QStringLiteral("billing")).toInt(), 3);
            QCOMPARE(cw.value(QStringLiteral("spend_micros")).toInteger(), 0);
        }
        if (customer.value(QStringLiteral("customer")).toString() == m_customer)
            QCOMPARE(cw.value(QStringLiteral("spend_micros")).toInteger(), spend);
    }
    QVERIFY(seen);
}

void TestMetrics::prometheusExpositionIsValid()
{
    QCOMPARE(m_http.get(m_gateway.url() + QStringLiteral("/metrics")).status, 401);
    const HttpResult r = m_http.get(m_gateway.url() + QStringLiteral("/metrics"), m_gateway.adminHeaders());
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("content-type").startsWith("text/plain; version=0.0.4"));
    const QByteArray endpointLabel = "endpoint=\"" + m_endpoint.toLatin1() + "\"";
    QVERIFY(
        r.body.contains(QByteArray("bytespike_requests_total{" + endpointLabel + ",outcome=\"upstream_error\"} 5\n")));
    QVERIFY(r.body.contains(QByteArray("bytespike_request_duration_seconds_count{" + endpointLabel + "} 45\n")));
    QVERIFY(r.body.contains("# TYPE bytespike_request_duration_seconds histogram"));
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (promtool.isEmpty() && qEnvironmentVariable("CI") != QLatin1String("true"))
        QSKIP("promtool is not installed (the test command installs the prometheus package)");
    QVERIFY2(!promtool.isEmpty(), "promtool missing in CI");
    QProcess check;
    check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    QVERIFY(check.waitForStarted());
    check.write(r.body);
    check.closeWriteChannel();
    QVERIFY(check.waitForFinished(20000));
    QVERIFY2(
        check.exitCode() == 0, QByteArray(check.readAllStandardOutput() + check.readAllStandardError()).constData());
}

void TestMetrics::activeStreamsAndPendingHolds()
{
    std::vector<std::unique_ptr<QNetworkReply>> streams;
    for (int i = 0; i < 3; ++i) {
        streams.emplace_back(m_http.start("POST", m_gateway.url() + QStringLiteral("/v1/messages"),
            m_gateway.customerHeaders(m_key),
            messagesBody(QStringLiteral("claude-mock"), true,
                {{QStringLiteral("mock"), QJsonObject {{QStringLiteral("fault"), QStringLiteral("trickle:150")}}}})));
    }
    const auto gauges = [this] {
        const QJsonObject m = metrics();
        qint64 active = -1;
        for (const QJsonValue &e : m.value(QStringLiteral("endpoints")).toArray()) {
            if (e.toObject().value(QStringLiteral("endpoint")).toString() == m_endpoint)
                active = e.toObject().value(QStringLiteral("active_streams")).toInteger();
        }
        return std::pair {
            active, m.value(QStringLiteral("total")).toObject().value(QStringLiteral("pending_holds")).toInteger()};
    };
    const std::pair<qint64, qint64> busy {3, 3};
    const std::pair<qint64, qint64> idle {0, 0};
    QTRY_VERIFY_WITH_TIMEOUT(gauges() == busy, 5000);
    for (auto &s : streams)
        QTRY_VERIFY_WITH_TIMEOUT(s->isFinished(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(gauges() == idle, 5000);
}

void TestMetrics::eventsStreamSnapshots()
{
    std::unique_ptr<QNetworkReply> events(
        m_http.start("GET", m_gateway.url() + QStringLiteral("/admin/events"), m_gateway.adminHeaders(), {}));
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += events->readAll()).count("event: metrics\n") >= 2, 5000);
    QVERIFY(events->rawHeader("content-type").startsWith("text/event-stream"));
    const QList<SseEvent> parsed = sseEvents(received);
    QVERIFY(parsed.size() >= 2);
    QVERIFY(parsed.first().data.contains(QStringLiteral("endpoints")));
    QVERIFY(parsed.first().data.value(QStringLiteral("total")).toObject().contains(QStringLiteral("windows")));
    events->abort();
    // Without the token: refused.
    QCOMPARE(m_http.get(m_gateway.url() + QStringLiteral("/admin/events")).status, 401);
}

void TestMetrics::requestLogFiltersAndPages()
{
    const auto list = [this](const QString &query) {
        return m_http.get(m_gateway.url() + QStringLiteral("/admin/requests?") + query, m_gateway.adminHeaders())
            .json()
            .value(QStringLiteral("requests"))
            .toArray();
    };
    const QJsonArray first = list(QStringLiteral("limit=2&customer=") + m_customer);
    const QJsonArray second = list(QStringLiteral("limit=2&offset=2&customer=") + m_customer);
    QCOMPARE(first.size(), 2);
    QCOMPARE(second.size(), 2);
    QVERIFY(first[1].toObject().value(QStringLiteral("time")).toString()
        >= second[0].toObject().value(QStringLiteral("time")).toString()); // newest first
    QVERIFY(first[0].toObject().value(QStringLiteral("request_id"))
        != second[0].toObject().value(QStringLiteral("request_id")));
    const QJsonArray failed = list(QStringLiteral("limit=100&status=500&customer=") + m_customer);
    QCOMPARE(failed.size(), 5);
    for (const QJsonValue &v : failed)
        QCOMPARE(v.toObject().value(QStringLiteral("billed")).toBool(true), false);
    for (const QJsonValue &v : list(QStringLiteral("limit=100&billed=false&customer=") + m_customer))
        QCOMPARE(v.toObject().value(QStringLiteral("billed")).toBool(true), false);
    // The channel filter: exactly the routed rows of its models (402s never reached a channel).
    const QString channel = m_endpoint.section(QLatin1Char('/'), 0, 0);
    int routed = 0;
    for (const QJsonValue &v : list(QStringLiteral("limit=1000&model=claude-mock")))
        routed += v.toObject().value(QStringLiteral("endpoint")).toString().startsWith(channel) ? 1 : 0;
    const QJsonArray byChannel = list(QStringLiteral("limit=1000&channel=") + channel);
    QCOMPARE(byChannel.size(), routed);
    for (const QJsonValue &v : byChannel)
        QVERIFY(v.toObject().value(QStringLiteral("endpoint")).toString().startsWith(channel + QLatin1Char('/')));
    // No bodies unless capture is on.
    for (const QJsonValue &v : list(QStringLiteral("limit=50")))
        QVERIFY(!v.toObject().contains(QStringLiteral("request_body")));
}

void TestMetrics::retentionPrunesAndCaptureRedacts()
{
    MockUpstream mock;
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("BYTESPIKE_CAPTURE_BODIES"), QStringLiteral("1"));
    HttpClient http;
    QString error;
    QVERIFY2(startWithMockChannel(mock, gateway, http, &error), qPrintable(error));
    QJsonObject extra {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("user_id"), QStringLiteral("u1")}}},
        {QStringLiteral("api_key"), QStringLiteral("hunter2hunter2")}};
    QJsonObject body = QJsonDocument::fromJson(messagesBody(QStringLiteral("claude-mock"), false, extra)).object();
    body.insert(QStringLiteral("messages"),
        QJsonArray {QJsonObject {{QStringLiteral("role"), QStringLiteral("user")},
            {QStringLiteral("content"),
                QString(QStringLiteral("my key is sk-ant-api03-abcdefghijklmnop and ")
                    + QString::fromLatin1(gateway.demoKey()))}}});
    const HttpResult r = http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(),
        QJsonDocument(body).toJson(QJsonDocument::Compact));
    QCOMPARE(r.status, 200);
    const QJsonObject row = requestLogEntry(http, gateway, r.header("request-id"));
    const QString captured = row.value(QStringLiteral("request_body")).toString();
    QVERIFY2(captured.contains(QLatin1String("[redacted]")), qPrintable(captured));
    QVERIFY(captured.contains(QLatin1String("my key is")));
    QVERIFY(!captured.contains(QLatin1String("sk-ant-api03")));
    QVERIFY(!captured.contains(QLatin1String("hunter2")));
    QVERIFY(!captured.contains(QString::fromLatin1(gateway.demoKey())));
    QCOMPARE(gateway.terminate(), 0);

    // Age the row by 40 days, then restart with a 30-day retention: it is pruned at start.
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open((gateway.dataDir() + QStringLiteral("/bytespike.db")).toUtf8().constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, "UPDATE requests SET time = time - 40 * 86400000", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    gateway.env.insert(QStringLiteral("BYTESPIKE_REQUEST_RETENTION_DAYS"), QStringLiteral("30"));
    QVERIFY2(gateway.start(&error), qPrintable(error));
    QCOMPARE(http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(),
                     messagesBody(QStringLiteral("claude-mock")))
                 .status,
        200);
    QTRY_COMPARE_WITH_TIMEOUT(
        http.get(gateway.url() + QStringLiteral("/admin/requests?limit=100"), gateway.adminHeaders())
            .json()
            .value(QStringLiteral("requests"))
            .toArray()
            .size(),
        1, 5000);
    QVERIFY(!http.get(gateway.url() + QStringLiteral("/admin/requests?limit=100"), gateway.adminHeaders())
                 .body.contains(r.header("request-id")));
    QCOMPARE(gateway.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
