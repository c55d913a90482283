#pragma once

#include "ChatChunkScan.h"
#include "wire/SseParser.h"

#include <QAnyStringView>
#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QJsonObject>

#include <optional>

namespace bytespike {

// The outbound edge: canonical Anthropic requests sent to channels that speak OpenAI Chat
// Completions, and their answers turned back into Anthropic messages and events.
// How one request's OpenAI answer is read back into Anthropic form; requestFromMessages fills it.
struct ChatAnswerOptions
{
    // The client asked for thinking: reasoning text (reasoning_content / reasoning) becomes
    // thinking blocks with an empty signature. Otherwise it is dropped (protocols.md#answer-in).
    bool exposeReasoning = false;
    // Tool names shortened for the upstream (over 64 characters) -> the client's names.
    QHash<QString, QString> toolNames;
    // Channel option tool_streaming: "live" forwards tool arguments as they come (protocols.md#stream-in
    // step 5); the default, "buffered", writes each call whole at the finish.
    bool liveTools = false;
    // stream_options.include_usage was sent: after the finish, wait for the usage chunk.
    bool usageRequested = true;
};

namespace ChatUpstream {

// The text of a string, or of an array's text parts joined by newlines.
QString blockText(const QJsonValue &content);

// protocols.md#request-out. Thinking (unless the channel's reasoning_replay option sends it back as
// reasoning_content), redacted thinking, server-tool blocks, cache_control, top_k and
// Anthropic-only fields are dropped (docs/protocols.md lists every rule). channelOptions are the
// channel's `options`. answer, when given, receives what reading the answer back needs.
QByteArray requestFromMessages(const QJsonObject &messagesRequest, const QString &upstreamModel,
    const QJsonObject &channelOptions = {}, ChatAnswerOptions *answer = nullptr);

// The same from the canonical request's bytes, without a document, for the usual request (a text
// conversation, sampling, stop sequences, the end user, streaming): exactly what
// requestFromMessages writes, or nullopt when it cannot vouch for that (tools, thinking, images,
// documents, tool results, structured output, mid-conversation system messages, rare JSON forms).
std::optional<QByteArray> requestFromMessagesBytes(QByteArrayView canonical, const QString &upstreamModel,
    const QJsonObject &channelOptions = {}, ChatAnswerOptions *answer = nullptr);

// protocols.md#answer-in: one chat.completion -> one Anthropic Message. model is the client's model name.
// The body as QJsonDocument would write the message (compact), and the message itself.
QByteArray messageBodyFromCompletion(
    const QJsonObject &completion, const QString &model, const ChatAnswerOptions &options = {});
QJsonObject messageFromCompletion(
    const QJsonObject &completion, const QString &model, const ChatAnswerOptions &options = {});
// The same body read straight from a completion's bytes, without a document
// (ChatCompletionScan.cpp): exactly what messageBodyFromCompletion writes from the parsed bytes
// (but for the message's random id), or nullopt when it cannot vouch for that. It reads the
// common shape: one choice whose message has a string, null or parts content, a refusal and
// reasoning, no tool calls, and usage counts that are integers; it declines the rest (several
// choices, tool calls, escaped or repeated keys where it reads, fractions, long numbers, rare
// escapes, malformed JSON), which the document path then reads.
std::optional<QByteArray> messageBodyFromCompletionBytes(
    QByteArrayView completion, const QString &model, const ChatAnswerOptions &options = {});

// A tool name as an OpenAI upstream accepts it: names over 64 characters become a 55-character
// prefix, '_' and the first 8 hex digits of the name's SHA-256 (protocols.md#edge-cases case 31).
QString upstreamToolName(const QString &name);

// protocols.md#stop-reason-mapping OpenAI -> Anthropic, with tool calls forcing tool_use.
QString stopReason(QAnyStringView finishReason, bool toolsEmitted);
// Anthropic usage counts, from an OpenAI usage's figures (already read as counts).
struct UsageCounts
{
    qint64 input = 0;
    qint64 output = 0;
    qint64 cacheWrite = 0;
    qint64 cacheRead = 0;

