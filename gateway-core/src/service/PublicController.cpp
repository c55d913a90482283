#include "PublicController.h"

#include "GatewayRuntime.h"
#include "LimitGate.h"
#include "MessagesExchange.h"
#include "http/HttpExchange.h"
#include "loop/TurnEnd.h"

#include <QFile>
#include <QJsonArray>

namespace bytespike {

PublicController::PublicController(GatewayRuntime &runtime)
    : m_runtime(runtime)
{ }

void PublicController::addRoutes(RouteTable &table)
{
    using P = RouteTable::Params;
    constexpr auto open = RouteTable::Access::Public;
    table.add(Routes::Health, open, [](HttpExchange *e, const P &) {
        respondJson(e, 200, QJsonObject {{QStringLiteral("status"), QStringLiteral("ok")}});
    });
    table.add(Routes::Messages, open, [this](HttpExchange *e, const P &) { messages(e, false, false); });
    table.add(Routes::CountTokens, open, [this](HttpExchange *e, const P &) { messages(e, true, false); });
    table.add(Routes::ChatCompletions, open, [this](HttpExchange *e, const P &) { messages(e, false, true); });
    table.add(Routes::Models, open, [this](HttpExchange *e, const P &) { models(e); });
    table.add(Routes::OpenApi, open, [](HttpExchange *e, const P &) { openApi(e); });
}

void PublicController::messages(HttpExchange *exchange, bool countTokens, bool openAi)
{
    auto *request = new MessagesExchange(m_runtime, exchange,
        countTokens ? MessagesRequest::Endpoint::CountTokens : MessagesRequest::Endpoint::Messages,
        openAi ? MessagesExchange::ClientProtocol::OpenAI : MessagesExchange::ClientProtocol::Anthropic);
    request->setParent(&m_runtime);
    m_runtime.track(request);
    request->run();
}

void PublicController::openApi(HttpExchange *exchange)
{
    // Read once: the document is part of the binary and never changes while it runs.
    static const QByteArray document = [] {
        QFile file(QStringLiteral(":/bytespike/openapi.json"));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    exchange->respond(200, "application/json", document);
    deleteSoon(exchange);
}

void PublicController::models(HttpExchange *exchange)
{
    Caller caller;
    if (const auto check = m_runtime.authenticate(*exchange, &caller); check != GatewayRuntime::KeyCheck::Ok) {
        m_runtime.noteRefused(
            *exchange, check == GatewayRuntime::KeyCheck::Missing ? Metrics::MissingKey : Metrics::UnknownKey);
        respondError(exchange, ApiError::authentication(QStringLiteral("invalid x-api-key")));
        return;
    }
    const LimitBook &limits = m_runtime.limits();
    if (!limits.empty()) {
        if (const ApiError refused = LimitGate::checkKey(m_runtime, *exchange, caller); refused.isError())
            return respondError(exchange, refused);
    }
    QJsonArray data;
    for (const QString &model : m_runtime.snapshot()->routableModels()) {
        if (!limits.modelAllowed(caller.keyId, model))
            continue;
        data.append(QJsonObject {{QStringLiteral("type"), QStringLiteral("model")}, {QStringLiteral("id"), model},
            {QStringLiteral("display_name"), model},
            {QStringLiteral("created_at"), QStringLiteral("2025-01-01T00:00:00Z")},
            {QStringLiteral("object"), QStringLiteral("model")}, {QStringLiteral("created"), 1735689600},
            {QStringLiteral("owned_by"), QStringLiteral("bytespike")}});
    }
    const QString first = data.isEmpty() ? QString() : data.first().toObject().value(QStringLiteral("id")).toString();
    const QString last = data.isEmpty() ? QString() : data.last().toObject().value(QStringLiteral("id")).toString();
    respondJson(exchange, 200,
        QJsonObject {{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), data},
            {QStringLiteral("has_more"), false},
            {QStringLiteral("first_id"), first.isEmpty() ? QJsonValue() : QJsonValue(first)},
            {QStringLiteral("last_id"), last.isEmpty() ? QJsonValue() : QJsonValue(last)}});
}

} // namespace bytespike
