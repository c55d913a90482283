#pragma once

#include "protocol/anthropic/ApiError.h"
#include "protocol/anthropic/StreamEvent.h"

#include <QAnyStringView>
#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QJsonObject>

#include <optional>

namespace bytespike {

// Anthropic answers rendered for OpenAI Chat Completions clients (protocols.md: stop-reason-mapping, stream-out,
// usage-mapping, error-mapping).
namespace ChatResponse {

// stop_reason -> finish_reason; unknown values map to "stop".
QString finishReason(QAnyStringView stopReason);
// A whole Message -> chat.completion.
// exposeReasoning: thinking text becomes message.reasoning_content (non-standard, DeepSeek's name).
QByteArray fromMessage(const QJsonObject &message, const QString &model, bool exposeReasoning = false);
// The same read straight from a message's bytes, without a document (ChatResponseScan.cpp):
// exactly what fromMessage writes from the parsed bytes (but for created, the clock's), or
// nullopt when it cannot vouch for that. It declines tool_use blocks, escaped or repeated keys
// where it reads, an escaped stop_reason or block type, fractions, long numbers, rare escapes
// and malformed JSON, which the document path then reads.
std::optional<QByteArray> fromMessageBytes(QByteArrayView body, const QString &model, bool exposeReasoning = false);

// What fromMessage reads from a message, each string as QJsonDocument writes it without its
// quotes; both readers of a message write their completion from it.
struct CompletionParts
{
    QAnyStringView stopReason;
    QByteArrayView text; // the text blocks' joined text; empty: content null
    QByteArrayView reasoning; // the thinking blocks' joined thinking
    QByteArrayView toolCalls; // the tool_calls array as compact JSON; empty: none
    QByteArrayView id; // the message's id
    qint64 inputTokens = 0;
    qint64 cacheWriteTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 outputTokens = 0;
};
QByteArray completionBody(const CompletionParts &parts, const QString &model, bool exposeReasoning);

// The OpenAI error envelope {"error":{"message","type","param","code"}}; the status is kept.
QByteArray errorBody(const ApiError &error);
// An Anthropic error body from an upstream, rebuilt as an ApiError.
ApiError fromAnthropicError(int status, const QByteArray &body);

} // namespace ChatResponse

// Translates an Anthropic event stream into OpenAI chat.completion.chunk frames, one event at
// a time (protocols.md#stream-out). Tool calls are numbered from 0 independently of block indices.
class ChatStreamTranslator
{
public:
    // exposeReasoning: thinking_delta becomes delta.reasoning_content; otherwise dropped.
    ChatStreamTranslator(QString model, bool includeUsage, bool exposeReasoning = false);

    // The OpenAI frames ("data: ...\n\n") for one Anthropic event; empty when it maps to none.
    QByteArray onEvent(const QByteArray &event, const QJsonObject &data);
    // The same for the events that need no more than the facts the relay reads from the bytes
    // (message_start, message_delta, message_stop with what follows it, ping, and the block
    // starts and stops that map to nothing); nullopt for the others, which need onEvent.
    std::optional<QByteArray> onFacts(QByteArrayView event, QByteArrayView data, const StreamEventFacts &facts);
    // The chunk of a text_delta whose text is given as quoted JSON, as QJsonDocument writes it.
    QByteArray textDelta(QByteArrayView quotedText) const;
    // After message_stop: the finish chunk, the usage chunk when asked for, and [DONE].
    QByteArray finish();
    // A mid-stream error: data: {"error":{...}} (no [DONE] after it).
    static QByteArray error(const ApiError &error);

private:
    // One chunk frame around a delta (its compact JSON) and a finish_reason (JSON too): the
    // parts that never change within the stream are written once, in the constructor.
    QByteArray chunk(QByteArrayView delta, QByteArrayView finishReason = "null") const;
    QByteArray chunk(const QJsonObject &delta) const;
    // The chunk of a delta with one field ({"content":...}); a string is written straight in,
    // anything else goes through a document.
    QByteArray textChunk(QByteArrayView field, const QJsonValue &text) const;

    QString m_id;
    qint64 m_created;
    QString m_model;
    bool m_includeUsage;
    bool m_exposeReasoning;
    QHash<int, int> m_toolByBlock; // Anthropic block index -> OpenAI tool call index
    QHash<int, bool> m_argumentsSent;
    int m_nextTool = 0;
    QString m_stopReason;
    UsageReport m_usage;
    // A chunk's frame is m_head + delta + ,"finish_reason": + value + m_tail (QJsonDocument's
    // order of keys: choices first, and delta first in a choice).
    QByteArray m_head;
    QByteArray m_tail;
};

} // namespace bytespike
