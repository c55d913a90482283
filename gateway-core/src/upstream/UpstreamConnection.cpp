#include "UpstreamConnection.h"

#include "HttpUpstreamCall.h"
#include "ResponseParser.h"
#include "loop/TurnEnd.h"
#include "wire/SocketAddress.h"

#include <QHostInfo>
#include <QSocketNotifier>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <utility>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bytespike {

namespace {
// At least the concurrency a busy gateway has towards one upstream (fewer made a burst close and
// reopen connections). Idle ones last only until the server's keep-alive timeout closes them (or
// kIdleReuseMs).
constexpr int kMaxIdlePerOrigin = 512;
constexpr qint64 kIdleReuseMs = 4000; // below common server keep-alive timeouts (node: 5 s)
constexpr qsizetype kTunnelReadBytes = 4096;
constexpr qsizetype kMaxTunnelHeadBytes = 64 * 1024;

QByteArray hostAndPort(const QString &host, quint16 port)
{
    const QByteArray name = host.contains(QLatin1Char(':')) ? '[' + host.toUtf8() + ']' : host.toUtf8();
    return name + ':' + QByteArray::number(port);
}
} // namespace

UpstreamConnection::UpstreamConnection(UpstreamPool *pool, std::shared_ptr<const UpstreamOrigin> origin)
    : QObject(pool)
    , m_pool(pool)
    , m_origin(std::move(origin))
    , m_readNotifier(new QSocketNotifier(QSocketNotifier::Read, this))
    , m_writeNotifier(new QSocketNotifier(QSocketNotifier::Write, this))
{
    connect(m_readNotifier, &QSocketNotifier::activated, this, &UpstreamConnection::onReadable);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &UpstreamConnection::onWritable);
}

UpstreamConnection::~UpstreamConnection()
{
    retired = true;
    close();
}

void UpstreamConnection::open()
{
    const QString host = m_origin->proxy ? m_origin->proxy->host : m_origin->host;
    m_port = m_origin->proxy ? m_origin->proxy->port : m_origin->port;
    QHostAddress literal;
    if (literal.setAddress(host)) {
        m_state = State::Connecting;
        m_addresses = {literal};
        // A failure at once is reported from the event loop, never from inside the call's start().
        if (!connectNext())
            QMetaObject::invokeMethod(this, &UpstreamConnection::reportConnectFailed, Qt::QueuedConnection);
        return;
    }
    m_state = State::Resolving;
    // Resolved on Qt's lookup threads; the answer comes back to this thread.
    m_lookupId = QHostInfo::lookupHost(host, this, &UpstreamConnection::onLookedUp);
}

void UpstreamConnection::onLookedUp(const QHostInfo &info)
{
    m_lookupId = -1;
    if (retired)
        return;
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
        m_connectError = info.error() != QHostInfo::NoError && !info.errorString().isEmpty()
            ? info.errorString()
            : QStringLiteral("Host not found");
        reportConnectFailed();
        return;
    }
    m_state = State::Connecting;
    m_addresses = info.addresses();
    if (!connectNext())
        reportConnectFailed();
}

bool UpstreamConnection::connectNext()
{
    while (!m_addresses.isEmpty()) {
        const QHostAddress address = m_addresses.takeFirst();
        // Checked at connect time too, not only when the channel was saved: a DNS answer can change.
        if (const QString why = m_pool->refusal(address, m_port); !why.isEmpty()) {
            m_connectError = QStringLiteral("refused by the upstream policy: ") + why;
            continue;
        }
        if (openSocket(address))
            return true;
    }
    return false;
}

bool UpstreamConnection::openSocket(const QHostAddress &address)
{
    const SocketAddress where = SocketAddress::from(address, m_port);
    if (where.length == 0) {
        m_connectError = QStringLiteral("Unsupported address: %1").arg(address.toString());
        return false;
    }
    const int fd = ::socket(where.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        m_connectError = qt_error_string(errno);
        return false;
    }
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    // Even a connect that completes at once is reported by the write notifier: one path.
    if (::connect(fd, where.data(), where.length) != 0 && errno != EINPROGRESS && errno != EINTR) {
        m_connectError = qt_error_string(errno);
        ::close(fd);
        return false;
    }
    m_descriptor = fd;
    m_readNotifier->setSocket(fd);
    m_writeNotifier->setSocket(fd);
    m_writeNotifier->setEnabled(true);
    return true;
}

void UpstreamConnection::reportConnectFailed()
{
    m_state = State::Closed;
    if (retired || !call)
        return;
    // A failure before the tunnel opened is the proxy's; after it, the upstream's own.
    if (m_origin->proxy && !m_tunnelOpen && !m_connectError.startsWith(QLatin1String("the proxy")))
        m_connectError
            = QStringLiteral("the proxy %1: %2")
                  .arg(QString::fromUtf8(hostAndPort(m_origin->proxy->host, m_origin->proxy->port)), m_connectError);
    call->onConnectFailed(m_connectError);
}

