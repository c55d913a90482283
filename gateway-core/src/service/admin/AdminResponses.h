#pragma once

#include "bytespike/AdminTypes.h"

#include <QByteArray>
#include <QJsonObject>

#include <optional>

namespace bytespike {

class HttpExchange;

// How the controllers answer: the admin error envelope ({"type":"error","error":{"type",
// "message"}}, Anthropic's style) and JSON bodies. Each takes the exchange and deletes it soon.
void respondAdminError(HttpExchange *exchange, int status, const QString &message);
void respondFailure(HttpExchange *exchange, const AdminFailure &failure);

template <typename T> void respondResult(HttpExchange *exchange, int status, const AdminResult<T> &result);

// The request body as a JSON object, or the 400 already answered.
std::optional<QJsonObject> bodyObject(HttpExchange *exchange);
// Who made an admin change, for the audit log and the price history: the caller the Router
// identified from the token (an operator's name, "owner", or "console" for in-process calls).
QString operatorName(const HttpExchange *exchange);
// An empty locale, en, or one the catalogue has; else the 400 is answered.
bool checkLocale(HttpExchange *exchange, const QString &locale);

// Writes a JSON object, the shared helper of every handler (service/GatewayRuntime.h).
void respondJson(HttpExchange *exchange, int status, const QJsonObject &body);

template <typename T> void respondResult(HttpExchange *exchange, int status, const AdminResult<T> &result)
{
    if (!result.ok())
        respondFailure(exchange, result.failure());
    else
        respondJson(exchange, status, result.value().toJson());
}

} // namespace bytespike
