// Golden files for the protocol translators: tests/fixtures/golden/<suite>/<case>.in.json is
// translated and compared with <case>.out.json. Generated ids and timestamps are normalised.
// BYTESPIKE_GOLDEN_UPDATE=1 writes the actual outputs instead (review every change by hand).
#include "protocol/openai/ChatRequest.h"
#include "protocol/openai/ChatResponse.h"
#include "protocol/openai/ChatUpstream.h"

#include "GoldenCases.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace bytespike;
using namespace bytespike::golden;

namespace {

// Runs one suite's translator on its input.
QJsonValue translate(const QString &suite, const QJsonValue &in)
{
    if (suite == QLatin1String("chat-request")) {
        ChatRequest out;
        const ApiError error = ChatRequest::translate(QJsonDocument(in.toObject()).toJson(), &out);
        if (error.isError())
            return QJsonObject {{QStringLiteral("error"), error.message}, {QStringLiteral("status"), error.status}};
        return QJsonDocument::fromJson(out.messagesBody).object();
    }
    if (suite == QLatin1String("messages-to-chat")) {
        // A case may carry the channel's options under "__options".
        QJsonObject request = in.toObject();
        const QJsonObject options = request.take(QStringLiteral("__options")).toObject();
        return QJsonDocument::fromJson(
            ChatUpstream::requestFromMessages(request, QStringLiteral("upstream-model"), options))
            .object();
    }
    if (suite == QLatin1String("completion-to-message")) {
        QJsonObject completion = in.toObject();
        const QJsonObject options = completion.take(QStringLiteral("__options")).toObject();
        return ChatUpstream::messageFromCompletion(completion, QStringLiteral("client-model"), answerOptions(options));
    }
    if (suite == QLatin1String("message-to-completion")) {
        QJsonObject message = in.toObject();
        const QJsonObject options = message.take(QStringLiteral("__options")).toObject();
        return QJsonDocument::fromJson(ChatResponse::fromMessage(message, QStringLiteral("client-model"),
                                           options.value(QStringLiteral("expose_reasoning")).toBool()))
            .object();
    }
    if (suite == QLatin1String("chat-stream")) {
        // Input: {"chunks": ["<data line>", ...], "eof": true|false, answer options}
        ChatStreamToMessages translator(QStringLiteral("client-model"), 10, answerOptions(in.toObject()));
        QList<SseParser::Frame> frames;
        for (const QJsonValue &chunk : in.toObject().value(QStringLiteral("chunks")).toArray()) {
            const QByteArray data = chunk.isString() ? chunk.toString().toUtf8()
                                                     : QJsonDocument(chunk.toObject()).toJson(QJsonDocument::Compact);
            SseParser parser;
            frames += translator.feed(parser.feed("data: " + data + "\n\n"));
        }
        if (in.toObject().value(QStringLiteral("eof")).toBool(true))
            frames += translator.finish();
        return frameList(frames);
    }
    if (suite == QLatin1String("messages-stream")) {
        // Input: {"include_usage": bool, "expose_reasoning": bool, "events": [{"event", "data"}, ...]}
        const QJsonObject o = in.toObject();
        ChatStreamTranslator translator(QStringLiteral("client-model"),
            o.value(QStringLiteral("include_usage")).toBool(), o.value(QStringLiteral("expose_reasoning")).toBool());
        QByteArray sse;
        for (const QJsonValue &e : o.value(QStringLiteral("events")).toArray()) {
            const QJsonObject event = e.toObject();
            sse += translator.onEvent(event.value(QStringLiteral("event")).toString().toLatin1(),
                event.value(QStringLiteral("data")).toObject());
            if (event.value(QStringLiteral("event")).toString() == QLatin1String("message_stop"))
                sse += translator.finish();
        }
        return chunkList(sse);
    }
    return {};
}

} // namespace

class TestGolden : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void translation_data();
    void translation();
    void enoughCases();
};

void TestGolden::translation_data()
{
    QTest::addColumn<QString>("suite");
    QTest::addColumn<QString>("inputPath");
    const QDir root(QStringLiteral(BYTESPIKE_SOURCE_DIR "/tests/fixtures/golden"));
    for (const QString &suite : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QDir dir(root.filePath(suite));
        for (const QString &file : dir.entryList({QStringLiteral("*.in.json")}, QDir::Files, QDir::Name))
            QTest::addRow("%s/%s", qPrintable(suite), qPrintable(file.chopped(8))) << suite << dir.filePath(file);
    }
}

void TestGolden::translation()
{
    QFETCH(QString, suite);
    QFETCH(QString, inputPath);
    QFile input(inputPath);
    QVERIFY(input.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonDocument in = QJsonDocument::fromJson(input.readAll(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonValue actual
        = normalise(translate(suite, in.isArray() ? QJsonValue(in.array()) : QJsonValue(in.object())));
    const QString expectedPath = inputPath.chopped(8) + QStringLiteral(".out.json");
    const QJsonDocument actualDoc
        = actual.isArray() ? QJsonDocument(actual.toArray()) : QJsonDocument(actual.toObject());
    if (qEnvironmentVariableIntValue("BYTESPIKE_GOLDEN_UPDATE") == 1) {
        QFile out(expectedPath);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(actualDoc.toJson(QJsonDocument::Indented));
        return;
    }
    QFile expectedFile(expectedPath);
    QVERIFY2(expectedFile.open(QIODevice::ReadOnly), qPrintable(expectedPath));
    const QJsonDocument expected = QJsonDocument::fromJson(expectedFile.readAll());
    QVERIFY2(actualDoc == expected, actualDoc.toJson(QJsonDocument::Indented).constData());
}

void TestGolden::enoughCases()
{
    int cases = 0;
    const QDir root(QStringLiteral(BYTESPIKE_SOURCE_DIR "/tests/fixtures/golden"));
    for (const QString &suite : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        cases += int(QDir(root.filePath(suite)).entryList({QStringLiteral("*.in.json")}, QDir::Files).size());
    qInfo("%d golden cases", cases);
    QVERIFY(cases >= 60);
}

QTEST_GUILESS_MAIN(TestGolden)
#include "tst_golden.moc"
