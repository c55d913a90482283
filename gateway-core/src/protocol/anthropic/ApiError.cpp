#include "ApiError.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace bytespike {

QByteArray ApiError::envelope(const QByteArray &requestId) const
{
    const QJsonObject body {
        {QStringLiteral("type"), QStringLiteral("error")},
        {QStringLiteral("error"),
            QJsonObject {{QStringLiteral("type"), QString::fromLatin1(type)}, {QStringLiteral("message"), message}}},
        {QStringLiteral("request_id"), QString::fromLatin1(requestId)},
    };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QByteArray ApiError::sseFrame(const QByteArray &requestId) const
{
    return "event: error\ndata: " + envelope(requestId) + "\n\n";
}

QByteArray anthropicErrorTypeForStatus(int status)
{
    switch (status) {
    case 400: return "invalid_request_error";
    case 401: return "authentication_error";
    case 402: return "billing_error";
    case 403: return "permission_error";
    case 404: return "not_found_error";
    case 409: return "conflict_error";
    case 413: return "request_too_large";
    case 429: return "rate_limit_error";
    case 504: return "timeout_error";
    case 529: return "overloaded_error";
    default: return status >= 500 ? "api_error" : "invalid_request_error";
    }
}

} // namespace bytespike
