#include "ChatResponse.h"

#include "base/Ids.h"
#include "base/Joined.h"
#include "protocol/JsonCount.h"
#include "protocol/JsonWrite.h"
#include "protocol/openai/ChatChunkScan.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace bytespike {

namespace ChatResponse {

QString finishReason(QAnyStringView stopReason)
{
    if (stopReason == QLatin1String("max_tokens") || stopReason == QLatin1String("model_context_window_exceeded"))
        return QStringLiteral("length");
    if (stopReason == QLatin1String("tool_use"))
        return QStringLiteral("tool_calls");
    if (stopReason == QLatin1String("refusal"))
        return QStringLiteral("content_filter");
    return QStringLiteral("stop"); // end_turn, stop_sequence, pause_turn, unknown
}

namespace {

// Anthropic usage counts as the OpenAI usage QJsonDocument writes for them (its keys in their
// sorted order; cached tokens counted once, inside prompt_tokens).
void appendUsageCounts(QByteArray &out, qint64 input, qint64 cacheWrite, qint64 cacheRead, qint64 output)
{
    const qint64 prompt = input + cacheWrite + cacheRead;
    out.append("{\"completion_tokens\":");
    JsonWrite::appendInteger(out, output);
    out.append(",\"prompt_tokens\":");
    JsonWrite::appendInteger(out, prompt);
    out.append(",\"prompt_tokens_details\":{\"cache_write_tokens\":");
    JsonWrite::appendInteger(out, cacheWrite);
    out.append(",\"cached_tokens\":");
    JsonWrite::appendInteger(out, cacheRead);
    out.append("},\"total_tokens\":");
    JsonWrite::appendInteger(out, prompt + output);
    out.append('}');
}

// A string's QJsonDocument form without its quotes.
QByteArray writtenContent(const QString &s)
{
    QByteArray out = JsonWrite::string(s);
    out.chop(1);
    out.remove(0, 1);
    return out;
}

} // namespace

QByteArray fromMessage(const QJsonObject &message, const QString &model, bool exposeReasoning)
{
    QString text;
    QString reasoning;
    QJsonArray toolCalls;
    for (const QJsonValue &v : message.value(QStringLiteral("content")).toArray()) {
        const QJsonObject block = v.toObject();
        const QString type = block.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("text")) {
            text += block.value(QStringLiteral("text")).toString(); // joined with "" (protocols.md#stream-out)
        } else if (type == QLatin1String("thinking")) {
            reasoning += block.value(QStringLiteral("thinking")).toString();
        } else if (type == QLatin1String("tool_use")) {
            toolCalls.append(QJsonObject {{QStringLiteral("id"), block.value(QStringLiteral("id"))},
                {QStringLiteral("type"), QStringLiteral("function")},
                {QStringLiteral("function"),
                    QJsonObject {{QStringLiteral("name"), block.value(QStringLiteral("name"))},
                        {QStringLiteral("arguments"),
                            QString::fromUtf8(QJsonDocument(block.value(QStringLiteral("input")).toObject())
                                                  .toJson(QJsonDocument::Compact))}}}});
        }
    }
    const QString stopReason = message.value(QStringLiteral("stop_reason")).toString();
    const QByteArray textJson = writtenContent(text);
    const QByteArray reasoningJson = writtenContent(reasoning);
    const QByteArray calls
        = toolCalls.isEmpty() ? QByteArray() : QJsonDocument(toolCalls).toJson(QJsonDocument::Compact);
    const QByteArray id = writtenContent(message.value(QStringLiteral("id")).toString());
    const QJsonObject usage = message.value(QStringLiteral("usage")).toObject();
    CompletionParts parts;
    parts.stopReason = stopReason;
    parts.text = textJson;
    parts.reasoning = reasoningJson;
    parts.toolCalls = calls;
    parts.id = id;
    parts.inputTokens = jsonCount(usage.value(QStringLiteral("input_tokens")).toDouble());
    parts.cacheWriteTokens = jsonCount(usage.value(QStringLiteral("cache_creation_input_tokens")).toDouble());
    parts.cacheReadTokens = jsonCount(usage.value(QStringLiteral("cache_read_input_tokens")).toDouble());
    parts.outputTokens = jsonCount(usage.value(QStringLiteral("output_tokens")).toDouble());
    return completionBody(parts, model, exposeReasoning);
}

