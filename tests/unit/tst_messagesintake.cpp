// The intake stage of a Messages request (service/MessagesIntake), without sockets: the content
// type, the body (Anthropic and OpenAI), and the model's candidates from a routing snapshot with
// circuit breakers in front.
#include "routing/CircuitBreakers.h"
#include "service/MessagesIntake.h"

#include <QRandomGenerator>
#include <QTest>

using namespace bytespike;

namespace {

ChannelRuntime channel(const QString &id, const QString &model, qint64 priority, bool enabled = true)
{
    ChannelRuntime runtime;
    runtime.channel.id = id;
    runtime.channel.enabled = enabled;
    runtime.channel.priority = priority;
    ModelRoute route;
    route.model = model;
    route.upstreamModel = model;
    runtime.channel.models = {route};
    return runtime;
}

} // namespace

class TestMessagesIntake : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void contentType_data();
    void contentType();
    void body_data();
    void body();
    void candidates_data();
    void candidates();
};

void TestMessagesIntake::contentType_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("json") << QByteArray("application/json") << true;
    QTest::newRow("json with charset") << QByteArray("application/json; charset=utf-8") << true;
    QTest::newRow("upper case") << QByteArray("Application/JSON") << true;
    QTest::newRow("missing") << QByteArray() << false;
    QTest::newRow("text") << QByteArray("text/plain") << false;
    QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded") << false;
}

void TestMessagesIntake::contentType()
{
    QFETCH(QByteArray, contentType);
    QFETCH(bool, accepted);
    const ApiError error = MessagesIntake::contentTypeError(contentType);
    QCOMPARE(!error.isError(), accepted);
    if (!accepted) {
        QCOMPARE(error.status, 400);
        QCOMPARE(error.message, QStringLiteral("Content-Type must be application/json"));
    }
}

void TestMessagesIntake::body_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("openAi");
    QTest::addColumn<bool>("countTokens");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("stream");
    const QByteArray messages
        = R"({"model":"m1","max_tokens":16,"stream":true,"messages":[{"role":"user","content":"hi"}]})";
    const QByteArray chat = R"({"model":"m2","messages":[{"role":"user","content":"hi"}]})";
    QTest::newRow("anthropic") << messages << false << false << 0 << QStringLiteral("m1") << true;
    QTest::newRow("anthropic count_tokens")
        << QByteArray(R"({"model":"m1","messages":[{"role":"user","content":"x"}]})") << false << true << 0
        << QStringLiteral("m1") << false;
    QTest::newRow("anthropic without max_tokens")
        << QByteArray(R"({"model":"m1","messages":[{"role":"user","content":"x"}]})") << false << false << 400
        << QString() << false;
    QTest::newRow("not json") << QByteArray("{") << false << false << 400 << QString() << false;
    QTest::newRow("openai") << chat << true << false << 0 << QStringLiteral("m2") << false;
    QTest::newRow("openai n=2") << QByteArray(R"({"model":"m2","n":2,"messages":[{"role":"user","content":"hi"}]})")
                                << true << false << 400 << QString() << false;
}

void TestMessagesIntake::body()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, openAi);
    QFETCH(bool, countTokens);
    QFETCH(int, status);
    QFETCH(QString, model);
    QFETCH(bool, stream);
    const auto endpoint = countTokens ? MessagesRequest::Endpoint::CountTokens : MessagesRequest::Endpoint::Messages;
    // The same answer on the gateway thread and, with everything prepared, on a worker thread.
    for (const bool prepareAll : {false, true}) {
        const MessagesIntake in = MessagesIntake::read(body, endpoint, openAi, prepareAll);
        QCOMPARE(in.error.status, status);
        if (status != 0)
            continue;
        QCOMPARE(in.request.model, model);
        QCOMPARE(in.request.stream, stream);
        QCOMPARE(in.chat.has_value(), openAi);
        if (!openAi)
            QCOMPARE(in.body, body); // an Anthropic body is the customer's bytes
        QVERIFY(in.request.modelBegin >= 0);
    }
}

void TestMessagesIntake::candidates_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QStringList>("opened"); // channels whose breaker is open
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QStringList>("order");
    QTest::newRow("by priority") << QStringLiteral("m") << QStringList() << 0 << QString()
                                 << QStringList {QStringLiteral("high/m"), QStringLiteral("low/m")};
    QTest::newRow("open breaker left out") << QStringLiteral("m") << QStringList {QStringLiteral("high")} << 0
                                           << QString() << QStringList {QStringLiteral("low/m")};
    QTest::newRow("every breaker open") << QStringLiteral("m")
                                        << QStringList {QStringLiteral("high"), QStringLiteral("low")} << 529
                                        << QStringLiteral(
                                               "every channel for model m is cooling down after repeated failures")
                                        << QStringList();
    QTest::newRow("only a disabled channel")
        << QStringLiteral("off") << QStringList() << 529 << QStringLiteral("no channel is available for model off")
        << QStringList();
    QTest::newRow("unknown model") << QStringLiteral("nope") << QStringList() << 404 << QStringLiteral("model: nope")
                                   << QStringList();
}

void TestMessagesIntake::candidates()
{
    QFETCH(QString, model);
    QFETCH(QStringList, opened);
    QFETCH(int, status);
    QFETCH(QString, message);
    QFETCH(QStringList, order);
    const RoutingSnapshot snapshot({channel(QStringLiteral("low"), QStringLiteral("m"), 1),
        channel(QStringLiteral("high"), QStringLiteral("m"), 5),
        channel(QStringLiteral("disabled"), QStringLiteral("off"), 1, false)});
    CircuitBreakers breakers(1, 60000);
    for (const QString &id : opened)
        breakers.failed(id, QStringLiteral("test failure"));
    QRandomGenerator rng(7);
    const Candidates candidates = Candidates::route(snapshot, model, rng, breakers);
    QCOMPARE(candidates.error.status, status);
    QCOMPARE(candidates.error.message, message);
    QStringList names;
    for (const Endpoint &e : candidates.endpoints)
        names.append(e.name());
    QCOMPARE(names, order);
}

QTEST_GUILESS_MAIN(TestMessagesIntake)
#include "tst_messagesintake.moc"
