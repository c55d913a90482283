#include "ChatUpstream.h"

#include "base/Ids.h"
#include "base/Joined.h"
#include "protocol/JsonWrite.h"
#include "protocol/openai/ChatChunkScan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <charconv>
#include <cstring>

Q_DECLARE_LOGGING_CATEGORY(lcOpenAi)

namespace bytespike {

ChatStreamToMessages::ChatStreamToMessages(QString model, qint64 estimatedInputTokens, ChatAnswerOptions options)
    : m_model(std::move(model))
    , m_estimatedInput(estimatedInputTokens)
    , m_options(std::move(options))
{ }

void ChatStreamToMessages::emitEvent(const char *name, QJsonObject data)
{
    data.insert(QStringLiteral("type"), QString::fromLatin1(name));
    emitData(name, QJsonDocument(data).toJson(QJsonDocument::Compact));
}

SseParser::Frame &ChatStreamToMessages::emitData(const char *name, QByteArray data)
{
    SseParser::Frame frame;
    frame.event = QByteArray::fromRawData(name, qsizetype(std::strlen(name))); // a literal: never copied
    frame.raw = joined({"event: ", frame.event, "\ndata: ", data, "\n\n"});
    frame.data = std::move(data);
    m_out.append(std::move(frame));
    return m_out.last();
}

void ChatStreamToMessages::start()
{
    if (m_started)
        return;
    m_started = true;
    // input_tokens is an estimate here; the real figure follows in message_delta (protocols.md#stream-in).
    // The events of a stream's frame are written straight, in QJsonDocument's order of keys:
    // building a document per event cost more than the rest of the translation.
    QByteArray data;
    data.reserve(320 + m_model.size());
    data.append("{\"message\":{\"content\":[],\"id\":\"msg_").append(Ids::uniqueToken(24)).append("\",\"model\":");
    JsonWrite::appendString(data, m_model);
    data.append(",\"role\":\"assistant\",\"stop_reason\":null,\"stop_sequence\":null,\"type\":\"message\",")
        .append("\"usage\":{\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"input_tokens\":")
        .append(QByteArray::number(m_estimatedInput))
        .append(",\"output_tokens\":1}},\"type\":\"message_start\"}");
    emitData("message_start", std::move(data));
}

void ChatStreamToMessages::closeOpen()
{
    if (m_openKind == None)
        return;
    QByteArray data;
    data.reserve(48);
    data.append("{\"index\":");
    JsonWrite::appendInteger(data, m_openIndex);
    data.append(",\"type\":\"content_block_stop\"}");
    emitData("content_block_stop", std::move(data));
    m_openKind = None;
    m_openTool = -1;
}

void ChatStreamToMessages::openBlock(int kind, const QJsonObject &contentBlock, int toolSlot)
{
    openBlock(kind, QJsonDocument(contentBlock).toJson(QJsonDocument::Compact), toolSlot);
}

void ChatStreamToMessages::openBlock(int kind, QByteArrayView contentBlock, int toolSlot)
{
    closeOpen();
    m_openKind = kind;
    m_openIndex = m_nextIndex++;
    m_openTool = toolSlot;
    QByteArray data;
    data.reserve(64 + contentBlock.size());
    data.append("{\"content_block\":").append(contentBlock).append(",\"index\":");
    JsonWrite::appendInteger(data, m_openIndex);
    data.append(",\"type\":\"content_block_start\"}");
    emitData("content_block_start", std::move(data));
}

void ChatStreamToMessages::fail(const QByteArray &type, const QString &message)
{
    if (m_done)
        return;
    start();
    emitEvent("error",
        QJsonObject {{QStringLiteral("error"),
            QJsonObject {{QStringLiteral("type"), QString::fromLatin1(type)}, {QStringLiteral("message"), message}}}});
    m_done = true;
}

void ChatStreamToMessages::streamDelta(int kind, const QString &text)
{
    streamDeltaJson(kind, JsonWrite::string(text));
}

void ChatStreamToMessages::streamDeltaJson(int kind, QByteArrayView quoted, qint64 readBytes)
{
    if (m_openKind != kind) {
        openBlock(kind,
            kind == Thinking ? QByteArrayView("{\"signature\":\"\",\"thinking\":\"\",\"type\":\"thinking\"}")
                             : QByteArrayView("{\"text\":\"\",\"type\":\"text\"}"));
    }
    // The one event of every piece of text: written straight from a template, in the order of
    // keys QJsonDocument writes (delta, index, type; in the delta the text field, then type).
    const QByteArrayView head = kind == Thinking ? "{\"delta\":{\"thinking\":" : "{\"delta\":{\"text\":";
    char index[24];
    const qsizetype indexSize = std::to_chars(index, index + sizeof index, m_openIndex).ptr - index;
    QByteArray data = joined({head, quoted,
        kind == Thinking ? ",\"type\":\"thinking_delta\"},\"index\":" : ",\"type\":\"text_delta\"},\"index\":",
        QByteArrayView(index, indexSize), ",\"type\":\"content_block_delta\"}"});
    const qsizetype textAt = head.size();
    SseParser::Frame &frame = emitData("content_block_delta", std::move(data));
    if (readBytes >= 0 && kind == Text) { // the relay and the OpenAI encoder need not scan it again
        frame.textAt = textAt;
        frame.textSize = quoted.size();
        frame.textBytes = readBytes;
    }
}

void ChatStreamToMessages::writeTool(int slot)
{
    ToolSlot &tool = m_tools[slot];
    tool.written = true;
    m_toolsEmitted = true;
    // input is always {} at the start; the arguments travel only as input_json_delta (row 2).
    openBlock(Tool,
        QJsonObject {{QStringLiteral("type"), QStringLiteral("tool_use")}, {QStringLiteral("id"), tool.id},
            {QStringLiteral("name"), m_options.toolNames.value(tool.name, tool.name)},
            {QStringLiteral("input"), QJsonObject()}},
        slot);
    if (!tool.arguments.trimmed().isEmpty())
        emitEvent("content_block_delta",
            QJsonObject {{QStringLiteral("index"), m_openIndex},
                {QStringLiteral("delta"),
                    QJsonObject {{QStringLiteral("type"), QStringLiteral("input_json_delta")},
                        {QStringLiteral("partial_json"), tool.arguments}}}});
}

void ChatStreamToMessages::onToolFragment(const QJsonObject &call)
{
    const bool hasIndex = call.value(QStringLiteral("index")).isDouble();
    const int key = call.value(QStringLiteral("index")).toInt();
    const QString rawId = call.value(QStringLiteral("id")).toString();
    const QJsonObject function = call.value(QStringLiteral("function")).toObject();
    const QString name = function.value(QStringLiteral("name")).toString();
    const QString arguments = function.value(QStringLiteral("arguments")).toString();
    // Pick the slot (protocols.md#stream-in step 5): by index, else by id, else the one touched last.
    int slot = -1;
    for (int i = int(m_tools.size()) - 1; i >= 0 && slot < 0; --i) {
        if (hasIndex ? m_tools[i].key == key : (!rawId.isEmpty() && m_tools[i].rawId == rawId))
            slot = i;
    }
    if (slot < 0 && !hasIndex && rawId.isEmpty())
        slot = m_lastTool;
    // A new id, or a second name after arguments, at a reused index starts a new call (row 8).
    const bool fresh = slot < 0 || (!rawId.isEmpty() && !m_tools[slot].rawId.isEmpty() && rawId != m_tools[slot].rawId)
        || (!name.isEmpty() && !m_tools[slot].name.isEmpty() && !m_tools[slot].arguments.isEmpty());
    if (fresh) {
        ToolSlot tool;
        tool.key = hasIndex ? key : (slot >= 0 ? m_tools[slot].key : 0);
        tool.rawId = rawId;
        tool.id = ChatUpstream::toolId(rawId);
        m_tools.append(tool);
        slot = int(m_tools.size()) - 1;
    }
    ToolSlot &tool = m_tools[slot];
    if (tool.rawId.isEmpty() && !rawId.isEmpty()) {
        tool.rawId = rawId;
        tool.id = ChatUpstream::toolId(rawId);
    }
    if (tool.name.isEmpty())
        tool.name = name;
    m_lastTool = slot;
    tool.arguments += arguments;
    m_outputBytes += arguments.toUtf8().size();
    if (!m_options.liveTools)
        return; // mode A: written whole at the finish
    if (!tool.written) {
        if (!tool.name.isEmpty())
            writeTool(slot);
    } else if (m_openKind == Tool && m_openTool == slot) {
        if (!arguments.isEmpty())
            emitEvent("content_block_delta",
                QJsonObject {{QStringLiteral("index"), m_openIndex},
                    {QStringLiteral("delta"),
                        QJsonObject {{QStringLiteral("type"), QStringLiteral("input_json_delta")},
                            {QStringLiteral("partial_json"), arguments}}}});
    } else if (!arguments.isEmpty()) {
        // A delta after its block's stop would break the stream (row 7): it is lost instead.
        qCWarning(lcOpenAi) << "upstream protocol violation: tool arguments after the call's block closed (live mode)";
    }
}

void ChatStreamToMessages::flushTools()
{
    closeOpen();
    QList<int> order;
    for (int i = 0; i < m_tools.size(); ++i)
        order << i;
    std::stable_sort(order.begin(), order.end(), [this](int a, int b) { return m_tools[a].key < m_tools[b].key; });
    for (int slot : order) {
        if (m_tools[slot].written)
            continue;
        if (m_tools[slot].name.isEmpty()) {
            qCWarning(lcOpenAi) << "upstream tool call without a function name dropped";
            m_tools[slot].written = true;
            continue;
        }
        writeTool(slot);
        closeOpen();
    }
}

void ChatStreamToMessages::finalize()
{
    if (m_done)
        return;
    start();
    flushTools();
    // message_delta always carries usage (the SDKs read it). Without upstream figures it holds
    // the same estimate the ledger bills and flags: bytes / 4.
    const QString stop = !m_toolsEmitted && m_refusal ? QStringLiteral("refusal")
                                                      : ChatUpstream::stopReason(m_finishReason, m_toolsEmitted);
    QByteArray delta("{\"delta\":{\"stop_reason\":");
    JsonWrite::appendString(delta, stop);
    delta.append(",\"stop_sequence\":null},\"type\":\"message_delta\",\"usage\":");
    if (m_usage) {
        m_usage->appendJson(delta);
    } else {
        delta.append("{\"input_tokens\":").append(QByteArray::number(m_estimatedInput));
        delta.append(",\"output_tokens\":").append(QByteArray::number(std::max<qint64>(1, (m_outputBytes + 3) / 4)));
        delta.append('}');
    }
    delta.append('}');
    emitData("message_delta", std::move(delta));
    emitData("message_stop", "{\"type\":\"message_stop\"}");
    m_done = true;
}

void ChatStreamToMessages::onTextChunk(const ChatTextChunk &chunk)
{
    // What the document path below does with such a chunk (no error, no reasoning, refusal or
    // tool calls), with the text spliced in as it came.
    start();
    const bool hasUsage = chunk.usage.isObject;
    if (hasUsage)
        takeUsage(chunk.usage.isEmpty, ChatUpstream::UsageCounts::fromFigures(chunk.usage));
    if (m_finished || !chunk.hasChoice) {
        if (m_finished && hasUsage)
            finalize();
        return;
    }
    if (chunk.textBytes > 0) {
        m_outputBytes += chunk.textBytes;
        streamDeltaJson(Text, chunk.text, chunk.textBytes);
    }
    if (chunk.hasFinish) {
        m_finished = true;
        m_finishReason = QString::fromUtf8(chunk.finishReason);
        flushTools();
        if (hasUsage || !m_options.usageRequested)
            finalize();
    }
}

void ChatStreamToMessages::takeUsage(bool isEmpty, const ChatUpstream::UsageCounts &counts)
{
    if (isEmpty)
        m_usage.reset();
    else
        m_usage = counts;
}

QList<SseParser::Frame> ChatStreamToMessages::feed(const QList<SseParser::Frame> &chunks)
{
    for (const SseParser::Frame &chunk : chunks) {
        if (m_done)
            break;
        if (chunk.data.isEmpty())
            continue; // comments and keep-alives
        if (chunk.data.trimmed() == "[DONE]") {
            if (m_finished)
                finalize();
            else
                fail("api_error", QStringLiteral("upstream ended the stream without a finish reason"));
            break;
        }
        if (const std::optional<ChatTextChunk> text = m_chunks.read(chunk.data)) {
            onTextChunk(*text);
            continue;
        }
        const QJsonDocument doc = QJsonDocument::fromJson(chunk.data);
        if (!doc.isObject()) {
            fail("api_error", QStringLiteral("upstream sent a malformed chunk"));
            break;
        }
        const QJsonObject c = doc.object();
        if (c.contains(QStringLiteral("error"))) {
            const QJsonObject e = c.value(QStringLiteral("error")).toObject();
            fail("api_error", e.value(QStringLiteral("message")).toString(QStringLiteral("upstream error")));
            break;
        }
        start();
        const bool hasUsage = c.value(QStringLiteral("usage")).isObject();
        if (hasUsage) {
            const QJsonObject usage = c.value(QStringLiteral("usage")).toObject();
            takeUsage(usage.isEmpty(), ChatUpstream::UsageCounts::fromJson(usage));
        }
        const QJsonArray choices = c.value(QStringLiteral("choices")).toArray();
        if (m_finished || choices.isEmpty()) {
            // A usage-only or metadata chunk; after the finish only usage matters and a second
            // finish counts for nothing (rows 10, 43).
            if (m_finished && hasUsage)
                finalize();
            continue;
        }
        const QJsonObject choice = choices.first().toObject();
        const QJsonObject delta = choice.value(QStringLiteral("delta")).toObject();
        const QString reasoning = delta.value(QStringLiteral("reasoning_content"))
                                      .toString(delta.value(QStringLiteral("reasoning")).toString());
        if (!reasoning.isEmpty()) {
            m_outputBytes += reasoning.toUtf8().size();
            if (m_options.exposeReasoning)
                streamDelta(Thinking, reasoning);
        }
        const QJsonValue content = delta.value(QStringLiteral("content"));
        const QString text = content.isArray() ? ChatUpstream::blockText(content) : content.toString();
        const QString refusal = delta.value(QStringLiteral("refusal")).toString();
        for (const QString &piece : {text, refusal}) {
            if (piece.isEmpty())
                continue;
            m_outputBytes += piece.toUtf8().size();
            streamDelta(Text, piece);
        }
        if (!refusal.isEmpty())
            m_refusal = true;
        for (const QJsonValue &v : delta.value(QStringLiteral("tool_calls")).toArray())
            onToolFragment(v.toObject()); // an empty array is nothing (row 4)
        const QJsonValue finish = choice.value(QStringLiteral("finish_reason"));
        if (finish.isString()) {
            m_finished = true;
            m_finishReason = finish.toString();
            flushTools(); // the finish closes whatever is open and writes the buffered calls
            if (hasUsage || !m_options.usageRequested)
                finalize();
        }
    }
    QList<SseParser::Frame> out;
    out.swap(m_out);
    return out;
}

QList<SseParser::Frame> ChatStreamToMessages::finish()
{
    if (!m_done) {
        if (m_finished)
            finalize(); // a finish and no [DONE]: the answer is complete (protocols.md#golden-streams case h)
        else
            fail("api_error", QStringLiteral("upstream ended the stream before finishing"));
    }
    QList<SseParser::Frame> out;
    out.swap(m_out);
    return out;
}

} // namespace bytespike
