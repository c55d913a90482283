#pragma once

#include "bytespike/AdminClient.h"

namespace bytespike {

class EmbeddedGateway;

// Admin (and public) calls into an embedded gateway without a socket: each request runs through
// the gateway's own routes (EmbeddedGateway::call) on its thread, and the reply comes back to the
// calling thread by queued signals. The gateway object must outlive the transport.
class InProcessTransport : public AdminTransport
{
public:
    explicit InProcessTransport(EmbeddedGateway &gateway);
    TransportReply *send(
        const QByteArray &method, const QString &target, const QByteArray &body, const HeaderList &headers) override;

private:
    EmbeddedGateway &m_gateway;
};

} // namespace bytespike
