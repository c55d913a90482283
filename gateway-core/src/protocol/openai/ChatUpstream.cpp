#include "ChatUpstream.h"

#include "base/Ids.h"
#include "protocol/JsonCount.h"
#include "protocol/JsonWrite.h"
#include "protocol/openai/ChatChunkScan.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcOpenAi, "bytespike.openai")

namespace bytespike {

namespace {

using ChatUpstream::blockText;

QJsonObject imagePart(const QJsonObject &block)
{
    const QJsonObject source = block.value(QStringLiteral("source")).toObject();
    const QString url = source.value(QStringLiteral("type")).toString() == QLatin1String("base64")
        ? QStringLiteral("data:%1;base64,%2")
              .arg(source.value(QStringLiteral("media_type")).toString(),
                  source.value(QStringLiteral("data")).toString())
        : source.value(QStringLiteral("url")).toString();
    return QJsonObject {{QStringLiteral("type"), QStringLiteral("image_url")},
        {QStringLiteral("image_url"), QJsonObject {{QStringLiteral("url"), url}}}};
}

void appendUser(QJsonArray *out, const QJsonValue &content)
{
    if (content.isString()) {
        out->append(
            QJsonObject {{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), content}});
        return;
    }
    // Tool results become tool messages, in order and before any other content (protocols.md#request-out).
    QJsonArray parts;
    for (const QJsonValue &v : content.toArray()) {
        const QJsonObject b = v.toObject();
        const QString type = b.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("tool_result")) {
            QString text = blockText(b.value(QStringLiteral("content")));
            if (b.value(QStringLiteral("is_error")).toBool())
                text.prepend(QStringLiteral("[tool error] "));
            out->append(QJsonObject {{QStringLiteral("role"), QStringLiteral("tool")},
                {QStringLiteral("tool_call_id"), b.value(QStringLiteral("tool_use_id"))},
                {QStringLiteral("content"), text}});
        } else if (type == QLatin1String("text")) {
            parts.append(QJsonObject {{QStringLiteral("type"), QStringLiteral("text")},
                {QStringLiteral("text"), b.value(QStringLiteral("text"))}});
        } else if (type == QLatin1String("image")) {
            parts.append(imagePart(b));
        } else if (type == QLatin1String("document")) {
            parts.append(QJsonObject {{QStringLiteral("type"), QStringLiteral("text")},
                {QStringLiteral("text"),
                    blockText(b.value(QStringLiteral("source")).toObject().value(QStringLiteral("data")))}});
        }
    }
    if (!parts.isEmpty())
        out->append(QJsonObject {{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), parts}});
}

// The name sent upstream for a client's tool name, remembered for the way back.
QString outboundToolName(const QString &name, ChatAnswerOptions *answer)
{
    const QString out = ChatUpstream::upstreamToolName(name);
    if (out != name)
        answer->toolNames.insert(out, name);
    return out;
}

void appendAssistant(QJsonArray *out, const QJsonValue &content, bool replayReasoning, ChatAnswerOptions *answer)
{
    QString text;
    QString reasoning;
    QJsonArray calls;
    if (content.isString())
        text = content.toString();
    for (const QJsonValue &v : content.toArray()) {
        const QJsonObject b = v.toObject();
        const QString type = b.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("text"))
            text += b.value(QStringLiteral("text")).toString(); // joined with "" (citations split sentences)
        else if (type == QLatin1String("thinking"))
            reasoning += b.value(QStringLiteral("thinking")).toString();
        else if (type == QLatin1String("tool_use"))
            calls.append(QJsonObject {{QStringLiteral("id"), b.value(QStringLiteral("id"))},
                {QStringLiteral("type"), QStringLiteral("function")},
                {QStringLiteral("function"),
                    QJsonObject {
                        {QStringLiteral("name"), outboundToolName(b.value(QStringLiteral("name")).toString(), answer)},
                        {QStringLiteral("arguments"),
                            QString::fromUtf8(QJsonDocument(b.value(QStringLiteral("input")).toObject())
                                                  .toJson(QJsonDocument::Compact))}}}});
    }
    QJsonObject message {{QStringLiteral("role"), QStringLiteral("assistant")},
        {QStringLiteral("content"), text.isEmpty() ? QJsonValue() : QJsonValue(text)}};
    if (!calls.isEmpty())
        message.insert(QStringLiteral("tool_calls"), calls);
    // DeepSeek-style upstreams want earlier reasoning back in thinking mode (protocols.md#edge-cases case 36).
    if (replayReasoning && !reasoning.isEmpty())
        message.insert(QStringLiteral("reasoning_content"), reasoning);
    if (!text.isEmpty() || !calls.isEmpty())
        out->append(message);
}