// Written straight, in the order of keys QJsonDocument writes: a completion per answer would
// otherwise be built as a document of a dozen objects and serialised.
QByteArray completionBody(const CompletionParts &parts, const QString &model, bool exposeReasoning)
{
    QByteArray out;
    out.reserve(320 + parts.text.size() + parts.reasoning.size() + parts.toolCalls.size() + model.size());
    out.append("{\"choices\":[{\"finish_reason\":");
    JsonWrite::appendString(out, finishReason(parts.stopReason));
    out.append(",\"index\":0,\"logprobs\":null,\"message\":{\"content\":");
    if (parts.text.isEmpty())
        out.append("null");
    else
        out.append('"').append(parts.text).append('"');
    if (exposeReasoning && !parts.reasoning.isEmpty())
        out.append(",\"reasoning_content\":\"").append(parts.reasoning).append('"');
    out.append(",\"refusal\":null,\"role\":\"assistant\"");
    if (!parts.toolCalls.isEmpty())
        out.append(",\"tool_calls\":").append(parts.toolCalls);
    out.append("}}],\"created\":");
    JsonWrite::appendInteger(out, QDateTime::currentSecsSinceEpoch());
    out.append(",\"id\":\"chatcmpl-").append(parts.id.startsWith("msg_") ? parts.id.sliced(4) : parts.id);
    out.append("\",\"model\":");
    JsonWrite::appendString(out, model);
    out.append(",\"object\":\"chat.completion\",\"usage\":");
    appendUsageCounts(out, parts.inputTokens, parts.cacheWriteTokens, parts.cacheReadTokens, parts.outputTokens);
    out.append('}');
    return out;
}

QByteArray errorBody(const ApiError &error)
{
    QString type = QStringLiteral("invalid_request_error");
    QJsonValue code;
    switch (error.status) {
    case 401:
        type = QStringLiteral("authentication_error");
        code = QStringLiteral("invalid_api_key");
        break;
    case 402:
        type = QStringLiteral("insufficient_quota");
        code = QStringLiteral("insufficient_quota");
        break;
    case 403: type = QStringLiteral("permission_error"); break;
    case 404: code = QStringLiteral("model_not_found"); break;
    case 409: type = QStringLiteral("conflict_error"); break;
    case 413: code = QStringLiteral("request_too_large"); break;
    case 429:
        type = QStringLiteral("rate_limit_error");
        code = QStringLiteral("rate_limit_exceeded");
        break;
    case 504:
        type = QStringLiteral("server_error");
        code = QStringLiteral("timeout");
        break;
    case 529:
        type = QStringLiteral("server_error");
        code = QStringLiteral("overloaded");
        break;
    default:
        if (error.status >= 500)
            type = QStringLiteral("server_error");
    }
    if (!error.openAiCode.isEmpty())
        code = QString::fromLatin1(error.openAiCode);
    const QJsonObject body {{QStringLiteral("error"),
        QJsonObject {{QStringLiteral("message"), error.message}, {QStringLiteral("type"), type},
            {QStringLiteral("param"), QJsonValue()}, {QStringLiteral("code"), code}}}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

ApiError fromAnthropicError(int status, const QByteArray &body)
{
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
    const QString message = error.value(QStringLiteral("message")).toString();
    return ApiError {status, anthropicErrorTypeForStatus(status),
        message.isEmpty() ? QStringLiteral("upstream returned HTTP %1").arg(status) : message};
}

} // namespace ChatResponse

ChatStreamTranslator::ChatStreamTranslator(QString model, bool includeUsage, bool exposeReasoning)
    : m_id(QStringLiteral("chatcmpl-") + QString::fromLatin1(Ids::uniqueToken(24)))
    , m_created(QDateTime::currentSecsSinceEpoch())
    , m_model(std::move(model))
    , m_includeUsage(includeUsage)
    , m_exposeReasoning(exposeReasoning)
{
    // The frame's constant parts, written once per stream rather than into every chunk.
    m_head = "data: {\"choices\":[{\"delta\":";
    m_tail.reserve(160 + m_model.size());
    m_tail.append(",\"index\":0,\"logprobs\":null}],\"created\":").append(QByteArray::number(m_created));
    m_tail.append(",\"id\":");
    JsonWrite::appendString(m_tail, m_id);
    m_tail.append(",\"model\":");
    JsonWrite::appendString(m_tail, m_model);
    m_tail.append(",\"object\":\"chat.completion.chunk\"");
    if (m_includeUsage)
        m_tail.append(",\"usage\":null");
    m_tail.append("}\n\n");
}

QByteArray ChatStreamTranslator::chunk(QByteArrayView delta, QByteArrayView finishReason) const
{
    return joined({m_head, delta, ",\"finish_reason\":", finishReason, m_tail});
}

QByteArray ChatStreamTranslator::chunk(const QJsonObject &delta) const
{
    return chunk(QJsonDocument(delta).toJson(QJsonDocument::Compact));
}

QByteArray ChatStreamTranslator::textDelta(QByteArrayView quotedText) const
{
    return chunk(joined({"{\"content\":", quotedText, "}"}));
}

QByteArray ChatStreamTranslator::textChunk(QByteArrayView field, const QJsonValue &text) const
{
    if (!text.isString())
        return chunk(QJsonObject {{QString::fromLatin1(field), text}});
    QByteArray delta;
    delta.reserve(field.size() + 6 + text.toString().size() * 3 / 2);
    delta.append("{\"").append(field).append("\":");
    JsonWrite::appendString(delta, text.toString());
    delta.append('}');
    return chunk(delta);
}

QByteArray ChatStreamTranslator::onEvent(const QByteArray &event, const QJsonObject &data)
{
    // What the facts of an event tell all about is written from them, however they were read.
    if (event == "message_start" || event == "message_delta" || event == "ping")
        return *onFacts(event, {}, StreamEventFacts::fromJson(event, data));
    const int index = data.value(QStringLiteral("index")).toInt();
    if (event == "content_block_start") {
        const QJsonObject block = data.value(QStringLiteral("content_block")).toObject();
        const QString type = block.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("text") && !block.value(QStringLiteral("text")).toString().isEmpty())
            return textChunk("content", block.value(QStringLiteral("text")));
        if (type == QLatin1String("tool_use")) {
            const int k = m_nextTool++;
            m_toolByBlock.insert(index, k);
            m_argumentsSent.insert(k, false);
            return chunk(QJsonObject {{QStringLiteral("tool_calls"),
                QJsonArray {QJsonObject {{QStringLiteral("index"), k},
                    {QStringLiteral("id"), block.value(QStringLiteral("id"))},
                    {QStringLiteral("type"), QStringLiteral("function")},
                    {QStringLiteral("function"),
                        QJsonObject {{QStringLiteral("name"), block.value(QStringLiteral("name"))},
                            {QStringLiteral("arguments"), QString()}}}}}}});
        }
        return {};
    }
    if (event == "content_block_delta") {
        const QJsonObject delta = data.value(QStringLiteral("delta")).toObject();
        const QString type = delta.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("text_delta"))
            return textChunk("content", delta.value(QStringLiteral("text")));
        if (type == QLatin1String("thinking_delta") && m_exposeReasoning)
            return textChunk("reasoning_content", delta.value(QStringLiteral("thinking")));
        if (type == QLatin1String("input_json_delta") && m_toolByBlock.contains(index)) {
            const QString partial = delta.value(QStringLiteral("partial_json")).toString();
            if (partial.isEmpty())
                return {};
            const int k = m_toolByBlock.value(index);
            m_argumentsSent[k] = true;
            return chunk(QJsonObject {{QStringLiteral("tool_calls"),
                QJsonArray {QJsonObject {{QStringLiteral("index"), k},
                    {QStringLiteral("function"), QJsonObject {{QStringLiteral("arguments"), partial}}}}}}});
        }
        return {};
    }
    if (event == "content_block_stop" && m_toolByBlock.contains(index)) {
        const int k = m_toolByBlock.value(index);
        if (!m_argumentsSent.value(k)) // a tool with no arguments still gets "{}" (protocols.md#edge-cases case 26)
            return chunk(QJsonObject {{QStringLiteral("tool_calls"),
                QJsonArray {QJsonObject {{QStringLiteral("index"), k},
                    {QStringLiteral("function"),
                        QJsonObject {{QStringLiteral("arguments"), QStringLiteral("{}")}}}}}}});
        return {};
    }
    return {};
}

