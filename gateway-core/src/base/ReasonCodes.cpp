#include "ReasonCodes.h"

#include <array>
#include <utility>

namespace bytespike::ReasonCodes {

namespace {

using Rule = std::pair<const char *, const char *>; // the text's start, its code

// The texts the gateway writes, by how they start; the first rule that matches wins.
constexpr std::array kNotBilledTexts {
    Rule {"refusal", "refusal"},
    Rule {"client disconnected", "client_disconnected"},
    Rule {"the client left", "client_disconnected"},
    Rule {"count_tokens is not billed", "count_tokens"},
    Rule {"the request ran past its hold deadline", "hold_deadline"},
    Rule {"the gateway is shutting down", "shutting_down"},
    Rule {"not delivered in full", "not_delivered"},
    Rule {"no hold", "no_hold"},
    Rule {"debit failed", "debit_failed"},
    Rule {"instance stopped", "gateway_stopped"},
    Rule {"process ended", "gateway_stopped"},
    Rule {"delivered after its lease ended", "operator_loss"},
    Rule {"upstream error event mid-stream", "stream_interrupted"},
    Rule {"upstream error", "upstream_error"},
    Rule {"all channels failed", "upstream_failed"},
    Rule {"malformed upstream event", "stream_interrupted"},
    Rule {"upstream stream truncated", "stream_interrupted"},
};

QString byStatus(int status)
{
    switch (status) {
    case 400:
    case 413: return QStringLiteral("invalid_request");
    case 401: return QStringLiteral("authentication");
    case 402: return QStringLiteral("insufficient_balance");
    case 403: return QStringLiteral("not_allowed");
    case 404: return QStringLiteral("no_route");
    case 408: return QStringLiteral("client_timeout");
    case 429: return QStringLiteral("rate_limited");
    case 499: return QStringLiteral("client_disconnected");
    case 504: return QStringLiteral("upstream_timeout");
    case 503:
    case 529: return QStringLiteral("overloaded");
    default: break;
    }
    if (status >= 500)
        return QStringLiteral("upstream_failed");
    if (status == 200) // ended after the answer began: the stream was cut short
        return QStringLiteral("stream_interrupted");
    return QStringLiteral("other");
}

} // namespace

QString notBilled(int status, const QString &reason)
{
    if (reason.isEmpty())
        return {};
    for (const auto &[start, code] : kNotBilledTexts) {
        if (reason.startsWith(QLatin1String(start)))
            return QLatin1String(code);
    }
    if (reason.endsWith(QLatin1String(" mid-stream")))
        return QStringLiteral("stream_interrupted");
    return byStatus(status);
}

QString attemptFailure(const QString &failure)
{
    if (failure.isEmpty())
        return {};
    if (failure.contains(QLatin1String("TLS certificate verify failed")))
        return QStringLiteral("tls_certificate");
    if (failure.contains(QLatin1String("TLS")))
        return QStringLiteral("tls");
    if (failure.contains(QLatin1String("proxy"), Qt::CaseInsensitive))
        return QStringLiteral("proxy");
    if (failure.startsWith(QLatin1String("upstream HTTP")))
        return QStringLiteral("upstream_status");
    if (failure.startsWith(QLatin1String("first-byte timeout")) || failure.startsWith(QLatin1String("idle timeout")))
        return QStringLiteral("timeout");
    if (failure.startsWith(QLatin1String("upstream dropped")))
        return QStringLiteral("dropped");
    if (failure.startsWith(QLatin1String("connect error")))
        return QStringLiteral("connect");
    return QStringLiteral("other");
}

QString unavailable(const QString &reason)
{
    if (reason.isEmpty())
        return {};
    return reason.startsWith(QLatin1String("proxy_secret_ref")) ? QStringLiteral("proxy_secret_unavailable")
                                                                : QStringLiteral("secret_unavailable");
}

} // namespace bytespike::ReasonCodes
