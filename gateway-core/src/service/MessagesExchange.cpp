#include "MessagesExchange.h"

#include "ChannelCall.h"

#include "http/HttpExchange.h"
#include "ledger/Ledger.h"
#include "loop/TurnEnd.h"
#include "protocol/ClientText.h"
#include "protocol/openai/ChatRequest.h"
#include "store/Database.h"
#include "store/RequestLog.h"
#include "store/StoreWriter.h"
#include "store/UnitOfWork.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QThreadPool>
#include <QTimerEvent>

Q_LOGGING_CATEGORY(lcRequests, "bytespike.requests")

namespace bytespike {

namespace {

// How long an OpenAI stream may stay silent after its finish before the answer is closed
// without the usage chunk (the missing-usage policy then applies).
constexpr int kUsageGraceMs = 2000;

QString failureName(UpstreamFailure failure)
{
    switch (failure) {
    case UpstreamFailure::Connect: return QStringLiteral("connect error");
    case UpstreamFailure::FirstByteTimeout: return QStringLiteral("first-byte timeout");
    case UpstreamFailure::IdleTimeout: return QStringLiteral("idle timeout");
    case UpstreamFailure::Dropped: return QStringLiteral("upstream dropped the connection");
    }
    return {};
}

Prices pricesOf(const ModelRoute &route)
{
    return {route.inputMicrosPerMtok, route.outputMicrosPerMtok, route.cacheWriteMicrosPerMtok,
        route.cacheReadMicrosPerMtok};
}

// What an upstream's error answer says, for the operator's request log only: the message of its
// Anthropic or OpenAI error envelope, or the start of its body.
QString upstreamErrorText(const QByteArray &body)
{
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
    const QString message = error.value(QStringLiteral("message")).toString();
    return message.isEmpty() ? QString::fromUtf8(body.left(256)) : message;
}

// The Anthropic error type an upstream gave its error, when it is one the client can act on.
QByteArray upstreamErrorType(int status, const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const QByteArray type
        = o.value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString().toLatin1();
    static const QByteArrayList known
        = {"invalid_request_error", "authentication_error", "permission_error", "not_found_error", "request_too_large",
            "rate_limit_error", "api_error", "overloaded_error", "timeout_error", "billing_error"};
    return o.value(QStringLiteral("type")).toString() == QLatin1String("error") && known.contains(type)
        ? type
        : anthropicErrorTypeForStatus(status);
}

// What a customer is told when the model provider answered with an error: the status's meaning
// in the gateway's words and the request-id, never the provider's own text (which may name the
// operator's account, a provider model or an internal address; the request log keeps it).
ApiError customerError(int status, const QByteArray &type, const QByteArray &requestId)
{
    QString text;
    if (status == 400)
        text = QStringLiteral("the model provider refused the request as invalid");
    else if (status == 404)
        text = QStringLiteral("the model provider does not serve this model");
    else if (status == 413)
        text = QStringLiteral("the request is too large for the model provider");
    else if (status == 429)
        text = QStringLiteral("the model provider is limiting the rate of requests; try again shortly");
    else if (status == 529)
        text = QStringLiteral("the model provider is overloaded; try again shortly");
    else if (status == 504)
        text = QStringLiteral("the model provider did not answer in time");
    else if (status >= 500)
        text = QStringLiteral("the model provider failed to answer (HTTP %1)").arg(status);
    else
        text = QStringLiteral("the model provider refused the request (HTTP %1)").arg(status);
    return ApiError {status, type, text + QStringLiteral("; request-id ") + QString::fromLatin1(requestId)};
}

} // namespace

void Usage::overwriteFrom(const UsageReport &report)
{
    if (!report.present)
        return;
    seen = true;
    inputTokens = report.inputTokens.value_or(inputTokens);
    outputTokens = report.outputTokens.value_or(outputTokens);
    cacheWriteTokens = report.cacheWriteTokens.value_or(cacheWriteTokens);
    cacheReadTokens = report.cacheReadTokens.value_or(cacheReadTokens);
}

MessagesExchange::MessagesExchange(
    GatewayRuntime &runtime, HttpExchange *http, MessagesRequest::Endpoint endpoint, ClientProtocol protocol)
    : m_runtime(runtime)
    , m_http(http)
    , m_endpoint(endpoint)
    , m_protocol(protocol)
{
    m_clock.start();
    http->setParent(this);
    connect(http, &HttpExchange::clientDisconnected, this, &MessagesExchange::onClientGone);
}

MessagesExchange::~MessagesExchange() = default;

// What the gateway reads from a request body before it routes it (translated from OpenAI's shape
// first when the client speaks it). A pure function of the body, so a large body is read on a
// worker thread.
struct MessagesIntake
{
    ApiError error;
    QByteArray body; // the canonical (Anthropic) request body
    MessagesRequest request;
    std::optional<ChatRequest> chat;

