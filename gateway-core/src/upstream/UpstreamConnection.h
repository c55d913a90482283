#pragma once

#include "TlsContexts.h"
#include "routing/UpstreamPolicy.h"
#include "wire/SendBuffer.h"
#include "wire/UpstreamOrigin.h"

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

class HttpUpstreamCall;
class ResponseParser;
class UpstreamPool;

// One keep-alive connection to an origin (UpstreamOrigin): a non-blocking TCP socket descriptor
// with a read and a write notifier (no QTcpSocket: no FIONREAD before each read, no Qt buffer in
// between), tunnelled through the origin's proxy with CONNECT when it has one, then TLS on the same
// descriptor (OpenSSL, SSL_set_fd) for https://. Its events are routed to the call that holds it,
// or to the pool while it is idle: handing it out and back costs nothing. The write notifier is
// enabled only while a connect or handshake waits for it or request bytes wait for room.
// Reading is the call's: receive() goes straight into its parser's input.
class UpstreamConnection : public QObject
{
    Q_OBJECT
public:
    explicit UpstreamConnection(UpstreamPool *pool, std::shared_ptr<const UpstreamOrigin> origin);
    ~UpstreamConnection() override;

    // Connects: the proxy or the origin's host, a literal address at once, a name after an
    // asynchronous lookup (QHostInfo), its addresses tried in order; an address the pool's
    // UpstreamPolicy refuses is never connected to. Then the tunnel and the TLS handshake.
    // Reports to the call: onConnected() once requests can be sent, or onConnectFailed().
    void open();
    // The buffer the next request is built in; its block is kept from one request to the next.
    QByteArray &output() { return m_out.bytes(); }
    // Sends output() now as far as the socket takes it; the rest leaves when the socket is
    // writable again. A send that fails shuts the socket down, so that the call learns of the
    // failure as an end of stream on its next read (never from inside flush()).
    void flush();
    bool hasUnsentOutput() const { return m_out.pending() > 0; }
    bool sendFailed() const { return m_sendFailed; }

    enum class Received { Bytes, WouldBlock, Ended, Failed };
    // Reads up to size response bytes into data (decrypted for TLS); *count is set for Bytes.
    // Ended: the server closed the connection cleanly (for TLS: with close_notify). Failed: a
    // receive error, a TLS alert, or a TLS connection cut without close_notify (a truncation,
    // never the end of a body); failureText() says which.
    Received receive(char *data, qsizetype size, qsizetype *count);
    // Bytes TLS has decrypted or read ahead but not yet handed out: the socket will not report
    // them, so the reader must not wait for it.
    bool hasBufferedInput() const;
    // Delivers a read event to the call from the event loop (for buffered input).
    void scheduleRead();
    QString failureText() const { return m_failure; }

    // Connected, and not seen closed or failed since.
    bool isConnected() const { return m_state == State::Ready; }
    void markClosed();
    // Disables the notifiers, abandons a lookup in progress and closes the descriptor.
    void close();
    // Stops or restarts reading for the call that holds it (backpressure).
    void setReading(bool reading);
    const UpstreamOrigin &origin() const { return *m_origin; }

    HttpUpstreamCall *call = nullptr; // the call it serves; null while idle in the pool
    bool retired = false; // closing: nothing is routed any more
    QElapsedTimer idleSince;

private:
    enum class State { Idle, Resolving, Connecting, ProxyHandshaking, Tunnelling, Handshaking, Ready, Closed };

    void onLookedUp(const QHostInfo &info);
    bool connectNext(); // false: no address left to try
    bool openSocket(const QHostAddress &address);
    void onReadable();
    void onWritable();
    void onTcpConnected();
    void sendConnectRequest();
    void readTunnelReply();
    void startProxyTls();
    void startTls();
    // The TLS that carries the connection's bytes: the upstream's, else an https:// proxy's (the
    // CONNECT, or a plain-http upstream in its tunnel), else none (plain bytes on the socket).
    SSL *streamSsl() const { return m_ssl ? m_ssl : m_proxySsl; }
    void continueHandshake();
    void ready();
    bool idleReadIsHarmless();
    void reportConnectFailed();
    void closeDescriptor();

    UpstreamPool *m_pool;
    std::shared_ptr<const UpstreamOrigin> m_origin;
    State m_state = State::Idle;
    int m_descriptor = -1;
    QSocketNotifier *m_readNotifier;
    QSocketNotifier *m_writeNotifier;
    SSL *m_ssl = nullptr; // the upstream's TLS (https://)
    SSL *m_proxySsl = nullptr; // an https:// proxy's TLS
    bool m_tunnelOpen = false;
    bool m_sendFailed = false;
    bool m_readScheduled = false;
    bool m_readWantsWrite = false; // a TLS read waits for the socket to take bytes first
    int m_lookupId = -1;
    quint16 m_port = 0; // of the host connected to (the proxy's, with a proxy)
    QList<QHostAddress> m_addresses; // still to try
    QString m_connectError; // the last address's failure
    QString m_failure; // why the last receive failed
    std::unique_ptr<ResponseParser> m_tunnelReply;
    QByteArray m_tunnelHead; // the proxy's answer so far
    SendBuffer m_out;
};

// Keep-alive connections to upstreams per origin, owned by UpstreamClient, with the TLS contexts
// and sessions they share. An idle connection that the server closes, or that sends anything but
// TLS housekeeping, is dropped at once.
class UpstreamPool : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~UpstreamPool() override;

    // An idle connection to origin handed to call, or nullptr when there is none.
    UpstreamConnection *take(const UpstreamOrigin &origin, HttpUpstreamCall *call);
    // Gives a connection whose last response ended cleanly back for reuse.
    void give(UpstreamConnection *connection);
    // Closes a connection for good (deleted at the end of the loop turn).
    static void retire(UpstreamConnection *connection);
    // Where connections may go (set once the gateway listens; none before).
    void setPolicy(std::shared_ptr<const UpstreamPolicy> policy) { m_policy = std::move(policy); }
    QString refusal(const QHostAddress &address, quint16 port) const
    {
        return m_policy ? m_policy->refusal(address, port) : QString();
    }
    TlsContexts &tls() { return m_tls; }

private:
    friend class UpstreamConnection;
    void drop(UpstreamConnection *connection);

    QHash<QString, QList<UpstreamConnection *>> m_idle; // by origin key
    std::shared_ptr<const UpstreamPolicy> m_policy;
    TlsContexts m_tls;
};

} // namespace bytespike
