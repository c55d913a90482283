// POST /v1/messages end to end through bytespike-gatewayd to the mock upstream: the body and
// stream come back verbatim, only the model is rewritten, the customer's key never leaves.
#include "GatewayHarness.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace bytespike::testing;

class TestMessages : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void nonStreamVerbatim();
    void headersAndSecrets();
    void streamVerbatimWithUnknownEvents();
    void streamIsNotBuffered();
    void countTokens();
    void modelsListsRoutableOnly();
    void simulatorAnswers_data();
    void simulatorAnswers();
    void silentStreamsGetKeepAlivePings();

private:
    MockUpstream m_mock;
    GatewayProcess m_gateway;
    HttpClient m_http;
};

void TestMessages::initTestCase()
{
    QString error;
    QVERIFY2(startWithMockChannel(m_mock, m_gateway, m_http, &error), qPrintable(error));
}

void TestMessages::cleanupTestCase()
{
    QCOMPARE(m_gateway.terminate(), 0);
}

void TestMessages::nonStreamVerbatim()
{
    m_mock.clearRequests();
    const QByteArray body = messagesBody(QStringLiteral("claude-mock"), false,
        {{QStringLiteral("mock"), QJsonObject {{QStringLiteral("fault"), QStringLiteral("unknown_event")}}}});
    const HttpResult r
        = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(), body);
    QCOMPARE(r.status, 200);
    const QJsonObject message = r.json();
    QCOMPARE(message.value(QStringLiteral("type")).toString(), QStringLiteral("message"));
    QCOMPARE(message.value(QStringLiteral("mock_extra")).toObject().value(QStringLiteral("kept")).toBool(), true);
    QVERIFY(message.value(QStringLiteral("usage")).toObject().value(QStringLiteral("output_tokens")).toInt() > 0);
    QVERIFY(r.header("request-id").startsWith("req_"));
    // The gateway's answer is the mock's own bytes: the mock writes compact JSON in its own key
    // order, which a re-serialising gateway would not keep.
    QVERIFY2(r.body.startsWith("{\"id\":\"msg_"), r.body.left(40).constData());
}

void TestMessages::headersAndSecrets()
{
    m_mock.clearRequests();
    // Unknown fields, odd spacing and unicode must reach the upstream byte for byte.
    const QByteArray body
        = "{\"model\" : \"claude-mock\", \"max_tokens\":16, \"zeta_unknown\": {\"nested\": [1, 2.50, \"\\u00e9\"]},"
          "\"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9llo\"}]}";
    auto headers = m_gateway.customerHeaders();
    headers.append(Header("anthropic-beta", "prompt-caching-2024-07-31,context-1m-2025-08-07"));
    headers.append(Header("anthropic-version", "2023-06-01"));
    const HttpResult r = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), headers, body);
    QCOMPARE(r.status, 200);
    const QJsonArray seen = m_mock.requests();
    QCOMPARE(seen.size(), 1);
    const QJsonObject upstream = seen.first().toObject();
    const QJsonObject upstreamHeaders = upstream.value(QStringLiteral("headers")).toObject();
    const QByteArray expected
        = "{\"model\" : \"mock-model\", \"max_tokens\":16, \"zeta_unknown\": {\"nested\": [1, 2.50, \"\\u00e9\"]},"
          "\"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9llo\"}]}";
    QCOMPARE(upstream.value(QStringLiteral("body")).toString().toUtf8(), expected);
    QCOMPARE(upstreamHeaders.value(QStringLiteral("x-api-key")).toString(), QStringLiteral("sk-mock-secret"));
    QCOMPARE(upstreamHeaders.value(QStringLiteral("anthropic-version")).toString(), QStringLiteral("2023-06-01"));
    QCOMPARE(upstreamHeaders.value(QStringLiteral("anthropic-beta")).toString(),
        QStringLiteral("prompt-caching-2024-07-31,context-1m-2025-08-07"));
    const QByteArray everything = QJsonDocument(upstream).toJson();
    QVERIFY2(!everything.contains(m_gateway.demoKey()), "the customer's key reached the upstream");
    QVERIFY(!upstreamHeaders.contains(QStringLiteral("authorization")));
}

