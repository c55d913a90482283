// Reading a Messages request straight from its bytes (MessagesRequest::scan) against the reference
// that parses it with QJsonDocument (parseDocument): whenever the scan answers, the body must be one
// the reference accepts and every fact read must be the same (the model and its span, max_tokens,
// stream, tools, images for the hold, unsigned thinking), or a request would be routed, held or
// forwarded differently. parse(), which tries the scan first, must answer exactly as the
// reference does, refusals and their wording included.
#include "protocol/anthropic/MessagesRequest.h"

#include "JsonMutations.h"

#include <QJsonDocument>
#include <QTest>

using namespace bytespike;

namespace {

using Endpoint = MessagesRequest::Endpoint;

// Compares every fact parse() gives, and what the exchange derives from them.
void compareRequests(const MessagesRequest &a, const MessagesRequest &b, const QByteArray &body)
{
    QCOMPARE(a.model, b.model);
    QCOMPARE(a.maxTokens, b.maxTokens);
    QCOMPARE(a.stream, b.stream);
    QCOMPARE(a.hasTools, b.hasTools);
    QCOMPARE(a.modelBegin, b.modelBegin);
    QCOMPARE(a.modelEnd, b.modelEnd);
    QCOMPARE(a.images, b.images);
    QCOMPARE(a.imageDataUnits, b.imageDataUnits);
    QCOMPARE(a.unsignedThinking, b.unsignedThinking);
    QCOMPARE(a.json(), b.json());
    QCOMPARE(a.worstCaseInputTokens(body.size()), b.worstCaseInputTokens(body.size()));
    QCOMPARE(a.estimateInputTokens(), b.estimateInputTokens());
    QCOMPARE(a.bodyWithModel(body, QStringLiteral("upstream-model")),
        b.bodyWithModel(body, QStringLiteral("upstream-model")));
}

// A request as agentic clients send it (defined at the end: moc reads raw string literals poorly).
extern const char kAgentic[];

} // namespace

class TestRequestScan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void agreesWithReference_data();
    void agreesWithReference();
    // Every prefix and every random few-byte corruption of real requests: parse() answers as the
    // reference does, and whatever the scan accepts, the reference accepts with the same facts.
    void mutationsNeverDisagree();
    // The facts the scan reads on its own: images for the hold and unsigned thinking.
    void readsImagesAndThinking();
    // The bytes of text the local token estimate counts, from the bytes and from the document.
    void textBytesAgreeWithReference();
};