void UpstreamConnection::onWritable()
{
    if (retired || m_descriptor < 0) {
        m_writeNotifier->setEnabled(false);
        return;
    }
    switch (m_state) {
    case State::Connecting: break;
    case State::ProxyHandshaking:
    case State::Handshaking: continueHandshake(); return;
    case State::Tunnelling:
    case State::Ready:
        flush();
        // A TLS read that had to write first (a key update) goes on now.
        if (std::exchange(m_readWantsWrite, false) && call)
            scheduleRead();
        return;
    default: m_writeNotifier->setEnabled(false); return;
    }
    int error = 0;
    socklen_t size = sizeof error;
    if (::getsockopt(m_descriptor, SOL_SOCKET, SO_ERROR, &error, &size) != 0)
        error = errno;
    if (error != 0) {
        m_connectError = qt_error_string(error);
        closeDescriptor();
        if (!connectNext())
            reportConnectFailed();
        return;
    }
    onTcpConnected();
}

void UpstreamConnection::onTcpConnected()
{
    m_addresses.clear();
    m_writeNotifier->setEnabled(false);
    m_readNotifier->setEnabled(true);
    if (m_origin->proxy && m_origin->proxy->tls)
        startProxyTls();
    else if (m_origin->proxy)
        sendConnectRequest();
    else if (m_origin->tls)
        startTls();
    else
        ready();
}

// An https:// proxy: TLS to the proxy first (verified against the system's CAs), and the CONNECT
// and the tunnel inside it.
void UpstreamConnection::startProxyTls()
{
    QString error;
    const ProxyEndpoint &proxy = *m_origin->proxy;
    m_proxySsl = m_pool->m_tls.newConnection(proxy.host, QString(),
        QStringLiteral("proxy|") + QString::fromUtf8(hostAndPort(proxy.host, proxy.port)), &error);
    if (!m_proxySsl || SSL_set_fd(m_proxySsl, m_descriptor) != 1) {
        m_connectError = error.isEmpty() ? TlsContexts::failureText(m_proxySsl, SSL_ERROR_SSL, 0) : error;
        closeDescriptor();
        reportConnectFailed();
        return;
    }
    m_state = State::ProxyHandshaking;
    continueHandshake();
}

// The tunnel (RFC 9110, 9.3.6): the proxy answers CONNECT with a head alone, and from a 2xx on
// the connection carries the origin's bytes.
void UpstreamConnection::sendConnectRequest()
{
    m_state = State::Tunnelling;
    const QByteArray authority = hostAndPort(m_origin->host, m_origin->port);
    QByteArray &request = m_out.bytes();
    request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
    if (!m_origin->proxy->authorization.isEmpty())
        request += "Proxy-Authorization: " + m_origin->proxy->authorization + "\r\n";
    request += "\r\n";
    m_tunnelReply = std::make_unique<ResponseParser>();
    m_tunnelReply->skip(true);
    flush();
}

void UpstreamConnection::readTunnelReply()
{
    char block[kTunnelReadBytes];
    qsizetype n = 0;
    const Received got = receive(block, qsizetype(sizeof block), &n);
    if (got == Received::WouldBlock)
        return;
    QString why;
    if (got != Received::Bytes) {
        why = QStringLiteral("the proxy closed the connection before answering CONNECT");
    } else {
        // Beast takes a head only whole: the pieces are kept until it is (at most its header
        // limit, after which it refuses).
        m_tunnelHead.append(block, qsizetype(n));
        boost::beast::error_code ec;
        const std::size_t used = m_tunnelReply->put(
            boost::asio::const_buffer(m_tunnelHead.constData(), std::size_t(m_tunnelHead.size())), ec);
        if (ec == boost::beast::http::error::need_more && m_tunnelHead.size() <= kMaxTunnelHeadBytes)
            return;
        if (ec)
            why = QStringLiteral("the proxy's answer to CONNECT is not HTTP");
        else if (!m_tunnelReply->finished || used != std::size_t(m_tunnelHead.size()))
            why = QStringLiteral("the proxy sent bytes after its answer to CONNECT");
        else if (m_tunnelReply->status / 100 != 2)
            why = QStringLiteral("the proxy refused the tunnel with HTTP %1%2")
                      .arg(m_tunnelReply->status)
                      .arg(m_tunnelReply->status == 407 ? QStringLiteral(" (proxy authentication required)")
                                                        : QString());
    }
    m_tunnelReply.reset();
    m_tunnelHead = QByteArray();
    if (!why.isEmpty()) {
        m_connectError = why;
        closeDescriptor();
        reportConnectFailed();
        return;
    }
    m_tunnelOpen = true;
    if (m_origin->tls)
        startTls();
    else
        ready();
}

