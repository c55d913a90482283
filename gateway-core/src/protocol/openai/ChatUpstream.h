#pragma once

#include "upstream/SseParser.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>

namespace bytespike {

// The outbound edge: canonical Anthropic requests sent to channels that speak OpenAI Chat
// Completions, and their answers turned back into Anthropic messages and events.
namespace ChatUpstream {

// WIRE.md 3.1. Thinking, redacted thinking, server-tool blocks, cache_control, top_k and
// Anthropic-only fields are dropped (docs/protocols.md lists every rule). channelOptions are the
// channel's `options`: max_tokens_field, stream_usage, system_messages.
QByteArray requestFromMessages(
    const QJsonObject &messagesRequest, const QString &upstreamModel, const QJsonObject &channelOptions = {});

// WIRE.md 3.2: one chat.completion -> one Anthropic Message. model is the client's model name.
QJsonObject messageFromCompletion(const QJsonObject &completion, const QString &model);

// WIRE.md 3.5 OpenAI -> Anthropic, with tool calls forcing tool_use.
QString stopReason(const QString &finishReason, bool toolsEmitted);
// WIRE.md 3.7 OpenAI -> Anthropic usage (cached tokens subtracted from the prompt once).
QJsonObject usage(const QJsonObject &openAiUsage);

// WIRE.md 1.11 rule 3: Anthropic tool ids match ^[a-zA-Z0-9_-]+$. Other characters become '_'
// (deterministic, so a later tool_result still matches); an empty id becomes whenEmpty, or a
// fresh toolu_ id when whenEmpty is empty.
QString toolId(const QString &id, const QString &whenEmpty = {});

} // namespace ChatUpstream

// WIRE.md 3.3: an OpenAI chunk stream -> an Anthropic event stream that keeps the grammar
// (message_start first, blocks one at a time with contiguous indices, message_delta, message_stop)
// whatever the upstream sends. Malformed data or an upstream error ends with an error event.
class ChatStreamToMessages
{
public:
    ChatStreamToMessages(QString model, qint64 estimatedInputTokens);

    QList<SseParser::Frame> feed(const QList<SseParser::Frame> &chunks);
    // The upstream connection ended: finalize if a finish was seen, otherwise report truncation.
    QList<SseParser::Frame> finish();
    bool done() const { return m_done; }
    // A finish_reason arrived; the usage chunk and [DONE] may still follow.
    bool finishSeen() const { return m_finished; }
    // False when the upstream never sent usage: the figures in message_delta are then estimates.
    bool usageReported() const { return !m_usage.isEmpty(); }

private:
    void emitEvent(const QByteArray &name, QJsonObject data);
    void start();
    void openBlock(int kind, const QJsonObject &contentBlock, int toolKey = -1);
    void closeOpen();
    void finalize();
    void fail(const QByteArray &type, const QString &message);

    enum Kind { None, Text, Tool };
    QList<SseParser::Frame> m_out;
    QString m_model;
    qint64 m_estimatedInput;
    bool m_started = false;
    bool m_done = false;
    int m_nextIndex = 0;
    int m_openKind = None;
    int m_openIndex = -1;
    int m_openTool = -1;
    QHash<int, int> m_toolArgsBytes; // OpenAI tool index -> argument bytes sent
    bool m_toolsEmitted = false;
    QString m_finishReason;
    bool m_finished = false;
    QJsonObject m_usage;
    qint64 m_outputBytes = 0;
};

} // namespace bytespike
