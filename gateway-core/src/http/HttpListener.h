#pragma once

#include <QAbstractHttpServer>

#include <functional>

namespace bytespike {

class HttpExchange;

// The listener: Qt's HTTP/1.1 parser (QAbstractHttpServer) reads each request; every request
// becomes an HttpExchange handed to one dispatch function, which owns it from then on.
class HttpListener : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Dispatch = std::function<void(HttpExchange *)>;

    explicit HttpListener(Dispatch dispatch, QObject *parent = nullptr);

    // Like QAbstractHttpServer::listen (plain TCP), but every accepted connection gets
    // TCP_NODELAY once, when it is accepted. Returns the bound port, or 0.
    quint16 listen(const QHostAddress &address, quint16 port);

    // Stops accepting new connections; open ones finish what they are doing.
    void stopAccepting();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Dispatch m_dispatch;
};

} // namespace bytespike