    static MessagesIntake read(const QByteArray &body, MessagesRequest::Endpoint endpoint, bool openAi, bool prepareAll)
    {
        MessagesIntake in;
        if (openAi) {
            ChatRequest chat;
            in.error = ChatRequest::translate(body, &chat);
            if (in.error.isError())
                return in;
            in.body = std::exchange(chat.messagesBody, {});
            in.chat = std::move(chat);
        } else {
            in.body = body;
        }
        in.error = MessagesRequest::parse(in.body, endpoint, &in.request);
        // Off the gateway thread, everything that costs in proportion to the body is done now:
        // the document (OpenAI-speaking channels) and the local token estimate.
        if (!in.error.isError() && prepareAll)
            in.request.estimateInputTokens();
        return in;
    }
};

void MessagesExchange::run()
{
    if (const GatewayRuntime::KeyCheck check = m_runtime.authenticate(*m_http, &m_caller);
        check != GatewayRuntime::KeyCheck::Ok) {
        m_logged = m_runtime.noteRefused(
            *m_http, check == GatewayRuntime::KeyCheck::Missing ? Metrics::MissingKey : Metrics::UnknownKey);
        fail(ApiError::authentication(QStringLiteral("invalid x-api-key")));
        return;
    }
    const QByteArray contentType = m_http->header("content-type").toLower();
    if (!contentType.startsWith("application/json")) {
        fail(ApiError::invalidRequest(QStringLiteral("Content-Type must be application/json")));
        return;
    }
    const bool openAi = m_protocol == ClientProtocol::OpenAI;
    if (m_http->body().size() <= kInlineIntakeBytes) {
        onIntake(MessagesIntake::read(m_http->body(), m_endpoint, openAi, false));
        return;
    }
    // A large body is read on the intake pool, so that parsing (and, for count_tokens, counting)
    // megabytes of JSON never holds up the other requests on the gateway thread.
    QPointer<MessagesExchange> self(this);
    m_runtime.intakePool().start([self, runtime = &m_runtime, body = m_http->body(), endpoint = m_endpoint, openAi] {
        auto intake = std::make_shared<MessagesIntake>(MessagesIntake::read(body, endpoint, openAi, true));
        QMetaObject::invokeMethod(runtime, [self, intake] {
            if (self)
                self->onIntake(std::move(*intake));
        });
    });
}

void MessagesExchange::onIntake(MessagesIntake &&intake)
{
    if (m_done)
        return;
    if (intake.error.isError()) {
        fail(intake.error);
        return;
    }
    m_body = std::move(intake.body);
    m_request = std::move(intake.request);
    if (intake.chat)
        m_chat.emplace(intake.chat->model, intake.chat->includeUsage, intake.chat->exposeReasoning);
    m_snapshot = m_runtime.snapshot();
    if (!m_snapshot->knowsModel(m_request.model)) {
        fail(ApiError::notFound(QStringLiteral("model: %1").arg(ClientText::quote(m_request.model))));
        return;
    }
    m_candidates = m_snapshot->candidates(m_request.model, m_runtime.rng());
    const qsizetype offered = m_candidates.size();
    m_candidates.removeIf([this](const Endpoint &e) { return !m_runtime.breakers().routable(e.channel->channel.id); });
    if (m_candidates.isEmpty()) {
        fail(ApiError::overloaded(offered > 0
                ? QStringLiteral("every channel for model %1 is cooling down after repeated failures")
                      .arg(m_request.model)
                : QStringLiteral("no channel is available for model %1").arg(m_request.model)));
        return;
    }
    setRateHeaders(m_candidates.first());
    if (m_endpoint == MessagesRequest::Endpoint::CountTokens) {
        tryNextCandidate(); // counting tokens generates nothing and is not billed
        return;
    }
    reserveHold();
}

void MessagesExchange::reserveHold()
{
    // The hold covers the worst case on every candidate, so failover never needs a second
    // reservation: the prompt priced at the dearest input category, plus max_tokens of output.
    const qint64 promptTokens = m_request.worstCaseInputTokens(m_body.size());
    qint64 hold = 0;
    for (const Endpoint &e : std::as_const(m_candidates)) {
        const Prices p = pricesOf(*e.route);
        const Prices worst {std::max({p.inputMicrosPerMtok, p.cacheWriteMicrosPerMtok, p.cacheReadMicrosPerMtok}),
            p.outputMicrosPerMtok, 0, 0};
        const std::optional<qint64> cost = costMicros(TokenCounts {promptTokens, m_request.maxTokens, 0, 0}, worst);
        if (!cost) {
            fail(ApiError::invalidRequest(QStringLiteral("max_tokens is too large to price")));
            return;
        }
        hold = std::max(hold, *cost);
    }
    m_holdMicros = hold;
    m_rateHeaders.append({"bytespike-hold", QByteArray::number(hold)});
    // The book is the gateway thread's own: taking the hold costs no database round trip. Its
    // row is written with its end, or as pending if the request runs long (HoldBook).
    const HoldBook::Reservation reserved
        = m_runtime.reserveHold(m_caller.customerId, QString::fromLatin1(m_http->requestId()),
            m_candidates.first().name(), m_candidates.first().route->priceVersion, hold);
    switch (reserved.outcome) {
    case HoldBook::Reservation::Outcome::Ok: onHoldReserved(reserved.holdId); return;
    case HoldBook::Reservation::Outcome::Insufficient:
        fail(ApiError {402, "billing_error",
            QStringLiteral("insufficient balance: this request needs a hold of %1 and %2 is available")
                .arg(formatDollars(hold), formatDollars(reserved.availableMicros))});
        return;
    case HoldBook::Reservation::Outcome::NoCustomer:
        fail(ApiError::authentication(QStringLiteral("the customer of this key no longer exists")));
        return;
    case HoldBook::Reservation::Outcome::LedgerFailing:
        fail(ApiError {503, "api_error",
            QStringLiteral("the ledger is unavailable right now (database busy or disk full);"
                           " nothing was charged, try again shortly")});
        return;
    }
}

void MessagesExchange::onHoldReserved(qint64 holdId)
{
    m_holdId = holdId;
    m_holdDeadline.start(m_runtime.config().holdDeadlineMs, this);
    tryNextCandidate();
}

void MessagesExchange::tryNextCandidate()
{
    while (m_nextCandidate < m_candidates.size()) {
        const Endpoint &endpoint = m_candidates[m_nextCandidate++];
        // A half-open breaker lets one trial through at a time.
        if (m_runtime.breakers().acquire(endpoint.channel->channel.id)) {
            startCall(endpoint);
            return;
        }
        m_attempts.append(endpoint.name() + QStringLiteral(": circuit open"));
    }
    giveUp();
}

void MessagesExchange::startCall(const Endpoint &endpoint)
{
    if (m_current.channel && m_holdId)
        m_runtime.holds().retarget(m_holdId, endpoint.name(), endpoint.route->priceVersion);
    if (m_current.channel)
        setRateHeaders(endpoint);
    m_current = endpoint;
    if (m_request.stream && m_endpoint == MessagesRequest::Endpoint::Messages) {
        endStream();
        m_streamEndpoint = endpoint.name();
        m_runtime.metrics().streamStarted(m_streamEndpoint);
    }
    m_phase = Phase::Idle;
    m_upstreamStatus = 0;
    m_upstreamHeaders.clear();
    m_buffer.clear();
    m_sse = SseParser();
    m_upstreamChat.reset();
    const Channel &channel = endpoint.channel->channel;
    if (m_endpoint == MessagesRequest::Endpoint::CountTokens && channel.protocol != ChannelProtocol::Anthropic) {
        answerLocalCountTokens();
        return;
    }
    const bool rewritten = channel.protocol == ChannelProtocol::OpenAI
        || (channel.protocol == ChannelProtocol::Anthropic && m_request.hasUnsignedThinking());
    if (!rewritten || m_body.size() <= kInlineIntakeBytes) {
        sendCall(UpstreamBody::make(m_request, m_body, channel, endpoint.route->upstreamModel));
        return;
    }
    // Rewriting megabytes of JSON for this channel happens on the intake pool, like the parse. The
    // snapshot is held so that the channel it points into lives until then.
    QPointer<MessagesExchange> self(this);
    m_runtime.intakePool().start([self, runtime = &m_runtime, snapshot = m_snapshot, request = m_request, body = m_body,
                                     channel = endpoint.channel, model = endpoint.route->upstreamModel] {
        auto prepared = std::make_shared<UpstreamBody>(UpstreamBody::make(request, body, channel->channel, model));
        QMetaObject::invokeMethod(runtime, [self, prepared] {
            if (self && !self->m_done)
                self->sendCall(std::move(*prepared));
        });
    });
}

UpstreamBody UpstreamBody::make(
    const MessagesRequest &request, const QByteArray &canonical, const Channel &channel, const QString &upstreamModel)
{
    UpstreamBody out;
    if (channel.protocol == ChannelProtocol::OpenAI)
        out.body = ChatUpstream::requestFromMessages(request.json(), upstreamModel, channel.options, &out.chatAnswer);
    else if (channel.protocol == ChannelProtocol::Anthropic && request.hasUnsignedThinking())
        out.body = request.bodyWithoutUnsignedThinking(upstreamModel);
    else
        out.body = request.bodyWithModel(canonical, upstreamModel);
    return out;
}

void MessagesExchange::sendCall(UpstreamBody &&upstream)
{
    const bool countTokens = m_endpoint == MessagesRequest::Endpoint::CountTokens;
    const ChannelCallOptions options {m_request.stream, countTokens, m_http->header("anthropic-version"),
        m_http->header("anthropic-beta"), m_http->header("bytespike-via")};
    if (m_current.channel->channel.protocol == ChannelProtocol::OpenAI) {
        m_chatAnswer = std::move(upstream.chatAnswer);
        if (m_request.stream)
            m_upstreamChat.emplace(m_request.model, m_request.estimateInputTokens(), m_chatAnswer);
    }
    m_call = createChannelCall(m_runtime, *m_current.channel, std::move(upstream.body), options, this);
    connect(m_call, &UpstreamCall::responseStarted, this, &MessagesExchange::onResponseStarted);
    connect(m_call, &UpstreamCall::bodyData, this, &MessagesExchange::onBodyData);
    connect(m_call, &UpstreamCall::finished, this, &MessagesExchange::onFinished);
    connect(m_call, &UpstreamCall::failed, this, &MessagesExchange::onFailed);
    m_call->start();
}

void MessagesExchange::onResponseStarted(int status, const HeaderPairs &headers)
{
    m_upstreamStatus = status;
    m_upstreamHeaders = headers;
    if (status >= 200 && status < 300)
        m_phase = Phase::Success;
    else if (isFailoverStatus(status))
        m_phase = Phase::FailoverError;
    else
        m_phase = Phase::RelayError;
    if (m_phase != Phase::FailoverError) // the upstream answered: it is alive
        m_runtime.breakers().succeeded(m_current.channel->channel.id);
}

void MessagesExchange::onBodyData(const QByteArray &chunk)
{
    if (m_phase == Phase::Success && m_request.stream && m_endpoint == MessagesRequest::Endpoint::Messages) {
        relayFrames(m_upstreamChat ? m_upstreamChat->feed(m_sse.feed(chunk)) : m_sse.feed(chunk));
        if (!m_done && m_upstreamChat && m_upstreamChat->finishSeen() && !m_upstreamChat->done() && !m_usageGrace) {
            // Never wait for a usage chunk that may not come: after the finish, a short grace.
            m_usageGrace = new QTimer(this);
            m_usageGrace->setSingleShot(true);
            connect(m_usageGrace, &QTimer::timeout, this, &MessagesExchange::finishUpstreamChatStream);
            m_usageGrace->start(kUsageGraceMs);
        }
        return;
    }
    m_buffer.append(chunk);
    if (m_buffer.size() > m_runtime.config().maxBodyBytes * 4) {
        dropCall();
        attemptFailed(QStringLiteral("upstream response too large"), UpstreamFailure::Dropped);
    }
}

void MessagesExchange::relayFrames(const QList<SseParser::Frame> &frames)
{
    if (frames.isEmpty())
        return;
    QByteArray out;
    for (const SseParser::Frame &frame : frames) {
        // A frame whose data is not JSON is never relayed (WIRE.md 4, row 42): before the first
        // byte it fails over, after it the stream ends with an error event.
        QJsonObject data;
        if (!readStreamEvent(frame, &data)) {
            if (!m_committed) {
                dropCall();
                attemptFailed(QStringLiteral("upstream sent a malformed event"), UpstreamFailure::Dropped);
                return;
            }
            dropCall();
            m_http->writeChunk(out + streamError(ApiError::api(QStringLiteral("upstream sent a malformed event"))));
            m_http->endStream();
            complete(200, QStringLiteral("malformed upstream event"));
            return;
        }
        if (frame.event == "message_stop")
            m_sawMessageStop = true;
        else if (frame.event == "error")
            m_sawErrorEvent = true;
        if (frame.event == "error") {
            // The upstream's error event keeps its type; its text goes to the request log only.
            m_upstreamErrorText = upstreamErrorText(frame.data);
            out.append(streamError(ApiError {500, upstreamErrorType(500, frame.data),
                QStringLiteral("the model provider reported an error during the answer; request-id ")
                    + QString::fromLatin1(m_http->requestId())}));
        } else if (!m_chat) {
            out.append(frame.raw);
        } else {
            out.append(m_chat->onEvent(frame.event, data));
            if (frame.event == "message_stop")
                out.append(m_chat->finish());
        }
    }
    if (!m_committed) {
        m_committed = true;
        m_ttfbUs = m_clock.nsecsElapsed() / 1000;
        m_http->beginStream(200, "text/event-stream; charset=utf-8", responseHeaders(relayedHeaders()));
        if (!m_sawMessageStop && !m_sawErrorEvent) // a whole answer in one read needs no pings
            m_keepAlive.start(m_runtime.config().streamPingMs, this);
    }
    m_http->writeChunk(out);
    m_lastWriteNs = m_clock.nsecsElapsed();
    // Nothing follows a terminal event.
    if (m_sawMessageStop || m_sawErrorEvent)
        m_keepAlive.stop();
    else
        applyBackpressure();
}

void MessagesExchange::applyBackpressure()
{
    if (m_upstreamPaused || !m_call || m_http->pendingOutput() <= kOutputHighWaterBytes)
        return;
    m_upstreamPaused = true;
    m_call->setPaused(true);
    if (!m_drainWatched) {
        m_drainWatched = true;
        connect(m_http, &HttpExchange::drained, this, &MessagesExchange::onClientDrained);
    }
    m_http->notifyWhenDrained();
}

void MessagesExchange::onClientDrained()
{
    if (!m_upstreamPaused)
        return;
    m_upstreamPaused = false;
    if (m_call && !m_done)
        m_call->setPaused(false);
}

void MessagesExchange::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_holdDeadline.timerId()) {
        m_holdDeadline.stop();
        m_holdExpired = true;
        cancel(QStringLiteral("the request ran past its hold deadline"));
        return;
    }
    if (event->timerId() != m_keepAlive.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    const qint64 intervalNs = qint64(m_runtime.config().streamPingMs) * 1000000;
    const qint64 silentNs = m_clock.nsecsElapsed() - m_lastWriteNs;
    if (silentNs < intervalNs - intervalNs / 20) { // coarse timers may fire up to 5% early
        m_keepAlive.start(int((intervalNs - silentNs + 999999) / 1000000), this);
        return;
    }
    if (!m_done && !m_upstreamPaused && m_http->clientConnected())
        m_http->writeChunk(
            m_chat ? QByteArray(": ping\n\n") : QByteArray("event: ping\ndata: {\"type\":\"ping\"}\n\n"));
    m_lastWriteNs = m_clock.nsecsElapsed();
    m_keepAlive.start(m_runtime.config().streamPingMs, this);
}

