#pragma once

#include "Authenticator.h"
#include "limits/LimitBook.h"
#include "protocol/anthropic/ApiError.h"
#include "wire/HeaderPairs.h"

#include <QHostAddress>
#include <QList>
#include <QPair>

namespace bytespike {

class GatewayRuntime;
class HttpExchange;

// The limits stage of a public request (docs/limits.md): the key's expiry and address list on
// every route, its model allow-list once the model is known, then its and its customer's rate
// limits, all against the LimitBook before the hold. A refusal is answered in the caller's
// protocol and counted in the metrics by kind. Nothing here runs for a request whose key and
// customer have no limits.
namespace LimitGate {

// The client's address: the peer's, or, when the peer is a trusted proxy, the nearest address in
// X-Forwarded-For that is not itself a trusted proxy.
QHostAddress clientAddress(const HttpExchange &exchange, const QList<QPair<QHostAddress, int>> &trustedProxies);

// Expiry and the address list; the error to answer (none: it passes).
ApiError checkKey(GatewayRuntime &runtime, const HttpExchange &exchange, const Caller &caller);
// The key's allow-list.
ApiError checkModel(GatewayRuntime &runtime, const Caller &caller, const QString &model);

// Requests per minute, tokens per minute (tokens: the request's bound) and requests in flight.
// Admitted: the ticket is counted and *headers get the rate-limit headers of the caller's
// protocol; refused: the error, and *headers also carry retry-after.
ApiError admit(GatewayRuntime &runtime, const Caller &caller, qint64 tokens, bool openAi, LimitBook::Ticket *ticket,
    HeaderPairs *headers);

// The rate-limit headers of a view: anthropic-ratelimit-* (RFC 3339 resets) or the OpenAI shim's
// x-ratelimit-* (resets as durations, "12s").
HeaderPairs rateHeaders(const LimitBook::RateView &view, bool openAi, qint64 nowMs);

} // namespace LimitGate
} // namespace bytespike
