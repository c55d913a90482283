#include "HttpListener.h"

#include "ConnectionTable.h"
#include "HttpConnection.h"
#include "HttpExchange.h"
#include "base/Ids.h"
#include "protocol/anthropic/ApiError.h"
#include "wire/SocketAddress.h"

#include <QLoggingCategory>
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcListener, "bytespike.listener")

namespace bytespike {

namespace {

// Connections taken per wake-up, so that a flood of them does not starve the requests in flight.
constexpr int kAcceptBatch = 64;

int openSpare()
{
    return ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

// Answers a connection there is no room for and closes it. The answer is small enough for the
// socket's send buffer, so one send on the non-blocking descriptor takes it whole.
void answerBusy(int descriptor)
{
    const QByteArray body = ApiError {503, "overloaded_error",
        QStringLiteral("the gateway has no room for another connection; try again shortly")}
                                .envelope(Ids::requestId());
    const QByteArray response = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                                "Retry-After: 1\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    [[maybe_unused]] const ssize_t sent
        = ::send(descriptor, response.constData(), size_t(response.size()), MSG_NOSIGNAL);
    ::shutdown(descriptor, SHUT_WR);
    // Closing with unread input resets the connection, which can destroy the answer before the
    // client reads it: what the request has sent so far is read and dropped first.
    char sink[4096];
    for (int reads = 0; reads < 16 && ::recv(descriptor, sink, sizeof sink, 0) > 0; ++reads) { }
    ::close(descriptor);
}

} // namespace

HttpListener::HttpListener(Dispatch dispatch, const ClientLimits &limits, ConnectionTable *table, QObject *parent)
    : QObject(parent)
    , m_dispatch(std::move(dispatch))
    , m_limits(limits)
    , m_table(table)
{ }

HttpListener::~HttpListener()
{
    stopAccepting();
    // The connections are children: deleted with the listener, each leaving the table.
    qDeleteAll(findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly));
}

quint16 HttpListener::listen(const QHostAddress &address, quint16 port, QString *error)
{
    const SocketAddress where = SocketAddress::from(address, port);
    const int fd
        = where.length == 0 ? -1 : ::socket(where.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const auto failed = [&](const char *step) {
        *error = QStringLiteral("cannot listen on %1:%2 (%3: %4)")
                     .arg(address.toString())
                     .arg(port)
                     .arg(QLatin1String(step), QString::fromLocal8Bit(std::strerror(errno)));
        if (fd >= 0)
            ::close(fd);
        return quint16(0);
    };
    if (fd < 0)
        return failed("socket");
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(fd, where.data(), where.length) != 0)
        return failed("bind");
    if (::listen(fd, SOMAXCONN) != 0)
        return failed("listen");
    SocketAddress bound;
    bound.length = sizeof bound.storage;
    if (::getsockname(fd, bound.data(), &bound.length) != 0)
        return failed("getsockname");
    m_descriptor = fd;
    m_address = address;
    m_port = bound.port();
    m_spare = openSpare();
    m_notifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &HttpListener::acceptReady);
    return m_port;
}

void HttpListener::acceptReady()
{
    for (int i = 0; i < kAcceptBatch && m_descriptor >= 0; ++i) {
        const int fd = ::accept4(m_descriptor, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            admit(fd);
            continue;
        }
        if (errno == EINTR || errno == ECONNABORTED)
            continue;
        if ((errno == EMFILE || errno == ENFILE) && admitWithSpare())
            continue;
        return; // EAGAIN: the queue is empty (or nothing more can be done for it now)
    }
}

void HttpListener::admit(int descriptor)
{
    if (m_table->full()) {
        HttpConnection *victim = m_table->evictionCandidate();
        if (!victim) {
            answerBusy(descriptor);
            return;
        }
        victim->evict();
    }
    // SSE frames are small writes; with Nagle's algorithm each would wait for the client's
    // delayed ACK (tens of milliseconds). Set once per connection, not once per request.
    const int on = 1;
    ::setsockopt(descriptor, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    new HttpConnection(descriptor, this);
}

bool HttpListener::admitWithSpare()
{
    // Linux answers EMFILE before it looks at the queue, so the spare descriptor is given up to
    // learn whether a connection waits at all (the process is out of descriptors: upstream
    // connections count too).
    if (m_spare < 0) {
        m_spare = openSpare();
        return false;
    }
    ::close(m_spare);
    m_spare = -1;
    const int fd = ::accept4(m_descriptor, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
        m_spare = openSpare();
        return false;
    }
    // One waits. If a client connection can give its place, the connection takes the spare's
    // descriptor and the spare the freed one; otherwise it is answered 503 and closed.
    if (HttpConnection *victim = m_table->evictionCandidate()) {
        victim->evict();
        m_spare = openSpare();
        admit(fd);
        return true;
    }
    answerBusy(fd);
    m_spare = openSpare();
    ++m_shed;
    if ((m_shed & (m_shed - 1)) == 0) // 1, 2, 4, 8...: the log says it without flooding
        qCWarning(lcListener) << "out of file descriptors: answered" << m_shed
                              << "connection(s) 503; raise the limit (LimitNOFILE) or lower BYTESPIKE_MAX_CONNECTIONS";
    return true;
}

void HttpListener::stopAccepting()
{
    if (m_notifier) {
        m_notifier->setEnabled(false);
        delete m_notifier;
        m_notifier = nullptr;
    }
    if (m_descriptor >= 0) {
        ::close(m_descriptor);
        m_descriptor = -1;
    }
    if (m_spare >= 0) {
        ::close(m_spare);
        m_spare = -1;
    }
}

} // namespace bytespike
