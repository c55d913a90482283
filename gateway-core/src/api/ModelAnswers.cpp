#include "bytespike/AdminClient.h"

#include <QJsonArray>
#include <QJsonDocument>

// The public model requests the playground sends, and the answers it reads back: the request
// bodies and the answers' fields of both protocols (Messages, Chat Completions) live here, so the
// console handles only ModelPrompt and ModelAnswerPart.

namespace bytespike {

namespace {

QJsonValue field(const QJsonObject &json, const char *key)
{
    return json.value(QLatin1String(key));
}

QJsonObject object(const QJsonObject &json, const char *key)
{
    return field(json, key).toObject();
}

QJsonObject message(const char *role, const QString &content)
{
    return QJsonObject {{QStringLiteral("role"), QLatin1String(role)}, {QStringLiteral("content"), content}};
}

// Chat Completions answers carry their text in the first choice.
QJsonObject firstChoice(const QJsonObject &json)
{
    return field(json, "choices").toArray().first().toObject();
}

// A usage object's token counts, under either protocol's names; 0 for a count it lacks.
void readUsage(const QJsonObject &usage, ModelAnswerPart &out)
{
    out.inputTokens = field(usage, "input_tokens").toInteger(field(usage, "prompt_tokens").toInteger());
    out.outputTokens = field(usage, "output_tokens").toInteger(field(usage, "completion_tokens").toInteger());
}

// An error envelope's message (the same shape in both protocols, and in an Anthropic stream's
// error event).
QString envelopeMessage(const QJsonObject &json)
{
    return field(json, "error").isObject() ? ErrorEnvelope::fromJson(json).message : QString();
}

} // namespace

QByteArray AdminClient::modelRequestBody(const ModelPrompt &prompt)
{
    const bool openai = prompt.protocol == ApiProtocol::OpenAI;
    QJsonArray messages = prompt.messages;
    if (messages.isEmpty() && !prompt.userText.isEmpty())
        messages.append(message("user", prompt.userText));
    QJsonObject body {{QStringLiteral("model"), prompt.model}, {QStringLiteral("max_tokens"), prompt.maxTokens}};
    // Chat Completions takes the system prompt as the first message, Messages as a field.
    if (!prompt.system.isEmpty() && openai)
        messages.prepend(message("system", prompt.system));
    else if (!prompt.system.isEmpty())
        body.insert(QStringLiteral("system"), prompt.system);
    body.insert(QStringLiteral("messages"), messages);
    if (prompt.stream) {
        body.insert(QStringLiteral("stream"), true);
        if (openai) // the usage comes in a last chunk only when asked for
            body.insert(QStringLiteral("stream_options"), QJsonObject {{QStringLiteral("include_usage"), true}});
    }
    if (prompt.tools)
        body.insert(QStringLiteral("tools"), *prompt.tools);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

TransportReply *AdminClient::sendModelPrompt(const QByteArray &customerKey, const ModelPrompt &prompt) const
{
    return sendModelRequest(prompt.protocol, customerKey, modelRequestBody(prompt));
}

ModelAnswerPart ModelAnswerPart::fromAnswer(ApiProtocol protocol, const QByteArray &body)
{
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    ModelAnswerPart out;
    out.errorMessage = envelopeMessage(json);
    if (protocol == ApiProtocol::OpenAI) {
        const QJsonObject choice = firstChoice(json);
        out.text = field(object(choice, "message"), "content").toString();
        out.stopReason = field(choice, "finish_reason").toString();
    } else {
        for (const QJsonValue &block : field(json, "content").toArray())
            out.text += field(block.toObject(), "text").toString();
        out.stopReason = field(json, "stop_reason").toString();
    }
    readUsage(object(json, "usage"), out);
    return out;
}

ModelAnswerPart ModelAnswerPart::fromEvent(ApiProtocol protocol, const QByteArray &event)
{
    QByteArray data;
    for (const QByteArray &line : event.split('\n')) {
        if (line.startsWith("data:"))
            data += line.mid(5).trimmed();
    }
    const QJsonObject json = QJsonDocument::fromJson(data).object();
    ModelAnswerPart out;
    out.errorMessage = envelopeMessage(json);
    if (protocol == ApiProtocol::OpenAI) {
        const QJsonObject choice = firstChoice(json);
        out.text = field(object(choice, "delta"), "content").toString();
        out.stopReason = field(choice, "finish_reason").toString();
        if (field(json, "usage").isObject()) // the last chunk, with the whole answer's usage
            readUsage(object(json, "usage"), out);
        return out;
    }
    const QString type = field(json, "type").toString();
    if (type == QLatin1String("content_block_delta"))
        out.text = field(object(json, "delta"), "text").toString();
    if (type == QLatin1String("message_start"))
        out.inputTokens = field(object(object(json, "message"), "usage"), "input_tokens").toInteger();
    if (type == QLatin1String("message_delta")) {
        out.outputTokens = field(object(json, "usage"), "output_tokens").toInteger();
        out.stopReason = field(object(json, "delta"), "stop_reason").toString();
    }
    return out;
}

QList<ModelStreamReader::Event> ModelStreamReader::feed(const QByteArray &data)
{
    QList<Event> events;
    m_pending += data;
    qsizetype end;
    while ((end = m_pending.indexOf("\n\n")) >= 0) {
        const QByteArray event = m_pending.left(end);
        m_pending.remove(0, end + 2);
        if (!event.trimmed().isEmpty())
            events.append(Event {event, ModelAnswerPart::fromEvent(m_protocol, event)});
    }
    return events;
}

} // namespace bytespike
