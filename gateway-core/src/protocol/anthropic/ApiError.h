#pragma once

#include <QByteArray>
#include <QString>

namespace bytespike {

// An error as the Anthropic Messages API reports it (protocols.md#anthropic-errors): an HTTP status and an
// error type, with a message safe to show the customer.
struct ApiError
{
    int status = 0;
    QByteArray type;
    QString message;
    // The OpenAI shim's error code, where the status alone does not say it (model_not_allowed,
    // ip_not_allowed); empty: the status's usual code.
    QByteArray openAiCode = {};

    bool isError() const { return status != 0; }

    static ApiError invalidRequest(const QString &message) { return {400, "invalid_request_error", message}; }
    static ApiError authentication(const QString &message) { return {401, "authentication_error", message}; }
    static ApiError notFound(const QString &message) { return {404, "not_found_error", message}; }
    static ApiError tooLarge(const QString &message) { return {413, "request_too_large", message}; }
    static ApiError api(const QString &message) { return {500, "api_error", message}; }
    static ApiError badGateway(const QString &message) { return {502, "api_error", message}; }
    static ApiError timeout(const QString &message) { return {504, "timeout_error", message}; }
    static ApiError overloaded(const QString &message) { return {529, "overloaded_error", message}; }

    // {"type":"error","error":{"type":...,"message":...},"request_id":...}
    QByteArray envelope(const QByteArray &requestId) const;
    // The same envelope as one SSE frame (event: error), for failures after a stream began.
    QByteArray sseFrame(const QByteArray &requestId) const;
};

// The Anthropic error type for an upstream HTTP status (used when an upstream error body is not
// an Anthropic envelope and has to be rebuilt).
QByteArray anthropicErrorTypeForStatus(int status);

} // namespace bytespike
