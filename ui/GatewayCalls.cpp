#include "GatewayCalls.h"

#include "bytespike/GatewayService.h"

#include <QJsonDocument>

namespace bytespike {

void callGateway(EmbeddedGateway &gateway, QObject *context, const QByteArray &method, const QString &target,
    const QJsonObject &body, std::function<void(const ServiceCall &)> done)
{
    ServiceCall *call = gateway.call(method, target,
        body.isEmpty() && method == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact),
        {{"content-type", "application/json"}, {"x-bytespike-operator", "console"}});
    QObject::connect(call, &ServiceCall::finished, context, [call, done = std::move(done)] { done(*call); });
}

} // namespace bytespike
