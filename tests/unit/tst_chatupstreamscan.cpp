// Writing the request for an OpenAI-speaking channel straight from the canonical request's bytes
// (ChatUpstream::requestFromMessagesBytes) against the reference that reads the document
// (requestFromMessages): whenever the byte path answers, the body must be a JSON object and the
// request and the answer options must be the same, byte for byte, for every channel option set.
#include "protocol/openai/ChatUpstream.h"

#include "JsonMutations.h"

#include <QJsonDocument>
#include <QTest>

using namespace bytespike;

namespace {

const QString kUpstreamModel = QStringLiteral("gpt-4o-mini");

QList<QJsonObject> optionSets()
{
    return {QJsonObject(),
        QJsonObject {{QStringLiteral("max_tokens_field"), QStringLiteral("max_tokens")},
            {QStringLiteral("stream_usage"), false}, {QStringLiteral("tool_streaming"), QStringLiteral("live")}},
        QJsonObject {{QStringLiteral("system_messages"), QStringLiteral("demote")}, {QStringLiteral("reasoning"), true},
            {QStringLiteral("reasoning_replay"), true}}};
}

// Empty when the two agree (or the byte path declined), else what differs.
QString disagreement(const QByteArray &canonical, const QJsonObject &options, bool *answered = nullptr)
{
    ChatAnswerOptions fastAnswer;
    const std::optional<QByteArray> fast
        = ChatUpstream::requestFromMessagesBytes(canonical, kUpstreamModel, options, &fastAnswer);
    if (answered)
        *answered = fast.has_value();
    if (!fast)
        return {};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(canonical, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return QStringLiteral("answered for a body that is not a JSON object");
    ChatAnswerOptions answer;
    const QByteArray reference = ChatUpstream::requestFromMessages(doc.object(), kUpstreamModel, options, &answer);
    if (*fast != reference)
        return QStringLiteral("request:\n%1\n%2").arg(QString::fromUtf8(*fast), QString::fromUtf8(reference));
    if (fastAnswer.exposeReasoning != answer.exposeReasoning || fastAnswer.toolNames != answer.toolNames
        || fastAnswer.liveTools != answer.liveTools || fastAnswer.usageRequested != answer.usageRequested)
        return QStringLiteral("answer options differ");
    return {};
}

} // namespace

class TestChatUpstreamScan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void agreesWithReference_data();
    void agreesWithReference();
    void unknownTokenFieldIsLeftToTheReference();
    // Every prefix and random few-byte corruptions of usual requests never disagree.
    void mutationsNeverDisagree();
};

