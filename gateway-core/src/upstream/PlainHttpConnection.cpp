#include "PlainHttpConnection.h"

#include "PlainHttpCall.h"
#include "loop/TurnEnd.h"
#include "wire/SocketAddress.h"

#include <QHostInfo>
#include <QSocketNotifier>

#include <cerrno>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bytespike {

namespace {
// At least the concurrency a busy gateway has towards one upstream (fewer made a burst close and
// reopen connections). Idle ones last only until the server's keep-alive timeout closes them (or
// kIdleReuseMs).
constexpr int kMaxIdlePerHost = 512;
constexpr qint64 kIdleReuseMs = 4000; // below common server keep-alive timeouts (node: 5 s)
} // namespace

PlainHttpConnection::PlainHttpConnection(PlainHttpPool *pool)
    : QObject(pool)
    , m_pool(pool)
    , m_readNotifier(new QSocketNotifier(QSocketNotifier::Read, this))
    , m_writeNotifier(new QSocketNotifier(QSocketNotifier::Write, this))
{
    connect(m_readNotifier, &QSocketNotifier::activated, this, &PlainHttpConnection::onReadable);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &PlainHttpConnection::onWritable);
}

PlainHttpConnection::~PlainHttpConnection()
{
    retired = true;
    close();
}

void PlainHttpConnection::connectTo(const QString &host, quint16 port)
{
    m_port = port;
    QHostAddress literal;
    if (literal.setAddress(host)) {
        m_addresses = {literal};
        // A failure at once is reported from the event loop, never from inside the call's start().
        if (!connectNext())
            QMetaObject::invokeMethod(this, &PlainHttpConnection::reportConnectFailed, Qt::QueuedConnection);
        return;
    }
    // Resolved on Qt's lookup threads; the answer comes back to this thread.
    m_lookupId = QHostInfo::lookupHost(host, this, &PlainHttpConnection::onLookedUp);
}

void PlainHttpConnection::onLookedUp(const QHostInfo &info)
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
    m_addresses = info.addresses();
    if (!connectNext())
        reportConnectFailed();
}

bool PlainHttpConnection::connectNext()
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

bool PlainHttpConnection::openSocket(const QHostAddress &address)
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
    m_connecting = true;
    m_readNotifier->setSocket(fd);
    m_writeNotifier->setSocket(fd);
    m_writeNotifier->setEnabled(true);
    return true;
}

void PlainHttpConnection::reportConnectFailed()
{
    if (!retired && call)
        call->onConnectFailed(m_connectError);
}

void PlainHttpConnection::onWritable()
{
    if (retired || m_descriptor < 0) {
        m_writeNotifier->setEnabled(false);
        return;
    }
    if (!m_connecting) {
        flush();
        return;
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
    m_connecting = false;
    m_connected = true;
    m_addresses.clear();
    m_writeNotifier->setEnabled(false);
    m_readNotifier->setEnabled(true);
    if (call)
        call->onConnected();
}

// Anything from an idle connection (a close, stray bytes) makes it unusable.
void PlainHttpConnection::onReadable()
{
    if (retired || m_descriptor < 0) {
        m_readNotifier->setEnabled(false);
        return;
    }
    if (call)
        call->onReadable();
    else
        m_pool->drop(this);
}

void PlainHttpConnection::setReading(bool reading)
{
    if (m_descriptor >= 0 && m_connected && !retired)
        m_readNotifier->setEnabled(reading);
}

void PlainHttpConnection::flush()
{
    if (m_descriptor < 0 || m_sendFailed)
        return;
    switch (m_out.sendTo(m_descriptor)) {
    case SendBuffer::Sent::Blocked: m_writeNotifier->setEnabled(true); return;
    case SendBuffer::Sent::Failed:
        // The read notifier reports it: the socket reads as ended from now on.
        m_sendFailed = true;
        m_connected = false;
        m_writeNotifier->setEnabled(false);
        ::shutdown(m_descriptor, SHUT_RDWR);
        return;
    case SendBuffer::Sent::Drained: break;
    }
    m_writeNotifier->setEnabled(false);
}

void PlainHttpConnection::closeDescriptor()
{
    if (m_descriptor < 0)
        return;
    // Notifiers first: none may stay registered for a descriptor number that is reused.
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    ::close(m_descriptor);
    m_descriptor = -1;
    m_connecting = false;
    m_connected = false;
}

void PlainHttpConnection::close()
{
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    m_addresses.clear();
    closeDescriptor();
    m_out.reset();
}

QString PlainHttpPool::key(const QString &host, quint16 port)
{
    return host + QLatin1Char(':') + QString::number(port);
}

PlainHttpConnection *PlainHttpPool::take(const QString &host, quint16 port, PlainHttpCall *call)
{
    auto it = m_idle.find(key(host, port));
    if (it == m_idle.end())
        return nullptr;
    while (!it->isEmpty()) {
        PlainHttpConnection *connection = it->takeLast();
        if (connection->isConnected() && connection->idleSince.elapsed() < kIdleReuseMs) {
            connection->call = call;
            return connection;
        }
        retire(connection);
    }
    return nullptr;
}

void PlainHttpPool::give(const QString &host, quint16 port, PlainHttpConnection *connection)
{
    connection->call = nullptr;
    QList<PlainHttpConnection *> &list = m_idle[key(host, port)];
    if (list.size() >= kMaxIdlePerHost || !connection->isConnected() || connection->hasUnsentOutput()) {
        retire(connection);
        return;
    }
    connection->idleSince.start();
    list.append(connection);
}

void PlainHttpPool::retire(PlainHttpConnection *connection)
{
    connection->call = nullptr;
    connection->retired = true;
    connection->close();
    // Possibly called from inside its own notifier's signal. At the end of the turn rather than
    // by a posted event: an upstream that closes after every response retires one per request.
    deleteSoon(connection);
}

void PlainHttpPool::drop(PlainHttpConnection *connection)
{
    for (QList<PlainHttpConnection *> &list : m_idle) {
        if (list.removeOne(connection)) {
            retire(connection);
            return;
        }
    }
}

} // namespace bytespike