void TestMessages::streamVerbatimWithUnknownEvents()
{
    const QByteArray body = messagesBody(QStringLiteral("claude-mock"), true,
        {{QStringLiteral("mock"), QJsonObject {{QStringLiteral("fault"), QStringLiteral("unknown_event")}}}});
    const HttpResult r
        = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(), body);
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("content-type").startsWith("text/event-stream"));
    QVERIFY(r.header("request-id").startsWith("req_"));
    const QList<SseEvent> events = sseEvents(r.body);
    QVERIFY(events.size() >= 6);
    QCOMPARE(events.first().event, QByteArray("message_start"));
    QCOMPARE(events.last().event, QByteArray("message_stop"));
    bool unknownSeen = false;
    for (const SseEvent &e : events) {
        QCOMPARE(e.data.value(QStringLiteral("type")).toString().toUtf8(), e.event);
        unknownSeen |= e.event == "mock_future_event";
    }
    QVERIFY(unknownSeen);
    // Upstream frames are relayed byte for byte: the mock writes "type" first, a re-encoder would not.
    QVERIFY(r.body.contains("data: {\"type\":\"message_start\""));
}

void TestMessages::streamIsNotBuffered()
{
    // 300 ms between frames: the first event must reach the client long before the stream ends.
    const QByteArray body = messagesBody(QStringLiteral("claude-mock"), true,
        {{QStringLiteral("mock"), QJsonObject {{QStringLiteral("fault"), QStringLiteral("trickle:300")}}}});
    std::unique_ptr<QNetworkReply> reply(
        m_http.start("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(), body));
    QElapsedTimer clock;
    clock.start();
    QSignalSpy ready(reply.get(), &QNetworkReply::readyRead);
    QVERIFY(ready.wait(10000));
    const qint64 firstMs = clock.elapsed();
    QByteArray received = reply->readAll();
    QVERIFY(received.contains("message_start"));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 30000);
    const qint64 totalMs = clock.elapsed();
    QVERIFY2(
        totalMs - firstMs > 1500, qPrintable(QStringLiteral("first %1 ms, total %2 ms").arg(firstMs).arg(totalMs)));
}

void TestMessages::countTokens()
{
    const QByteArray body
        = "{\"model\":\"claude-mock\",\"messages\":[{\"role\":\"user\",\"content\":\"count these words please\"}]}";
    const HttpResult forwarded = m_http.send(
        "POST", m_gateway.url() + QStringLiteral("/v1/messages/count_tokens"), m_gateway.customerHeaders(), body);
    QCOMPARE(forwarded.status, 200);
    QVERIFY(forwarded.json().value(QStringLiteral("input_tokens")).toInt() > 0);
    QVERIFY(forwarded.header("bytespike-estimate").isEmpty());
    QCOMPARE(m_mock.requests().last().toObject().value(QStringLiteral("path")).toString(),
        QStringLiteral("/v1/messages/count_tokens"));

    const QByteArray local
        = "{\"model\":\"bytespike-simulator\",\"messages\":[{\"role\":\"user\",\"content\":\"12345678\"}]}";
    const HttpResult estimated = m_http.send(
        "POST", m_gateway.url() + QStringLiteral("/v1/messages/count_tokens"), m_gateway.customerHeaders(), local);
    QCOMPARE(estimated.status, 200);
    QCOMPARE(estimated.header("bytespike-estimate"), QByteArray("local"));
    QCOMPARE(estimated.json().value(QStringLiteral("input_tokens")).toInt(), 2); // 8 bytes / 4
}

void TestMessages::modelsListsRoutableOnly()
{
    QJsonObject disabled = mockChannel(
        QStringLiteral("off"), m_mock.url(), {{QStringLiteral("hidden-model"), QStringLiteral("mock-model")}});
    disabled.insert(QStringLiteral("enabled"), false);
    QVERIFY(!m_gateway.addChannel(m_http, disabled).isEmpty());
    QCOMPARE(m_http.get(m_gateway.url() + QStringLiteral("/v1/models")).status, 401);
    const HttpResult r = m_http.get(m_gateway.url() + QStringLiteral("/v1/models"), m_gateway.customerHeaders());
    QCOMPARE(r.status, 200);
    QStringList ids;
    for (const QJsonValue &m : r.json().value(QStringLiteral("data")).toArray()) {
        QCOMPARE(m.toObject().value(QStringLiteral("type")).toString(), QStringLiteral("model"));
        ids << m.toObject().value(QStringLiteral("id")).toString();
    }
    QVERIFY(ids.contains(QStringLiteral("claude-mock")));
    QVERIFY(ids.contains(QStringLiteral("bytespike-simulator")));
    QVERIFY(!ids.contains(QStringLiteral("hidden-model")));
}

void TestMessages::simulatorAnswers_data()
{
    QTest::addColumn<bool>("stream");
    QTest::newRow("non-stream") << false;
    QTest::newRow("stream") << true;
}

void TestMessages::simulatorAnswers()
{
    QFETCH(bool, stream);
    const HttpResult r = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"),
        m_gateway.customerHeaders(), messagesBody(QStringLiteral("bytespike-simulator"), stream));
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.contains("[simulator]"));
    if (stream)
        QCOMPARE(sseEvents(r.body).last().event, QByteArray("message_stop"));
}

