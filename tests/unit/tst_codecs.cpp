// The edges of an answer (protocol/UpstreamDecoder, protocol/ClientEncoder) on the golden
// fixtures of tst_golden: the OpenAI decoder and encoder give exactly the translators' answers,
// the Anthropic decoder and encoder relay the bytes unchanged however a stream is cut, and each
// encoder words errors in its protocol's envelope.
#include "protocol/ClientEncoder.h"
#include "protocol/UpstreamDecoder.h"
#include "protocol/anthropic/StreamEvent.h"

#include "GoldenCases.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace bytespike;
using namespace bytespike::golden;

namespace {

const QString kGolden = QStringLiteral(BYTESPIKE_SOURCE_DIR "/tests/fixtures/golden");

QJsonDocument readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll());
}

// An Anthropic event as an upstream sends it.
SseParser::Frame eventFrame(const QJsonObject &event)
{
    SseParser::Frame frame;
    frame.event = event.value(QStringLiteral("event")).toString().toLatin1();
    frame.data = QJsonDocument(event.value(QStringLiteral("data")).toObject()).toJson(QJsonDocument::Compact);
    frame.raw = "event: " + frame.event + "\ndata: " + frame.data + "\n\n";
    return frame;
}

void addCases(const QString &suite)
{
    const QDir dir(kGolden + QLatin1Char('/') + suite);
    for (const QString &file : dir.entryList({QStringLiteral("*.in.json")}, QDir::Files, QDir::Name))
        QTest::addRow("%s/%s", qPrintable(suite), qPrintable(file.chopped(8))) << dir.filePath(file);
}

// The translators write some JSON straight from templates: it must be byte for byte what
// QJsonDocument writes for the same content (the key order, escapes and numbers it uses), so
// that nothing a client receives differs from a document's serialisation.
bool isQtCompact(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    const QByteArray again = doc.isArray() ? QJsonDocument(doc.array()).toJson(QJsonDocument::Compact)
                                           : QJsonDocument(doc.object()).toJson(QJsonDocument::Compact);
    if (again != json)
        qWarning() << "not QJsonDocument's bytes:" << json << "vs" << again;
    return again == json;
}

QJsonValue expected(const QString &inputPath)
{
    const QJsonDocument doc = readJson(inputPath.chopped(8) + QStringLiteral(".out.json"));
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

} // namespace

class TestCodecs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void openAiDecoderStream_data() { fixtures(QStringLiteral("chat-stream")); }
    void openAiDecoderStream();
    void openAiDecoderBody_data() { fixtures(QStringLiteral("completion-to-message")); }
    void openAiDecoderBody();
    void openAiEncoderStream_data() { fixtures(QStringLiteral("messages-stream")); }
    void openAiEncoderStream();
    void openAiEncoderMessage_data() { fixtures(QStringLiteral("message-to-completion")); }
    void openAiEncoderMessage();
    void anthropicIsVerbatim_data() { fixtures(QStringLiteral("messages-stream")); }
    void anthropicIsVerbatim();
    void errorEnvelopes_data();
    void errorEnvelopes();
    void enoughCases();

private:
    static void fixtures(const QString &suite)
    {
        QTest::addColumn<QString>("inputPath");
        addCases(suite);
    }
};

void TestCodecs::openAiDecoderStream()
{
    QFETCH(QString, inputPath);
    const QJsonObject in = readJson(inputPath).object();
    UpstreamDecoder decoder = OpenAiDecoder(QStringLiteral("client-model"), answerOptions(in), 10);
    QList<SseParser::Frame> frames;
    for (const QJsonValue &chunk : in.value(QStringLiteral("chunks")).toArray()) {
        const QByteArray data = chunk.isString() ? chunk.toString().toUtf8()
                                                 : QJsonDocument(chunk.toObject()).toJson(QJsonDocument::Compact);
        frames += decoder.feed("data: " + data + "\n\n");
    }
    if (in.value(QStringLiteral("eof")).toBool(true))
        frames += decoder.finish();
    QCOMPARE(normalise(frameList(frames)), expected(inputPath));
    for (const SseParser::Frame &f : std::as_const(frames))
        QVERIFY(isQtCompact(f.data));
    // Each frame's raw bytes are the event as relayed to an Anthropic client.
    for (const SseParser::Frame &f : std::as_const(frames))
        QCOMPARE(f.raw, "event: " + f.event + "\ndata: " + f.data + "\n\n");
}

