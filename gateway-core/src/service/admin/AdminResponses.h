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
// The request body read strictly as T (T::fromJson), or nullopt with the 400 already answered.
template <typename T> std::optional<T> readBody(HttpExchange *exchange);
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

template <typename T> std::optional<T> readBody(HttpExchange *exchange)
{
    const std::optional<QJsonObject> body = bodyObject(exchange);
    if (!body)
        return std::nullopt;
    AdminResult<T> read = T::fromJson(*body);
    if (!read.ok()) {
        respondFailure(exchange, read.failure());
        return std::nullopt;
    }
    return std::move(read.value());
}

} // namespace bytespike
