// The playground's typed model requests and answers (AdminClient::modelRequestBody,
// ModelAnswerPart, ModelStreamReader): the body each protocol gets from a prompt, and the text,
// stop reason, usage and error message read from whole answers and from streams that arrive in
// arbitrary pieces.
#include "bytespike/AdminClient.h"

#include <QJsonDocument>
#include <QTest>

using namespace bytespike;

namespace {

// Feeds a stream in pieces of `piece` bytes, so events arrive split across the pieces.
QList<ModelStreamReader::Event> readInPieces(ApiProtocol protocol, const QByteArray &stream, int piece)
{
    ModelStreamReader reader(protocol);
    QList<ModelStreamReader::Event> events;
    for (qsizetype at = 0; at < stream.size(); at += piece)
        events += reader.feed(stream.mid(at, piece));
    return events;
}

QJsonObject bodyOf(const ModelPrompt &prompt)
{
    return QJsonDocument::fromJson(AdminClient::modelRequestBody(prompt)).object();
}

} // namespace

class TestModelAnswers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anthropicBody();
    void openaiBody();
    void anthropicStream();
    void openaiStream();
    void wholeAnswers();
    void errorAnswer();
};

void TestModelAnswers::anthropicBody()
{
    ModelPrompt prompt;
    prompt.model = QStringLiteral("m");
    prompt.maxTokens = 16;
    prompt.system = QStringLiteral("Be brief.");
    prompt.userText = QStringLiteral("Hi");
    prompt.stream = true;
    QCOMPARE(AdminClient::modelRequestBody(prompt),
        QByteArray(R"({"max_tokens":16,"messages":[{"content":"Hi","role":"user"}],"model":"m",)"
                   R"("stream":true,"system":"Be brief."})"));
    prompt.stream = false;
    prompt.tools = QJsonArray();
    QVERIFY(!bodyOf(prompt).contains(QStringLiteral("stream")));
    QCOMPARE(bodyOf(prompt).value(QStringLiteral("tools")), QJsonValue(QJsonArray())); // as written
}

void TestModelAnswers::openaiBody()
{
    ModelPrompt prompt;
    prompt.protocol = ApiProtocol::OpenAI;
    prompt.model = QStringLiteral("m");
    prompt.maxTokens = 16;
    prompt.system = QStringLiteral("Be brief.");
    prompt.messages = QJsonDocument::fromJson(R"([{"role":"user","content":"Hi"}])").array();
    prompt.stream = true;
    QCOMPARE(AdminClient::modelRequestBody(prompt),
        QByteArray(R"({"max_tokens":16,"messages":[{"content":"Be brief.","role":"system"},)"
                   R"({"content":"Hi","role":"user"}],"model":"m","stream":true,)"
                   R"("stream_options":{"include_usage":true}})"));
}

void TestModelAnswers::anthropicStream()
{
    const QByteArray stream
        = "event: message_start\n"
          R"(data: {"type":"message_start","message":{"usage":{"input_tokens":12}}})"
          "\n\n"
          "event: content_block_delta\n"
          R"(data: {"type":"content_block_delta","delta":{"type":"text_delta","text":"Hel"}})"
          "\n\n"
          "event: content_block_delta\n"
          R"(data: {"type":"content_block_delta","delta":{"type":"text_delta","text":"lo"}})"
          "\n\n"
          "event: message_delta\n"
          R"(data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}})"
          "\n\n"
          "event: message_stop\n"
          R"(data: {"type":"message_stop"})"
          "\n\n";
    for (int piece : {1, 7, 64, int(stream.size())}) {
        const QList<ModelStreamReader::Event> events = readInPieces(ApiProtocol::Anthropic, stream, piece);
        QCOMPARE(events.size(), 5);
        QVERIFY(events.first().text.startsWith("event: message_start\ndata: "));
        QString text;
        for (const ModelStreamReader::Event &e : events)
            text += e.part.text;
        QCOMPARE(text, QStringLiteral("Hello"));
        QCOMPARE(events[0].part.inputTokens, std::optional<qint64>(12));
        QVERIFY(!events[0].part.outputTokens);
        QCOMPARE(events[3].part.outputTokens, std::optional<qint64>(3));
        QCOMPARE(events[3].part.stopReason, QStringLiteral("end_turn"));
        QVERIFY(events[4].part.errorMessage.isEmpty());
    }
    ModelStreamReader reader(ApiProtocol::Anthropic);
    QVERIFY(reader.feed("event: ping\ndata: {}").isEmpty()); // waits for the blank line
    QCOMPARE(reader.feed("\n\n").size(), 1);
}

