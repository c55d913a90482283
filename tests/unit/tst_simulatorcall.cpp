// The built-in simulator channel: deterministic, honours max_tokens, stop_sequences and tools,
// streams a grammatical event sequence, and produces its demo faults.
#include "upstream/SimulatorCall.h"
#include "wire/SseParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace bytespike;

namespace {

struct Outcome
{
    int status = 0;
    QByteArray body;
    bool finished = false;
    bool failed = false;
};

Outcome run(const QJsonObject &request, bool stream)
{
    SimulatorCall call(QJsonDocument(request).toJson(QJsonDocument::Compact), stream, 0.0);
    Outcome out;
    QObject::connect(
        &call, &UpstreamCall::responseStarted, [&](int status, const HeaderPairs &) { out.status = status; });
    QObject::connect(&call, &UpstreamCall::bodyData, [&](const QByteArray &chunk) { out.body += chunk; });
    QObject::connect(&call, &UpstreamCall::finished, [&] { out.finished = true; });
    QObject::connect(&call, &UpstreamCall::failed, [&] { out.failed = true; });
    call.start();
    for (int i = 0; i < 500 && !out.finished && !out.failed; ++i)
        QTest::qWait(10);
    return out;
}

QJsonObject request(const QString &text, qint64 maxTokens = 200)
{
    return QJsonObject {{QStringLiteral("model"), QStringLiteral("bytespike-simulator")},
        {QStringLiteral("max_tokens"), maxTokens},
        {QStringLiteral("messages"),
            QJsonArray {
                QJsonObject {{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), text}}}}};
}

QString textOf(const QJsonObject &message)
{
    QString text;
    for (const QJsonValue &block : message.value(QStringLiteral("content")).toArray())
        text += block.toObject().value(QStringLiteral("text")).toString();
    return text;
}

} // namespace

class TestSimulatorCall : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deterministic();
    void messageShapeAndUsage();
    void streamGrammar();
    void maxTokens();
    void stopSequences();
    void toolUse();
    void faults_data();
    void faults();
    void abortEmitsNothingMore();
};

void TestSimulatorCall::deterministic()
{
    const QJsonObject a = QJsonDocument::fromJson(run(request(QStringLiteral("same question")), false).body).object();
    const QJsonObject b = QJsonDocument::fromJson(run(request(QStringLiteral("same question")), false).body).object();
    const QJsonObject c
        = QJsonDocument::fromJson(run(request(QStringLiteral("another question")), false).body).object();
    QCOMPARE(textOf(a), textOf(b));
    QVERIFY(textOf(a) != textOf(c));
}

void TestSimulatorCall::messageShapeAndUsage()
{
    const Outcome out = run(request(QStringLiteral("12345678")), false);
    QCOMPARE(out.status, 200);
    const QJsonObject m = QJsonDocument::fromJson(out.body).object();
    QCOMPARE(m.value(QStringLiteral("type")).toString(), QStringLiteral("message"));
    QVERIFY(m.value(QStringLiteral("id")).toString().startsWith(QLatin1String("msg_")));
    QCOMPARE(m.value(QStringLiteral("stop_reason")).toString(), QStringLiteral("end_turn"));
    QVERIFY(textOf(m).startsWith(QLatin1String("[simulator] ")));
    const QJsonObject usage = m.value(QStringLiteral("usage")).toObject();
    QCOMPARE(usage.value(QStringLiteral("input_tokens")).toInt(), 2); // 8 bytes / 4
    QCOMPARE(usage.value(QStringLiteral("output_tokens")).toInt(), int(textOf(m).split(QLatin1Char(' ')).size()));
}

void TestSimulatorCall::streamGrammar()
{
    const Outcome out = run(request(QStringLiteral("stream me")), true);
    QCOMPARE(out.status, 200);
    SseParser parser;
    const QList<SseParser::Frame> frames = parser.feed(out.body);
    QVERIFY(frames.size() > 5);
    QCOMPARE(frames.first().event, QByteArray("message_start"));
    QCOMPARE(frames.last().event, QByteArray("message_stop"));
    QCOMPARE(frames.at(frames.size() - 2).event, QByteArray("message_delta"));
    int open = -1;
    int nextIndex = 0;
    for (const SseParser::Frame &f : frames) {
        const QJsonObject data = QJsonDocument::fromJson(f.data).object();
        QCOMPARE(data.value(QStringLiteral("type")).toString().toUtf8(), f.event);
        if (f.event == "content_block_start") {
            QCOMPARE(open, -1);
            QCOMPARE(data.value(QStringLiteral("index")).toInt(), nextIndex);
            open = nextIndex++;
        } else if (f.event == "content_block_delta") {
            QCOMPARE(data.value(QStringLiteral("index")).toInt(), open);
        } else if (f.event == "content_block_stop") {
            QCOMPARE(data.value(QStringLiteral("index")).toInt(), open);
            open = -1;
        }
    }
    QCOMPARE(open, -1);
}

void TestSimulatorCall::maxTokens()
{
    const QJsonObject m = QJsonDocument::fromJson(run(request(QStringLiteral("long please"), 3), false).body).object();
    QCOMPARE(m.value(QStringLiteral("stop_reason")).toString(), QStringLiteral("max_tokens"));
    QCOMPARE(m.value(QStringLiteral("usage")).toObject().value(QStringLiteral("output_tokens")).toInt(), 3);
}

