#pragma once

#include "protocol/anthropic/ApiError.h"
#include "protocol/anthropic/MessagesRequest.h"
#include "protocol/openai/ChatRequest.h"
#include "routing/RoutingSnapshot.h"

#include <QByteArray>
#include <QList>

#include <optional>

class QRandomGenerator;

namespace bytespike {

class CircuitBreakers;

// The intake stage of a Messages request: what the gateway reads from the request before it
// takes a hold. The customer's key is checked first, by the runtime's authenticator; then the
// content type, the body (translated from OpenAI's shape first when the client speaks it), and
// the model, whose candidates come from the routing snapshot. Every step is a pure function of
// its inputs, so a large body is read on a worker thread.
struct MessagesIntake
{
    // Bodies up to this size are read on the gateway thread; larger ones on the intake pool.
    static constexpr qsizetype kInlineBytes = 256 * 1024;

    ApiError error;
    QByteArray body; // the canonical (Anthropic) request body
    MessagesRequest request;
    std::optional<ChatRequest> chat; // the client speaks OpenAI

    // The answer to a request without a known customer key.
    static ApiError keyError();
    // The answer to a body that is not declared JSON; no error when it is.
    static ApiError contentTypeError(const QByteArray &contentType);
    // Reads (and for an OpenAI client translates) the body. prepareAll: everything that costs in
    // proportion to the body is done now (the document an OpenAI-speaking channel needs, the
    // local token estimate), as a worker thread does for a large body.
    static MessagesIntake read(
        const QByteArray &body, MessagesRequest::Endpoint endpoint, bool openAi, bool prepareAll);
};

// The endpoints that may serve a request's model, in the order they are tried.
struct Candidates
{
    ApiError error; // 404 for a model no channel serves, 529 when none of them can be used now
    QList<Endpoint> endpoints;

    // The usable channels serving model, from the snapshot's order (highest priority first,
    // weighted random among equals), without those whose circuit breaker is open.
    static Candidates route(
        const RoutingSnapshot &snapshot, const QString &model, QRandomGenerator &rng, const CircuitBreakers &breakers);
};

} // namespace bytespike
