#pragma once

#include "AnswerRelay.h"
#include "AttemptLoop.h"
#include "GatewayRuntime.h"
#include "MessagesIntake.h"
#include "protocol/ClientEncoder.h"
#include "protocol/anthropic/MessagesRequest.h"
#include "routing/RoutingSnapshot.h"
#include "upstream/UpstreamCall.h"
#include "wire/SseParser.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QObject>

namespace bytespike {

class HttpExchange;
struct SettlementRecord;
struct UpstreamBody;

// One POST /v1/messages (or /count_tokens, or /v1/chat/completions) from authentication to the
// last byte, as stages in order: intake (key, content type, body, model, candidates:
// MessagesIntake), the hold (RequestHold: the worst case over the candidates, reserved before any
// upstream call), the attempt loop (AttemptLoop: failover while nothing has reached the client),
// and the relay (AnswerRelay: the answer through the channel's decoder and the client's encoder,
// streams frame by frame). Only once the whole answer was handed to the client's socket is the
// debit posted, by the ledger's Settlement; every other ending voids the hold (failures never
// bill). This class carries the request from one stage to the next and records how it ended.
class MessagesExchange : public QObject
{
    Q_OBJECT
public:
    // The wire format the client speaks. OpenAI requests are translated to the canonical
    // Anthropic request at the edge (MessagesIntake) and answers translated back (ClientEncoder).
    enum class ClientProtocol { Anthropic, OpenAI };

    MessagesExchange(GatewayRuntime &runtime, HttpExchange *http, MessagesRequest::Endpoint endpoint,
        ClientProtocol protocol = ClientProtocol::Anthropic);
    ~MessagesExchange() override;

    // While a client has more than this waiting in its connection's output, the upstream is not
    // read (backpressure): a client that stops reading costs at most about this much memory.
    static constexpr qsizetype kOutputHighWaterBytes = AnswerRelay::kOutputHighWaterBytes;
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
    // Intake, the hold and the attempt loop.
    void onIntake(MessagesIntake &&intake);
    void reserveHold();
    void onHoldReserved(const HoldBook::Reservation &reserved);
    void tryNextCandidate();
    // The attempt on endpoint: what goes upstream is made (off the thread for a large body that
    // a channel needs rewritten), then sendCall().
    void startCall(const Endpoint &endpoint, bool first);
    // Creates and starts the call to the current endpoint with what goes upstream.
    void sendCall(UpstreamBody &&upstream);
    void attemptFailed(const AttemptFailure &failure);
    void giveUp();
    void answerLocalCountTokens();

    // The relay's signals in, its outcomes out.
    void onResponseStarted(int status, const HeaderPairs &headers);
    void onBodyData(const QByteArray &chunk);
    void onFinished();
    void onFailed(UpstreamFailure failure, const QString &message);
    void act(RelayOutcome &&outcome);
    void onClientGone();

    // Answers error (unless an answer began) and ends the request; detail, when given, is what
    // the request log records instead of the customer's message.
    void fail(const ApiError &error, const QString &detail = {});
    // An upstream error answered in the client's protocol: its status and error type, in the
    // gateway's words; the upstream's own text goes to the request log only.
    void respondUpstreamError(const UpstreamAnswer &answer);
    HeaderPairs responseHeaders(const HeaderPairs &extra = {}) const;
    void setRateHeaders(const Endpoint &endpoint);
    void endStream();

    // The end: once delivered, complete() when the last byte left; complete() records how the
    // request ended and hands it to the ledger.
    void delivered();
    void complete(int status, const QString &notBilledReason);
    SettlementRecord settlementRecord(int status, const QString &reason, bool billable, qint64 latencyMs) const;

    GatewayRuntime &m_runtime;
    HttpExchange *m_http;
    MessagesRequest::Endpoint m_endpoint;
    ClientProtocol m_protocol;
    QElapsedTimer m_clock;
    ClientEncoder m_encoder;
    HeaderPairs m_rateHeaders;
    HeaderPairs m_limitHeaders; // the key's and customer's rate-limit headers (LimitGate), if any
    LimitBook::Ticket m_limitTicket;
    AnswerRelay m_relay;
    Caller m_caller;
    QByteArray m_body; // the canonical (Anthropic) request body
    MessagesRequest m_request;
    SnapshotPtr m_snapshot;
    AttemptLoop m_attempts;
    qint64 m_holdId = 0;
    qint64 m_holdMicros = 0;
    QBasicTimer m_holdDeadline; // config holdDeadlineMs from the hold; ends the request
    bool m_holdExpired = false; // ended by the hold deadline: the hold is 'expired', not 'voided'
    QString m_streamEndpoint; // the endpoint counted as an active stream, if any
    bool m_done = false;
    // Whether this request gets a request-log row: refusals before an account get a sampled few.
    bool m_logged = true;
};

} // namespace bytespike
