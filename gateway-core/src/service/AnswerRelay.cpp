#include "AnswerRelay.h"

#include "http/HttpExchange.h"
#include "loop/TurnEnd.h"
#include "protocol/UpstreamErrors.h"
#include "protocol/anthropic/ApiError.h"

#include <QJsonDocument>

namespace bytespike {

namespace {

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

RelayOutcome failover(const QString &reason, UpstreamFailure kind, bool failoverStatus = false)
{
    RelayOutcome out;
    out.kind = RelayOutcome::Kind::Failover;
    out.failure = AttemptFailure {reason, kind, failoverStatus, std::nullopt};
    return out;
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

AnswerRelay::AnswerRelay(QObject *owner, HttpExchange *http, ClientEncoder &encoder, const QElapsedTimer &clock,
    const HeaderPairs &rateHeaders, Settings settings)
    : m_owner(owner)
    , m_http(http)
    , m_encoder(encoder)
    , m_clock(clock)
    , m_rateHeaders(rateHeaders)
    , m_settings(settings)
{ }

void AnswerRelay::setRequest(const MessagesRequest *request, bool countTokens)
{
    m_request = request;
    m_countTokens = countTokens;
}

void AnswerRelay::setHold(qint64 holdId, qint64 holdMicros)
{
    m_holdId = holdId;
    m_holdMicros = holdMicros;
}

bool AnswerRelay::streaming() const
{
    return m_request->stream && !m_countTokens;
}

void AnswerRelay::reset(const Endpoint &endpoint)
{
    m_prices = endpoint.prices();
    m_phase = Phase::Idle;
    m_upstreamStatus = 0;
    m_upstreamHeaders.clear();
    m_buffer.clear();
    m_decoder = UpstreamDecoder();
}

void AnswerRelay::attach(UpstreamCall *call, UpstreamDecoder &&decoder)
{
    m_call = call;
    m_decoder = std::move(decoder);
}

void AnswerRelay::dropCall()
{
    if (m_call) {
        m_call->abort();
        deleteSoon(m_call);
        m_call = nullptr;
    }
}

bool AnswerRelay::responseStarted(int status, const HeaderPairs &headers)
{
    m_upstreamStatus = status;
    m_upstreamHeaders = headers;
    if (status >= 200 && status < 300)
        m_phase = Phase::Success;
    else if (isFailoverStatus(status))
        m_phase = Phase::FailoverError;
    else
        m_phase = Phase::RelayError;
    return m_phase != Phase::FailoverError;
}

RelayOutcome AnswerRelay::bodyData(const QByteArray &chunk)
{
    if (m_phase == Phase::Success && streaming()) {
        RelayOutcome out = relayFrames(m_decoder.feed(chunk));
        if (out.kind == RelayOutcome::Kind::Continue && m_decoder.awaitingUsage() && !m_usageGraceArmed) {
            // Never wait for a usage chunk that may not come: after the finish, a short grace.
            m_usageGraceArmed = true;
            m_usageGrace.start(kUsageGraceMs, m_owner);
        }
        return out;
    }
    m_buffer.append(chunk);
    if (m_buffer.size() > m_settings.maxAnswerBytes) {
        dropCall();
        return failover(
            QStringLiteral("upstream response too large"), UpstreamFailure::Dropped, m_phase == Phase::FailoverError);
    }
    return {};
}

RelayOutcome AnswerRelay::relayFrames(const QList<SseParser::Frame> &frames)
{
    if (frames.isEmpty())
        return {};
    QByteArray out;
    for (const SseParser::Frame &frame : frames) {
        // A frame whose data is not JSON is never relayed: before the first byte it fails over,
        // after it the stream ends with an error event.
        QJsonObject data;
        if (!readStreamEvent(frame, &data)) {
            dropCall();
            if (!m_committed)
                return failover(QStringLiteral("upstream sent a malformed event"), UpstreamFailure::Dropped);
            m_http->writeChunk(
                out + m_encoder.streamError(ApiError::api(QStringLiteral("upstream sent a malformed event"))));
            m_http->endStream();
            return RelayOutcome::ended(200, QStringLiteral("malformed upstream event"));
        }
        if (frame.event == "message_stop") {
            m_sawMessageStop = true;
        } else if (frame.event == "error") {
            // The upstream's error event keeps its type; its text goes to the request log only.
            m_sawErrorEvent = true;
            m_upstreamErrorText = UpstreamErrors::text(frame.data);
            out.append(m_encoder.streamError(ApiError {500, UpstreamErrors::type(500, frame.data),
                QStringLiteral("the model provider reported an error during the answer; request-id ")
                    + QString::fromLatin1(m_http->requestId())}));
            continue;
        }
        m_encoder.event(frame, data, out);
    }
    if (!m_committed)
        commitStream();
    m_http->writeChunk(out);
    m_lastWriteNs = m_clock.nsecsElapsed();
    // Nothing follows a terminal event.
    if (m_sawMessageStop || m_sawErrorEvent)
        m_keepAlive.stop();
    else
        applyBackpressure();
    return {};
}

void AnswerRelay::commitStream()
{
    m_committed = true;
    m_ttfbUs = m_clock.nsecsElapsed() / 1000;
    m_http->beginStream(200, "text/event-stream; charset=utf-8", responseHeaders(relayedHeaders()));
    if (!m_sawMessageStop && !m_sawErrorEvent) // a whole answer in one read needs no pings
        m_keepAlive.start(m_settings.pingMs, m_owner);
}

bool AnswerRelay::readStreamEvent(const SseParser::Frame &frame, QJsonObject *data)
{
    if (frame.data.isEmpty())
        return true;
    // Relayed as they are, the events are only read: most are read straight from their bytes,
    // without building a document (StreamEventFacts::scan vouches for exactly the same result).
    std::optional<StreamEventFacts> facts;
    if (!m_encoder.readsDocuments())
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

void AnswerRelay::applyBackpressure()
{
    if (m_upstreamPaused || !m_call || m_http->pendingOutput() <= kOutputHighWaterBytes)
        return;
    m_upstreamPaused = true;
    m_call->setPaused(true);
    if (!m_drainWatched) {
        m_drainWatched = true;
        QObject::connect(m_http, &HttpExchange::drained, m_owner, [this] { clientDrained(); });
    }
    m_http->notifyWhenDrained();
}

void AnswerRelay::clientDrained()
{
    if (!m_upstreamPaused)
        return;
    m_upstreamPaused = false;
    if (m_call && !m_stopped)
        m_call->setPaused(false);
}

std::optional<RelayOutcome> AnswerRelay::timerFired(int timerId)
{
    if (timerId == m_keepAlive.timerId()) {
        keepAlive();
        return RelayOutcome();
    }
    if (timerId == m_usageGrace.timerId()) {
        m_usageGrace.stop();
        return endUpstreamChatStream();
    }
    return std::nullopt;
}

void AnswerRelay::keepAlive()
{
    const qint64 intervalNs = qint64(m_settings.pingMs) * 1000000;
    const qint64 silentNs = m_clock.nsecsElapsed() - m_lastWriteNs;
    if (silentNs < intervalNs - intervalNs / 20) { // coarse timers may fire up to 5% early
        m_keepAlive.start(int((intervalNs - silentNs + 999999) / 1000000), m_owner);
        return;
    }
    if (!m_stopped && !m_upstreamPaused && m_http->clientConnected())
        m_http->writeChunk(m_encoder.ping());
    m_lastWriteNs = m_clock.nsecsElapsed();
    m_keepAlive.start(m_settings.pingMs, m_owner);
}

RelayOutcome AnswerRelay::endUpstreamChatStream()
{
    if (m_stopped)
        return {};
    dropCall();
    RelayOutcome out = relayFrames(m_decoder.finish());
    if (out.kind != RelayOutcome::Kind::Continue)
        return out;
    m_http->endStream();
    return {RelayOutcome::Kind::Delivered, 0, {}, {}, {}};
}

RelayOutcome AnswerRelay::finished()
{
    m_call = nullptr;
    switch (m_phase) {
    case Phase::Success: return streaming() ? finishStream() : finishWhole();
    case Phase::FailoverError: {
        RelayOutcome out = failover(QStringLiteral("upstream HTTP %1: %2")
                                        .arg(QString::number(m_upstreamStatus), UpstreamErrors::text(m_buffer)),
            UpstreamFailure::Connect, true);
        out.failure.answer = UpstreamAnswer {m_upstreamStatus, m_buffer, relayedHeaders()};
        return out;
    }
    case Phase::RelayError:
    case Phase::Idle: break;
    }
    RelayOutcome out;
    out.kind = RelayOutcome::Kind::UpstreamError;
    out.reason = QStringLiteral("upstream error %1: %2")
                     .arg(QString::number(m_upstreamStatus), UpstreamErrors::text(m_buffer));
    out.answer = UpstreamAnswer {m_upstreamStatus, m_buffer, relayedHeaders()};
    return out;
}

RelayOutcome AnswerRelay::finishStream()
{
    // A translated stream that ended: its decoder finishes the Anthropic event sequence first.
    if (RelayOutcome out = relayFrames(m_decoder.finish()); out.kind != RelayOutcome::Kind::Continue)
        return out;
    if (!m_committed)
        return failover(QStringLiteral("upstream stream ended without any event"), UpstreamFailure::Dropped);
    if (m_sawMessageStop && !m_decoder.hasPartialFrame()) {
        m_http->endStream();
        return {RelayOutcome::Kind::Delivered, 0, {}, {}, {}};
    }
    if (m_sawErrorEvent) {
        m_http->endStream();
        return RelayOutcome::ended(200, QStringLiteral("upstream error event mid-stream: ") + m_upstreamErrorText);
    }
    m_http->writeChunk(
        m_encoder.streamError(ApiError::api(QStringLiteral("upstream ended the stream before message_stop"))));
    m_http->endStream();
    return RelayOutcome::ended(200, QStringLiteral("upstream stream truncated"));
}

RelayOutcome AnswerRelay::finishWhole()
{
    QJsonObject message;
    if (!m_countTokens && !m_decoder.decodeBody(m_buffer, &message))
        return failover(QStringLiteral("upstream returned a malformed completion"), UpstreamFailure::Dropped);
    // Relayed as it is, the message is only read, mostly straight from its bytes
    // (StreamEventFacts::scanMessage vouches for exactly what the document would give); an
    // encoder that reads documents gets the document: the decoder's own when it translated
    // the answer, parsed from the body otherwise.
    std::optional<StreamEventFacts> facts;
    if (!m_encoder.readsDocuments())
        facts = StreamEventFacts::scanMessage(m_buffer);
    else if (!message.isEmpty())
        facts = StreamEventFacts::fromMessage(message);
    if (!facts) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(m_buffer, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            return failover(QStringLiteral("upstream returned malformed JSON"), UpstreamFailure::Dropped);
        message = doc.object();
        facts = StreamEventFacts::fromMessage(message);
    }
    m_usage.overwriteFrom(facts->usage);
    m_refused = facts->refusal;
    if (!m_countTokens)
        m_outputBytes += facts->outputBytes;
    m_ttfbUs = m_clock.nsecsElapsed() / 1000;
    HeaderPairs extra = relayedHeaders();
    if (m_holdId && !m_refused) {
        const std::optional<qint64> cost = costMicros(m_usage.seen ? m_usage.tokens() : estimatedTokens(), m_prices);
        const qint64 charged = std::min(cost.value_or(m_holdMicros), m_holdMicros);
        extra.append({"bytespike-cost", QByteArray::number(charged)});
    }
    m_http->respond(m_upstreamStatus, "application/json", m_encoder.message(m_buffer, message), responseHeaders(extra));
    if (m_countTokens)
        return RelayOutcome::ended(m_upstreamStatus, QStringLiteral("count_tokens is not billed"));
    return {RelayOutcome::Kind::Delivered, 0, {}, {}, {}};
}

RelayOutcome AnswerRelay::failed(UpstreamFailure failure, const QString &message)
{
    m_call = nullptr;
    if (!m_committed)
        return failover(
            failureName(failure) + QStringLiteral(": ") + message, failure, m_phase == Phase::FailoverError);
    endWithError(failure == UpstreamFailure::IdleTimeout
            ? ApiError::timeout(QStringLiteral("upstream stalled mid-stream"))
            : ApiError::api(QStringLiteral("upstream connection lost mid-stream")));
    return RelayOutcome::ended(200, failureName(failure) + QStringLiteral(" mid-stream"));
}

void AnswerRelay::endWithError(const ApiError &error)
{
    m_http->writeChunk(m_encoder.streamError(error));
    m_http->endStream();
}

void AnswerRelay::stop()
{
    m_stopped = true;
    m_keepAlive.stop();
    m_usageGrace.stop();
}

HeaderPairs AnswerRelay::relayedHeaders() const
{
    HeaderPairs out;
    for (const auto &h : m_upstreamHeaders) {
        // The provider's rate-limit headers describe the operator's account, not the customer's
        // limits (LimitGate sets those): never relayed.
        if (h.first == "retry-after" || h.first == "retry-after-ms" || h.first == "x-should-retry")
            out.append(h);
        else if (h.first == "request-id")
            out.append({"upstream-request-id", h.second});
    }
    return out;
}

HeaderPairs AnswerRelay::responseHeaders(const HeaderPairs &extra) const
{
    HeaderPairs out = m_rateHeaders;
    out.append(extra);
    return out;
}

AnswerRelay::Billing AnswerRelay::billing(const QString &notBilledReason, bool flushed, bool hasHold) const
{
    const bool deliveredInFull = notBilledReason.isEmpty() && flushed;
    Billing out;
    out.billable = deliveredInFull && hasHold && !m_refused;
    out.reason = notBilledReason;
    if (deliveredInFull && m_refused)
        out.reason = QStringLiteral("refusal");
    else if (!out.billable && out.reason.isEmpty())
        out.reason = hasHold ? QStringLiteral("not delivered in full") : QStringLiteral("no hold");
    return out;
}

TokenCounts AnswerRelay::estimatedTokens() const
{
    return {m_request->estimateInputTokens(), std::max<qint64>(1, (m_outputBytes + 3) / 4), 0, 0};
}

TokenCounts AnswerRelay::billedTokens(bool *estimated) const
{
    const TokenCounts tokens = m_usage.tokens();
    // Policy for a delivered answer without usage: estimate from what was sent and received,
    // flag it, and never exceed the hold.
    *estimated = !m_usage.seen || (tokens.input == 0 && tokens.output == 0) || m_decoder.usageEstimated();
    return *estimated ? estimatedTokens() : tokens;
}

} // namespace bytespike
