#include "bytespike/InProcessTransport.h"

#include "bytespike/GatewayService.h"

namespace bytespike {

namespace {

// A TransportReply that mirrors one ServiceCall; both live on the calling thread.
class InProcessReply : public TransportReply
{
public:
    explicit InProcessReply(ServiceCall *call)
        : m_call(call)
    {
        connect(call, &ServiceCall::headReceived, this, [this](int status) {
            setRequestId(m_call->requestId());
            reportHead(status, m_call->headers());
        });
        connect(call, &ServiceCall::dataReceived, this, [this](const QByteArray &data) { reportData(data); });
        connect(call, &ServiceCall::finished, this, [this] {
            setRequestId(m_call->requestId());
            if (status() == 0 && m_call->status() != 0)
                reportHead(m_call->status(), m_call->headers());
            const bool complete = m_call->complete();
            m_call = nullptr;
            reportEnd(complete);
        });
    }

    void cancel() override
    {
        if (m_call)
            m_call->cancel();
    }

private:
    ServiceCall *m_call; // null once it finished
};

} // namespace

InProcessTransport::InProcessTransport(EmbeddedGateway &gateway)
    : m_gateway(gateway)
{ }

TransportReply *InProcessTransport::send(
    const QByteArray &method, const QString &target, const QByteArray &body, const HeaderList &headers)
{
    return new InProcessReply(m_gateway.call(method, target, body, headers));
}

} // namespace bytespike
