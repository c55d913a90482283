#include "AdminResponses.h"

#include "bytespike/Catalogue.h"
#include "http/HttpExchange.h"
#include "protocol/anthropic/ApiError.h"

#include <QJsonDocument>

namespace bytespike {

void respondAdminError(HttpExchange *exchange, int status, const QString &message)
{
    const ApiError error {status, anthropicErrorTypeForStatus(status), message};
    exchange->respond(status, "application/json", error.envelope(exchange->requestId()));
    exchange->deleteLater();
}

void respondFailure(HttpExchange *exchange, const AdminFailure &failure)
{
    respondAdminError(exchange, adminErrorStatus(failure.code), failure.message);
}

std::optional<QJsonObject> bodyObject(HttpExchange *exchange)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(exchange->body(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        respondAdminError(exchange, 400, QStringLiteral("the body must be a JSON object"));
        return std::nullopt;
    }
    return doc.object();
}

QString operatorName(const HttpExchange *exchange)
{
    return exchange->actor();
}

bool checkLocale(HttpExchange *exchange, const QString &locale)
{
    if (locale.isEmpty() || locale == QLatin1String("en") || Catalogue::locales().contains(locale))
        return true;
    respondAdminError(exchange, 400,
        QStringLiteral("locale must be en or one of: %1").arg(Catalogue::locales().join(QLatin1String(", "))));
    return false;
}

} // namespace bytespike
