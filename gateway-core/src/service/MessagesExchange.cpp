#include "MessagesExchange.h"

#include "ChannelCall.h"
#include "ChannelEdge.h"
#include "LimitGate.h"
#include "RequestHold.h"

#include "http/HttpExchange.h"
#include "ledger/Settlement.h"
#include "loop/TurnEnd.h"
#include "protocol/ClientText.h"
#include "protocol/UpstreamErrors.h"
#include "store/RequestLog.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QThreadPool>
#include <QTimerEvent>

Q_LOGGING_CATEGORY(lcRequests, "bytespike.requests")

namespace bytespike {

namespace {

ClientEncoder encoderFor(MessagesExchange::ClientProtocol protocol, const QByteArray &requestId)
{
    if (protocol == MessagesExchange::ClientProtocol::OpenAI)
        return OpenAiEncoder();
    return AnthropicEncoder(requestId);
}

} // namespace

MessagesExchange::MessagesExchange(
    GatewayRuntime &runtime, HttpExchange *http, MessagesRequest::Endpoint endpoint, ClientProtocol protocol)
    : m_runtime(runtime)
    , m_http(http)
    , m_endpoint(endpoint)
    , m_protocol(protocol)
    , m_encoder(encoderFor(protocol, http->requestId()))
    , m_relay(this, http, m_encoder, m_clock, m_rateHeaders,
          {runtime.config().streamPingMs, runtime.config().maxBodyBytes * 4})
{
    m_clock.start();
    http->setParent(this);
    connect(http, &HttpExchange::clientDisconnected, this, &MessagesExchange::onClientGone);
}

MessagesExchange::~MessagesExchange()
{
    // Every ending goes through complete(), which gives the ticket back; should one ever not, the
    // key's in-flight count must still not keep a slot for a request that is gone.
    if (m_limitTicket.counted)
        m_runtime.limits().finish(m_limitTicket, 0, QDateTime::currentMSecsSinceEpoch());
}

void MessagesExchange::run()
{
    if (const GatewayRuntime::KeyCheck check = m_runtime.authenticate(*m_http, &m_caller);
        check != GatewayRuntime::KeyCheck::Ok) {
        m_logged = m_runtime.noteRefused(
            *m_http, check == GatewayRuntime::KeyCheck::Missing ? Metrics::MissingKey : Metrics::UnknownKey);
        fail(MessagesIntake::keyError());
        return;
    }
    if (!m_runtime.limits().empty()) {
        if (const ApiError refused = LimitGate::checkKey(m_runtime, *m_http, m_caller); refused.isError()) {
            fail(refused);
            return;
        }
    }
    if (const ApiError error = MessagesIntake::contentTypeError(m_http->header("content-type")); error.isError()) {
        fail(error);
        return;
    }
    const bool openAi = m_protocol == ClientProtocol::OpenAI;
    if (m_http->body().size() <= MessagesIntake::kInlineBytes) {
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
        m_encoder.openAi()->setRequest(intake.chat->model, intake.chat->includeUsage, intake.chat->exposeReasoning);
    m_relay.setRequest(&m_request, m_endpoint == MessagesRequest::Endpoint::CountTokens);
    if (!m_runtime.limits().empty()) {
        if (const ApiError refused = LimitGate::checkModel(m_runtime, m_caller, m_request.model); refused.isError()) {
            fail(refused);
            return;
        }
    }
    m_snapshot = m_runtime.snapshot();
    Candidates candidates = Candidates::route(*m_snapshot, m_request.model, m_runtime.rng(), m_runtime.breakers());
    if (candidates.error.isError()) {
        fail(candidates.error);
        return;
    }
    m_attempts = AttemptLoop(std::move(candidates.endpoints));
    setRateHeaders(m_attempts.candidates().first());
    if (m_endpoint == MessagesRequest::Endpoint::CountTokens) {
        tryNextCandidate(); // counting tokens generates nothing and is not billed
        return;
    }
    reserveHold();
}

void MessagesExchange::reserveHold()
{
    const qint64 promptBound = m_request.worstCaseInputTokens(m_body.size());
    if (!m_runtime.limits().empty()) {
        const ApiError refused = LimitGate::admit(m_runtime, m_caller, promptBound + m_request.maxTokens,
            m_protocol == ClientProtocol::OpenAI, &m_limitTicket, &m_limitHeaders);
        m_rateHeaders.append(m_limitHeaders);
        if (refused.isError()) {
            fail(refused);
            return;
        }
    }
    const RequestHold::Quote quote = RequestHold::quote(promptBound, m_request.maxTokens, m_attempts.candidates());
    if (quote.error.isError()) {
        fail(quote.error);
        return;
    }
    m_holdMicros = quote.micros;
    m_rateHeaders.append({"bytespike-hold", QByteArray::number(m_holdMicros)});
    // The book is the gateway thread's own: taking the hold costs no database round trip. Its
    // row is written with its end, or as pending if the request runs long (HoldBook). With
    // leases, a hold the instance's lease cannot cover waits for the database (LeaseKeeper).
    const Endpoint &first = m_attempts.candidates().first();
    HoldRequest request {m_caller, QString::fromLatin1(m_http->requestId()), first.name(), first.route->priceVersion,
        m_holdMicros, 0, false, {}};
    request.done = [self = QPointer<MessagesExchange>(this)](const HoldBook::Reservation &reserved) {
        if (!self || self->m_done)
            return false;
        self->onHoldReserved(reserved);
        return true;
    };
    m_runtime.reserveHold(std::move(request));
}

void MessagesExchange::onHoldReserved(const HoldBook::Reservation &reserved)
{
    if (const ApiError refused = RequestHold::refusal(reserved, m_holdMicros); refused.isError()) {
        fail(refused);
        return;
    }
    m_holdId = reserved.holdId;
    m_relay.setHold(m_holdId, m_holdMicros);
    m_holdDeadline.start(m_runtime.config().holdDeadlineMs, this);
    tryNextCandidate();
}

void MessagesExchange::tryNextCandidate()
{
    const bool first = !m_attempts.current().channel;
    if (const Endpoint *endpoint = m_attempts.next(m_runtime.breakers()))
        startCall(*endpoint, first);
    else
        giveUp();
}

void MessagesExchange::startCall(const Endpoint &endpoint, bool first)
{
    if (!first && m_holdId)
        m_runtime.holds().retarget(m_holdId, endpoint.name(), endpoint.route->priceVersion);
    if (!first)
        setRateHeaders(endpoint);
    if (m_request.stream && m_endpoint == MessagesRequest::Endpoint::Messages) {
        endStream();
        m_streamEndpoint = endpoint.name();
        m_runtime.metrics().streamStarted(m_streamEndpoint);
    }
    m_relay.reset(endpoint);
    const Channel &channel = endpoint.channel->channel;
    if (m_endpoint == MessagesRequest::Endpoint::CountTokens && channel.protocol != ChannelProtocol::Anthropic) {
        answerLocalCountTokens();
        return;
    }
    const bool rewritten = channel.protocol == ChannelProtocol::OpenAI
        || (channel.protocol == ChannelProtocol::Anthropic && m_request.hasUnsignedThinking());
    if (!rewritten || m_body.size() <= MessagesIntake::kInlineBytes) {
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

void MessagesExchange::sendCall(UpstreamBody &&upstream)
{
    const bool countTokens = m_endpoint == MessagesRequest::Endpoint::CountTokens;
    const ChannelCallOptions options {m_request.stream, countTokens, m_http->header("anthropic-version"),
        m_http->header("anthropic-beta"), m_http->header("bytespike-via")};
    const ChannelRuntime &channel = *m_attempts.current().channel;
    UpstreamCall *call = createChannelCall(m_runtime, channel, std::move(upstream.body), options, this);
    m_relay.attach(call, decoderFor(channel.channel, m_request, std::move(upstream.chatAnswer)));
    connect(call, &UpstreamCall::responseStarted, this, &MessagesExchange::onResponseStarted);
    connect(call, &UpstreamCall::bodyData, this, &MessagesExchange::onBodyData);
    connect(call, &UpstreamCall::finished, this, &MessagesExchange::onFinished);
    connect(call, &UpstreamCall::failed, this, &MessagesExchange::onFailed);
    call->start();
}

void MessagesExchange::onResponseStarted(int status, const HeaderPairs &headers)
{
    if (m_relay.responseStarted(status, headers)) // the upstream answered: it is alive
        m_attempts.answered(m_runtime.breakers());
}

void MessagesExchange::onBodyData(const QByteArray &chunk)
{
    act(m_relay.bodyData(chunk));
}

void MessagesExchange::onFinished()
{
    act(m_relay.finished());
}

void MessagesExchange::onFailed(UpstreamFailure failure, const QString &message)
{
    act(m_relay.failed(failure, message));
}

void MessagesExchange::act(RelayOutcome &&outcome)
{
    switch (outcome.kind) {
    case RelayOutcome::Kind::Continue: return;
    case RelayOutcome::Kind::Failover: attemptFailed(outcome.failure); return;
    case RelayOutcome::Kind::UpstreamError:
        respondUpstreamError(outcome.answer);
        complete(outcome.answer.status, outcome.reason);
        return;
    case RelayOutcome::Kind::Delivered: delivered(); return;
    case RelayOutcome::Kind::Ended: complete(outcome.status, outcome.reason); return;
    }
}

void MessagesExchange::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_holdDeadline.timerId()) {
        m_holdDeadline.stop();
        m_holdExpired = true;
        cancel(QStringLiteral("the request ran past its hold deadline"));
        return;
    }
    if (std::optional<RelayOutcome> outcome = m_relay.timerFired(event->timerId())) {
        act(std::move(*outcome));
        return;
    }
    QObject::timerEvent(event);
}

void MessagesExchange::attemptFailed(const AttemptFailure &failure)
{
    m_attempts.failed(failure, m_runtime.breakers());
    qCInfo(lcRequests).noquote() << m_http->requestId() << "attempt failed on" << m_attempts.current().name() << "-"
                                 << failure.reason;
    tryNextCandidate();
}

void MessagesExchange::giveUp()
{
    const AttemptLoop::GiveUp given = m_attempts.giveUp(m_http->requestId());
    if (given.answer) {
        respondUpstreamError(*given.answer);
        complete(given.answer->status, given.detail);
        return;
    }
    fail(given.error, given.detail);
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
    m_relay.dropCall();
    complete(499, QStringLiteral("client disconnected"));
}

void MessagesExchange::cancel(const QString &reason)
{
    if (m_done)
        return;
    m_relay.dropCall();
    if (m_relay.committed()) {
        m_relay.endWithError(ApiError::overloaded(reason));
        complete(200, reason);
    } else {
        fail(ApiError::overloaded(reason));
    }
}

void MessagesExchange::fail(const ApiError &error, const QString &detail)
{
    if (!m_http->responseStarted())
        m_http->respond(error.status, "application/json", m_encoder.errorBody(error), responseHeaders());
    complete(error.status, detail.isEmpty() ? error.message : detail);
}

void MessagesExchange::respondUpstreamError(const UpstreamAnswer &answer)
{
    const ApiError error = UpstreamErrors::forAnswer(answer.status, answer.body, m_http->requestId());
    m_http->respond(answer.status, "application/json", m_encoder.errorBody(error), responseHeaders(answer.headers));
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
    m_rateHeaders.append(m_limitHeaders);
    if (m_holdMicros > 0 || m_holdId)
        m_rateHeaders.append({"bytespike-hold", QByteArray::number(m_holdMicros)});
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

SettlementRecord MessagesExchange::settlementRecord(
    int status, const QString &reason, bool billable, qint64 latencyMs) const
{
    SettlementRecord record;
    const Endpoint &current = m_attempts.current();
    Ledger::Resolution &resolution = record.resolution;
    if (m_holdId) {
        if (const HoldBook::Hold *hold = m_runtime.holds().find(m_holdId))
            resolution.hold = *hold;
        resolution.state = billable ? QStringLiteral("posted")
            : m_holdExpired         ? QStringLiteral("expired")
                                    : QStringLiteral("voided");
        resolution.reason = reason;
    }
    if (billable) {
        bool estimated = false;
        const TokenCounts tokens = m_relay.billedTokens(&estimated);
        const std::optional<qint64> cost = costMicros(tokens, current.prices());
        resolution.hold.endpoint = current.name();
        resolution.hold.priceVersion = current.route->priceVersion;
        resolution.usage = tokens;
        resolution.costMicros = cost.value_or(std::numeric_limits<qint64>::max());
        resolution.estimated = estimated;
    }
    RequestRow &row = record.row;
    row.id = QString::fromLatin1(m_http->requestId());
    row.customerId = m_caller.customerId;
    row.protocol = m_encoder.protocol();
    row.model = ClientText::quote(m_request.model);
    row.endpoint = current.channel ? current.name() : QString();
    row.status = status;
    row.notBilledReason = reason;
    row.usage = m_relay.usage().tokens();
    row.latencyMs = latencyMs;
    row.ttfbMs = std::max<qint64>(0, m_relay.ttfbUs() / 1000);
    row.holdId = m_holdId;
    row.holdMicros = m_holdMicros;
    row.priceVersion = current.route ? current.route->priceVersion : 0;
    row.usageEstimated = resolution.estimated;
    if (m_runtime.config().captureBodies) {
        QList<QByteArray> secrets {m_http->header("x-api-key"), m_http->header("authorization").mid(7).trimmed()};
        if (current.channel)
            secrets << current.channel->secret;
        row.body = RequestLog::redactBody(m_http->body(), secrets);
    }
    return record;
}

void MessagesExchange::complete(int status, const QString &notBilledReason)
{
    if (m_done)
        return;
    m_done = true;
    m_holdDeadline.stop();
    m_relay.stop();
    if (m_limitTicket.counted) {
        const TokenCounts used = m_relay.usage().tokens();
        m_runtime.limits().finish(m_limitTicket, used.input + used.output + used.cacheWrite + used.cacheRead,
            QDateTime::currentMSecsSinceEpoch());
    }
    const qint64 latencyUs = m_clock.nsecsElapsed() / 1000;
    const qint64 latencyMs = latencyUs / 1000;
    const AnswerRelay::Billing billing = m_relay.billing(notBilledReason, m_http->responseFlushed(), m_holdId != 0);
    // Client text (the model) and upstream text (in a reason) are quoted: cut short, and unable to
    // start a log line of their own.
    const QString reason = ClientText::quote(billing.reason, kReasonMaxBytes);
    SettlementRecord record = settlementRecord(status, reason, billing.billable, latencyMs);
    if (m_logged)
        qCInfo(lcRequests).noquote() << m_http->requestId() << m_http->path() << status << record.row.model
                                     << record.row.endpoint << latencyMs << "ms"
                                     << (billing.billable ? QStringLiteral("billed")
                                                          : QStringLiteral("not billed: ") + reason);
    endStream();
    // The live metrics take the request once the ledger has settled it, so their spend and
    // tokens are exactly what was debited.
    RequestSample sample;
    sample.endpoint = record.row.endpoint;
    sample.customer = record.row.customerId;
    sample.status = status;
    sample.notBilledReason = reason;
    sample.latencyUs = latencyUs;
    sample.ttfbUs = m_relay.ttfbUs();
    if (!m_holdId && (!m_logged || m_runtime.holds().failing() || m_runtime.ledgerBehind())) {
        // No account was touched, so nothing needs writing: a refusal sampled out, or anything
        // refused while the ledger cannot write or is behind (a row would only wait in memory
        // and take the writer's time from the records that matter).
        m_runtime.recordUnlogged(sample, m_logged ? Metrics::LedgerUnavailable : Metrics::Sampled);
        deleteSoon(this);
        return;
    }
    m_runtime.settle(std::move(record), std::move(sample));
    deleteSoon(this);
}

} // namespace bytespike
