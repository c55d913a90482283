// Bad input answers in the Anthropic error envelope with docs/protocols.md's statuses: never HTML, never a
// crash, and the gateway stays healthy afterwards.
#include "GatewayHarness.h"

#include <QJsonArray>

#include <QJsonDocument>
#include <QTest>

using namespace bytespike::testing;

class TestBadInput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void rejected_data();
    void rejected();
    void rejectedChat_data();
    void rejectedChat();
    void stillHealthy();

private:
    MockUpstream m_mock;
    GatewayProcess m_gateway;
    HttpClient m_http;
};

void TestBadInput::initTestCase()
{
    QString error;
    QVERIFY2(startWithMockChannel(m_mock, m_gateway, m_http, &error), qPrintable(error));
    // A model whose only channel cannot be used (its secret is missing): no channel left.
    QJsonObject broken = mockChannel(
        QStringLiteral("no-secret"), m_mock.url(), {{QStringLiteral("orphan"), QStringLiteral("mock-model")}});
    broken.insert(QStringLiteral("secret_ref"), QStringLiteral("env:TEST_UNSET_SECRET_VARIABLE"));
    QVERIFY(!m_gateway.addChannel(m_http, broken).isEmpty());
}

void TestBadInput::cleanupTestCase()
{
    QCOMPARE(m_gateway.terminate(), 0);
}

void TestBadInput::rejected_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("key"); // "demo" for the demo key
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");

    const QByteArray msgs = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    const QByteArray json = "application/json";
    const QByteArray demo = "demo";
    const QByteArray p = "/v1/messages";
    auto row = [&](const char *name, const QByteArray &body, int status = 400,
                   const QString &type = QStringLiteral("invalid_request_error")) {
        QTest::newRow(name) << p << json << demo << body << status << type;
    };
    row("not json", "{\"model\": ");
    row("empty body", "");
    row("json array", "[1,2,3]");
    row("json string", "\"hello\"");
    row("trailing garbage", "{\"model\":\"claude-mock\",\"max_tokens\":5," + msgs + "} x");
    row("missing model", "{\"max_tokens\":5," + msgs + "}");
    row("model not a string", "{\"model\":42,\"max_tokens\":5," + msgs + "}");
    row("empty model", "{\"model\":\"\",\"max_tokens\":5," + msgs + "}");
    row("duplicate model key", "{\"model\":\"claude-mock\",\"model\":\"claude-mock\",\"max_tokens\":5," + msgs + "}");
    row("missing max_tokens", "{\"model\":\"claude-mock\"," + msgs + "}");
    row("max_tokens string", "{\"model\":\"claude-mock\",\"max_tokens\":\"5\"," + msgs + "}");
    row("max_tokens negative", "{\"model\":\"claude-mock\",\"max_tokens\":-1," + msgs + "}");
    row("max_tokens fractional", "{\"model\":\"claude-mock\",\"max_tokens\":1.5," + msgs + "}");
    row("missing messages", "{\"model\":\"claude-mock\",\"max_tokens\":5}");
    row("messages not a list", "{\"model\":\"claude-mock\",\"max_tokens\":5,\"messages\":{}}");
    row("messages empty", "{\"model\":\"claude-mock\",\"max_tokens\":5,\"messages\":[]}");
    row("message not an object", "{\"model\":\"claude-mock\",\"max_tokens\":5,\"messages\":[\"hi\"]}");
    row("message without role", "{\"model\":\"claude-mock\",\"max_tokens\":5,\"messages\":[{\"content\":\"hi\"}]}");
    row("unknown role",
        "{\"model\":\"claude-mock\",\"max_tokens\":5,\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}");
    row("message without content", "{\"model\":\"claude-mock\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\"}]}");
    row("content a number",
        "{\"model\":\"claude-mock\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":7}]}");
    row("block without type",
        "{\"model\":\"claude-mock\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}]"
        "}");
    row("text block without text",
        "{\"model\":\"claude-mock\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]"
        "}]}");
    row("stream not a boolean", "{\"model\":\"claude-mock\",\"max_tokens\":5,\"stream\":\"yes\"," + msgs + "}");
    row("stop_sequences not strings",
        "{\"model\":\"claude-mock\",\"max_tokens\":5,\"stop_sequences\":[1]," + msgs + "}");
    row("temperature a string", "{\"model\":\"claude-mock\",\"max_tokens\":5,\"temperature\":\"hot\"," + msgs + "}");
    row("tools not a list", "{\"model\":\"claude-mock\",\"max_tokens\":5,\"tools\":{}," + msgs + "}");
    row("tool_choice without type", "{\"model\":\"claude-mock\",\"max_tokens\":5,\"tool_choice\":{}," + msgs + "}");
    row("system a number", "{\"model\":\"claude-mock\",\"max_tokens\":5,\"system\":5," + msgs + "}");
    row("metadata a string", "{\"model\":\"claude-mock\",\"max_tokens\":5,\"metadata\":\"x\"," + msgs + "}");
    row("unknown model", "{\"model\":\"no-such-model\",\"max_tokens\":5," + msgs + "}", 404,
        QStringLiteral("not_found_error"));
    row("no usable channel", "{\"model\":\"orphan\",\"max_tokens\":5," + msgs + "}", 529,
        QStringLiteral("overloaded_error"));
    row("hold larger than the balance", "{\"model\":\"claude-mock\",\"max_tokens\":9007199254740991," + msgs + "}", 402,
        QStringLiteral("billing_error"));
    QTest::newRow("wrong content type") << p << QByteArray("text/plain") << demo
                                        << QByteArray("{\"model\":\"claude-mock\",\"max_tokens\":5," + msgs + "}")
                                        << 400 << QStringLiteral("invalid_request_error");
    QTest::newRow("missing key") << p << json << QByteArray() << QByteArray("{}") << 401
                                 << QStringLiteral("authentication_error");
    QTest::newRow("wrong key") << p << json << QByteArray("bsk-wrong") << QByteArray("{}") << 401
                               << QStringLiteral("authentication_error");
    QTest::newRow("unknown route") << QByteArray("/v1/nothing") << json << demo << QByteArray("{}") << 404
                                   << QStringLiteral("not_found_error");
    QTest::newRow("count_tokens without messages")
        << QByteArray("/v1/messages/count_tokens") << json << demo << QByteArray("{\"model\":\"claude-mock\"}") << 400
        << QStringLiteral("invalid_request_error");
    QTest::newRow("body over 32 MiB")
        << p << json << demo
        << QByteArray("{\"model\":\"claude-mock\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"")
            + QByteArray(33 * 1024 * 1024, 'a') + QByteArray("\"}]}")
        << 413 << QStringLiteral("request_too_large");
}