QJsonValue toolChoice(const QJsonObject &choice, ChatAnswerOptions *answer)
{
    const QString type = choice.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("any"))
        return QStringLiteral("required");
    if (type == QLatin1String("none"))
        return QStringLiteral("none");
    if (type == QLatin1String("tool"))
        return QJsonObject {{QStringLiteral("type"), QStringLiteral("function")},
            {QStringLiteral("function"),
                QJsonObject {{QStringLiteral("name"),
                    outboundToolName(choice.value(QStringLiteral("name")).toString(), answer)}}}};
    return QStringLiteral("auto");
}

// The conversation in OpenAI's order: the system prompt first, then every message.
QJsonArray chatMessages(const QJsonObject &in, const QJsonObject &options, ChatAnswerOptions *answer)
{
    const bool replayReasoning = options.value(QStringLiteral("reasoning_replay")).toBool();
    const QString systemMessages = options.value(QStringLiteral("system_messages")).toString(QStringLiteral("keep"));
    QJsonArray messages;
    const QString system = blockText(in.value(QStringLiteral("system")));
    if (!system.isEmpty())
        messages.append(
            QJsonObject {{QStringLiteral("role"), QStringLiteral("system")}, {QStringLiteral("content"), system}});
    for (const QJsonValue &v : in.value(QStringLiteral("messages")).toArray()) {
        const QJsonObject m = v.toObject();
        const QString role = m.value(QStringLiteral("role")).toString();
        if (role == QLatin1String("assistant"))
            appendAssistant(&messages, m.value(QStringLiteral("content")), replayReasoning, answer);
        else if (role == QLatin1String("system")) {
            // Mid-conversation system messages: strict chat templates refuse them anywhere but
            // first, so a channel may demote them to user text or drop them (protocols.md#request-out).
            const QString text = blockText(m.value(QStringLiteral("content")));
            if (systemMessages == QLatin1String("demote"))
                messages.append(QJsonObject {{QStringLiteral("role"), QStringLiteral("user")},
                    {QStringLiteral("content"),
                        QString(QStringLiteral("<system-reminder>") + text + QStringLiteral("</system-reminder>"))}});
            else if (systemMessages != QLatin1String("drop"))
                messages.append(QJsonObject {
                    {QStringLiteral("role"), QStringLiteral("system")}, {QStringLiteral("content"), text}});
        } else
            appendUser(&messages, m.value(QStringLiteral("content")));
    }
    return messages;
}

// Function tools (server tools have no OpenAI equivalent) and the tool choice; never tools: []
// (protocols.md#edge-cases case 29).
void addTools(const QJsonObject &in, QJsonObject *out, ChatAnswerOptions *answer)
{
    QJsonArray tools;
    for (const QJsonValue &v : in.value(QStringLiteral("tools")).toArray()) {
        const QJsonObject t = v.toObject();
        if (!t.contains(QStringLiteral("input_schema")))
            continue;
        QJsonObject schema = t.value(QStringLiteral("input_schema")).toObject();
        schema.insert(QStringLiteral("type"), QStringLiteral("object"));
        if (!schema.value(QStringLiteral("properties")).isObject())
            schema.insert(QStringLiteral("properties"), QJsonObject());
        if (schema.value(QStringLiteral("required")).isNull())
            schema.remove(QStringLiteral("required"));
        QJsonObject function {
            {QStringLiteral("name"), outboundToolName(t.value(QStringLiteral("name")).toString(), answer)},
            {QStringLiteral("parameters"), schema}};
        if (t.contains(QStringLiteral("description")))
            function.insert(QStringLiteral("description"), t.value(QStringLiteral("description")));
        tools.append(
            QJsonObject {{QStringLiteral("type"), QStringLiteral("function")}, {QStringLiteral("function"), function}});
    }
    if (tools.isEmpty())
        return;
    out->insert(QStringLiteral("tools"), tools);
    const QJsonObject choice = in.value(QStringLiteral("tool_choice")).toObject();
    if (!choice.isEmpty())
        out->insert(QStringLiteral("tool_choice"), toolChoice(choice, answer));
    if (choice.value(QStringLiteral("disable_parallel_tool_use")).toBool())
        out->insert(QStringLiteral("parallel_tool_calls"), false);
}

