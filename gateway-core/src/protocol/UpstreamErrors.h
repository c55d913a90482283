#pragma once

#include "protocol/anthropic/ApiError.h"

#include <QByteArray>
#include <QString>

namespace bytespike {

// An upstream's error answer as the gateway passes it on. The customer hears the status's meaning
// in the gateway's words and the request-id, never the provider's own text (which may name the
// operator's account, a provider model or an internal address); that text is for the operator's
// request log only.
namespace UpstreamErrors {

// What an upstream's error answer says, for the request log only: the message of its Anthropic or
// OpenAI error envelope, or the start of its body.
QString text(const QByteArray &body);

// The Anthropic error type an upstream gave its error, when it is one the client can act on;
// otherwise the type for the status.
QByteArray type(int status, const QByteArray &body);

// What a customer is told when the model provider answered status with an error of type.
ApiError customerError(int status, const QByteArray &type, const QByteArray &requestId);

// The customer's answer for an upstream error answer (status and body): customerError with the
// upstream's type, except that a 401 or 403 is about the operator's credentials, not the
// customer's key.
ApiError forAnswer(int status, const QByteArray &body, const QByteArray &requestId);

} // namespace UpstreamErrors
} // namespace bytespike
