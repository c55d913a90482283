#include "GatewayCalls.h"

#include "bytespike/GatewayService.h"
#include "bytespike/InProcessTransport.h"

#include <QCoreApplication>

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

QString errorText(const ClientError &error)
{
    const auto say = [](const char *text) { return QCoreApplication::translate("GatewayCalls", text); };
    if (error.status == 0)
        return say(QT_TRANSLATE_NOOP("GatewayCalls", "the gateway cannot be reached"));
    switch (error.code()) {
    case AdminError::BadInput:
    case AdminError::Conflict: return error.message;
    case AdminError::Unauthorized: return say(QT_TRANSLATE_NOOP("GatewayCalls", "the gateway refused the admin token"));
    case AdminError::Forbidden:
        return say(QT_TRANSLATE_NOOP("GatewayCalls", "the operator's role does not allow this"));
    case AdminError::NotFound: return say(QT_TRANSLATE_NOOP("GatewayCalls", "it no longer exists; reload the page"));
    case AdminError::Internal:
        return say(QT_TRANSLATE_NOOP("GatewayCalls", "the gateway could not do it (its log says why)"));
    case AdminError::Unavailable:
        return say(QT_TRANSLATE_NOOP(
            "GatewayCalls", "the gateway cannot do this now (stopped, or its keychain is unavailable)"));
    }
    return error.message;
}

} // namespace bytespike
