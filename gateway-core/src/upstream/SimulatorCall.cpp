#include "SimulatorCall.h"

#include "base/Ids.h"

#include <QCryptographicHash>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPromise>
#include <QRegularExpression>
#include <QThreadPool>

namespace bytespike {

namespace {

constexpr int kFirstByteMs = 250;
constexpr int kPerWordMs = 25;
// Requests up to this size are scripted on the gateway thread; larger ones on a pool thread.
constexpr qsizetype kInlineScriptBytes = 256 * 1024;

const char *const kWords[] = {"the", "gateway", "routes", "each", "request", "to", "a", "channel", "that", "serves",
    "its", "model", "and", "holds", "credit", "before", "calling", "upstream", "so", "nothing", "is", "billed",
    "unless", "it", "arrives", "in", "full", "streams", "flow", "event", "by", "with", "usage", "counted", "as", "they",
    "come", "back", "operators", "watch", "rates", "live", "while", "prices", "change", "without", "restart", "this",
    "answer", "was", "simulated", "locally", "for", "demos", "tests", "quietly", "clearly", "today", "again"};

void collectText(const QJsonValue &v, QByteArray *out)
{
    if (v.isString()) {
        out->append(v.toString().toUtf8());
    } else if (v.isArray()) {
        for (const QJsonValue &item : v.toArray())
            collectText(item, out);
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        collectText(o.value(QStringLiteral("text")), out);
        collectText(o.value(QStringLiteral("content")), out);
    }
}

QString lastUserText(const QJsonObject &request)
{
    const QJsonArray messages = request.value(QStringLiteral("messages")).toArray();
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const QJsonObject m = messages.at(i).toObject();
        if (m.value(QStringLiteral("role")).toString() == QLatin1String("user")) {
            QByteArray text;
            collectText(m.value(QStringLiteral("content")), &text);
            return QString::fromUtf8(text);
        }
    }
    return {};
}

QJsonValue placeholderFor(const QJsonObject &schema)
{
    const QString type = schema.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("number") || type == QLatin1String("integer"))
        return 1;
    if (type == QLatin1String("boolean"))
        return true;
    if (type == QLatin1String("array"))
        return QJsonArray();
    if (type == QLatin1String("object"))
        return QJsonObject();
    return QStringLiteral("simulated");
}

QByteArray sseFrame(const QByteArray &event, const QJsonObject &data)
{
    return "event: " + event + "\ndata: " + QJsonDocument(data).toJson(QJsonDocument::Compact) + "\n\n";
}

} // namespace

SimulatorCall::SimulatorCall(QByteArray requestBody, bool stream, double latencyScale, QObject *parent)
    : UpstreamCall(parent)
    , m_body(std::move(requestBody))
    , m_stream(stream)
    , m_latencyScale(std::max(0.0, latencyScale))
    , m_messageId(QStringLiteral("msg_") + QString::fromLatin1(Ids::uniqueToken(24)))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SimulatorCall::emitNext);
}

SimulatorCall::Script SimulatorCall::write(const QByteArray &body, bool stream, const QString &messageId)
{
    Script script;
    const QJsonObject request = QJsonDocument::fromJson(body).object();
    script.model = request.value(QStringLiteral("model"));
    script.fault = request.value(QStringLiteral("simulator")).toObject().value(QStringLiteral("fault")).toString();
    if (script.fault.isEmpty()) {
        static const QRegularExpression directive(QStringLiteral("\\[\\[simulate:([a-z0-9_]+)\\]\\]"));
        const QRegularExpressionMatch match = directive.match(lastUserText(request));
        if (match.hasMatch())
            script.fault = match.captured(1);
    }
    plan(request, stream, messageId, &script);
    return script;
}

QList<QString> SimulatorCall::simulatorModels()
{
    return {QStringLiteral("bytespike-simulator")};
}

qint64 SimulatorCall::promptTokens(const QJsonObject &request)
{
    QByteArray text;
    collectText(request.value(QStringLiteral("system")), &text);
    collectText(request.value(QStringLiteral("messages")), &text);
    return std::max<qint64>(1, (text.size() + 3) / 4);
}

void SimulatorCall::start()
{
    if (m_body.size() <= kInlineScriptBytes) {
        play(write(m_body, m_stream, m_messageId));
        return;
    }
    // The watcher is the call's child: an aborted or deleted call hears nothing of the script.
    auto *watcher = new QFutureWatcher<Script>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (!m_aborted)
            play(watcher->result());
    });
    auto promise = std::make_shared<QPromise<Script>>();
    watcher->setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise, body = m_body, stream = m_stream, id = m_messageId] {
        promise->start();
        promise->addResult(write(body, stream, id));
        promise->finish();
    });
}