void MessagesExchange::finishUpstreamChatStream()
{
    if (m_done || !m_upstreamChat)
        return;
    dropCall();
    relayFrames(m_upstreamChat->finish());
    if (m_done)
        return;
    m_http->endStream();
    delivered();
}

void MessagesExchange::onFinished()
{
    m_call = nullptr;
    const bool streaming = m_request.stream && m_endpoint == MessagesRequest::Endpoint::Messages;
    switch (m_phase) {
    case Phase::Success:
        if (streaming) {
            if (m_upstreamChat) {
                // An OpenAI stream that ended: finish the Anthropic event sequence first.
                relayFrames(m_upstreamChat->finish());
                if (m_done || m_call)
                    return;
            }
            if (!m_committed) {
                attemptFailed(QStringLiteral("upstream stream ended without any event"), UpstreamFailure::Dropped);
                return;
            }
            if (m_sawMessageStop && !m_sse.hasPartialFrame()) {
                m_http->endStream();
                delivered();
            } else if (m_sawErrorEvent) {
                m_http->endStream();
                complete(200, QStringLiteral("upstream error event mid-stream: ") + m_upstreamErrorText);
            } else {
                m_http->writeChunk(
                    streamError(ApiError::api(QStringLiteral("upstream ended the stream before message_stop"))));
                m_http->endStream();
                complete(200, QStringLiteral("upstream stream truncated"));
            }
            return;
        }
        if (m_current.channel->channel.protocol == ChannelProtocol::OpenAI
            && m_endpoint == MessagesRequest::Endpoint::Messages) {
            const QJsonObject completion = QJsonDocument::fromJson(m_buffer).object();
            if (completion.value(QStringLiteral("choices")).toArray().isEmpty()) {
                attemptFailed(QStringLiteral("upstream returned a malformed completion"), UpstreamFailure::Dropped);
                return;
            }
            m_buffer = QJsonDocument(ChatUpstream::messageFromCompletion(completion, m_request.model, m_chatAnswer))
                           .toJson(QJsonDocument::Compact);
        }
        {
            // Relayed as it is, the message is only read, mostly straight from its bytes
            // (StreamEventFacts::scanMessage vouches for exactly what the document would give);
            // a chat client's answer is translated from the document.
            std::optional<StreamEventFacts> facts;
            if (!m_chat)
                facts = StreamEventFacts::scanMessage(m_buffer);
            QJsonObject message;
            if (!facts) {
                QJsonParseError parseError;
                const QJsonDocument doc = QJsonDocument::fromJson(m_buffer, &parseError);
                if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
                    attemptFailed(QStringLiteral("upstream returned malformed JSON"), UpstreamFailure::Dropped);
                    return;
                }
                message = doc.object();
                facts = StreamEventFacts::fromMessage(message);
            }
            m_usage.overwriteFrom(facts->usage);
            m_refused = facts->refusal;
            if (m_endpoint == MessagesRequest::Endpoint::Messages)
                m_outputBytes += facts->outputBytes;
            m_ttfbUs = m_clock.nsecsElapsed() / 1000;
            HeaderPairs extra = relayedHeaders();
            if (m_holdId && !m_refused) {
                const std::optional<qint64> cost
                    = costMicros(m_usage.seen ? m_usage.tokens()
                                              : TokenCounts {m_request.estimateInputTokens(),
                                                  std::max<qint64>(1, (m_outputBytes + 3) / 4), 0, 0},
                        pricesOf(*m_current.route));
                m_costMicros = std::min(cost.value_or(m_holdMicros), m_holdMicros);
                extra.append({"bytespike-cost", QByteArray::number(m_costMicros)});
            }
            m_http->respond(m_upstreamStatus, "application/json",
                m_chat ? ChatResponse::fromMessage(message, m_request.model, m_chat->exposesReasoning()) : m_buffer,
                responseHeaders(extra));
            if (m_endpoint == MessagesRequest::Endpoint::CountTokens)
                complete(m_upstreamStatus, QStringLiteral("count_tokens is not billed"));
            else
                delivered();
        }
        return;
    case Phase::FailoverError:
        m_lastErrorStatus = m_upstreamStatus;
        m_lastErrorBody = m_buffer;
        m_lastErrorHeaders = relayedHeaders();
        attemptFailed(
            QStringLiteral("upstream HTTP %1: %2").arg(QString::number(m_upstreamStatus), upstreamErrorText(m_buffer)),
            UpstreamFailure::Connect);
        return;
    case Phase::RelayError:
    case Phase::Idle:
        respondUpstreamError(m_upstreamStatus, m_buffer, relayedHeaders());
        complete(m_upstreamStatus,
            QStringLiteral("upstream error %1: %2")
                .arg(QString::number(m_upstreamStatus), upstreamErrorText(m_buffer)));
        return;
    }
}

