#include "LimitGate.h"

#include "GatewayRuntime.h"
#include "base/CivilTime.h"
#include "http/HttpExchange.h"

#include <QDateTime>

#include <string_view>

namespace bytespike::LimitGate {

namespace {

bool inAny(const QHostAddress &address, const QList<QPair<QHostAddress, int>> &subnets)
{
    return std::any_of(subnets.cbegin(), subnets.cend(),
        [&](const QPair<QHostAddress, int> &subnet) { return address.isInSubnet(subnet); });
}

// The refusal in the caller's envelope (its status is the kind's), counted in the metrics.
ApiError refused(GatewayRuntime &runtime, const Caller &caller, LimitBook::Refusal kind, const QByteArray &type,
    const QString &message, const QByteArray &openAiCode = {})
{
    runtime.metrics().limitRefused(
        kind, runtime.limits().hasKey(caller.keyId) ? caller.keyId : QString(), caller.customerId);
    return ApiError {LimitBook::refusalStatus(kind), type, message, openAiCode};
}

// A non-negative integer in decimal: QByteArray::number goes through Qt's general number
// formatting, several hundred instructions a call, and a limited request writes four or five.
QByteArray decimal(qint64 value)
{
    char digits[20];
    int at = sizeof(digits);
    quint64 rest = quint64(std::max<qint64>(0, value));
    do {
        digits[--at] = char('0' + rest % 10);
        rest /= 10;
    } while (rest != 0);
    return QByteArray(digits + at, qsizetype(sizeof(digits)) - at);
}

QByteArray duration(qint64 fromMs, qint64 toMs)
{
    return decimal((toMs - fromMs + 999) / 1000) + 's';
}

} // namespace

QHostAddress clientAddress(const HttpExchange &exchange, const QList<QPair<QHostAddress, int>> &trustedProxies)
{
    if (trustedProxies.isEmpty())
        return exchange.peerAddress(); // LimitBook::checkKey unmaps it
    const QHostAddress peer = LimitBook::unmapped(exchange.peerAddress());
    if (!inAny(peer, trustedProxies))
        return peer;
    // Each proxy appends the address it heard from; the nearest untrusted one is the client.
    const QList<QByteArray> hops = exchange.header("x-forwarded-for").split(',');
    QHostAddress client = peer;
    for (qsizetype i = hops.size() - 1; i >= 0 && i >= hops.size() - 32; --i) {
        const QHostAddress hop = LimitBook::unmapped(QHostAddress(QString::fromLatin1(hops[i].trimmed())));
        if (hop.isNull())
            break;
        client = hop;
        if (!inAny(hop, trustedProxies))
            break;
    }
    return client;
}

ApiError checkKey(GatewayRuntime &runtime, const HttpExchange &exchange, const Caller &caller)
{
    const auto client = [&] { return clientAddress(exchange, runtime.config().trustedProxies); };
    QString message;
    const LimitBook::Refusal refusal
        = runtime.limits().checkKey(caller.keyId, client, QDateTime::currentMSecsSinceEpoch(), &message);
    switch (refusal) {
    case LimitBook::Refusal::Expired: return refused(runtime, caller, refusal, "authentication_error", message);
    case LimitBook::Refusal::IpNotAllowed:
        return refused(runtime, caller, refusal, "permission_error", message, "ip_not_allowed");
    default: return {};
    }
}

ApiError checkModel(GatewayRuntime &runtime, const Caller &caller, const QString &model)
{
    if (runtime.limits().modelAllowed(caller.keyId, model))
        return {};
    return refused(runtime, caller, LimitBook::Refusal::ModelNotAllowed, "permission_error",
        QStringLiteral("this key may not use this model"), "model_not_allowed");
}

ApiError admit(GatewayRuntime &runtime, const Caller &caller, qint64 tokens, bool openAi, LimitBook::Ticket *ticket,
    HeaderPairs *headers)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const LimitBook::Admission admission = runtime.limits().admit(caller.keyId, caller.customerId, tokens, now, ticket);
    if (admission.reported)
        *headers = rateHeaders(admission.view, openAi, now);
    if (admission.refusal == LimitBook::Refusal::None)
        return {};
    headers->append({"retry-after", decimal(admission.retryAfterSeconds)});
    return refused(runtime, caller, admission.refusal, "rate_limit_error", admission.message);
}

HeaderPairs rateHeaders(const LimitBook::RateView &view, bool openAi, qint64 nowMs)
{
    struct Names
    {
        std::string_view limit;
        std::string_view remaining;
        std::string_view reset;
    };
    static constexpr Names kAnthropic[]
        = {{"anthropic-ratelimit-requests-limit", "anthropic-ratelimit-requests-remaining",
               "anthropic-ratelimit-requests-reset"},
            {"anthropic-ratelimit-tokens-limit", "anthropic-ratelimit-tokens-remaining",
                "anthropic-ratelimit-tokens-reset"}};
    static constexpr Names kOpenAi[]
        = {{"x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests"},
            {"x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens"}};
    // The names are literals, wrapped without a copy.
    const auto name
        = [](std::string_view literal) { return QByteArray::fromRawData(literal.data(), qsizetype(literal.size())); };
    // Most requests of a second report the same reset instant: its text is made once.
    thread_local qint64 lastResetMs = -1;
    thread_local QByteArray lastResetText;
    const auto resetText = [&](qint64 ms) {
        if (openAi)
            return duration(nowMs, ms);
        ms = std::max(ms, nowMs) / 1000 * 1000;
        if (ms != lastResetMs) {
            lastResetMs = ms;
            lastResetText = CivilTime::rfc3339(ms);
        }
        return lastResetText;
    };
    HeaderPairs out;
    out.reserve(6);
    const LimitBook::RateState *states[] = {&view.requests, &view.tokens};
    for (int i = 0; i < 2; ++i) {
        const LimitBook::RateState &state = *states[i];
        if (state.limit <= 0)
            continue;
        const Names &names = openAi ? kOpenAi[i] : kAnthropic[i];
        // A key's limit is the same on each of its responses: its text is kept.
        thread_local qint64 lastLimit[2] = {-1, -1};
        thread_local QByteArray lastLimitText[2];
        if (state.limit != lastLimit[i]) {
            lastLimit[i] = state.limit;
            lastLimitText[i] = decimal(state.limit);
        }
        out.append({name(names.limit), lastLimitText[i]});
        out.append({name(names.remaining), decimal(state.remaining)});
        out.append({name(names.reset), resetText(state.resetMs)});
    }
    return out;
}

} // namespace bytespike::LimitGate
