// Translating an OpenAI request straight from its bytes (ChatRequest::scan) against the reference
// that reads it with QJsonDocument (translateDocument): whenever the scan answers, the reference
// must accept the body and give the same canonical request byte for byte, the same model and the
// same streaming facts. translate(), which tries the scan first, answers as the reference does.
#include "protocol/openai/ChatRequest.h"

#include "JsonMutations.h"

#include <QTest>

using namespace bytespike;

namespace {

void compareRequests(const ChatRequest &a, const ChatRequest &b)
{
    QCOMPARE(a.messagesBody, b.messagesBody);
    QCOMPARE(a.model, b.model);
    QCOMPARE(a.stream, b.stream);
    QCOMPARE(a.includeUsage, b.includeUsage);
    QCOMPARE(a.exposeReasoning, b.exposeReasoning);
}

} // namespace

class TestChatRequestScan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void agreesWithReference_data();
    void agreesWithReference();
    // Every prefix and random few-byte corruptions of usual requests: translate() answers as the
    // reference does, and whatever the scan accepts, the reference translates the same way.
    void mutationsNeverDisagree();
};

void TestChatRequestScan::agreesWithReference_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("scanned"); // the usual forms must not fall through to the document
    auto row
        = [](const char *name, const char *body, bool scanned) { QTest::newRow(name) << QByteArray(body) << scanned; };
    row("benchmark",
        R"({"model":"bench","max_tokens":16,"stream":false,"messages":[{"role":"user","content":"benchmark"}]})", true);
    row("sdk stream",
        R"({"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},"temperature":0.7,"top_p":0.95,"max_completion_tokens":256})",
        true);
    row("whitespace", "{ \"model\" : \"m\" ,\n \"messages\" : [ { \"role\" : \"user\" , \"content\" : \"x\" } ] }\n",
        true);
    row("default max", R"({"model":"m","messages":[{"role":"user","content":"x"}]})", true);
    row("max_completion wins",
        R"({"model":"m","max_tokens":9,"max_completion_tokens":12,"messages":[{"role":"user","content":"x"}]})", true);
    row("nulls",
        R"({"model":"m","max_tokens":null,"max_completion_tokens":null,"stream":null,"stream_options":null,"temperature":null,"top_p":null,"stop":null,"n":null,"user":null,"tools":null,"tool_choice":null,"messages":[{"role":"user","content":"x"}]})",
        true);
    row("n one", R"({"model":"m","n":1,"messages":[{"role":"user","content":"x"}]})", true);
    row("escapes",
        R"({"model":"m","messages":[{"role":"user","content":"line\none \"q\" \\ \/ \t\u00e9\u4e2d\u0001\u001f\u0041\b\f\r"}]})",
        true);
    row("unicode",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"caf\xC3\xA9 \xE4\xB8\xAD "
        "\xF0\x9F\x98\x80\"}]}",
        true);
    row("parts",
        R"({"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":""},{"type":"text","text":"b\n"}]}]})",
        true);
    row("system parts and developer",
        R"({"model":"m","messages":[{"role":"system","content":[{"type":"text","text":"one"},{"type":"text","text":"two"}]},{"role":"developer","content":"three"},{"role":"system","content":""},{"role":"user","content":"x"}]})",
        true);
    row("conversation merges",
        R"({"model":"m","messages":[{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":"assistant","content":"c"},{"role":"assistant","content":null,"refusal":"no"},{"role":"assistant","content":""},{"role":"user","content":""},{"role":"user","content":"d","name":"ann"}]})",
        true);
    row("assistant parts",
        R"({"model":"m","messages":[{"role":"assistant","content":[{"type":"text","text":"p"},{"type":"text","text":"q"}]},{"role":"user","content":"x"}]})",
        true);
    row("unknown members",
        R"({"model":"m","seed":7,"logprobs":false,"frequency_penalty":0.5,"metadata":{"a":[1,{"b":null}]},"messages":[{"role":"user","content":"x","extra":{"y":1}}]})",
        true);
    row("sampling forms", R"({"model":"m","temperature":1.7,"top_p":1,"messages":[{"role":"user","content":"x"}]})",
        true);
    row("sampling small",
        R"({"model":"m","temperature":-0.5,"top_p":0.000001,"messages":[{"role":"user","content":"x"}]})", true);
    row("sampling integers",
        R"({"model":"m","temperature":0,"top_p":100000000000000,"messages":[{"role":"user","content":"x"}]})", true);
    row("sampling zero", R"({"model":"m","temperature":0.0,"top_p":-0,"messages":[{"role":"user","content":"x"}]})",
        true);
    row("sampling digits",
        R"({"model":"m","temperature":0.12345678901234,"top_p":12345.6789,"messages":[{"role":"user","content":"x"}]})",
        true);
    row("stops",
        R"({"model":"m","stop":["END","  ","\n\n","\u0020\t"," x "],"messages":[{"role":"user","content":"x"}]})",
        true);
    row("stop string", R"({"model":"m","stop":"###","messages":[{"role":"user","content":"x"}]})", true);
    row("stop blank", R"({"model":"m","stop":"\r\n","messages":[{"role":"user","content":"x"}]})", true);
    row("user",
        R"({"model":"m","user":"u-1\u00e9","safety_identifier":"s","messages":[{"role":"user","content":"x"}]})", true);
    row("safety identifier", R"({"model":"m","safety_identifier":"s-2","messages":[{"role":"user","content":"x"}]})",
        true);
    row("empty user", R"({"model":"m","user":"","safety_identifier":"s-2","messages":[{"role":"user","content":"x"}]})",
        true);
    row("stream without usage",
        R"({"model":"m","stream":true,"stream_options":{"include_usage":false,"x":1},"messages":[{"role":"user","content":"x"}]})",
        true);
    row("usage without stream",
        R"({"model":"m","stream":false,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]})",
        true);

    // Left to the reference, valid.
    row("tools",
        R"({"model":"m","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"messages":[{"role":"user","content":"x"}]})",
        false);
    row("image",
        R"({"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://e.x/a.png"}}]}]})",
        false);
    row("reasoning",
        R"({"model":"m","reasoning_effort":"low","max_tokens":4000,"messages":[{"role":"user","content":"x"}]})",
        false);
    row("tool turn",
        R"({"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"r"},{"role":"user","content":"x"}]})",
        false);
    row("long user",
        QByteArray(QByteArray(R"({"model":"m","user":")") + QByteArray(300, 'u')
            + R"(","messages":[{"role":"user","content":"x"}]})")
            .constData(),
        false);
    row("float max", R"({"model":"m","max_tokens":16.0,"messages":[{"role":"user","content":"x"}]})", false);
    row("duplicate model", R"({"model":"a","model":"b","messages":[{"role":"user","content":"x"}]})", false);
    row("exponent", R"({"model":"m","temperature":1e-1,"messages":[{"role":"user","content":"x"}]})", false);
    row("stop nbsp", "{\"model\":\"m\",\"stop\":\"\xC2\xA0\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
        false);
    row("stop next line", R"({"model":"m","stop":"\u0085","messages":[{"role":"user","content":"x"}]})", false);

    // Invalid: the scan must decline and the reference words the error.
    row("no model", R"({"messages":[{"role":"user","content":"x"}]})", false);
    row("empty model", R"({"model":"","messages":[{"role":"user","content":"x"}]})", false);
    row("no messages", R"({"model":"m"})", false);
    row("empty messages", R"({"model":"m","messages":[]})", false);
    row("system only", R"({"model":"m","messages":[{"role":"system","content":"s"}]})", false);
    row("n two", R"({"model":"m","n":2,"messages":[{"role":"user","content":"x"}]})", false);
    row("zero max", R"({"model":"m","max_tokens":0,"messages":[{"role":"user","content":"x"}]})", false);
    row("user null content", R"({"model":"m","messages":[{"role":"user","content":null}]})", false);
    row("bad role", R"({"model":"m","messages":[{"role":"robot","content":"x"}]})", false);
    row("not json", "{\"model\":", false);
    row("top array", "[1]", false);
    row("empty", "", false);
}