void TestMessages::silentStreamsGetKeepAlivePings()
{
    // An OpenAI-speaking upstream that pauses between chunks longer than the ping interval: the
    // client sees keep-alive pings in its own protocol, and the stream is otherwise intact.
    MockUpstream mock;
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("BYTESPIKE_STREAM_PING_MS"), QStringLiteral("150"));
    gateway.env.insert(QStringLiteral("MOCK_UPSTREAM_KEY"), QStringLiteral("sk-mock-secret"));
    HttpClient http;
    QString error;
    QVERIFY2(mock.start(&error), qPrintable(error));
    QVERIFY2(gateway.start(&error), qPrintable(error));
    QJsonObject channel = mockChannel(QStringLiteral("slow-openai"), mock.url() + QStringLiteral("/v1"),
        {{QStringLiteral("slow-gpt"), QStringLiteral("mock-model+fault=trickle:400")}});
    channel.insert(QStringLiteral("protocol"), QStringLiteral("openai"));
    QVERIFY(!gateway.addChannel(http, channel).isEmpty());

    const HttpResult anthropic = http.send("POST", gateway.url() + QStringLiteral("/v1/messages"),
        gateway.customerHeaders(), messagesBody(QStringLiteral("slow-gpt"), true), 30000);
    QCOMPARE(anthropic.status, 200);
    const QList<SseEvent> events = sseEvents(anthropic.body);
    QCOMPARE(events.first().event, QByteArray("message_start"));
    QCOMPARE(events.last().event, QByteArray("message_stop"));
    int pings = 0;
    for (const SseEvent &e : events)
        pings += e.event == "ping" ? 1 : 0;
    QVERIFY2(pings >= 2, qPrintable(QString::number(pings)));

    QJsonObject chat {{QStringLiteral("model"), QStringLiteral("slow-gpt")}, {QStringLiteral("stream"), true},
        {QStringLiteral("messages"),
            QJsonArray {QJsonObject {
                {QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), QStringLiteral("hi")}}}}};
    const HttpResult openai = http.send("POST", gateway.url() + QStringLiteral("/v1/chat/completions"),
        gateway.customerHeaders(), QJsonDocument(chat).toJson(), 30000);
    QCOMPARE(openai.status, 200);
    QVERIFY(openai.body.count(": ping\n\n") >= 2);
    QVERIFY(openai.body.endsWith("data: [DONE]\n\n"));
    QCOMPARE(gateway.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestMessages)
#include "tst_messages.moc"
