#include "MessagesIntake.h"

#include "protocol/ClientText.h"
#include "routing/CircuitBreakers.h"

namespace bytespike {

ApiError MessagesIntake::keyError()
{
    return ApiError::authentication(QStringLiteral("invalid x-api-key"));
}

ApiError MessagesIntake::contentTypeError(const QByteArray &contentType)
{
    if (contentType.toLower().startsWith("application/json"))
        return {};
    return ApiError::invalidRequest(QStringLiteral("Content-Type must be application/json"));
}

MessagesIntake MessagesIntake::read(
    const QByteArray &body, MessagesRequest::Endpoint endpoint, bool openAi, bool prepareAll)
{
    MessagesIntake in;
    if (openAi) {
        ChatRequest chat;
        in.error = ChatRequest::translate(body, &chat);
        if (in.error.isError())
            return in;
        in.body = std::exchange(chat.messagesBody, {});
        in.chat = std::move(chat);
    } else {
        in.body = body;
    }
    in.error = MessagesRequest::parse(in.body, endpoint, &in.request);
    // Off the gateway thread, everything that costs in proportion to the body is done now:
    // the document (OpenAI-speaking channels) and the local token estimate.
    if (!in.error.isError() && prepareAll)
        in.request.estimateInputTokens();
    return in;
}

Candidates Candidates::route(
    const RoutingSnapshot &snapshot, const QString &model, QRandomGenerator &rng, const CircuitBreakers &breakers)
{
    Candidates out;
    if (!snapshot.knowsModel(model)) {
        out.error = ApiError::notFound(QStringLiteral("model: %1").arg(ClientText::quote(model)));
        return out;
    }
    out.endpoints = snapshot.candidates(model, rng);
    const qsizetype offered = out.endpoints.size();
    out.endpoints.removeIf([&](const Endpoint &e) { return !breakers.routable(e.channel->channel.id); });
    if (out.endpoints.isEmpty()) {
        out.error = ApiError::overloaded(offered > 0
                ? QStringLiteral("every channel for model %1 is cooling down after repeated failures").arg(model)
                : QStringLiteral("no channel is available for model %1").arg(model));
    }
    return out;
}

} // namespace bytespike
