#pragma once

#include "GatewayRuntime.h"
#include "base/Money.h"
#include "protocol/anthropic/MessagesRequest.h"
#include "protocol/anthropic/StreamEvent.h"
#include "protocol/openai/ChatResponse.h"
#include "protocol/openai/ChatUpstream.h"
#include "routing/RoutingSnapshot.h"
#include "upstream/UpstreamCall.h"
#include "wire/SseParser.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <optional>

namespace bytespike {

class HttpExchange;
struct MessagesIntake;

// What goes upstream for one attempt: the customer's bytes with the model replaced (anthropic and
// simulator channels), re-serialised without unsigned thinking, or translated for an openai
// channel (with how its answer is read back). A pure function, so it can be made off the thread.
struct UpstreamBody
{
    QByteArray body;
    ChatAnswerOptions chatAnswer;

    static UpstreamBody make(const MessagesRequest &request, const QByteArray &canonical, const Channel &channel,
        const QString &upstreamModel);
};

// Token counts as the upstream reported them (Anthropic usage semantics, WIRE.md 1.5.3).
struct Usage
{
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheWriteTokens = 0;
    qint64 cacheReadTokens = 0;
    bool seen = false;
    void overwriteFrom(const UsageReport &report);
    TokenCounts tokens() const { return {inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens}; }
};

namespace Ledger {
struct Resolution;
}

// A finished request as the request log records it (its row in requests).
struct RequestRecord
{
    QString id, customer, model, endpoint, reason, protocol;
    int status;
    Usage usage;
    qint64 latencyMs, ttfbMs, holdId, holdMicros, priceVersion;
    bool estimated;
    QString body; // captured request body (redacted), or null
};

// A finished request's settle job, run by the ledger writer: ends its hold (posts the debit or
// voids it) and writes its log row, all or nothing. sample is the live metrics' view of it,
// completed with what was billed.
GatewayRuntime::Settled writeSettlement(
    Database &db, const RequestRecord &row, const Ledger::Resolution &resolution, const RequestSample &sample);

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

    // Bodies up to this size are read on the gateway thread; larger ones on the intake pool.
    static constexpr qsizetype kInlineIntakeBytes = 256 * 1024;
    // While a client has more than this waiting in its connection's output, the upstream is not
    // read (backpressure): a client that stops reading costs at most about this much memory.
    static constexpr qsizetype kOutputHighWaterBytes = 1024 * 1024;
    // The longest bytespike-via header accepted (marks of the gateways a request passed through).
    static constexpr qsizetype kMaxViaBytes = 512;
    // The most of a not-billed reason (which may quote an upstream's error) a row and a log keep.
    static constexpr qsizetype kReasonMaxBytes = 512;

    void run();
    // Ends the request now (gateway shutdown): an error answer, or an SSE error if streaming.
    void cancel(const QString &reason);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    enum class Phase { Idle, Success, FailoverError, RelayError };

    void onIntake(MessagesIntake &&intake);
    void reserveHold();
    // Backpressure: pauses the upstream while the client's output is above the high-water mark.
    void applyBackpressure();
    void onClientDrained();
    void onHoldReserved(qint64 holdId);
    void tryNextCandidate();
    // The next attempt, on endpoint: what goes upstream is made (off the thread for a large body
    // that a channel needs rewritten), then sendCall().
    void startCall(const Endpoint &endpoint);
    // Creates and starts the call to m_current with what goes upstream.
    void sendCall(UpstreamBody &&upstream);
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
    // Answers error (unless an answer began) and ends the request; detail, when given, is what
    // the request log records instead of the customer's message.
    void fail(const ApiError &error, const QString &detail = {});
    void delivered();
    void complete(int status, const QString &notBilledReason);
    void endStream();
    void setRateHeaders(const Endpoint &endpoint);
    void dropCall();
    HeaderPairs relayedHeaders() const;
    // An upstream error answered in the client's protocol: its status and error type, in the
    // gateway's words (customerError); the upstream's own text goes to the request log only.
    void respondUpstreamError(int status, const QByteArray &body, const HeaderPairs &headers);
    QByteArray streamError(const ApiError &error) const;
    HeaderPairs responseHeaders(const HeaderPairs &extra = {}) const;
    // Reads usage, refusal and generated bytes from one stream event; false when its data is
    // not JSON. *data gets the parsed object when the client speaks OpenAI (the translator needs it).
    bool readStreamEvent(const SseParser::Frame &frame, QJsonObject *data);

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
    QString m_upstreamErrorText; // an upstream error event's message, for the request log
    bool m_done = false;
    QStringList m_attempts;
    UpstreamFailure m_lastFailure = UpstreamFailure::Connect;
    int m_lastErrorStatus = 0;
    QByteArray m_lastErrorBody;
    HeaderPairs m_lastErrorHeaders;
    QElapsedTimer m_clock;
    qint64 m_ttfbUs = -1;
    QString m_streamEndpoint; // the endpoint counted as an active stream, if any
    // Pings a silent stream (config streamPingMs). A write only notes its time; the timer, armed
    // once, measures the silence when it fires and is armed again for what is left.
    QBasicTimer m_keepAlive;
    qint64 m_lastWriteNs = 0; // on m_clock
    Usage m_usage;
    qint64 m_outputBytes = 0; // generated text seen, for the missing-usage estimate
    bool m_refused = false;
    qint64 m_holdId = 0;
    qint64 m_holdMicros = 0;
    qint64 m_costMicros = -1; // known once a non-stream body was read
    HeaderPairs m_rateHeaders;
    QBasicTimer m_holdDeadline; // config holdDeadlineMs from the hold; ends the request
    bool m_holdExpired = false; // ended by the hold deadline: the hold is 'expired', not 'voided'
    QTimer *m_usageGrace = nullptr; // openai channels: how long to wait for usage after the finish
    bool m_upstreamPaused = false;
    bool m_drainWatched = false;
    // Whether this request gets a request-log row: refusals before an account get a sampled few.
    bool m_logged = true;
};

} // namespace bytespike
