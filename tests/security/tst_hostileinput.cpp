// Hostile request contents (cases 6, 8 and 12 of the security suite): names of 30 MiB, names that
// carry a line break or a format placeholder, and bodies of 31 MiB. Client text quoted in
// errors, request-log rows and log lines is cut to 256 bytes with control characters escaped;
// large bodies are parsed off the gateway thread; Prometheus labels are never format strings.
#include "SecurityHarness.h"

#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include <unistd.h>

using namespace bytespike::testing;

namespace {

// A Messages body whose model name is `model` (JSON-escaped as needed).
QByteArray bodyWithModel(const QString &model)
{
    return messagesBody(model);
}

} // namespace

class TestHostileInput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hugeModelNameIsCut_data();
    void hugeModelNameIsCut();
    void lineBreakInModelNameForgesNoLogLine();
    void largeBodiesDoNotStallTheGateway_data();
    void largeBodiesDoNotStallTheGateway();
    void percentOneInModelNameStaysVerbatim();
};

void TestHostileInput::hugeModelNameIsCut_data()
{
    QTest::addColumn<bool>("validKey");
    QTest::addColumn<int>("status");
    QTest::newRow("valid key, zero balance") << true << 404;
    QTest::newRow("invalid key") << false << 401;
}

// Case 6. A 30 MiB model name, from a valid key with zero balance (404: no such model) and from
// an invalid key (401): each answer's body is under 1 KiB, and over three such requests the data
// directory (all its files) and the daemon's stderr grow by under 1 MiB; the request-log row keeps
// at most 256 bytes of the name.
void TestHostileInput::hugeModelNameIsCut()
{
    QFETCH(bool, validKey);
    QFETCH(int, status);
    GatewayProcess gateway;
    HttpClient http;
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    QByteArray key = "sk-not-a-key-of-this-gateway";
    if (validKey) {
        QVERIFY(!createCustomer(http, gateway, 0, &key).isEmpty());
        QVERIFY(!key.isEmpty());
    }
    const QString model = QStringLiteral("claude-") + QString(30 * 1024 * 1024, QLatin1Char('x'));
    const QByteArray body = bodyWithModel(model);
    QVERIFY(body.size() > 30 * 1024 * 1024 && body.size() < 31 * 1024 * 1024);
    QTest::qWait(200); // the start's own log lines and files settle first
    const qint64 dirBefore = directoryBytes(gateway.dataDir());
    const qint64 logBefore = gateway.stderrText().size();
    for (int i = 0; i < 3; ++i) {
        const HttpResult r
            = http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(key), body);
        QCOMPARE(r.status, status);
        QVERIFY2(r.body.size() < 1024, qPrintable(QStringLiteral("the answer is %1 bytes").arg(r.body.size())));
        QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("error"));
    }
    // The rows are written just after the answers.
    if (validKey)
        QTRY_COMPARE(requestLogRows(http, gateway), 3);
    QTest::qWait(300);
    const qint64 dirGrowth = directoryBytes(gateway.dataDir()) - dirBefore;
    const qint64 logGrowth = gateway.stderrText().size() - logBefore;
    qInfo("3 requests with a 30 MiB model name: data dir +%lld bytes, stderr +%lld bytes", qlonglong(dirGrowth),
        qlonglong(logGrowth));
    QVERIFY2(dirGrowth < 1024 * 1024, qPrintable(QStringLiteral("data dir grew by %1 bytes").arg(dirGrowth)));
    QVERIFY2(logGrowth < 1024 * 1024, qPrintable(QStringLiteral("stderr grew by %1 bytes").arg(logGrowth)));
    const QJsonArray rows = http.get(gateway.url() + QStringLiteral("/admin/requests?limit=10"), gateway.adminHeaders())
                                .json()
                                .value(QStringLiteral("requests"))
                                .toArray();
    for (const QJsonValue &row : rows)
        QVERIFY(row.toObject().value(QStringLiteral("model")).toString().toUtf8().size() <= 256);
    QCOMPARE(gateway.terminate(), 0);
}

// Case 6. A model name holding "\r\n" followed by text shaped like a log line produces no log line
// that starts with the injected text and no raw carriage return; the name is logged escaped.
void TestHostileInput::lineBreakInModelNameForgesNoLogLine()
{
    GatewayProcess gateway;
    HttpClient http;
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const QString injected = QStringLiteral("2099-01-01T00:00:00.000Z error bytespike.gateway: forged by a client");
    const QString model = QStringLiteral("claude-mock\r\n") + injected;
    // From an account (the request line names the model) and with an unknown key (a refusal line).
    QCOMPARE(http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(),
                     bodyWithModel(model))
                 .status,
        404);
    QCOMPARE(http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders("sk-unknown"),
                     bodyWithModel(model))
                 .status,
        401);
    QCOMPARE(http.send("POST", gateway.url() + QStringLiteral("/v1/chat/completions"),
                     {{"authorization", "Bearer " + gateway.demoKey()}, {"content-type", "application/json"}},
                     bodyWithModel(model))
                 .status,
        404);
    QTRY_VERIFY2(gateway.stderrText().contains("claude-mock\\r\\n2099-01-01T00"), gateway.stderrText().constData());
    gateway.terminate();
    const QByteArray log = gateway.stderrText();
    QVERIFY2(!log.contains('\r'), "a raw carriage return reached the log");
    for (const QByteArray &line : log.split('\n')) {
        QVERIFY2(!line.startsWith(injected.left(24).toUtf8()), line.constData());
        QVERIFY2(!line.contains("forged by a client") || line.contains("claude-mock\\r\\n"), line.constData());
    }
}