void TestBadInput::rejected()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, type);
    QList<Header> headers {{"content-type", contentType}, {"anthropic-version", "2023-06-01"}};
    if (!key.isEmpty())
        headers.append(Header("x-api-key", key == "demo" ? m_gateway.demoKey() : key));
    const HttpResult r = m_http.send("POST", m_gateway.url() + QString::fromLatin1(path), headers, body);
    QCOMPARE(r.status, status);
    QVERIFY2(r.header("content-type").startsWith("application/json"), r.header("content-type").constData());
    QVERIFY(r.header("request-id").startsWith("req_"));
    const QJsonObject envelope = r.json();
    QCOMPARE(envelope.value(QStringLiteral("type")).toString(), QStringLiteral("error"));
    QCOMPARE(envelope.value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(), type);
    QVERIFY(!envelope.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().isEmpty());
}

void TestBadInput::rejectedChat_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("mentioned");
    const QByteArray tools = R"("tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}])";
    const QByteArray call
        = R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]})";
    QTest::newRow("not json") << QByteArray("{\"model\": ") << QStringLiteral("not valid JSON");
    QTest::newRow("n is 2") << QByteArray(
        R"({"model":"claude-mock","n":2,"messages":[{"role":"user","content":"hi"}]})")
                            << QStringLiteral("n must be 1");
    QTest::newRow("unknown tool_choice") << QByteArray(R"({"model":"claude-mock",)" + tools
        + R"(,"tool_choice":"sometimes","messages":[{"role":"user","content":"hi"}]})")
                                         << QStringLiteral("tool_choice");
    QTest::newRow("tool_choice without a name") << QByteArray(R"({"model":"claude-mock",)" + tools
        + R"(,"tool_choice":{"type":"function"},"messages":[{"role":"user","content":"hi"}]})")
                                                << QStringLiteral("tool_choice.function.name");
    QTest::newRow("orphan tool message") << QByteArray(
        R"({"model":"claude-mock","messages":[{"role":"user","content":"hi"},{"role":"tool","tool_call_id":"call_9","content":"x"}]})")
                                         << QStringLiteral("call_9");
    QTest::newRow("unanswered tool call")
        << QByteArray(R"({"model":"claude-mock","messages":[{"role":"user","content":"hi"},)" + call
               + R"(,{"role":"user","content":"again"}]})")
        << QStringLiteral("call_1");
    QTest::newRow("unknown reasoning_effort") << QByteArray(
        R"({"model":"claude-mock","reasoning_effort":"extreme","messages":[{"role":"user","content":"hi"}]})")
                                              << QStringLiteral("reasoning_effort");
}

void TestBadInput::rejectedChat()
{
    // The OpenAI path answers in OpenAI's envelope, before any hold or upstream call.
    QFETCH(QByteArray, body);
    QFETCH(QString, mentioned);
    const auto holds = [this] {
        return m_http.get(m_gateway.url() + QStringLiteral("/admin/ledger/holds"), m_gateway.adminHeaders())
            .json()
            .value(QStringLiteral("holds"))
            .toArray()
            .size();
    };
    const qsizetype before = holds();
    const HttpResult r = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/chat/completions"),
        {{"content-type", "application/json"}, Header("authorization", "Bearer " + m_gateway.demoKey())}, body);
    QCOMPARE(r.status, 400);
    const QJsonObject error = r.json().value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("invalid_request_error"));
    QVERIFY2(error.value(QStringLiteral("message")).toString().contains(mentioned),
        qPrintable(error.value(QStringLiteral("message")).toString()));
    QVERIFY(!r.json().contains(QStringLiteral("type"))); // not the Anthropic envelope
    QCOMPARE(holds(), before);
}

void TestBadInput::stillHealthy()
{
    QCOMPARE(m_http.get(m_gateway.url() + QStringLiteral("/healthz")).status, 200);
    const HttpResult r = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"),
        m_gateway.customerHeaders(), messagesBody(QStringLiteral("claude-mock")));
    QCOMPARE(r.status, 200);
    // Nothing was sent upstream for any rejected request: only this last one arrived.
    QCOMPARE(m_mock.requests().size(), 1);
}

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