void SimulatorCall::play(Script script)
{
    m_script = std::move(script);
    if (m_script.fault == QLatin1String("hang"))
        return;
    if (m_script.fault == QLatin1String("slow"))
        m_latencyScale *= 10;
    schedule(kFirstByteMs);
}

void SimulatorCall::abort()
{
    m_aborted = true;
    m_timer.stop();
}

void SimulatorCall::setPaused(bool paused)
{
    m_paused = paused;
    if (!paused && m_stepWaiting) {
        m_stepWaiting = false;
        m_timer.start(0);
    }
}

void SimulatorCall::schedule(int delayMs)
{
    m_timer.start(int(delayMs * m_latencyScale));
}

void SimulatorCall::plan(const QJsonObject &request, bool stream, const QString &messageId, Script *script)
{
    script->inputTokens = promptTokens(request);
    const QJsonArray tools = request.value(QStringLiteral("tools")).toArray();
    const QJsonObject toolChoice = request.value(QStringLiteral("tool_choice")).toObject();
    const bool useTool
        = !tools.isEmpty() && toolChoice.value(QStringLiteral("type")).toString() != QLatin1String("none");
    QString text;
    const QStringList words = writeWords(request, useTool, script, &text);
    script->outputTokens = std::max<qint64>(1, words.size());
    if (!words.isEmpty())
        script->blocks.append(textBlock(words, text));
    if (useTool && script->stopReason == QLatin1String("tool_use")) {
        script->blocks.append(toolBlock(tools, toolChoice));
        script->outputTokens += 10;
    }
    if (stream)
        writeFrames(request.value(QStringLiteral("model")), messageId, script);
}

QStringList SimulatorCall::writeWords(const QJsonObject &request, bool useTool, Script *script, QString *text)
{
    // Deterministic: the same conversation gives the same answer.
    const QJsonObject seedSource {{QStringLiteral("system"), request.value(QStringLiteral("system"))},
        {QStringLiteral("messages"), request.value(QStringLiteral("messages"))},
        {QStringLiteral("tools"), request.value(QStringLiteral("tools"))}};
    const QByteArray hash = QCryptographicHash::hash(
        QJsonDocument(seedSource).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256);
    quint64 seed = 0;
    for (int i = 0; i < 8; ++i)
        seed = (seed << 8) | quint8(hash[i]);
    std::mt19937_64 rng(seed);
    const bool refusal = script->fault == QLatin1String("refusal");
    QStringList words;
    if (refusal) {
        words = QStringLiteral("[simulator] I can't help with that request.").split(QLatin1Char(' '));
    } else {
        QString echo = lastUserText(request).simplified().left(40);
        echo.remove(QRegularExpression(QStringLiteral("\\[\\[simulate:[a-z0-9_]+\\]\\]")));
        words << QStringLiteral("[simulator]") << QStringLiteral("You") << QStringLiteral("said:");
        words << (QLatin1Char('"') + echo.trimmed() + QStringLiteral("\"."));
        const int total = useTool ? 8 : 20 + int(rng() % 41);
        std::uniform_int_distribution<int> pick(0, int(std::size(kWords)) - 1);
        while (words.size() < total)
            words << QString::fromLatin1(kWords[pick(rng)]);
        words.last() += QLatin1Char('.');
    }
    script->stopReason = refusal ? QStringLiteral("refusal")
        : useTool                ? QStringLiteral("tool_use")
                                 : QStringLiteral("end_turn");
    // stop_sequences: cut before the first match; then max_tokens, a word a token.
    *text = words.join(QLatin1Char(' '));
    qsizetype cut = -1;
    for (const QJsonValue &s : request.value(QStringLiteral("stop_sequences")).toArray()) {
        const qsizetype at = s.toString().isEmpty() ? -1 : text->indexOf(s.toString());
        if (at >= 0 && (cut < 0 || at < cut)) {
            cut = at;
            script->stopSequence = s.toString();
        }
    }
    if (cut >= 0) {
        *text = text->left(cut);
        words = text->split(QLatin1Char(' '), Qt::SkipEmptyParts);
        script->stopReason = QStringLiteral("stop_sequence");
    }
    const qint64 maxTokens = qint64(request.value(QStringLiteral("max_tokens")).toDouble(4096));
    if (words.size() > maxTokens) {
        words = words.mid(0, maxTokens);
        *text = words.join(QLatin1Char(' '));
        script->stopReason = QStringLiteral("max_tokens");
        script->stopSequence.clear();
    }
    return words;
}

