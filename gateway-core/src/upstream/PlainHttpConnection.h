#pragma once

#include "routing/UpstreamPolicy.h"
#include "wire/SendBuffer.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class QHostInfo;
class QSocketNotifier;

namespace bytespike {

class PlainHttpCall;
class PlainHttpPool;

// One keep-alive connection: a non-blocking TCP socket descriptor with a read and a write
// notifier (no QTcpSocket: no FIONREAD before each read, no Qt buffer in between). Its events are
// routed to the call that holds it, or to the pool while it is idle: handing it out and back costs
// nothing. The write notifier is enabled only while a connect is in progress or request bytes wait
// for room in the socket. Reading is the call's: it receives straight into its parser's input.
class PlainHttpConnection : public QObject
{
    Q_OBJECT
public:
    explicit PlainHttpConnection(PlainHttpPool *pool);
    ~PlainHttpConnection() override;

    // Connects to host:port: a literal address at once, a name after an asynchronous lookup
    // (QHostInfo), its addresses tried in order; an address the pool's UpstreamPolicy refuses is
    // never connected to. Reports to the call: onConnected() or onConnectFailed().
    void connectTo(const QString &host, quint16 port);
    // The buffer the next request is built in; its block is kept from one request to the next.
    QByteArray &output() { return m_out.bytes(); }
    // Sends output() now as far as the socket takes it; the rest leaves when the socket is
    // writable again. A send that fails shuts the socket down, so that the call learns of the
    // failure as an end of stream on its next read (never from inside flush()).
    void flush();
    bool hasUnsentOutput() const { return m_out.pending() > 0; }
    bool sendFailed() const { return m_sendFailed; }
    int descriptor() const { return m_descriptor; }
    // Connected, and not seen closed or failed since.
    bool isConnected() const { return m_connected; }
    void markClosed() { m_connected = false; }
    // Disables the notifiers, abandons a lookup in progress and closes the descriptor.
    void close();
    // Stops or restarts reading for the call that holds it (backpressure).
    void setReading(bool reading);

    PlainHttpCall *call = nullptr; // the call it serves; null while idle in the pool
    bool retired = false; // closing: nothing is routed any more
    QElapsedTimer idleSince;

private:
    void onLookedUp(const QHostInfo &info);
    bool connectNext(); // false: no address left to try
    bool openSocket(const QHostAddress &address);
    void onReadable();
    void onWritable();
    void reportConnectFailed();
    void closeDescriptor();

    PlainHttpPool *m_pool;
    int m_descriptor = -1;
    QSocketNotifier *m_readNotifier;
    QSocketNotifier *m_writeNotifier;
    bool m_connecting = false;
    bool m_connected = false;
    bool m_sendFailed = false;
    int m_lookupId = -1;
    quint16 m_port = 0;
    QList<QHostAddress> m_addresses; // still to try
    QString m_connectError; // the last address's failure
    SendBuffer m_out;
};

// Keep-alive connections to plain-HTTP upstreams, per host and port, owned by UpstreamClient.
// An idle connection that the server closes, or that sends anything, is dropped at once.
class PlainHttpPool : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // An idle connection to host:port handed to call, or nullptr when there is none.
    PlainHttpConnection *take(const QString &host, quint16 port, PlainHttpCall *call);
    // Gives a connection whose last response ended cleanly back for reuse.
    void give(const QString &host, quint16 port, PlainHttpConnection *connection);
    // Closes a connection for good (deleted at the end of the loop turn).
    static void retire(PlainHttpConnection *connection);
    // Where connections may go (set once the gateway listens; none before).
    void setPolicy(std::shared_ptr<const UpstreamPolicy> policy) { m_policy = std::move(policy); }
    QString refusal(const QHostAddress &address, quint16 port) const
    {
        return m_policy ? m_policy->refusal(address, port) : QString();
    }

private:
    friend class PlainHttpConnection;
    static QString key(const QString &host, quint16 port);
    void drop(PlainHttpConnection *connection);

    QHash<QString, QList<PlainHttpConnection *>> m_idle;
    std::shared_ptr<const UpstreamPolicy> m_policy;
};

} // namespace bytespike