void MessagesExchange::onFailed(UpstreamFailure failure, const QString &message)
{
    m_call = nullptr;
    if (m_committed) {
        const ApiError error = failure == UpstreamFailure::IdleTimeout
            ? ApiError::timeout(QStringLiteral("upstream stalled mid-stream"))
            : ApiError::api(QStringLiteral("upstream connection lost mid-stream"));
        m_http->writeChunk(streamError(error));
        m_http->endStream();
        complete(200, failureName(failure) + QStringLiteral(" mid-stream"));
        return;
    }
    attemptFailed(failureName(failure) + QStringLiteral(": ") + message, failure);
}

void MessagesExchange::attemptFailed(const QString &reason, UpstreamFailure failure)
{
    m_lastFailure = failure;
    if (m_phase != Phase::FailoverError)
        m_lastErrorStatus = 0;
    m_attempts.append(m_current.name() + QStringLiteral(": ") + reason);
    m_runtime.breakers().failed(m_current.channel->channel.id);
    qCInfo(lcRequests).noquote() << m_http->requestId() << "attempt failed on" << m_current.name() << "-" << reason;
    tryNextCandidate();
}

void MessagesExchange::giveUp()
{
    // The customer hears what happened in plain words; which channels were tried and what each
    // answered is for the operator, in the request log.
    const QString detail = QStringLiteral("all channels failed: ") + m_attempts.join(QStringLiteral("; "));
    const QString id = QString::fromLatin1(m_http->requestId());
    if (m_lastErrorStatus != 0) {
        respondUpstreamError(m_lastErrorStatus, m_lastErrorBody, m_lastErrorHeaders);
        complete(m_lastErrorStatus, detail);
        return;
    }
    if (m_lastFailure == UpstreamFailure::FirstByteTimeout)
        fail(ApiError::timeout(QStringLiteral("the model provider did not answer in time; request-id ") + id), detail);
    else
        fail(ApiError::overloaded(QStringLiteral("no channel could serve this model right now; request-id ") + id),
            detail);
}