SimulatorCall::Block SimulatorCall::textBlock(const QStringList &words, const QString &text)
{
    Block block;
    block.start = QJsonObject {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), QString()}};
    for (qsizetype i = 0; i < words.size(); i += 2) {
        const QString piece = (i ? QStringLiteral(" ") : QString()) + words.mid(i, 2).join(QLatin1Char(' '));
        block.deltas.append(
            QJsonObject {{QStringLiteral("type"), QStringLiteral("text_delta")}, {QStringLiteral("text"), piece}});
    }
    block.whole = QJsonObject {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}};
    return block;
}

SimulatorCall::Block SimulatorCall::toolBlock(const QJsonArray &tools, const QJsonObject &toolChoice)
{
    QJsonObject tool = tools.first().toObject();
    if (toolChoice.value(QStringLiteral("type")).toString() == QLatin1String("tool")) {
        for (const QJsonValue &t : tools) {
            if (t.toObject().value(QStringLiteral("name")) == toolChoice.value(QStringLiteral("name")))
                tool = t.toObject();
        }
    }
    const QJsonObject schema = tool.value(QStringLiteral("input_schema")).toObject();
    QJsonObject input;
    for (const QJsonValue &name : schema.value(QStringLiteral("required")).toArray())
        input.insert(name.toString(),
            placeholderFor(schema.value(QStringLiteral("properties")).toObject().value(name.toString()).toObject()));
    const QString id = QStringLiteral("toolu_") + QString::fromLatin1(Ids::uniqueToken(24));
    const QByteArray json = QJsonDocument(input).toJson(QJsonDocument::Compact);
    Block block;
    block.start = QJsonObject {{QStringLiteral("type"), QStringLiteral("tool_use")}, {QStringLiteral("id"), id},
        {QStringLiteral("name"), tool.value(QStringLiteral("name"))}, {QStringLiteral("input"), QJsonObject()}};
    const qsizetype half = json.size() / 2;
    for (const QByteArray &piece : {QByteArray(), json.left(half), json.mid(half)})
        block.deltas.append(QJsonObject {{QStringLiteral("type"), QStringLiteral("input_json_delta")},
            {QStringLiteral("partial_json"), QString::fromUtf8(piece)}});
    block.whole = block.start;
    block.whole.insert(QStringLiteral("input"), input);
    return block;
}

void SimulatorCall::writeFrames(const QJsonValue &model, const QString &messageId, Script *script)
{
    const QJsonObject startUsage {{QStringLiteral("input_tokens"), script->inputTokens},
        {QStringLiteral("output_tokens"), 1}, {QStringLiteral("cache_creation_input_tokens"), 0},
        {QStringLiteral("cache_read_input_tokens"), 0}};
    script->frames.append(sseFrame("message_start",
        QJsonObject {{QStringLiteral("type"), QStringLiteral("message_start")},
            {QStringLiteral("message"),
                QJsonObject {{QStringLiteral("id"), messageId}, {QStringLiteral("type"), QStringLiteral("message")},
                    {QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("model"), model},
                    {QStringLiteral("content"), QJsonArray()}, {QStringLiteral("stop_reason"), QJsonValue()},
                    {QStringLiteral("stop_sequence"), QJsonValue()}, {QStringLiteral("usage"), startUsage}}}}));
    script->frames.last() += sseFrame("ping", QJsonObject {{QStringLiteral("type"), QStringLiteral("ping")}});
    for (qsizetype index = 0; index < script->blocks.size(); ++index) {
        const Block &block = script->blocks[index];
        QByteArray frame = sseFrame("content_block_start",
            QJsonObject {{QStringLiteral("type"), QStringLiteral("content_block_start")},
                {QStringLiteral("index"), index}, {QStringLiteral("content_block"), block.start}});
        for (const QJsonObject &delta : block.deltas) {
            frame += sseFrame("content_block_delta",
                QJsonObject {{QStringLiteral("type"), QStringLiteral("content_block_delta")},
                    {QStringLiteral("index"), index}, {QStringLiteral("delta"), delta}});
            script->frames.append(frame);
            frame.clear();
        }
        script->frames.last() += sseFrame("content_block_stop",
            QJsonObject {
                {QStringLiteral("type"), QStringLiteral("content_block_stop")}, {QStringLiteral("index"), index}});
    }
    script->frames.append(
        sseFrame("message_delta",
            QJsonObject {{QStringLiteral("type"), QStringLiteral("message_delta")},
                {QStringLiteral("delta"),
                    QJsonObject {{QStringLiteral("stop_reason"), script->stopReason},
                        {QStringLiteral("stop_sequence"),
                            script->stopSequence.isEmpty() ? QJsonValue() : QJsonValue(script->stopSequence)}}},
                {QStringLiteral("usage"),
                    QJsonObject {{QStringLiteral("input_tokens"), script->inputTokens},
                        {QStringLiteral("output_tokens"), script->outputTokens},
                        {QStringLiteral("cache_creation_input_tokens"), 0},
                        {QStringLiteral("cache_read_input_tokens"), 0}}}})
        + sseFrame("message_stop", QJsonObject {{QStringLiteral("type"), QStringLiteral("message_stop")}}));
    if (script->fault == QLatin1String("drop"))
        script->dropAfter = std::min<int>(3, int(script->frames.size()) - 1);
}

