#include "bytespike/InProcessTransport.h"

#include "bytespike/GatewayService.h"

namespace bytespike {

InProcessTransport::InProcessTransport(EmbeddedGateway &gateway)
    : m_gateway(gateway)
{ }

TransportReply *InProcessTransport::send(
    const QByteArray &method, const QString &target, const QByteArray &body, const HeaderList &headers)
{
    // A ServiceCall is the reply: it lives on the calling thread and is fed by the gateway's.
    return m_gateway.call(method, target, body, headers);
}

} // namespace bytespike