void TestSimulatorCall::stopSequences()
{
    QJsonObject r = request(QStringLiteral("stop here"));
    r.insert(QStringLiteral("stop_sequences"), QJsonArray {QStringLiteral("said:")});
    const QJsonObject m = QJsonDocument::fromJson(run(r, false).body).object();
    QCOMPARE(m.value(QStringLiteral("stop_reason")).toString(), QStringLiteral("stop_sequence"));
    QCOMPARE(m.value(QStringLiteral("stop_sequence")).toString(), QStringLiteral("said:"));
    QVERIFY(!textOf(m).contains(QLatin1String("said:")));
}

void TestSimulatorCall::toolUse()
{
    QJsonObject r = request(QStringLiteral("weather?"));
    r.insert(QStringLiteral("tools"),
        QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("get_weather")},
            {QStringLiteral("input_schema"),
                QJsonObject {{QStringLiteral("type"), QStringLiteral("object")},
                    {QStringLiteral("properties"),
                        QJsonObject {
                            {QStringLiteral("city"), QJsonObject {{QStringLiteral("type"), QStringLiteral("string")}}},
                            {QStringLiteral("days"),
                                QJsonObject {{QStringLiteral("type"), QStringLiteral("integer")}}}}},
                    {QStringLiteral("required"), QJsonArray {QStringLiteral("city"), QStringLiteral("days")}}}}}});
    const QJsonObject m = QJsonDocument::fromJson(run(r, false).body).object();
    QCOMPARE(m.value(QStringLiteral("stop_reason")).toString(), QStringLiteral("tool_use"));
    const QJsonObject tool = m.value(QStringLiteral("content")).toArray().last().toObject();
    QCOMPARE(tool.value(QStringLiteral("type")).toString(), QStringLiteral("tool_use"));
    QVERIFY(tool.value(QStringLiteral("id")).toString().startsWith(QLatin1String("toolu_")));
    QCOMPARE(tool.value(QStringLiteral("input")).toObject().value(QStringLiteral("city")).toString(),
        QStringLiteral("simulated"));
    QCOMPARE(tool.value(QStringLiteral("input")).toObject().value(QStringLiteral("days")).toInt(), 1);
    // Streamed, the input arrives as input_json_delta fragments that join to the same object.
    SseParser parser;
    QString json;
    for (const SseParser::Frame &f : parser.feed(run(r, true).body)) {
        const QJsonObject delta = QJsonDocument::fromJson(f.data).object().value(QStringLiteral("delta")).toObject();
        if (delta.value(QStringLiteral("type")).toString() == QLatin1String("input_json_delta"))
            json += delta.value(QStringLiteral("partial_json")).toString();
    }
    QCOMPARE(QJsonDocument::fromJson(json.toUtf8()).object(), tool.value(QStringLiteral("input")).toObject());
    // tool_choice none: a plain answer.
    r.insert(QStringLiteral("tool_choice"), QJsonObject {{QStringLiteral("type"), QStringLiteral("none")}});
    QCOMPARE(QJsonDocument::fromJson(run(r, false).body).object().value(QStringLiteral("stop_reason")).toString(),
        QStringLiteral("end_turn"));
}

void TestSimulatorCall::faults_data()
{
    QTest::addColumn<QString>("directive");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("failed");
    QTest::addColumn<QString>("stopReason");
    QTest::newRow("overloaded") << QStringLiteral("overloaded") << 529 << false << QString();
    QTest::newRow("error500") << QStringLiteral("error500") << 500 << false << QString();
    QTest::newRow("rate_limited") << QStringLiteral("rate_limited") << 429 << false << QString();
    QTest::newRow("refusal") << QStringLiteral("refusal") << 200 << false << QStringLiteral("refusal");
    QTest::newRow("drop") << QStringLiteral("drop") << 0 << true << QString();
}

void TestSimulatorCall::faults()
{
    QFETCH(QString, directive);
    QFETCH(int, status);
    QFETCH(bool, failed);
    QFETCH(QString, stopReason);
    const Outcome out = run(request(QStringLiteral("demo [[simulate:%1]]").arg(directive)), false);
    QCOMPARE(out.failed, failed);
    QCOMPARE(out.status, status);
    if (!stopReason.isEmpty())
        QCOMPARE(
            QJsonDocument::fromJson(out.body).object().value(QStringLiteral("stop_reason")).toString(), stopReason);
    if (status >= 400)
        QCOMPARE(QJsonDocument::fromJson(out.body).object().value(QStringLiteral("type")).toString(),
            QStringLiteral("error"));
}

void TestSimulatorCall::abortEmitsNothingMore()
{
    // Real latency, so the answer is still streaming when the abort comes.
    SimulatorCall call(QJsonDocument(request(QStringLiteral("abort me"))).toJson(), true, 1.0);
    QSignalSpy data(&call, &UpstreamCall::bodyData);
    QSignalSpy finished(&call, &UpstreamCall::finished);
    call.start();
    QTRY_VERIFY(data.size() >= 1);
    call.abort();
    const qsizetype seen = data.size();
    QTest::qWait(400);
    QCOMPARE(data.size(), seen);
    QCOMPARE(finished.size(), 0);
}

QTEST_GUILESS_MAIN(TestSimulatorCall)
#include "tst_simulatorcall.moc"
