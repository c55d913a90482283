#include "HttpListener.h"

#include "HttpExchange.h"

#include <QTcpServer>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace bytespike {

namespace {

// SSE frames are small writes; with Nagle's algorithm each would wait for the client's delayed
// ACK (tens of milliseconds). The option is set once per connection, not once per request.
class LowDelayServer : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        const int on = 1;
        ::setsockopt(int(descriptor), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        QTcpServer::incomingConnection(descriptor);
    }
};

} // namespace

HttpListener::HttpListener(Dispatch dispatch, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_dispatch(std::move(dispatch))
{ }

quint16 HttpListener::listen(const QHostAddress &address, quint16 port)
{
    auto *server = new LowDelayServer(this);
    if (!server->listen(address, port)) {
        delete server;
        return 0;
    }
    bind(server);
    return server->serverPort();
}

void HttpListener::stopAccepting()
{
    for (QTcpServer *server : servers())
        server->close();
}

bool HttpListener::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    m_dispatch(new HttpExchange(request, socket));
    return true;
}

void HttpListener::missingHandler(const QHttpServerRequest &, QTcpSocket *)
{
    // Every request is handled by dispatch; this is never reached.
}

} // namespace bytespike