void MessagesExchange::answerLocalCountTokens()
{
    const QJsonObject body {{QStringLiteral("input_tokens"), m_request.estimateInputTokens()}};
    m_http->respond(200, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact),
        responseHeaders({{"bytespike-estimate", "local"}}));
    complete(200, QStringLiteral("count_tokens is not billed"));
}

void MessagesExchange::onClientGone()
{
    if (m_done)
        return;
    dropCall();
    complete(499, QStringLiteral("client disconnected"));
}

void MessagesExchange::cancel(const QString &reason)
{
    if (m_done)
        return;
    dropCall();
    if (m_committed) {
        m_http->writeChunk(streamError(ApiError::overloaded(reason)));
        m_http->endStream();
        complete(200, reason);
    } else {
        fail(ApiError::overloaded(reason));
    }
}

void MessagesExchange::dropCall()
{
    if (m_call) {
        m_call->abort();
        deleteSoon(m_call);
        m_call = nullptr;
    }
}

void MessagesExchange::fail(const ApiError &error, const QString &detail)
{
    if (!m_http->responseStarted())
        m_http->respond(error.status, "application/json",
            m_protocol == ClientProtocol::OpenAI ? ChatResponse::errorBody(error) : error.envelope(m_http->requestId()),
            responseHeaders());
    complete(error.status, detail.isEmpty() ? error.message : detail);
}