// thinking -> reasoning_effort, only for channels whose models reason (option "reasoning"); other
// upstreams would refuse the field.
void addReasoning(const QJsonObject &in, const QJsonObject &options, QJsonObject *out)
{
    if (!options.value(QStringLiteral("reasoning")).toBool())
        return;
    const QJsonObject thinking = in.value(QStringLiteral("thinking")).toObject();
    const QString effort
        = in.value(QStringLiteral("output_config")).toObject().value(QStringLiteral("effort")).toString();
    if (!effort.isEmpty()) {
        out->insert(
            QStringLiteral("reasoning_effort"), effort == QLatin1String("max") ? QStringLiteral("xhigh") : effort);
    } else if (thinking.value(QStringLiteral("type")).toString() == QLatin1String("enabled")) {
        const qint64 budget = jsonCount(thinking.value(QStringLiteral("budget_tokens")).toDouble());
        out->insert(QStringLiteral("reasoning_effort"),
            budget < 2048       ? QStringLiteral("low")
                : budget < 8192 ? QStringLiteral("medium")
                                : QStringLiteral("high"));
    } else if (thinking.value(QStringLiteral("type")).toString() == QLatin1String("adaptive")) {
        out->insert(QStringLiteral("reasoning_effort"), QStringLiteral("medium"));
    }
}

// Structured output (output_config.format -> response_format, protocols.md#request-out), the
// end user and streaming.
void addFormatUserStream(const QJsonObject &in, const QJsonObject &options, QJsonObject *out)
{
    const QJsonObject format
        = in.value(QStringLiteral("output_config")).toObject().value(QStringLiteral("format")).toObject();
    if (format.value(QStringLiteral("type")).toString() == QLatin1String("json_schema"))
        out->insert(QStringLiteral("response_format"),
            QJsonObject {{QStringLiteral("type"), QStringLiteral("json_schema")},
                {QStringLiteral("json_schema"),
                    QJsonObject {{QStringLiteral("name"), QStringLiteral("structured_output")},
                        {QStringLiteral("schema"), format.value(QStringLiteral("schema"))},
                        {QStringLiteral("strict"), true}}}});
    const QString user = in.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("user_id")).toString();
    if (!user.isEmpty()) // OpenAI limits user to 64 characters: longer ids are hashed
        out->insert(QStringLiteral("user"),
            user.size() <= 64
                ? user
                : QString::fromLatin1(QCryptographicHash::hash(user.toUtf8(), QCryptographicHash::Sha256).toHex()));
    if (in.value(QStringLiteral("stream")).toBool()) {
        out->insert(QStringLiteral("stream"), true);
        // Some compatible servers refuse stream_options (protocols.md#edge-cases case 34): a channel may turn it off.
        if (options.value(QStringLiteral("stream_usage")).toBool(true))
            out->insert(QStringLiteral("stream_options"), QJsonObject {{QStringLiteral("include_usage"), true}});
    }
}

} // namespace

namespace ChatUpstream {

QString blockText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QStringList parts;
    for (const QJsonValue &v : content.toArray()) {
        const QJsonObject b = v.toObject();
        if (b.value(QStringLiteral("type")).toString() == QLatin1String("text"))
            parts << b.value(QStringLiteral("text")).toString();
    }
    return parts.join(QLatin1Char('\n'));
}

QString toolId(const QString &id, const QString &whenEmpty)
{
    if (id.isEmpty())
        return whenEmpty.isEmpty() ? QString(QStringLiteral("toolu_") + QString::fromLatin1(Ids::uniqueToken(24)))
                                   : whenEmpty;
    QString out = id;
    for (QChar &c : out) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('_') && c != QLatin1Char('-'))
            c = QLatin1Char('_');
    }
    return out;
}