void TestChatUpstreamScan::agreesWithReference_data()
{
    QTest::addColumn<QByteArray>("canonical");
    QTest::addColumn<bool>("answered"); // the usual forms must not fall through to the document
    auto row = [](const char *name, const char *body, bool answered) {
        QTest::newRow(name) << QByteArray(body) << answered;
    };
    row("benchmark",
        R"({"model":"bench","max_tokens":16,"stream":false,"messages":[{"role":"user","content":"benchmark"}]})", true);
    row("translated from openai",
        R"({"max_tokens":256,"messages":[{"content":[{"text":"Hi","type":"text"}],"role":"user"}],"model":"gpt","stream":true,"system":"Be brief.","temperature":0.7,"top_p":0.95})",
        true);
    row("claude code like",
        R"({"model":"claude","max_tokens":32000,"stream":true,"system":[{"type":"text","text":"You are a CLI.","cache_control":{"type":"ephemeral"}},{"type":"text","text":"Second."}],"messages":[{"role":"user","content":[{"type":"text","text":"<context>\n\"x\"</context>","cache_control":{"type":"ephemeral"}},{"type":"text","text":""}]},{"role":"assistant","content":[{"type":"text","text":"A"},{"type":"text","text":"B"}]},{"role":"user","content":"next"}],"metadata":{"user_id":"user_abc"}})",
        true);
    row("empty pieces",
        R"({"model":"m","max_tokens":1,"system":"","messages":[{"role":"user","content":""},{"role":"assistant","content":""},{"role":"assistant","content":[]},{"role":"user","content":[]},{"role":"user","content":"x"}]})",
        true);
    row("escapes",
        R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"\u00e9\n\/\"\u0007"}],"stop_sequences":["\n\nHuman:","END"]})",
        true);
    row("numbers",
        R"({"model":"m","max_tokens":5,"temperature":1,"top_p":-0,"messages":[{"role":"user","content":"x"}]})", true);
    row("negative zero",
        R"({"model":"m","max_tokens":-0,"temperature":-0.0,"messages":[{"role":"user","content":"x"}]})", true);
    row("unknown members",
        R"({"model":"m","max_tokens":5,"top_k":3,"tool_choice":{"type":"auto"},"service_tier":"auto","messages":[{"role":"user","content":"x","id":1}]})",
        true);
    row("four stops",
        R"({"model":"m","max_tokens":5,"stop_sequences":["a","b","c","d"],"messages":[{"role":"user","content":"x"}]})",
        true);

    row("five stops",
        R"({"model":"m","max_tokens":5,"stop_sequences":["a","b","c","d","e"],"messages":[{"role":"user","content":"x"}]})",
        false);
    row("tools",
        R"({"model":"m","max_tokens":5,"tools":[{"name":"f","input_schema":{"type":"object"}}],"messages":[{"role":"user","content":"x"}]})",
        false);
    row("thinking",
        R"({"model":"m","max_tokens":5000,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"x"}]})",
        false);
    row("tool result",
        R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"r"}]}]})",
        false);
    row("image",
        R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"url","url":"https://e.x/i.png"}}]}]})",
        false);
    row("system turn",
        R"({"model":"m","max_tokens":5,"messages":[{"role":"system","content":"s"},{"role":"user","content":"x"}]})",
        false);
    row("long user id",
        QByteArray(QByteArray(R"({"model":"m","max_tokens":5,"metadata":{"user_id":")") + QByteArray(65, 'u')
            + R"("},"messages":[{"role":"user","content":"x"}]})")
            .constData(),
        false);
    row("no max_tokens", R"({"model":"m","messages":[{"role":"user","content":"x"}]})", false);
    row("null temperature",
        R"({"model":"m","max_tokens":5,"temperature":null,"messages":[{"role":"user","content":"x"}]})", false);
    row("duplicate messages",
        R"({"model":"m","max_tokens":5,"messages":[],"messages":[{"role":"user","content":"x"}]})", false);
    row("not json", R"({"model":"m","max_tokens":5,"messages":[)", false);
}

void TestChatUpstreamScan::agreesWithReference()
{
    QFETCH(QByteArray, canonical);
    QFETCH(bool, answered);
    for (const QJsonObject &options : optionSets()) {
        bool fast = false;
        const QString differs = disagreement(canonical, options, &fast);
        QVERIFY2(differs.isEmpty(), qPrintable(differs));
        QCOMPARE(fast, answered);
    }
}

void TestChatUpstreamScan::unknownTokenFieldIsLeftToTheReference()
{
    const QJsonObject options {{QStringLiteral("max_tokens_field"), QStringLiteral("maximum")}};
    QVERIFY(!ChatUpstream::requestFromMessagesBytes(
        R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}]})", kUpstreamModel, options));
}

void TestChatUpstreamScan::mutationsNeverDisagree()
{
    const QList<QByteArray> bodies {
        R"({"max_tokens":16,"messages":[{"content":[{"text":"benchmark","type":"text"}],"role":"user"}],"model":"bench","stream":true})",
        R"({"model":"m","max_tokens":9,"system":[{"type":"text","text":"s"}],"temperature":0.5,"top_p":1,"stop_sequences":["a"],"metadata":{"user_id":"u"},"messages":[{"role":"user","content":"a\"b"},{"role":"assistant","content":[{"type":"text","text":"t"}]}]})",
    };
    QRandomGenerator rng(5);
    qsizetype answered = 0;
    const QList<QJsonObject> options = optionSets();
    for (const QByteArray &body : bodies) {
        jsonMutations(body, rng, [&](const QByteArray &bytes) {
            bool fast = false;
            const QString differs = disagreement(bytes, options.at(int(rng.bounded(int(options.size())))), &fast);
            if (!differs.isEmpty())
                qFatal("%s\non: %s", qPrintable(differs), bytes.constData());
            answered += fast;
        });
    }
    QVERIFY2(answered > 1000, qPrintable(QString::number(answered)));
}

QTEST_GUILESS_MAIN(TestChatUpstreamScan)
#include "tst_chatupstreamscan.moc"