void SimulatorCall::failWithStatus(int status, const QByteArray &type, const QString &message)
{
    HeaderPairs headers {{"content-type", "application/json"}};
    if (status == 429)
        headers.append(qMakePair(QByteArray("retry-after"), QByteArray("1")));
    Q_EMIT responseStarted(status, headers);
    if (m_aborted)
        return;
    const QJsonObject body {{QStringLiteral("type"), QStringLiteral("error")},
        {QStringLiteral("error"),
            QJsonObject {{QStringLiteral("type"), QString::fromLatin1(type)},
                {QStringLiteral("message"), QString(QStringLiteral("[simulator] ") + message)}}}};
    Q_EMIT bodyData(QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (!m_aborted)
        Q_EMIT finished();
}

void SimulatorCall::emitNext()
{
    if (m_aborted)
        return;
    if (m_paused) {
        m_stepWaiting = true;
        return;
    }
    if (!m_started) {
        m_started = true;
        if (m_script.fault == QLatin1String("overloaded"))
            return failWithStatus(529, "overloaded_error", QStringLiteral("Overloaded (simulated)"));
        if (m_script.fault == QLatin1String("error500"))
            return failWithStatus(500, "api_error", QStringLiteral("Internal error (simulated)"));
        if (m_script.fault == QLatin1String("rate_limited"))
            return failWithStatus(429, "rate_limit_error", QStringLiteral("Rate limited (simulated)"));
        if (m_script.fault == QLatin1String("drop") && !m_stream) {
            Q_EMIT failed(UpstreamFailure::Dropped, QStringLiteral("simulated connection drop"));
            return;
        }
        Q_EMIT responseStarted(
            200, {{"content-type", m_stream ? QByteArray("text/event-stream") : QByteArray("application/json")}});
        if (m_aborted)
            return;
        if (!m_stream) {
            // A non-stream answer arrives whole after the time its words would take.
            QJsonArray content;
            for (const Block &block : std::as_const(m_script.blocks))
                content.append(block.whole);
            const QJsonObject message {{QStringLiteral("id"), m_messageId},
                {QStringLiteral("type"), QStringLiteral("message")},
                {QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("model"), m_script.model},
                {QStringLiteral("content"), content}, {QStringLiteral("stop_reason"), m_script.stopReason},
                {QStringLiteral("stop_sequence"),
                    m_script.stopSequence.isEmpty() ? QJsonValue() : QJsonValue(m_script.stopSequence)},
                {QStringLiteral("usage"),
                    QJsonObject {{QStringLiteral("input_tokens"), m_script.inputTokens},
                        {QStringLiteral("output_tokens"), m_script.outputTokens},
                        {QStringLiteral("cache_creation_input_tokens"), 0},
                        {QStringLiteral("cache_read_input_tokens"), 0}}}};
            m_script.frames = {QJsonDocument(message).toJson(QJsonDocument::Compact)};
            schedule(int(m_script.outputTokens * kPerWordMs));
            return;
        }
    }
    if (m_script.frames.isEmpty()) {
        Q_EMIT finished();
        return;
    }
    if (m_script.dropAfter == 0) {
        Q_EMIT failed(UpstreamFailure::Dropped, QStringLiteral("simulated connection drop"));
        return;
    }
    if (m_script.dropAfter > 0)
        --m_script.dropAfter;
    Q_EMIT bodyData(m_script.frames.takeFirst());
    if (m_aborted)
        return;
    if (m_script.frames.isEmpty() && !m_stream) {
        Q_EMIT finished();
        return;
    }
    schedule(2 * kPerWordMs);
}

} // namespace bytespike
