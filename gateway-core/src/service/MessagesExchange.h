#pragma once

#include "GatewayRuntime.h"
#include "ledger/Money.h"
#include "protocol/anthropic/MessagesRequest.h"
#include "protocol/openai/ChatResponse.h"
#include "protocol/openai/ChatUpstream.h"
#include "routing/RoutingSnapshot.h"
#include "upstream/SseParser.h"
#include "upstream/UpstreamCall.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <optional>

namespace bytespike {

class HttpExchange;

// Token counts as the upstream reported them (Anthropic usage semantics, WIRE.md 1.5.3).
struct Usage
{
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheWriteTokens = 0;
    qint64 cacheReadTokens = 0;
    bool seen = false;
    void overwriteFrom(const QJsonObject &usage);
    TokenCounts tokens() const { return {inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens}; }
};

// One POST /v1/messages (or /count_tokens) from authentication to the last byte: validates,
// reserves a hold for the worst case, routes over the candidates with failover while nothing
// has reached the client, relays the upstream answer (streams frame by frame, never buffered
// whole), and only once the whole answer was handed to the client's socket posts the debit.
// Every other ending voids the hold (rule 2: failures never bill).
class MessagesExchange : public QObject
{
    Q_OBJECT
public:
    // The wire format the client speaks. OpenAI requests are translated to the canonical
    // Anthropic request at the edge and answers translated back (rule 1).
    enum class ClientProtocol { Anthropic, OpenAI };

    MessagesExchange(GatewayRuntime &runtime, HttpExchange *http, MessagesRequest::Endpoint endpoint,
        ClientProtocol protocol = ClientProtocol::Anthropic);
    ~MessagesExchange() override;

    void run();
    // Ends the request now (gateway shutdown): an error answer, or an SSE error if streaming.
    void cancel(const QString &reason);

private:
    enum class Phase { Idle, Success, FailoverError, RelayError };

    void reserveHold();
    void onHoldReserved(qint64 holdId);
    void tryNextCandidate();
    void startCall(const Endpoint &endpoint);
    // The HTTP request to channel's base URL + path, with the headers and timeouts every upstream call shares.
    void onResponseStarted(int status, const HeaderPairs &headers);
    void onBodyData(const QByteArray &chunk);
    void onFinished();
    void onFailed(UpstreamFailure failure, const QString &message);
    void onClientGone();
    void relayFrames(const QList<SseParser::Frame> &frames);
    void finishUpstreamChatStream();
    void attemptFailed(const QString &reason, UpstreamFailure failure);
    void giveUp();
    void answerLocalCountTokens();
    void fail(const ApiError &error);
    void delivered();
    void complete(int status, const QString &notBilledReason);
    void endStream();
    void setRateHeaders(const Endpoint &endpoint);
    void dropCall();
    HeaderPairs relayedHeaders() const;
    // An upstream error answered in the client's protocol: the upstream's own Anthropic envelope
    // when it sent one, otherwise fallback.
    void respondUpstreamError(int status, const QByteArray &body, const ApiError &fallback, const HeaderPairs &headers);
    QByteArray streamError(const ApiError &error) const;
    HeaderPairs responseHeaders(const HeaderPairs &extra = {}) const;
    void noteOutput(const QJsonObject &piece);

    GatewayRuntime &m_runtime;
    HttpExchange *m_http;
    MessagesRequest::Endpoint m_endpoint;
    ClientProtocol m_protocol;
    QByteArray m_body; // the canonical (Anthropic) request body
    std::optional<ChatStreamTranslator> m_chat; // client speaks OpenAI
    std::optional<ChatStreamToMessages> m_upstreamChat; // current channel speaks OpenAI (streams)
    ChatAnswerOptions m_chatAnswer; // how the current openai channel's answer is read back
    MessagesRequest m_request;
    Caller m_caller;
    SnapshotPtr m_snapshot;
    QList<Endpoint> m_candidates;
    qsizetype m_nextCandidate = 0;
    Endpoint m_current;
    UpstreamCall *m_call = nullptr;
    Phase m_phase = Phase::Idle;
    int m_upstreamStatus = 0;
    HeaderPairs m_upstreamHeaders;
    QByteArray m_buffer;
    SseParser m_sse;
    bool m_committed = false;
    bool m_sawMessageStop = false;
    bool m_sawErrorEvent = false;
    bool m_done = false;
    QStringList m_attempts;
    UpstreamFailure m_lastFailure = UpstreamFailure::Connect;
    int m_lastErrorStatus = 0;
    QByteArray m_lastErrorBody;
    HeaderPairs m_lastErrorHeaders;
    QElapsedTimer m_clock;
    qint64 m_ttfbUs = -1;
    QString m_streamEndpoint; // the endpoint counted as an active stream, if any
    QTimer *m_keepAlive = nullptr; // pings a silent stream (config streamPingMs)
    Usage m_usage;
    qint64 m_outputBytes = 0; // generated text seen, for the missing-usage estimate
    bool m_refused = false;
    qint64 m_holdId = 0;
    qint64 m_holdMicros = 0;
    qint64 m_costMicros = -1; // known once a non-stream body was read
    HeaderPairs m_rateHeaders;
    QTimer *m_holdDeadline = nullptr;
    bool m_holdExpired = false;
    QTimer *m_usageGrace = nullptr; // openai channels: how long to wait for usage after the finish // ended by the hold
                                    // deadline: the hold is 'expired', not 'voided'
};

} // namespace bytespike