void TestHostileInput::largeBodiesDoNotStallTheGateway_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QString>("channel"); // the simulator, or an OpenAI-protocol channel on the mock
    QTest::addColumn<QString>("field"); // what every answer must hold
    QTest::newRow("count_tokens, simulator")
        << QByteArray("/v1/messages/count_tokens") << QStringLiteral("simulator") << QStringLiteral("input_tokens");
    QTest::newRow("messages, simulator") << QByteArray("/v1/messages") << QStringLiteral("simulator")
                                         << QStringLiteral("content");
    QTest::newRow("messages, openai channel")
        << QByteArray("/v1/messages") << QStringLiteral("openai") << QStringLiteral("content");
}

// Case 8. Four concurrent 31 MiB bodies while a fifth client asks /healthz every 20 ms on a new
// connection: no /healthz takes longer than 250 ms (the bound), and every request gets 200 with
// its answer. The case asked for: count_tokens on the simulator's model (answered locally). And
// the same bodies as Messages requests, which the commit says are read off the gateway thread as
// well: on the simulator, and through an OpenAI-protocol channel (translated for it).
void TestHostileInput::largeBodiesDoNotStallTheGateway()
{
    QFETCH(QByteArray, path);
    QFETCH(QString, channel);
    QFETCH(QString, field);
    MockUpstream mock;
    GatewayProcess gateway;
    HttpClient http;
    QString error;
    QString model = QStringLiteral("bytespike-simulator");
    if (channel == QLatin1String("openai")) {
        QVERIFY2(mock.start(&error), qPrintable(error));
        gateway.env.insert(QStringLiteral("MOCK_UPSTREAM_KEY"), QStringLiteral("sk-mock-secret"));
        QVERIFY2(gateway.start(&error), qPrintable(error));
        QJsonObject openAi = mockChannel(QStringLiteral("openai"), mock.url() + QStringLiteral("/v1"),
            {{QStringLiteral("gpt-mock"), QStringLiteral("mock-model")}});
        openAi.insert(QStringLiteral("protocol"), QStringLiteral("openai"));
        QVERIFY(!gateway.addChannel(http, openAi).isEmpty());
        model = QStringLiteral("gpt-mock");
    } else {
        QVERIFY2(gateway.start(&error), qPrintable(error));
    }
    // Each Messages request holds the price of its 8M input tokens: a customer who can afford four.
    QByteArray key;
    QVERIFY(!createCustomer(http, gateway, 1'000'000'000, &key).isEmpty());
    const Endpoint4 to = endpointOf(gateway.url());
    constexpr qsizetype kBodyBytes = 31 * 1024 * 1024;
    constexpr int kClients = 4;
    constexpr qint64 kHealthzBoundMs = 250;
    QByteArray text;
    text.reserve(kBodyBytes);
    static const char kWords[] = "the gateway thread must keep answering while big bodies are parsed ";
    while (text.size() < kBodyBytes - 512)
        text.append(kWords, sizeof kWords - 1);
    QJsonObject body = QJsonDocument::fromJson(messagesBody(model)).object();
    body.insert(QStringLiteral("messages"),
        QJsonArray {QJsonObject {
            {QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), QString::fromLatin1(text)}}});
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    QVERIFY(json.size() > 30 * 1024 * 1024 && json.size() < 32 * 1024 * 1024);
    const QByteArray request = rawPost(path, json, {"x-api-key: " + key, "anthropic-version: 2023-06-01"});

    std::atomic<int> running {kClients};
    std::mutex lock;
    std::vector<qint64> probes;
    int probeFailures = 0;
    std::thread prober([&] {
        while (running > 0) {
            qint64 ms = 0;
            const RawResponse r = healthz(to, 10000, &ms);
            std::lock_guard<std::mutex> guard(lock);
            probes.push_back(ms);
            if (r.status != 200)
                ++probeFailures;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    std::vector<RawResponse> answers(kClients);
    std::vector<qint64> took(kClients);
    std::vector<std::thread> clients;
    for (int i = 0; i < kClients; ++i) {
        clients.emplace_back([&, i] {
            QElapsedTimer clock;
            clock.start();
            answers[size_t(i)] = rawRequest(to, request, 60000);
            took[size_t(i)] = clock.elapsed();
            --running;
        });
    }
    for (std::thread &t : clients)
        t.join();
    prober.join();

    const qint64 slowest = probes.empty() ? -1 : *std::max_element(probes.begin(), probes.end());
    qInfo("%d /healthz during 4 x 31 MiB %s (%lld..%lld ms each): slowest %lld ms (bound %lld ms)", int(probes.size()),
        path.constData(), qlonglong(*std::min_element(took.begin(), took.end())),
        qlonglong(*std::max_element(took.begin(), took.end())), qlonglong(slowest), qlonglong(kHealthzBoundMs));
    for (const RawResponse &r : answers) {
        QCOMPARE(r.status, 200);
        QVERIFY2(QJsonDocument::fromJson(r.body).object().contains(field), r.body.left(300).constData());
    }
    if (field == QLatin1String("input_tokens")) {
        for (const RawResponse &r : answers)
            QVERIFY(QJsonDocument::fromJson(r.body).object().value(field).toInteger() > 1000000);
    }
    QVERIFY(probes.size() >= 3);
    QCOMPARE(probeFailures, 0);
    // Known failure for the two Messages rows (see the suite's report): the simulator's call
    // parses, scans, re-serialises and hashes the whole body on the gateway thread, and a request
    // for an OpenAI-protocol channel is translated there (ChatUpstream::requestFromMessages).
    QVERIFY2(slowest <= kHealthzBoundMs, qPrintable(QStringLiteral("a /healthz took %1 ms").arg(slowest)));
    QCOMPARE(gateway.terminate(), 0);
}

// Case 12. A model name holding "%1" and a quote (an admin's model on a simulator channel, and an
// unknown one a customer asks for) comes out verbatim: in the bytespike-endpoint header, in the
// 404's message, in /admin/metrics and in /metrics, whose text has no substitution artefacts and
// passes `promtool check metrics`.
void TestHostileInput::percentOneInModelNameStaysVerbatim()
{
    GatewayProcess gateway;
    HttpClient http;
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const QString model = QStringLiteral("evil%1\"quote%2-model");
    // A simulator channel (answered in process) serving that model, at the mock channels' prices.
    QJsonObject simulator = mockChannel(QStringLiteral("odd%1names"), QString(), {{model, model}});
    simulator.insert(QStringLiteral("protocol"), QStringLiteral("simulator"));
    simulator.remove(QStringLiteral("base_url"));
    simulator.remove(QStringLiteral("secret_ref"));
    const QJsonObject channel = gateway.addChannel(http, simulator);
    const QString id = channel.value(QStringLiteral("id")).toString();
    QVERIFY2(!id.isEmpty(), "the simulator channel was not created");
    const QString endpoint = id + QLatin1Char('/') + model;

    const HttpResult ok = http.send(
        "POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(), messagesBody(model));
    QCOMPARE(ok.status, 200);
    QCOMPARE(QString::fromUtf8(ok.header("bytespike-endpoint")), endpoint);
    const QString unknown = QStringLiteral("unknown%1\"name%2");
    const HttpResult missing = http.send(
        "POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(), messagesBody(unknown));
    QCOMPARE(missing.status, 404);
    QVERIFY2(missing.json()
                 .value(QStringLiteral("error"))
                 .toObject()
                 .value(QStringLiteral("message"))
                 .toString()
                 .contains(unknown),
        missing.body.constData());

    // The JSON snapshot names the endpoint as it is.
    // (Recorded once the request's settlement is durable, just after the answer.)
    const auto endpoints = [&] {
        QStringList names;
        for (const QJsonValue &e : http.get(gateway.url() + QStringLiteral("/admin/metrics"), gateway.adminHeaders())
                                       .json()
                                       .value(QStringLiteral("endpoints"))
                                       .toArray())
            names << e.toObject().value(QStringLiteral("endpoint")).toString();
        return names;
    };
    QTRY_VERIFY2(endpoints().contains(endpoint), qPrintable(endpoints().join(QLatin1Char(' '))));

    const HttpResult prom = http.get(gateway.url() + QStringLiteral("/metrics"), gateway.adminHeaders());
    QCOMPARE(prom.status, 200);
    // The label, escaped as Prometheus wants (\" for the quote), with %1 and %2 as they were.
    QByteArray label = "endpoint=\"" + endpoint.toUtf8().replace("\"", "\\\"") + "\"";
    const QByteArray okLine = "bytespike_requests_total{" + label + ",outcome=\"ok\"} 1\n";
    QVERIFY2(prom.body.contains(okLine), prom.body.constData());
    for (const QByteArray &line : prom.body.split('\n')) {
        if (!line.contains("evil"))
            continue;
        // Every line that names the model names it whole: nothing was put in place of %1 or %2.
        QVERIFY2(line.contains(label), line.constData());
    }
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (promtool.isEmpty() && qEnvironmentVariable("CI") != QLatin1String("true"))
        QSKIP("promtool is not installed (the test command installs the prometheus package)");
    QVERIFY2(!promtool.isEmpty(), "promtool missing in CI");
    QProcess check;
    check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    QVERIFY(check.waitForStarted());
    check.write(prom.body);
    check.closeWriteChannel();
    QVERIFY(check.waitForFinished(20000));
    QVERIFY2(
        check.exitCode() == 0, QByteArray(check.readAllStandardOutput() + check.readAllStandardError()).constData());
    QCOMPARE(gateway.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestHostileInput)
#include "tst_hostileinput.moc"