HeaderPairs MessagesExchange::relayedHeaders() const
{
    HeaderPairs out;
    for (const auto &h : m_upstreamHeaders) {
        if (h.first == "retry-after" || h.first == "retry-after-ms" || h.first == "x-should-retry"
            || h.first.startsWith("anthropic-ratelimit-"))
            out.append(h);
        else if (h.first == "request-id")
            out.append({"upstream-request-id", h.second});
    }
    return out;
}

void MessagesExchange::respondUpstreamError(int status, const QByteArray &body, const HeaderPairs &headers)
{
    ApiError error = customerError(status, upstreamErrorType(status, body), m_http->requestId());
    // An upstream 401 or 403 is about the operator's credentials, not the customer's key.
    if (status == 401 || status == 403)
        error.message = QStringLiteral("the model provider refused this gateway's credentials; request-id ")
            + QString::fromLatin1(m_http->requestId());
    m_http->respond(status, "application/json",
        m_protocol == ClientProtocol::OpenAI ? ChatResponse::errorBody(error) : error.envelope(m_http->requestId()),
        responseHeaders(headers));
}

QByteArray MessagesExchange::streamError(const ApiError &error) const
{
    return m_protocol == ClientProtocol::OpenAI ? ChatStreamTranslator::error(error)
                                                : error.sseFrame(m_http->requestId());
}