void UpstreamConnection::startTls()
{
    QString error;
    m_ssl = m_pool->m_tls.newConnection(m_origin->host, m_origin->caFile, m_origin->key, &error);
    // Inside an https:// proxy's TLS the upstream's TLS reads and writes through it (a BIO over
    // the proxy's connection object); else straight on the socket.
    BIO *throughProxy = m_ssl && m_proxySsl ? BIO_new(BIO_f_ssl()) : nullptr;
    if (throughProxy) {
        BIO_set_ssl(throughProxy, m_proxySsl, BIO_NOCLOSE);
        SSL_set_bio(m_ssl, throughProxy, throughProxy);
    }
    if (!m_ssl || (!throughProxy && SSL_set_fd(m_ssl, m_descriptor) != 1)) {
        m_connectError = error.isEmpty() ? TlsContexts::failureText(m_ssl, SSL_ERROR_SSL, 0) : error;
        closeDescriptor();
        reportConnectFailed();
        return;
    }
    m_state = State::Handshaking;
    continueHandshake();
}

void UpstreamConnection::continueHandshake()
{
    const bool toProxy = m_state == State::ProxyHandshaking;
    SSL *ssl = toProxy ? m_proxySsl : m_ssl;
    TlsContexts::clearErrors();
    const int result = SSL_connect(ssl);
    if (result == 1) {
        if (toProxy)
            sendConnectRequest();
        else
            ready();
        return;
    }
    const int error = SSL_get_error(ssl, result);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
        m_writeNotifier->setEnabled(error == SSL_ERROR_WANT_WRITE);
        return;
    }
    m_connectError = TlsContexts::failureText(ssl, error, errno);
    // The session is not offered again: it may be what the server refused.
    if (!toProxy)
        m_pool->m_tls.forgetSession(m_origin->key);
    closeDescriptor();
    reportConnectFailed();
}

void UpstreamConnection::ready()
{
    m_state = State::Ready;
    m_writeNotifier->setEnabled(false);
    m_readNotifier->setEnabled(true);
    if (call)
        call->onConnected();
}

void UpstreamConnection::onReadable()
{
    m_readScheduled = false;
    if (retired || m_descriptor < 0) {
        m_readNotifier->setEnabled(false);
        return;
    }
    if (m_state == State::Tunnelling) {
        readTunnelReply();
        return;
    }
    if (m_state == State::Handshaking || m_state == State::ProxyHandshaking) {
        continueHandshake();
        return;
    }
    if (call)
        call->onReadable();
    else if (!idleReadIsHarmless())
        m_pool->drop(this); // a close or stray bytes make an idle connection unusable
}

// A TLS record that is not application data (a late session ticket) leaves an idle connection fit
// for the next request.
bool UpstreamConnection::idleReadIsHarmless()
{
    SSL *ssl = streamSsl();
    if (!ssl || m_state != State::Ready)
        return false;
    char byte;
    std::size_t count = 0;
    TlsContexts::clearErrors();
    if (SSL_read_ex(ssl, &byte, 1, &count) == 1)
        return false;
    const bool harmless = SSL_get_error(ssl, 0) == SSL_ERROR_WANT_READ;
    TlsContexts::clearErrors();
    return harmless;
}

UpstreamConnection::Received UpstreamConnection::receive(char *data, qsizetype size, qsizetype *count)
{
    SSL *ssl = streamSsl();
    if (!ssl) {
        ssize_t n;
        do
            n = ::recv(m_descriptor, data, std::size_t(size), 0);
        while (n < 0 && errno == EINTR);
        if (n > 0) {
            *count = n;
            return Received::Bytes;
        }
        if (n == 0)
            return Received::Ended;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return Received::WouldBlock;
        m_failure = errno == ECONNRESET ? QString() : qt_error_string(errno);
        return errno == ECONNRESET ? Received::Ended : Received::Failed;
    }
    std::size_t n = 0;
    TlsContexts::clearErrors();
    if (SSL_read_ex(ssl, data, std::size_t(size), &n) == 1) {
        *count = qsizetype(n);
        return Received::Bytes;
    }
    const int error = SSL_get_error(ssl, 0);
    switch (error) {
    case SSL_ERROR_WANT_READ: return Received::WouldBlock;
    case SSL_ERROR_WANT_WRITE:
        m_readWantsWrite = true;
        m_writeNotifier->setEnabled(true);
        return Received::WouldBlock;
    case SSL_ERROR_ZERO_RETURN: return Received::Ended;
    default: m_failure = TlsContexts::failureText(ssl, error, errno); return Received::Failed;
    }
}