void TestCodecs::openAiDecoderBody()
{
    QFETCH(QString, inputPath);
    QJsonObject completion = readJson(inputPath).object();
    const QJsonObject options = completion.take(QStringLiteral("__options")).toObject();
    UpstreamDecoder decoder = OpenAiDecoder(QStringLiteral("client-model"), answerOptions(options), std::nullopt);
    QByteArray body = QJsonDocument(completion).toJson(QJsonDocument::Compact);
    QVERIFY(decoder.decodeBody(body));
    QCOMPARE(normalise(QJsonDocument::fromJson(body).object()), expected(inputPath));
    QVERIFY(isQtCompact(body));
    QVERIFY(!decoder.usageEstimated()); // a whole answer's usage is never the decoder's guess
}

void TestCodecs::openAiEncoderStream()
{
    QFETCH(QString, inputPath);
    const QJsonObject in = readJson(inputPath).object();
    OpenAiEncoder openAi;
    openAi.setRequest(QStringLiteral("client-model"), in.value(QStringLiteral("include_usage")).toBool(),
        in.value(QStringLiteral("expose_reasoning")).toBool());
    ClientEncoder encoder(std::move(openAi));
    QVERIFY(encoder.readsDocuments());
    QByteArray out;
    for (const QJsonValue &e : in.value(QStringLiteral("events")).toArray())
        encoder.event(eventFrame(e.toObject()), e.toObject().value(QStringLiteral("data")).toObject(), out);
    QCOMPARE(normalise(chunkList(out)), expected(inputPath));
    for (const QByteArray &frame : out.split('\n')) {
        if (frame.startsWith("data: {"))
            QVERIFY(isQtCompact(frame.mid(6)));
    }
    // As the relay drives it: the events it can write from the bytes first; the same answer,
    // and the same generated bytes as the documents give.
    OpenAiEncoder second;
    second.setRequest(QStringLiteral("client-model"), in.value(QStringLiteral("include_usage")).toBool(),
        in.value(QStringLiteral("expose_reasoning")).toBool());
    ClientEncoder relayed(std::move(second));
    QByteArray fromBytes;
    qint64 bytes = 0;
    qint64 reference = 0;
    for (const QJsonValue &e : in.value(QStringLiteral("events")).toArray()) {
        const SseParser::Frame frame = eventFrame(e.toObject());
        const QJsonObject data = e.toObject().value(QStringLiteral("data")).toObject();
        if (frame.event == "content_block_delta")
            reference += StreamEventFacts::fromJson(frame.event, data).outputBytes;
        if (!relayed.eventFromBytes(frame, fromBytes, &bytes)) {
            relayed.event(frame, data, fromBytes);
            if (frame.event == "content_block_delta")
                bytes += StreamEventFacts::fromJson(frame.event, data).outputBytes;
        }
    }
    QCOMPARE(normalise(chunkList(fromBytes)), expected(inputPath));
    QCOMPARE(bytes, reference);
}

void TestCodecs::openAiEncoderMessage()
{
    QFETCH(QString, inputPath);
    QJsonObject message = readJson(inputPath).object();
    const QJsonObject options = message.take(QStringLiteral("__options")).toObject();
    OpenAiEncoder openAi;
    openAi.setRequest(
        QStringLiteral("client-model"), false, options.value(QStringLiteral("expose_reasoning")).toBool());
    const ClientEncoder encoder(std::move(openAi));
    const QByteArray body = QJsonDocument(message).toJson(QJsonDocument::Compact);
    QCOMPARE(normalise(QJsonDocument::fromJson(encoder.message(body, message)).object()), expected(inputPath));
    QVERIFY(isQtCompact(encoder.message(body, message)));
    // The Anthropic encoder leaves the very bytes.
    QCOMPARE(ClientEncoder(AnthropicEncoder("req")).message(body, {}), body);
}

