#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>

#include <functional>

class QTcpServer;

namespace bytespike {

class HttpExchange;

// The listener: QTcpServer accepts, and each accepted connection becomes an HttpConnection that
// parses its requests (Boost.Beast) into HttpExchanges handed to one dispatch function, which
// owns each from then on.
class HttpListener : public QObject
{
    Q_OBJECT
public:
    using Dispatch = std::function<void(HttpExchange *)>;

    // Request bodies above maxBodyBytes are not kept: their exchange says bodyTooLarge().
    HttpListener(Dispatch dispatch, qint64 maxBodyBytes, QObject *parent = nullptr);

    // Plain TCP; every accepted connection gets TCP_NODELAY once, when it is accepted. Returns the
    // bound port, or 0.
    quint16 listen(const QHostAddress &address, quint16 port);

    // Stops accepting new connections; open ones finish what they are doing.
    void stopAccepting();

    void dispatch(HttpExchange *exchange) { m_dispatch(exchange); }

private:
    void accept(qintptr descriptor);

    Dispatch m_dispatch;
    qint64 m_maxBodyBytes;
    QList<QTcpServer *> m_servers;
};

} // namespace bytespike
