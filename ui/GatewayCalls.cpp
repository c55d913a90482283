#include "GatewayCalls.h"

#include "bytespike/GatewayService.h"
#include "bytespike/InProcessTransport.h"

namespace bytespike {

namespace {

// Keeps the client as a child of the gateway object, so it lives exactly as long.
class ClientHolder : public QObject
{
public:
    explicit ClientHolder(EmbeddedGateway &gateway)
        : QObject(&gateway)
        , client(std::make_shared<InProcessTransport>(gateway))
    { }
    AdminClient client;
};

} // namespace

const AdminClient &adminClient(EmbeddedGateway &gateway)
{
    if (const AdminClient *attached = gateway.attachedClient())
        return *attached;
    auto *holder = gateway.findChild<ClientHolder *>(QString(), Qt::FindDirectChildrenOnly);
    if (!holder)
        holder = new ClientHolder(gateway);
    return holder->client;
}

} // namespace bytespike