void TestModelAnswers::openaiStream()
{
    const QByteArray stream = R"(data: {"choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}]})"
                              "\n\n"
                              R"(data: {"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]})"
                              "\n\n"
                              R"(data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2}})"
                              "\n\n"
                              "data: [DONE]\n\n";
    const QList<ModelStreamReader::Event> events = readInPieces(ApiProtocol::OpenAI, stream, 5);
    QCOMPARE(events.size(), 4);
    QCOMPARE(events[0].part.text + events[1].part.text, QStringLiteral("Hello"));
    QCOMPARE(events[1].part.stopReason, QStringLiteral("stop"));
    QVERIFY(!events[1].part.inputTokens);
    QCOMPARE(events[2].part.inputTokens, std::optional<qint64>(9));
    QCOMPARE(events[2].part.outputTokens, std::optional<qint64>(2));
    QCOMPARE(events[3].text, QByteArray("data: [DONE]"));
    QVERIFY(events[3].part.text.isEmpty());
}

void TestModelAnswers::wholeAnswers()
{
    const ModelAnswerPart anthropic = ModelAnswerPart::fromAnswer(ApiProtocol::Anthropic,
        R"({"content":[{"type":"text","text":"Hel"},{"type":"text","text":"lo"}],"stop_reason":"max_tokens",)"
        R"("usage":{"input_tokens":4,"output_tokens":5}})");
    QCOMPARE(anthropic.text, QStringLiteral("Hello"));
    QCOMPARE(anthropic.stopReason, QStringLiteral("max_tokens"));
    QCOMPARE(anthropic.inputTokens, std::optional<qint64>(4));
    QCOMPARE(anthropic.outputTokens, std::optional<qint64>(5));
    const ModelAnswerPart openai = ModelAnswerPart::fromAnswer(ApiProtocol::OpenAI,
        R"({"choices":[{"message":{"role":"assistant","content":"Hi"},"finish_reason":"length"}],)"
        R"("usage":{"prompt_tokens":6,"completion_tokens":1}})");
    QCOMPARE(openai.text, QStringLiteral("Hi"));
    QCOMPARE(openai.stopReason, QStringLiteral("length"));
    QCOMPARE(openai.inputTokens, std::optional<qint64>(6));
    QCOMPARE(openai.outputTokens, std::optional<qint64>(1));
}

void TestModelAnswers::errorAnswer()
{
    const QByteArray body = R"({"type":"error","error":{"type":"billing_error","message":"Not enough credit."}})";
    for (ApiProtocol protocol : {ApiProtocol::Anthropic, ApiProtocol::OpenAI}) {
        const ModelAnswerPart answer = ModelAnswerPart::fromAnswer(protocol, body);
        QCOMPARE(answer.errorMessage, QStringLiteral("Not enough credit."));
        QVERIFY(answer.text.isEmpty());
        QCOMPARE(answer.inputTokens, std::optional<qint64>(0)); // a whole answer always has counts
    }
    const QList<ModelStreamReader::Event> events
        = ModelStreamReader(ApiProtocol::Anthropic)
              .feed("event: error\ndata: " + QByteArray(R"({"type":"error","error":{"type":"overloaded_error",)")
                  + R"("message":"Overloaded"}})" + "\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].part.errorMessage, QStringLiteral("Overloaded"));
}

QTEST_GUILESS_MAIN(TestModelAnswers)
#include "tst_modelanswers.moc"
