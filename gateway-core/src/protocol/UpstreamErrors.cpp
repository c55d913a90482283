#include "UpstreamErrors.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace bytespike::UpstreamErrors {

QString text(const QByteArray &body)
{
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
    const QString message = error.value(QStringLiteral("message")).toString();
    return message.isEmpty() ? QString::fromUtf8(body.left(256)) : message;
}

QByteArray type(int status, const QByteArray &body)
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

ApiError forAnswer(int status, const QByteArray &body, const QByteArray &requestId)
{
    ApiError error = customerError(status, type(status, body), requestId);
    if (status == 401 || status == 403)
        error.message = QStringLiteral("the model provider refused this gateway's credentials; request-id ")
            + QString::fromLatin1(requestId);
    return error;
}

} // namespace bytespike::UpstreamErrors
