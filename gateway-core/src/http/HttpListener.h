#pragma once

#include <QHostAddress>
#include <QObject>

#include <functional>

class QSocketNotifier;

namespace bytespike {

class ConnectionTable;
class HttpExchange;

// What a client connection may take (GatewayConfig has the settings and their defaults).
struct ClientLimits
{
    qint64 maxBodyBytes = 32LL * 1024 * 1024;
    int headerTimeoutMs = 30000;
    int bodyTimeoutMs = 30000;
    int keepAliveTimeoutMs = 75000;
    int sendTimeoutMs = 60000;
};

// A listening socket: accepts connections (non-blocking descriptors, no QTcpServer) and gives
// each to an HttpConnection that parses its requests (Boost.Beast) into HttpExchanges handed to
// one dispatch function, which owns each from then on. The connections of every listener count
// against one ConnectionTable: at its cap a new connection takes the place of an idle or
// unfinished one, or is answered 503 when every connection is serving a request. When the
// process runs out of descriptors, a spare one kept for the purpose lets the listener accept
// the connection to answer it, instead of leaving it in the queue where it would wake the loop
// again at once.
class HttpListener : public QObject
{
    Q_OBJECT
public:
    using Dispatch = std::function<void(HttpExchange *)>;

    // Request bodies above limits.maxBodyBytes are not kept: their exchange says bodyTooLarge().
    HttpListener(Dispatch dispatch, const ClientLimits &limits, ConnectionTable *table, QObject *parent = nullptr);
    ~HttpListener() override;

    // Binds and listens (TCP, the kernel's largest backlog). Returns the bound port, or 0 with
    // the reason in *error.
    quint16 listen(const QHostAddress &address, quint16 port, QString *error);
    QHostAddress address() const { return m_address; }
    quint16 port() const { return m_port; }

    // Stops accepting new connections; open ones finish what they are doing.
    void stopAccepting();

    void dispatch(HttpExchange *exchange) { m_dispatch(exchange); }
    const ClientLimits &limits() const { return m_limits; }
    ConnectionTable &table() { return *m_table; }

private:
    void acceptReady();
    void admit(int descriptor);
    // After EMFILE: accepts through the spare descriptor; false when nothing was waiting.
    bool admitWithSpare();

    Dispatch m_dispatch;
    ClientLimits m_limits;
    ConnectionTable *m_table;
    int m_descriptor = -1;
    int m_spare = -1;
    QSocketNotifier *m_notifier = nullptr;
    QHostAddress m_address;
    quint16 m_port = 0;
    qint64 m_shed = 0; // connections answered through the spare descriptor
};

} // namespace bytespike