HeaderPairs MessagesExchange::responseHeaders(const HeaderPairs &extra) const
{
    HeaderPairs out = m_rateHeaders;
    out.append(extra);
    return out;
}

void MessagesExchange::setRateHeaders(const Endpoint &endpoint)
{
    m_rateHeaders = endpoint.rateHeaders();
    if (m_holdMicros > 0 || m_holdId)
        m_rateHeaders.append({"bytespike-hold", QByteArray::number(m_holdMicros)});
}

bool MessagesExchange::readStreamEvent(const SseParser::Frame &frame, QJsonObject *data)
{
    if (frame.data.isEmpty())
        return true;
    // Relayed as they are, the events are only read: most are read straight from their bytes,
    // without building a document (StreamEventFacts::scan vouches for exactly the same result).
    std::optional<StreamEventFacts> facts;
    if (!m_chat)
        facts = StreamEventFacts::scan(frame.event, frame.data);
    if (!facts) {
        const QJsonDocument doc = QJsonDocument::fromJson(frame.data);
        if (doc.isNull())
            return frame.event == "ping"; // a ping's data is never looked at
        *data = doc.object();
        facts = StreamEventFacts::fromJson(frame.event, *data);
    }
    m_usage.overwriteFrom(facts->usage);
    if (facts->refusal)
        m_refused = true;
    m_outputBytes += facts->outputBytes;
    return true;
}

void MessagesExchange::delivered()
{
    // Billing waits until the socket took the last byte; a disconnect before that voids.
    if (m_http->responseFlushed()) {
        complete(200, QString());
        return;
    }
    connect(m_http, &HttpExchange::flushed, this, [this] { complete(200, QString()); });
}

void MessagesExchange::endStream()
{
    if (m_streamEndpoint.isEmpty())
        return;
    m_runtime.metrics().streamEnded(m_streamEndpoint);
    m_streamEndpoint.clear();
}

namespace {
const CachedSql kInsertRequest(
    "INSERT INTO requests (id, time, customer_id, protocol, model, endpoint, status, billed,"
    " not_billed_reason, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens,"
    " latency_ms, ttfb_ms, hold_id, entry_id, hold_micros, cost_micros, price_version,"
    " usage_estimated, request_body)"
    " VALUES (?1, ?2, ?3, ?21, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
    " ?19, ?20, ?22)");
} // namespace

GatewayRuntime::Settled writeSettlement(
    Database &db, const RequestRecord &row, const Ledger::Resolution &resolution, const RequestSample &sample)
{
    GatewayRuntime::Settled settled;
    settled.holdId = resolution.hold.id;
    settled.sample = sample;
    const auto write = [&] {
        qint64 entryId = 0;
        qint64 costMicros = 0;
        bool billed = false;
        QString reason = row.reason;
        if (resolution.hold.id) {
            const Ledger::ResolveResult ended = Ledger::resolve(db, resolution);
            if (ended.outcome == Ledger::ResolveResult::Outcome::Failed) {
                settled.error = ended.error;
                return false; // nothing of this request is written; it is tried again
            }
            billed = ended.outcome == Ledger::ResolveResult::Outcome::Ok && resolution.state == u"posted";
            entryId = ended.entryId;
            costMicros = ended.debitMicros;
            settled.debitMicros = billed ? ended.debitMicros : 0;
            if (ended.outcome == Ledger::ResolveResult::Outcome::Rejected)
                reason = QStringLiteral("debit failed: ") + ended.error;
            else if (ended.shortfallMicros > 0)
                qCWarning(lcRequests).noquote() << row.id << "cost exceeded the hold by" << ended.shortfallMicros
                                                << "micro-dollars (operator loss)";
        }
        Statement &st = db.cached(kInsertRequest);
        st.bind(1, row.id).bind(2, QDateTime::currentMSecsSinceEpoch()).bind(21, row.protocol);
        if (row.customer.isEmpty())
            st.bindNull(3);
        else
            st.bind(3, row.customer);
        st.bind(4, row.model).bind(5, row.endpoint).bind(6, qint64(row.status)).bind(7, qint64(billed ? 1 : 0));
        st.bind(8, billed ? QString() : reason);
        st.bind(9, row.usage.inputTokens).bind(10, row.usage.outputTokens);
        st.bind(11, row.usage.cacheWriteTokens).bind(12, row.usage.cacheReadTokens);
        st.bind(13, row.latencyMs).bind(14, row.ttfbMs);
        if (row.holdId)
            st.bind(15, row.holdId);
        else
            st.bindNull(15);
        if (entryId)
            st.bind(16, entryId);
        else
            st.bindNull(16);
        st.bind(17, row.holdMicros).bind(18, costMicros).bind(19, row.priceVersion);
        st.bind(20, qint64(row.estimated ? 1 : 0));
        if (row.body.isNull())
            st.bindNull(22);
        else
            st.bind(22, row.body);
        if (!st.exec()) {
            settled.error = st.error();
            return false;
        }
        settled.sample.billed = billed;
        if (billed) {
            settled.sample.inputTokens
                = resolution.usage.input + resolution.usage.cacheWrite + resolution.usage.cacheRead;
            settled.sample.outputTokens = resolution.usage.output;
            settled.sample.spendMicros = costMicros;
        }
        return true;
    };
    UnitOfWork work(db);
    const bool written = work.begun(&settled.error) && write() && work.commit(&settled.error);
    settled.retry = !written;
    return settled;
}