    // cacheHit: DeepSeek's prompt_cache_hit_tokens, read when cached is 0.
    static UsageCounts fromOpenAi(qint64 prompt, qint64 completion, qint64 cached, qint64 cacheHit, qint64 cacheWrite);
    static UsageCounts fromFigures(const OpenAiUsageFigures &figures);
    static UsageCounts fromJson(const QJsonObject &openAiUsage);
    // As QJsonDocument writes the Anthropic usage object (its keys in their sorted order).
    void appendJson(QByteArray &out) const;
};

// An Anthropic message body as messageBodyFromCompletion writes it (compact, keys in
// QJsonDocument's order), put together by both readers of a completion: the blocks in order,
// then finish(). A thinking or text block is opened, its string appended (quoted, as
// QJsonDocument writes it) to the buffer open returns, and closed.
class MessageBodyWriter
{
public:
    explicit MessageBodyWriter(qsizetype sizeHint = 0);
    QByteArray &openThinking();
    void closeThinking() { m_out.append(",\"type\":\"thinking\"}"); }
    QByteArray &openText();
    void closeText() { m_out.append(",\"type\":\"text\"}"); }
    // A whole block, as compact JSON.
    void block(QByteArrayView json);
    // The rest of the message, with a fresh msg_ id; usage only when the completion had one.
    QByteArray finish(const QString &stopReason, const QString &model, const UsageCounts *usage);

private:
    void separate();

    QByteArray m_out;
    bool m_first = true;
};

// protocols.md#anthropic-validity: Anthropic tool ids match ^[a-zA-Z0-9_-]+$. Other characters become '_'
// (deterministic, so a later tool_result still matches); an empty id becomes whenEmpty, or a
// fresh toolu_ id when whenEmpty is empty.
QString toolId(const QString &id, const QString &whenEmpty = {});

} // namespace ChatUpstream

// protocols.md#stream-in: an OpenAI chunk stream -> an Anthropic event stream that keeps the grammar
// (message_start first, blocks one at a time with contiguous indices, message_delta, message_stop)
// whatever the upstream sends. Malformed data or an upstream error ends with an error event.
class ChatStreamToMessages
{
public:
    ChatStreamToMessages(QString model, qint64 estimatedInputTokens, ChatAnswerOptions options = {});

    QList<SseParser::Frame> feed(const QList<SseParser::Frame> &chunks);
    // The upstream connection ended: finalize if a finish was seen, otherwise report truncation.
    QList<SseParser::Frame> finish();
    bool done() const { return m_done; }
    // A finish_reason arrived; the usage chunk and [DONE] may still follow.
    bool finishSeen() const { return m_finished; }
    // False when the upstream never sent usage: the figures in message_delta are then estimates.
    bool usageReported() const { return m_usage.has_value(); }

private:
    // name: a string literal (the frame shares it).
    void emitEvent(const char *name, QJsonObject data);
    // An event whose data (compact JSON with its type) is written already; returns its frame.
    SseParser::Frame &emitData(const char *name, QByteArray data);
    void start();
    void openBlock(int kind, const QJsonObject &contentBlock, int toolSlot = -1);
    // contentBlock: the block's compact JSON.
    void openBlock(int kind, QByteArrayView contentBlock, int toolSlot = -1);
    void closeOpen();
    void flushTools();
    void finalize();
    void fail(const QByteArray &type, const QString &message);
    void streamDelta(int kind, const QString &text);
    // quoted: the text as a JSON string, written as QJsonDocument writes it. readBytes: its UTF-8
    // length when it was read from a chunk (the frame of a text delta then carries both), else -1.
    void streamDeltaJson(int kind, QByteArrayView quoted, qint64 readBytes = -1);
    void onTextChunk(const ChatTextChunk &chunk);
    void onToolFragment(const QJsonObject &call);
    void writeTool(int slot);

    enum Kind { None, Thinking, Text, Tool };
    // One tool call being assembled (protocols.md#stream-in, step 5).
    struct ToolSlot
    {
        int key; // the upstream's tool_calls[].index
        QString rawId; // as the upstream sent it
        QString id; // sanitised (or generated) for the client
        QString name;
        QString arguments;
        bool written = false; // its block was opened (live) or flushed (buffered), or it was dropped
    };
    QList<SseParser::Frame> m_out;
    QString m_model;
    qint64 m_estimatedInput;
    bool m_started = false;
    bool m_done = false;
    int m_nextIndex = 0;
    int m_openKind = None;
    int m_openIndex = -1;
    int m_openTool = -1; // the open block's slot
    ChatAnswerOptions m_options;
    QList<ToolSlot> m_tools;
    int m_lastTool = -1;
    bool m_toolsEmitted = false;
    bool m_refusal = false;
    QString m_finishReason;
    bool m_finished = false;
    std::optional<ChatUpstream::UsageCounts> m_usage; // the last non-empty usage object
    // A usage object arrived (isEmpty: {}, which leaves the figures to the estimate again).
    void takeUsage(bool isEmpty, const ChatUpstream::UsageCounts &counts);
    qint64 m_outputBytes = 0;
    ChatChunkReader m_chunks;
};

} // namespace bytespike