void TestCodecs::anthropicIsVerbatim()
{
    QFETCH(QString, inputPath);
    QByteArray stream;
    for (const QJsonValue &e : readJson(inputPath).object().value(QStringLiteral("events")).toArray())
        stream += eventFrame(e.toObject()).raw;
    ClientEncoder encoder(AnthropicEncoder("req"));
    QVERIFY(!encoder.readsDocuments());
    for (qsizetype step : {qsizetype(1), qsizetype(5), qsizetype(100), stream.size()}) {
        UpstreamDecoder decoder; // Anthropic
        QByteArray out;
        for (qsizetype at = 0; at < stream.size(); at += step) {
            for (const SseParser::Frame &frame : decoder.feed(stream.mid(at, step)))
                encoder.event(frame, {}, out);
        }
        QVERIFY(decoder.finish().isEmpty());
        QVERIFY(!decoder.hasPartialFrame());
        QVERIFY(!decoder.awaitingUsage());
        QVERIFY(!decoder.usageEstimated());
        QCOMPARE(out, stream);
    }
    QByteArray body = stream;
    QVERIFY(UpstreamDecoder().decodeBody(body));
    QCOMPARE(body, stream);
}

void TestCodecs::errorEnvelopes_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QString>("openAiType");
    QTest::addColumn<QJsonValue>("openAiCode");
    QTest::newRow("invalid") << 400 << QByteArray("invalid_request_error") << QStringLiteral("invalid_request_error")
                             << QJsonValue();
    QTest::newRow("key") << 401 << QByteArray("authentication_error") << QStringLiteral("authentication_error")
                         << QJsonValue(QStringLiteral("invalid_api_key"));
    QTest::newRow("billing") << 402 << QByteArray("billing_error") << QStringLiteral("insufficient_quota")
                             << QJsonValue(QStringLiteral("insufficient_quota"));
    QTest::newRow("overloaded") << 529 << QByteArray("overloaded_error") << QStringLiteral("server_error")
                                << QJsonValue(QStringLiteral("overloaded"));
}

void TestCodecs::errorEnvelopes()
{
    QFETCH(int, status);
    QFETCH(QByteArray, type);
    QFETCH(QString, openAiType);
    QFETCH(QJsonValue, openAiCode);
    const ApiError error {status, type, QStringLiteral("in plain words")};

    const ClientEncoder anthropic(AnthropicEncoder("req_9"));
    const QJsonObject envelope = QJsonDocument::fromJson(anthropic.errorBody(error)).object();
    QCOMPARE(envelope.value(QStringLiteral("type")).toString(), QStringLiteral("error"));
    QCOMPARE(envelope.value(QStringLiteral("request_id")).toString(), QStringLiteral("req_9"));
    QCOMPARE(envelope.value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(),
        QString::fromLatin1(type));
    QCOMPARE(anthropic.streamError(error), error.sseFrame("req_9"));
    QVERIFY(anthropic.streamError(error).startsWith("event: error\ndata: "));
    QCOMPARE(anthropic.ping(), QByteArray("event: ping\ndata: {\"type\":\"ping\"}\n\n"));
    QCOMPARE(anthropic.protocol(), QStringLiteral("anthropic"));

    const ClientEncoder openAi {OpenAiEncoder()}; // errors need no request
    const QJsonObject chat
        = QJsonDocument::fromJson(openAi.errorBody(error)).object().value(QStringLiteral("error")).toObject();
    QCOMPARE(chat.value(QStringLiteral("message")).toString(), QStringLiteral("in plain words"));
    QCOMPARE(chat.value(QStringLiteral("type")).toString(), openAiType);
    QCOMPARE(chat.value(QStringLiteral("code")), openAiCode);
    QVERIFY(openAi.streamError(error).startsWith("data: {\"error\":"));
    QVERIFY(!openAi.streamError(error).contains("[DONE]"));
    QCOMPARE(openAi.ping(), QByteArray(": ping\n\n"));
    QCOMPARE(openAi.protocol(), QStringLiteral("openai"));
}

void TestCodecs::enoughCases()
{
    int cases = 0;
    for (const char *suite : {"chat-stream", "completion-to-message", "messages-stream", "message-to-completion"})
        cases += int(QDir(kGolden + QLatin1Char('/') + QLatin1String(suite))
                         .entryList({QStringLiteral("*.in.json")}, QDir::Files)
                         .size());
    QVERIFY(cases >= 40);
}

QTEST_GUILESS_MAIN(TestCodecs)
#include "tst_codecs.moc"