QString upstreamToolName(const QString &name)
{
    if (name.size() <= 64)
        return name;
    return name.left(55) + QLatin1Char('_')
        + QString::fromLatin1(QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
}

QByteArray requestFromMessages(
    const QJsonObject &in, const QString &upstreamModel, const QJsonObject &options, ChatAnswerOptions *answerOut)
{
    ChatAnswerOptions scratch;
    ChatAnswerOptions *answer = answerOut ? answerOut : &scratch;
    *answer = ChatAnswerOptions();
    const QString thinkingType
        = in.value(QStringLiteral("thinking")).toObject().value(QStringLiteral("type")).toString();
    answer->exposeReasoning = thinkingType == QLatin1String("enabled") || thinkingType == QLatin1String("adaptive");
    answer->liveTools = options.value(QStringLiteral("tool_streaming")).toString() == QLatin1String("live");
    answer->usageRequested = options.value(QStringLiteral("stream_usage")).toBool(true);
    QJsonObject out {{QStringLiteral("model"), upstreamModel},
        {QStringLiteral("messages"), chatMessages(in, options, answer)},
        {options.value(QStringLiteral("max_tokens_field")).toString(QStringLiteral("max_completion_tokens")),
            in.value(QStringLiteral("max_tokens"))}};
    for (const char *key : {"temperature", "top_p"}) {
        if (in.contains(QLatin1String(key)))
            out.insert(QLatin1String(key), in.value(QLatin1String(key)));
    }
    const QJsonArray stops = in.value(QStringLiteral("stop_sequences")).toArray();
    if (!stops.isEmpty())
        out.insert(QStringLiteral("stop"),
            stops.size() > 4 ? QJsonArray::fromVariantList(stops.toVariantList().mid(0, 4)) : stops);
    addTools(in, &out, answer);
    addReasoning(in, options, &out);
    addFormatUserStream(in, options, &out);
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

QString stopReason(QAnyStringView finish, bool toolsEmitted)
{
    if (toolsEmitted)
        return QStringLiteral("tool_use");
    if (finish == QLatin1String("length") || finish == QLatin1String("max_tokens"))
        return QStringLiteral("max_tokens");
    // A tool finish without any tool block (its call was dropped for lack of a name) is an
    // ordinary end: a tool_use stop with nothing to run would stall the client.
    if (finish == QLatin1String("tool_calls") || finish == QLatin1String("function_call")
        || finish == QLatin1String("tool_use"))
        return QStringLiteral("end_turn");
    if (finish == QLatin1String("content_filter"))
        return QStringLiteral("refusal");
    if (finish == QLatin1String("stop_sequence"))
        return QStringLiteral("stop_sequence");
    return QStringLiteral("end_turn");
}

UsageCounts UsageCounts::fromOpenAi(qint64 prompt, qint64 completion, qint64 cached, qint64 cacheHit, qint64 cacheWrite)
{
    const qint64 cacheRead = cached == 0 ? cacheHit : cached; // DeepSeek: prompt_cache_hit_tokens
    return {std::max<qint64>(prompt - cacheRead - cacheWrite, 0), completion, cacheWrite, cacheRead};
}

UsageCounts UsageCounts::fromFigures(const OpenAiUsageFigures &f)
{
    return fromOpenAi(f.prompt, f.completion, f.cached, f.cacheHit, f.cacheWrite);
}

UsageCounts UsageCounts::fromJson(const QJsonObject &u)
{
    const QJsonObject details = u.value(QStringLiteral("prompt_tokens_details")).toObject();
    return UsageCounts::fromOpenAi(jsonCount(u.value(QStringLiteral("prompt_tokens")).toDouble()),
        jsonCount(u.value(QStringLiteral("completion_tokens")).toDouble()),
        jsonCount(details.value(QStringLiteral("cached_tokens")).toDouble()),
        jsonCount(u.value(QStringLiteral("prompt_cache_hit_tokens")).toDouble()),
        jsonCount(details.value(QStringLiteral("cache_write_tokens")).toDouble()));
}

void UsageCounts::appendJson(QByteArray &out) const
{
    out.append("{\"cache_creation_input_tokens\":");
    JsonWrite::appendInteger(out, cacheWrite);
    out.append(",\"cache_read_input_tokens\":");
    JsonWrite::appendInteger(out, cacheRead);
    out.append(",\"input_tokens\":");
    JsonWrite::appendInteger(out, input);
    out.append(",\"output_tokens\":");
    JsonWrite::appendInteger(out, output);
    out.append('}');
}

namespace {

// One tool call of a completion as a tool_use block.
QJsonObject toolUse(const QJsonObject &call, const ChatAnswerOptions &options)
{
    const QJsonObject function = call.value(QStringLiteral("function")).toObject();
    const QString arguments = function.value(QStringLiteral("arguments")).toString().trimmed();
    QJsonObject input;
    if (!arguments.isEmpty()) {
        const QJsonDocument parsed = QJsonDocument::fromJson(arguments.toUtf8());
        if (parsed.isObject())
            input = parsed.object();
        else
            qCWarning(lcOpenAi) << "tool call arguments are not a JSON object; sent as {}";
    }
    return QJsonObject {{QStringLiteral("type"), QStringLiteral("tool_use")},
        {QStringLiteral("id"), ChatUpstream::toolId(call.value(QStringLiteral("id")).toString())},
        {QStringLiteral("name"),
            options.toolNames.value(
                function.value(QStringLiteral("name")).toString(), function.value(QStringLiteral("name")).toString())},
        {QStringLiteral("input"), input}};
}

} // namespace

QByteArray messageBodyFromCompletion(
    const QJsonObject &completion, const QString &model, const ChatAnswerOptions &options)
{
    const QJsonObject choice = completion.value(QStringLiteral("choices")).toArray().first().toObject();
    const QJsonObject message = choice.value(QStringLiteral("message")).toObject();
    MessageBodyWriter out;
    // Order: reasoning, text, tools (protocols.md#answer-in).
    const QString reasoning = message.value(QStringLiteral("reasoning_content"))
                                  .toString(message.value(QStringLiteral("reasoning")).toString());
    if (options.exposeReasoning && !reasoning.isEmpty()) {
        JsonWrite::appendString(out.openThinking(), reasoning);
        out.closeThinking();
    }
    QString text = message.value(QStringLiteral("content")).isArray()
        ? blockText(message.value(QStringLiteral("content")))
        : message.value(QStringLiteral("content")).toString();
    const QString refusal = message.value(QStringLiteral("refusal")).toString();
    if (text.isEmpty() && !refusal.isEmpty())
        text = refusal;
    if (!text.isEmpty()) {
        JsonWrite::appendString(out.openText(), text);
        out.closeText();
    }
    const QJsonArray calls = message.value(QStringLiteral("tool_calls")).toArray();
    for (const QJsonValue &v : calls)
        out.block(QJsonDocument(toolUse(v.toObject(), options)).toJson(QJsonDocument::Compact));
    QString stop = stopReason(choice.value(QStringLiteral("finish_reason")).toString(), !calls.isEmpty());
    if (!refusal.isEmpty())
        stop = QStringLiteral("refusal");
    const QJsonValue usage = completion.value(QStringLiteral("usage"));
    const UsageCounts counts = UsageCounts::fromJson(usage.toObject());
    return out.finish(stop, model, usage.isObject() ? &counts : nullptr);
}

QJsonObject messageFromCompletion(const QJsonObject &completion, const QString &model, const ChatAnswerOptions &options)
{
    return QJsonDocument::fromJson(messageBodyFromCompletion(completion, model, options)).object();
}

// Written straight, in the order of keys QJsonDocument writes (content, id, model, role,
// stop_reason, stop_sequence, type, usage; in a block its fields before type): a message per
// answer would otherwise be built as a document and serialised.
MessageBodyWriter::MessageBodyWriter(qsizetype sizeHint)
{
    m_out.reserve(sizeHint + 256);
    m_out.append("{\"content\":[");
}

void MessageBodyWriter::separate()
{
    if (!std::exchange(m_first, false))
        m_out.append(',');
}

QByteArray &MessageBodyWriter::openThinking()
{
    separate();
    return m_out.append("{\"signature\":\"\",\"thinking\":");
}

QByteArray &MessageBodyWriter::openText()
{
    separate();
    return m_out.append("{\"text\":");
}

void MessageBodyWriter::block(QByteArrayView json)
{
    separate();
    m_out.append(json);
}

QByteArray MessageBodyWriter::finish(const QString &stopReason, const QString &model, const UsageCounts *usage)
{
    m_out.append("],\"id\":\"msg_").append(Ids::uniqueToken(24)).append("\",\"model\":");
    JsonWrite::appendString(m_out, model);
    m_out.append(",\"role\":\"assistant\",\"stop_reason\":");
    JsonWrite::appendString(m_out, stopReason);
    m_out.append(",\"stop_sequence\":null,\"type\":\"message\"");
    if (usage)
        usage->appendJson(m_out.append(",\"usage\":"));
    m_out.append('}');
    return std::move(m_out);
}

} // namespace ChatUpstream

} // namespace bytespike