// Defined out of the class: moc reads raw string literals poorly.
void TestRequestScan::agreesWithReference_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("countTokens");
    QTest::addColumn<bool>("scanned"); // the scan answers (else parse() takes the reference)
    QTest::addColumn<bool>("valid");

    auto row = [](const char *name, const QByteArray &body, bool scanned, bool valid = true, bool countTokens = false) {
        QTest::newRow(name) << body << countTokens << scanned << valid;
    };
    const QByteArray head = R"({"model":"m","max_tokens":5,)";
    row("benchmark",
        R"({"model":"bench","max_tokens":16,"stream":false,"messages":[{"role":"user","content":"benchmark"}]})", true);
    row("agentic", kAgentic, true);
    row("count_tokens without max_tokens", R"({"model":"m","messages":[{"role":"user","content":"hi"}]})", true, true,
        true);
    row("count_tokens ignores sampling",
        R"({"model":"m","stream":"x","top_k":1.5,"messages":[{"role":"user","content":"a"}]})", true, true, true);
    row("system string", head + R"("system":"be brief","messages":[{"role":"user","content":"a"}]})", true);
    row("system role message", head + R"("messages":[{"role":"system","content":"a"}]})", true);
    row("empty tools", head + R"("tools":[],"messages":[{"role":"user","content":"a"}]})", true);
    row("tool_choice any",
        head
            + R"("tool_choice":{"type":"any","disable_parallel_tool_use":true},"messages":[{"role":"user","content":"a"}]})",
        true);
    row("unsigned thinking",
        head + R"("messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"x"}]}]})", true);
    row("empty signature",
        head + R"("messages":[{"role":"assistant","content":[{"type":"thinking","signature":""}]}]})", true);
    row("thinking from the user", head + R"("messages":[{"content":[{"type":"thinking"}],"role":"user"}]})", true);
    row("role after content", head + R"("messages":[{"content":[{"type":"thinking"}],"role":"assistant"}]})", true);
    row("image at the message",
        head + R"("messages":[{"role":"user","type":"image","source":{"data":"QUJD"},"content":"a"}]})", true);
    row("image data not a string",
        head + R"("messages":[{"role":"user","content":[{"type":"image","source":{"data":7}}]}]})", true);
    row("image source not an object",
        head + R"("messages":[{"role":"user","content":[{"type":"image","source":"x"}]}]})", true);
    row("nested arrays in a tool result",
        head
            + R"("messages":[{"role":"user","content":[{"type":"tool_result","content":[[{"type":"image","source":{"data":"AB"}}],"s"]}]}]})",
        true);
    row("max_tokens zero", R"({"model":"m","max_tokens":0,"messages":[{"role":"user","content":"a"}]})", true);
    row("max_tokens minus zero", R"({"model":"m","max_tokens":-0,"messages":[{"role":"user","content":"a"}]})", true);
    row("unicode model",
        "{\"model\":\"mod\xC3\xA8le\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}", true);
    row("pretty",
        "\n{\r\n\t\"model\" : \"m\" ,\n \"max_tokens\" : 5 ,\"messages\" : [ { \"role\" : \"user\" , \"content\" : [ ] "
        "} ] }\n ",
        true);
    row("four-byte utf8 in data",
        head
            + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"data\":"
              "\"\xF0\x9F\x98\x80x\"}}]}]}",
        true);
    row("escapes in data",
        head + R"("messages":[{"role":"user","content":[{"type":"image","source":{"data":"a\/b\u00e9\n"}}]}]})", true);
    // Valid, but left to the reference.
    row("escaped key", R"({"mod\u0065l":"m","max_tokens":5,"messages":[{"role":"user","content":"a"}]})", false, false);
    row("escaped key inside a block",
        head + R"("messages":[{"role":"user","content":[{"type":"text","t\u0065xt":"a"}]}]})", false);
    row("escaped model", R"({"model":"m\u0031","max_tokens":5,"messages":[{"role":"user","content":"a"}]})", false);
    row("escaped role", head + R"("messages":[{"role":"us\u0065r","content":"a"}]})", false);
    row("escaped type", head + R"("messages":[{"role":"user","content":[{"type":"t\u0065xt","text":"a"}]}]})", false);
    row("max_tokens with a fraction", R"({"model":"m","max_tokens":16.0,"messages":[{"role":"user","content":"a"}]})",
        false);
    row("max_tokens exponent", R"({"model":"m","max_tokens":1e3,"messages":[{"role":"user","content":"a"}]})", false);
    row("temperature exponent", head + R"("temperature":1e-1,"messages":[{"role":"user","content":"a"}]})", false);
    row("repeated messages",
        head + R"("messages":[{"role":"user","content":"a"}],"messages":[{"role":"user","content":"b"}]})", false);
    row("repeated type",
        head + R"("messages":[{"role":"user","content":[{"type":"text","type":"image","text":"a"}]}]})", false);
    row("surrogate pair", head + R"("messages":[{"role":"user","content":"\ud83d\ude00"}]})", false);
    row("raw tab", head + "\"messages\":[{\"role\":\"user\",\"content\":\"a\tb\"}]}", false);
    row("deep",
        head + R"("x":)" + QByteArray(100, '[') + QByteArray(100, ']')
            + R"(,"messages":[{"role":"user","content":"a"}]})",
        false);
    // Refused: the reference words the error.
    row("repeated model", R"({"model":"a","model":"b","max_tokens":5,"messages":[{"role":"user","content":"a"}]})",
        false, false);
    row("no model", R"({"max_tokens":5,"messages":[{"role":"user","content":"a"}]})", false, false);
    row("empty model", R"({"model":"","max_tokens":5,"messages":[{"role":"user","content":"a"}]})", false, false);
    row("model a number", R"({"model":5,"max_tokens":5,"messages":[{"role":"user","content":"a"}]})", false, false);
    row("no max_tokens", R"({"model":"m","messages":[{"role":"user","content":"a"}]})", false, false);
    row("negative max_tokens", R"({"model":"m","max_tokens":-1,"messages":[{"role":"user","content":"a"}]})", false,
        false);
    row("stream a string", head + R"("stream":"yes","messages":[{"role":"user","content":"a"}]})", false, false);
    row("stop_sequences a string", head + R"("stop_sequences":"x","messages":[{"role":"user","content":"a"}]})", false,
        false);
    row("top_k a fraction", head + R"("top_k":1.5,"messages":[{"role":"user","content":"a"}]})", false, false);
    row("metadata a list", head + R"("metadata":[],"messages":[{"role":"user","content":"a"}]})", false, false);
    row("no messages", R"({"model":"m","max_tokens":5})", false, false);
    row("empty messages", head + R"("messages":[]})", false, false);
    row("bad role", head + R"("messages":[{"role":"x","content":"a"}]})", false, false);
    row("no content", head + R"("messages":[{"role":"user"}]})", false, false);
    row("text block without text", head + R"("messages":[{"role":"user","content":[{"type":"text"}]}]})", false, false);
    row("block without type", head + R"("messages":[{"role":"user","content":[{"text":"a"}]}]})", false, false);
    row("system a number", head + R"("system":1,"messages":[{"role":"user","content":"a"}]})", false, false);
    row("tools not objects", head + R"("tools":[1],"messages":[{"role":"user","content":"a"}]})", false, false);
    row("tool_choice without type", head + R"("tool_choice":{},"messages":[{"role":"user","content":"a"}]})", false,
        false);
    row("trailing garbage", R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"a"}]} x)", false,
        false);
    row("top array", "[1]", false, false);
    row("empty", "", false, false);
}