bool UpstreamConnection::hasBufferedInput() const
{
    return (m_ssl && SSL_has_pending(m_ssl) == 1) || (m_proxySsl && SSL_has_pending(m_proxySsl) == 1);
}

void UpstreamConnection::scheduleRead()
{
    if (m_readScheduled)
        return;
    m_readScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_readScheduled)
                onReadable();
        },
        Qt::QueuedConnection);
}

void UpstreamConnection::setReading(bool reading)
{
    if (m_descriptor < 0 || m_state != State::Ready || retired)
        return;
    m_readNotifier->setEnabled(reading);
    if (reading && hasBufferedInput())
        scheduleRead();
}

void UpstreamConnection::markClosed()
{
    if (m_state == State::Ready)
        m_state = State::Closed;
}

void UpstreamConnection::flush()
{
    if (m_descriptor < 0 || m_sendFailed)
        return;
    SendBuffer::Sent sent;
    if (SSL *ssl = streamSsl()) {
        sent = m_out.drain([ssl](const char *data, qsizetype size) -> qsizetype {
            std::size_t written = 0;
            TlsContexts::clearErrors();
            if (SSL_write_ex(ssl, data, std::size_t(size), &written) == 1)
                return qsizetype(written);
            const int error = SSL_get_error(ssl, 0);
            TlsContexts::clearErrors();
            return error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_WANT_READ ? 0 : -1;
        });
    } else {
        sent = m_out.sendTo(m_descriptor);
    }
    switch (sent) {
    case SendBuffer::Sent::Blocked: m_writeNotifier->setEnabled(true); return;
    case SendBuffer::Sent::Failed:
        // The read notifier reports it: the socket reads as ended from now on.
        m_sendFailed = true;
        markClosed();
        m_writeNotifier->setEnabled(false);
        ::shutdown(m_descriptor, SHUT_RDWR);
        return;
    case SendBuffer::Sent::Drained: break;
    }
    m_writeNotifier->setEnabled(false);
}

void UpstreamConnection::closeDescriptor()
{
    if (m_descriptor < 0)
        return;
    // Notifiers first: none may stay registered for a descriptor number that is reused.
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    // The upstream's connection object first: its BIO may read through the proxy's.
    m_pool->m_tls.release(m_ssl);
    m_ssl = nullptr;
    m_pool->m_tls.release(m_proxySsl);
    m_proxySsl = nullptr;
    ::close(m_descriptor);
    m_descriptor = -1;
    if (m_state != State::Resolving)
        m_state = State::Closed;
}

void UpstreamConnection::close()
{
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    m_addresses.clear();
    closeDescriptor();
    m_state = State::Closed;
    m_readScheduled = false;
    m_tunnelReply.reset();
    m_tunnelHead = QByteArray();
    m_out.reset();
}

UpstreamPool::~UpstreamPool()
{
    // Before the TLS contexts go: each connection gives its connection object back to them.
    qDeleteAll(findChildren<UpstreamConnection *>(Qt::FindDirectChildrenOnly));
}

UpstreamConnection *UpstreamPool::take(const UpstreamOrigin &origin, HttpUpstreamCall *call)
{
    auto it = m_idle.find(origin.key);
    if (it == m_idle.end())
        return nullptr;
    while (!it->isEmpty()) {
        UpstreamConnection *connection = it->takeLast();
        if (connection->isConnected() && connection->idleSince.elapsed() < kIdleReuseMs) {
            connection->call = call;
            return connection;
        }
        retire(connection);
    }
    return nullptr;
}

void UpstreamPool::give(UpstreamConnection *connection)
{
    connection->call = nullptr;
    QList<UpstreamConnection *> &list = m_idle[connection->origin().key];
    if (list.size() >= kMaxIdlePerOrigin || !connection->isConnected() || connection->hasUnsentOutput()) {
        retire(connection);
        return;
    }
    connection->idleSince.start();
    list.append(connection);
}

void UpstreamPool::retire(UpstreamConnection *connection)
{
    connection->call = nullptr;
    connection->retired = true;
    connection->close();
    // Possibly called from inside its own notifier's signal. At the end of the turn rather than
    // by a posted event: an upstream that closes after every response retires one per request.
    deleteSoon(connection);
}

void UpstreamPool::drop(UpstreamConnection *connection)
{
    for (QList<UpstreamConnection *> &list : m_idle) {
        if (list.removeOne(connection)) {
            retire(connection);
            return;
        }
    }
}

} // namespace bytespike
