#include "HttpListener.h"

#include "HttpConnection.h"

#include <QTcpServer>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace bytespike {

namespace {

// Hands each accepted descriptor to the listener instead of wrapping it in a QTcpSocket.
class DescriptorServer : public QTcpServer
{
public:
    DescriptorServer(std::function<void(qintptr)> accepted, QObject *parent)
        : QTcpServer(parent)
        , m_accepted(std::move(accepted))
    { }

protected:
    void incomingConnection(qintptr descriptor) override { m_accepted(descriptor); }

private:
    std::function<void(qintptr)> m_accepted;
};

} // namespace

HttpListener::HttpListener(Dispatch dispatch, qint64 maxBodyBytes, QObject *parent)
    : QObject(parent)
    , m_dispatch(std::move(dispatch))
    , m_maxBodyBytes(maxBodyBytes)
{ }

quint16 HttpListener::listen(const QHostAddress &address, quint16 port)
{
    auto *server = new DescriptorServer([this](qintptr descriptor) { accept(descriptor); }, this);
    if (!server->listen(address, port)) {
        delete server;
        return 0;
    }
    m_servers.append(server);
    return server->serverPort();
}

void HttpListener::accept(qintptr descriptor)
{
    const int fd = int(descriptor);
    // SSE frames are small writes; with Nagle's algorithm each would wait for the client's
    // delayed ACK (tens of milliseconds). Set once per connection, not once per request.
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    const int flags = ::fcntl(fd, F_GETFL);
    if (!(flags & O_NONBLOCK))
        ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    new HttpConnection(fd, this, m_maxBodyBytes);
}

void HttpListener::stopAccepting()
{
    for (QTcpServer *server : std::as_const(m_servers))
        server->close();
}

} // namespace bytespike