std::optional<QByteArray> ChatStreamTranslator::onFacts(
    QByteArrayView event, QByteArrayView data, const StreamEventFacts &facts)
{
    if (event == "message_start") {
        m_usage.update(facts.usage);
        return chunk(QByteArrayView("{\"content\":\"\",\"role\":\"assistant\"}"));
    }
    if (event == "message_delta") {
        m_stopReason = facts.stopReason;
        m_usage.update(facts.usage);
        return QByteArray();
    }
    if (event == "message_stop")
        return finish();
    if (event == "ping")
        return QByteArray(": ping\n\n");
    // Only tool calls make something of a block's stop, and only tool calls and text make
    // something of its start.
    if (event == "content_block_stop" && m_toolByBlock.isEmpty())
        return QByteArray();
    if (event == "content_block_start" && AnthropicBlockStart::writesNothing(data))
        return QByteArray();
    return std::nullopt;
}

QByteArray ChatStreamTranslator::finish()
{
    QByteArray out = chunk("{}", JsonWrite::string(ChatResponse::finishReason(m_stopReason)));
    if (m_includeUsage) {
        // The usage chunk has no choice and the usage in place of the chunks' null: the rest of
        // it is the chunks' tail (which ends in "usage":null whenever usage was asked for).
        static constexpr QByteArrayView kChoiceEnd = ",\"index\":0,\"logprobs\":null}]";
        static constexpr QByteArrayView kNullUsage = "null}\n\n";
        Q_ASSERT(m_tail.startsWith(kChoiceEnd) && m_tail.endsWith(kNullUsage));
        out.append("data: {\"choices\":[]")
            .append(QByteArrayView(m_tail).sliced(
                kChoiceEnd.size(), m_tail.size() - kChoiceEnd.size() - kNullUsage.size()));
        ChatResponse::appendUsageCounts(out, m_usage.inputTokens.value_or(0), m_usage.cacheWriteTokens.value_or(0),
            m_usage.cacheReadTokens.value_or(0), m_usage.outputTokens.value_or(0));
        out.append("}\n\n");
    }
    out += "data: [DONE]\n\n";
    return out;
}

QByteArray ChatStreamTranslator::error(const ApiError &error)
{
    return "data: " + ChatResponse::errorBody(error) + "\n\n";
}

} // namespace bytespike
