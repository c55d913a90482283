#pragma once

#include <QJsonObject>
#include <QString>

#include <functional>

class QObject;

namespace bytespike {

class EmbeddedGateway;
class ServiceCall;

// The pages' one way to the gateway: an in-process call (GatewayService::call) whose finished
// response is handed to done on context's thread; if context is gone by then, nothing runs.
// Never blocks. Mutations are recorded in the audit log as made by "console".
void callGateway(EmbeddedGateway &gateway, QObject *context, const QByteArray &method, const QString &target,
    const QJsonObject &body, std::function<void(const ServiceCall &)> done);

inline void getJson(
    EmbeddedGateway &gateway, QObject *context, const QString &target, std::function<void(const ServiceCall &)> done)
{
    callGateway(gateway, context, "GET", target, {}, std::move(done));
}

} // namespace bytespike