void TestRequestScan::agreesWithReference()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, countTokens);
    QFETCH(bool, scanned);
    QFETCH(bool, valid);
    const Endpoint endpoint = countTokens ? Endpoint::CountTokens : Endpoint::Messages;

    MessagesRequest fast;
    QCOMPARE(MessagesRequest::scan(body, endpoint, &fast), scanned);
    MessagesRequest reference;
    const ApiError referenceError = MessagesRequest::parseDocument(body, endpoint, &reference);
    QCOMPARE(!referenceError.isError(), valid);
    if (scanned)
        compareRequests(fast, reference, body);

    MessagesRequest parsed;
    const ApiError error = MessagesRequest::parse(body, endpoint, &parsed);
    QCOMPARE(error.isError(), referenceError.isError());
    QCOMPARE(error.message, referenceError.message);
    if (!error.isError())
        compareRequests(parsed, reference, body);
}

void TestRequestScan::mutationsNeverDisagree()
{
    const QList<QByteArray> bodies {
        R"({"model":"bench","max_tokens":16,"stream":false,"messages":[{"role":"user","content":"benchmark"}]})",
        R"({"model":"m","max_tokens":8,"system":[{"type":"text","text":"s"}],"messages":[{"role":"assistant","content":[{"type":"thinking","signature":"x"},{"type":"image","source":{"data":"QQ=="}}]}],"tool_choice":{"type":"auto"}})",
        kAgentic,
    };
    QRandomGenerator rng(11);
    qsizetype scannedCount = 0;
    for (const QByteArray &body : bodies) {
        for (const Endpoint endpoint : {Endpoint::Messages, Endpoint::CountTokens}) {
            jsonMutations(body, rng, [&](const QByteArray &bytes) {
                MessagesRequest reference;
                const ApiError referenceError = MessagesRequest::parseDocument(bytes, endpoint, &reference);
                MessagesRequest fast;
                if (MessagesRequest::scan(bytes, endpoint, &fast)) {
                    ++scannedCount;
                    if (referenceError.isError())
                        qFatal("the scan accepted a body the reference refuses (%s): %s",
                            qPrintable(referenceError.message), bytes.constData());
                    compareRequests(fast, reference, bytes);
                }
                MessagesRequest parsed;
                const ApiError error = MessagesRequest::parse(bytes, endpoint, &parsed);
                if (error.isError() != referenceError.isError() || error.message != referenceError.message)
                    qFatal("parse() and the reference disagree on: %s", bytes.constData());
            });
            if (QTest::currentTestFailed())
                return;
        }
    }
    // The corruptions that leave a valid request (a changed letter in a text, say) are scanned.
    QVERIFY2(scannedCount > 1000, qPrintable(QString::number(scannedCount)));
}