void MessagesExchange::complete(int status, const QString &notBilledReason)
{
    if (m_done)
        return;
    m_done = true;
    m_holdDeadline.stop();
    m_keepAlive.stop();
    const qint64 latencyUs = m_clock.nsecsElapsed() / 1000;
    const qint64 latencyMs = latencyUs / 1000;
    // Bill only a whole delivery: the terminal event or full body reached the socket, and the
    // answer was not a refusal.
    const bool deliveredInFull = notBilledReason.isEmpty() && m_http->responseFlushed();
    const bool billable = deliveredInFull && m_holdId != 0 && !m_refused;
    QString reason = notBilledReason;
    if (deliveredInFull && m_refused)
        reason = QStringLiteral("refusal");
    else if (!billable && reason.isEmpty())
        reason = m_holdId ? QStringLiteral("not delivered in full") : QStringLiteral("no hold");
    // Client text (the model) and upstream text (in a reason) are quoted: cut short, and unable to
    // start a log line of their own.
    reason = ClientText::quote(reason, kReasonMaxBytes);

    Ledger::Resolution resolution;
    bool estimated = false;
    if (m_holdId) {
        if (const HoldBook::Hold *hold = m_runtime.holds().find(m_holdId))
            resolution.hold = *hold;
        resolution.state = billable ? QStringLiteral("posted")
            : m_holdExpired         ? QStringLiteral("expired")
                                    : QStringLiteral("voided");
        resolution.reason = reason;
    }
    if (billable) {
        TokenCounts tokens = m_usage.tokens();
        if (!m_usage.seen || (tokens.input == 0 && tokens.output == 0)
            || (m_upstreamChat && !m_upstreamChat->usageReported())) {
            // Policy for a delivered answer without usage: estimate from what was sent and
            // received, flag it, and never exceed the hold.
            estimated = true;
            tokens = {m_request.estimateInputTokens(), std::max<qint64>(1, (m_outputBytes + 3) / 4), 0, 0};
        }
        const std::optional<qint64> cost = costMicros(tokens, pricesOf(*m_current.route));
        resolution.hold.endpoint = m_current.name();
        resolution.hold.priceVersion = m_current.route->priceVersion;
        resolution.usage = tokens;
        resolution.costMicros = cost.value_or(std::numeric_limits<qint64>::max());
        resolution.estimated = estimated;
    }
    const QString model = ClientText::quote(m_request.model);
    if (m_logged)
        qCInfo(lcRequests).noquote() << m_http->requestId() << m_http->path() << status << model
                                     << (m_current.channel ? m_current.name() : QString()) << latencyMs << "ms"
                                     << (billable ? QStringLiteral("billed") : QStringLiteral("not billed: ") + reason);
    RequestRecord row {QString::fromLatin1(m_http->requestId()), m_caller.customerId, model,
        m_current.channel ? m_current.name() : QString(), reason,
        m_protocol == ClientProtocol::OpenAI ? QStringLiteral("openai") : QStringLiteral("anthropic"), status, m_usage,
        latencyMs, std::max<qint64>(0, m_ttfbUs / 1000), m_holdId, m_holdMicros,
        m_current.route ? m_current.route->priceVersion : 0, estimated, QString()};
    if (m_runtime.config().captureBodies) {
        QList<QByteArray> secrets {m_http->header("x-api-key"), m_http->header("authorization").mid(7).trimmed()};
        if (m_current.channel)
            secrets << m_current.channel->secret;
        row.body = RequestLog::redactBody(m_http->body(), secrets);
    }
    endStream();
    // The live metrics take the request once the ledger has settled it, so their spend and
    // tokens are exactly what was debited.
    RequestSample sample;
    sample.endpoint = row.endpoint;
    sample.customer = row.customer;
    sample.status = status;
    sample.notBilledReason = reason;
    sample.latencyUs = latencyUs;
    sample.ttfbUs = m_ttfbUs;
    if (!m_holdId && (!m_logged || m_runtime.holds().failing())) {
        // No account was touched, so nothing needs writing: a refusal sampled out, or anything
        // refused while the ledger cannot write (a row would only wait in memory and, once the
        // disk has room again, take it from the records that matter).
        m_runtime.recordUnlogged(sample, m_logged ? Metrics::LedgerUnavailable : Metrics::Sampled);
        deleteSoon(this);
        return;
    }
    m_runtime.settle([row = std::move(row), resolution = std::move(resolution), sample = std::move(sample)](
                         Database &db) { return writeSettlement(db, row, resolution, sample); });
    deleteSoon(this);
}

} // namespace bytespike