void TestChatRequestScan::agreesWithReference()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, scanned);

    ChatRequest fast;
    QCOMPARE(ChatRequest::scan(body, &fast), scanned);
    ChatRequest reference;
    const ApiError referenceError = ChatRequest::translateDocument(body, &reference);
    if (scanned) {
        QVERIFY2(!referenceError.isError(), qPrintable(referenceError.message));
        compareRequests(fast, reference);
    }
    ChatRequest translated;
    const ApiError error = ChatRequest::translate(body, &translated);
    QCOMPARE(error.isError(), referenceError.isError());
    QCOMPARE(error.message, referenceError.message);
    if (!error.isError())
        compareRequests(translated, reference);
}

void TestChatRequestScan::mutationsNeverDisagree()
{
    const QList<QByteArray> bodies {
        R"({"model":"bench","max_tokens":16,"stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"benchmark"}]})",
        R"({"model":"m","temperature":0.5,"top_p":1,"stop":["a","\n"],"user":"u","messages":[{"role":"system","content":[{"type":"text","text":"s\u00e9"}]},{"role":"user","content":"a\"b"},{"role":"assistant","content":null,"refusal":"r"},{"role":"user","content":[{"type":"text","text":"t"}]}]})",
    };
    QRandomGenerator rng(7);
    qsizetype scannedCount = 0;
    for (const QByteArray &body : bodies) {
        jsonMutations(body, rng, [&](const QByteArray &bytes) {
            ChatRequest reference;
            const ApiError referenceError = ChatRequest::translateDocument(bytes, &reference);
            ChatRequest fast;
            if (ChatRequest::scan(bytes, &fast)) {
                ++scannedCount;
                if (referenceError.isError())
                    qFatal("the scan accepted a body the reference refuses (%s): %s",
                        qPrintable(referenceError.message), bytes.constData());
                if (fast.messagesBody != reference.messagesBody || fast.model != reference.model
                    || fast.stream != reference.stream || fast.includeUsage != reference.includeUsage)
                    qFatal("the scan and the reference translate differently: %s\n%s\n%s", bytes.constData(),
                        fast.messagesBody.constData(), reference.messagesBody.constData());
            }
        });
    }
    QVERIFY2(scannedCount > 1000, qPrintable(QString::number(scannedCount)));
}

QTEST_GUILESS_MAIN(TestChatRequestScan)
#include "tst_chatrequestscan.moc"