void TestRequestScan::textBytesAgreeWithReference()
{
    auto reference = [](const QByteArray &body) {
        return MessagesRequest::documentTextBytes(QJsonDocument::fromJson(body).object());
    };
    const QByteArray tools
        = R"({"system":[{"type":"text","text":"caf\u00e9 \ud83d\ude00"}],"tools":[{"name":"f","description":"d","input_schema":{"type":"object","properties":{"a":{"type":"string","description":"x"}}}}],"messages":[{"role":"user","content":[{"type":"tool_result","content":[{"type":"text","text":"r"}],"is_error":true},{"type":"text","text":"\u00e9","n":1}]},{"role":"assistant","content":[{"type":"tool_use","input":{"q":[1,true,null,"s"]},"name":"f"}]}]})";
    QCOMPARE(MessagesRequest::scanTextBytes(tools), std::nullopt); // a surrogate escape: the document's
    const QByteArray plain = QByteArray(tools).replace(R"( \ud83d\ude00)", " \xF0\x9F\x98\x80");
    QCOMPARE(MessagesRequest::scanTextBytes(plain), std::optional<qint64>(reference(plain)));
    // An escaped key might spell a counted member: left to the document.
    QCOMPARE(MessagesRequest::scanTextBytes(QByteArray(kAgentic)), std::nullopt);
    const QByteArray agentic = QByteArray(kAgentic).replace(R"("k\u0065y")", R"("key")");
    QCOMPARE(MessagesRequest::scanTextBytes(agentic), std::optional<qint64>(reference(agentic)));
    QCOMPARE(MessagesRequest::scanTextBytes(R"({"messages":[{"content":"a","content":"bb"}]})"), std::nullopt);

    QRandomGenerator rng(13);
    qsizetype answered = 0;
    for (const QByteArray &body : {plain, agentic}) {
        jsonMutations(body, rng, [&](const QByteArray &bytes) {
            const std::optional<qint64> fast = MessagesRequest::scanTextBytes(bytes);
            if (!fast)
                return;
            ++answered;
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject()
                || *fast != MessagesRequest::documentTextBytes(doc.object()))
                qFatal("the text bytes disagree on: %s", bytes.constData());
        });
    }
    QVERIFY2(answered > 1000, qPrintable(QString::number(answered)));
}

void TestRequestScan::readsImagesAndThinking()
{
    MessagesRequest request;
    QVERIFY(MessagesRequest::scan(kAgentic, Endpoint::Messages, &request));
    QCOMPARE(request.images, qint64(2)); // one inside the tool result, one beside it
    QCOMPARE(
        request.imageDataUnits, qint64(QByteArray("iVBORw0KGgo/AAAA").size() + QByteArray("/9j/4AAQSkZJRg==").size()));
    QVERIFY(!request.hasUnsignedThinking()); // its thinking block is signed
    QVERIFY(request.hasTools);
    QVERIFY(request.stream);
    QCOMPARE(request.maxTokens, qint64(4096));
    QCOMPARE(request.model, QStringLiteral("claude-sonnet-4-5"));
    QCOMPARE(QByteArray(kAgentic).mid(request.modelBegin, request.modelEnd - request.modelBegin),
        QByteArray("\"claude-sonnet-4-5\""));

    const QByteArray unsignedTurn
        = R"({"model":"m","max_tokens":5,"messages":[{"role":"assistant","content":[{"type":"text","text":"a"},)"
          R"({"type":"thinking","thinking":"b","signature":7}]}]})";
    QVERIFY(MessagesRequest::scan(unsignedTurn, Endpoint::Messages, &request));
    QVERIFY(request.hasUnsignedThinking());
    QCOMPARE(request.images, qint64(0));
}

namespace {

// A request as agentic clients send it: system blocks with cache control, tools, a tool use and
// its result with an image, signed thinking, sampling options, metadata and an unknown member.
extern const char kAgentic[];
const char kAgentic[] = R"({
  "model": "claude-sonnet-4-5",
  "max_tokens": 4096,
  "stream": true,
  "system": [{"type": "text", "text": "You are a coding agent.", "cache_control": {"type": "ephemeral"}}],
  "tools": [{"name": "read_file", "description": "Reads a file", "input_schema": {"type": "object",
    "properties": {"path": {"type": "string"}}, "required": ["path"]}}],
  "tool_choice": {"type": "auto"},
  "messages": [
    {"role": "user", "content": "Open main.cpp and caf\u00e9 \/ \"quoted\""},
    {"role": "assistant", "content": [
      {"type": "thinking", "thinking": "Reading it.", "signature": "EqQBCkYIARgCIkD"},
      {"type": "text", "text": "Let me look."},
      {"type": "tool_use", "id": "toolu_1", "name": "read_file", "input": {"path": "main.cpp", "k\u0065y": [1, 2.5, null]}}]},
    {"role": "user", "content": [
      {"type": "tool_result", "tool_use_id": "toolu_1", "content": [
        {"type": "text", "text": "int main() {}"},
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo\/AAAA"}}]},
      {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQSkZJRg=="}},
      {"type": "text", "text": "Here, \u4e2d\u6587 and \u00e9", "cache_control": {"type": "ephemeral"}}]}
  ],
  "temperature": 0.7,
  "top_p": 0.95,
  "top_k": 40,
  "stop_sequences": ["\n\nHuman:"],
  "metadata": {"user_id": "u-1"},
  "x_vendor_extension": {"nested": [true, false, null, -0.5, "\u0041"]}
})";

} // namespace

QTEST_GUILESS_MAIN(TestRequestScan)
#include "tst_requestscan.moc"
