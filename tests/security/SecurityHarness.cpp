#include "SecurityHarness.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUrl>

#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bytespike::testing {

qint64 raiseOwnDescriptorLimit(qint64 atLeast)
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_max != RLIM_INFINITY && qint64(limit.rlim_max) < atLeast) {
        // Only a privileged process may raise its hard limit; if this fails the caller sees the
        // smaller soft limit it got.
        rlimit raised {rlim_t(atLeast), rlim_t(atLeast)};
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised {limit.rlim_max, limit.rlim_max};
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    ::getrlimit(RLIMIT_NOFILE, &limit);
    return limit.rlim_cur == RLIM_INFINITY ? qint64(1) << 30 : qint64(limit.rlim_cur);
}

void limitChildDescriptors(QProcess &process, int limit)
{
    process.setChildProcessModifier([limit] {
        // Runs in the child between fork and exec: only async-signal-safe calls.
        const rlimit capped {rlim_t(limit), rlim_t(limit)};
        ::setrlimit(RLIMIT_NOFILE, &capped);
    });
}

qint64 residentKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

int openDescriptors(qint64 pid)
{
    QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    if (!fds.exists())
        return -1;
    return int(fds.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size());
}

Endpoint4 endpointOf(const QString &url)
{
    const QUrl u(url);
    return Endpoint4 {u.host().toLatin1(), quint16(u.port(80))};
}

quint16 freeLoopbackPort()
{
    // Below the kernel's ephemeral range (32768 and up by default), so no socket bound to port 0
    // meanwhile (the mock, another test's gateway) can take it before the gateway binds it.
    for (int attempt = 0; attempt < 200; ++attempt) {
        const quint16 candidate = quint16(20000 + QRandomGenerator::global()->bounded(12000));
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in where {};
        where.sin_family = AF_INET;
        where.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        where.sin_port = htons(candidate);
        const bool free = ::bind(fd, reinterpret_cast<sockaddr *>(&where), sizeof where) == 0;
        ::close(fd);
        if (free)
            return candidate;
    }
    return 0;
}

int startConnect(const Endpoint4 &to, int recvBuffer)
{
    sockaddr_in where {};
    where.sin_family = AF_INET;
    where.sin_port = htons(to.port);
    if (::inet_pton(AF_INET, to.host.constData(), &where.sin_addr) != 1)
        return -1;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (recvBuffer > 0)
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &recvBuffer, sizeof recvBuffer);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&where), sizeof where) != 0 && errno != EINPROGRESS) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool finishConnect(int fd, int timeoutMs)
{
    pollfd p {fd, POLLOUT, 0};
    if (::poll(&p, 1, timeoutMs) != 1)
        return false;
    int error = 0;
    socklen_t size = sizeof error;
    return ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0;
}

bool sendAll(int fd, const char *data, qsizetype size, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    qsizetype sent = 0;
    while (sent < size) {
        const ssize_t n = ::send(fd, data + sent, size_t(size - sent), MSG_NOSIGNAL);
        if (n > 0) {
            sent += n;
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return false;
        pollfd p {fd, POLLOUT, 0};
        if (deadline.hasExpired() || ::poll(&p, 1, int(qMax<qint64>(1, deadline.remainingTime()))) < 0)
            return false;
    }
    return true;
}

QByteArray RawResponse::header(const QByteArray &name) const
{
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

RawResponse readResponse(int fd, int timeoutMs, bool untilClose)
{
    RawResponse r;
    QElapsedTimer clock;
    clock.start();
    QByteArray in;
    qint64 contentLength = -1;
    char buffer[65536];
    while (clock.elapsed() < timeoutMs) {
        pollfd p {fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, int(qMax<qint64>(1, timeoutMs - clock.elapsed())));
        if (ready <= 0)
            continue;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            continue;
        if (n <= 0) {
            r.closed = true;
            r.closedMs = clock.elapsed();
            break;
        }
        if (r.firstByteMs < 0)
            r.firstByteMs = clock.elapsed();
        in.append(buffer, n);
        if (r.head.isEmpty()) {
            const qsizetype end = in.indexOf("\r\n\r\n");
            if (end < 0)
                continue;
            r.head = in.left(end);
            in.remove(0, end + 4);
            r.status = r.head.mid(9, 3).toInt();
            bool ok = false;
            contentLength = r.header("content-length").toLongLong(&ok);
            if (!ok)
                contentLength = -1;
        }
        if (!r.complete && contentLength >= 0 && in.size() >= contentLength) {
            r.body = in.left(contentLength);
            in.remove(0, contentLength);
            r.complete = true;
            if (!untilClose)
                break;
        }
    }
    if (!r.complete && !r.head.isEmpty())
        r.body = in; // a response without a length, or cut short: what came
    return r;
}

RawResponse rawRequest(const Endpoint4 &to, const QByteArray &request, int timeoutMs, bool untilClose)
{
    QElapsedTimer clock;
    clock.start();
    const int fd = startConnect(to);
    if (fd < 0 || !finishConnect(fd, timeoutMs) || !sendAll(fd, request, timeoutMs)) {
        if (fd >= 0)
            ::close(fd);
        return {};
    }
    RawResponse r = readResponse(fd, int(qMax<qint64>(1, timeoutMs - clock.elapsed())), untilClose);
    ::close(fd);
    return r;
}

RawResponse healthz(const Endpoint4 &to, int timeoutMs, qint64 *elapsedMs)
{
    QElapsedTimer clock;
    clock.start();
    RawResponse r
        = rawRequest(to, "GET /healthz HTTP/1.1\r\nHost: " + to.host + "\r\nConnection: close\r\n\r\n", timeoutMs);
    *elapsedMs = clock.elapsed();
    return r;
}

QByteArray rawPost(const QByteArray &path, const QByteArray &body, const QList<QByteArray> &headerLines, bool keepAlive)
{
    QByteArray out = "POST " + path
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n";
    for (const QByteArray &line : headerLines)
        out += line + "\r\n";
    if (!keepAlive)
        out += "Connection: close\r\n";
    return out + "\r\n" + body;
}

int requestLogRows(HttpClient &http, GatewayProcess &gateway, const QString &filter)
{
    int rows = 0;
    for (int offset = 0;; offset += 1000) {
        const HttpResult r
            = http.get(gateway.adminUrl() + QStringLiteral("/admin/requests?limit=1000&offset=%1").arg(offset) + filter,
                gateway.adminHeaders());
        if (r.status != 200)
            return -1;
        const qsizetype page = r.json().value(QStringLiteral("requests")).toArray().size();
        rows += int(page);
        if (page < 1000)
            return rows;
    }
}

qint64 directoryBytes(const QString &dir)
{
    qint64 bytes = 0;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        bytes += it.fileInfo().size();
    }
    return bytes;
}

MockOnHost::~MockOnHost()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }
}

bool MockOnHost::start(const QString &host, QString *error)
{
    m_process.setProgram(QStringLiteral("node"));
    m_process.setArguments({QStringLiteral(BYTESPIKE_SOURCE_DIR "/tests/fixtures/mock-upstream/server.js"),
        QStringLiteral("--host"), host, QStringLiteral("--port"), QStringLiteral("0")});
    m_process.start();
    QDeadlineTimer deadline(15000);
    QByteArray out;
    while (!deadline.hasExpired() && m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
        out += m_process.readAllStandardOutput();
        const qsizetype at = out.indexOf("listening on ");
        if (at >= 0 && out.indexOf('\n', at) > at) {
            m_url = QString::fromUtf8(out.mid(at + 13, out.indexOf('\n', at) - at - 13)).trimmed();
            return true;
        }
    }
    *error = QStringLiteral("mock upstream did not start on %1: ").arg(host)
        + QString::fromUtf8(out + m_process.readAllStandardError());
    return false;
}

Balance customerBalance(HttpClient &http, GatewayProcess &gateway, const QString &customer)
{
    const QJsonObject c
        = http.get(gateway.adminUrl() + QStringLiteral("/admin/customers/") + customer, gateway.adminHeaders()).json();
    return Balance {c.value(QStringLiteral("posted_micros")).toInteger(-1),
        c.value(QStringLiteral("pending_micros")).toInteger(-1)};
}

QJsonArray customerHolds(HttpClient &http, GatewayProcess &gateway, const QString &customer, const QString &state)
{
    return http
        .get(gateway.adminUrl()
                + QStringLiteral("/admin/ledger/holds?limit=1000&customer=%1&state=%2").arg(customer, state),
            gateway.adminHeaders())
        .json()
        .value(QStringLiteral("holds"))
        .toArray();
}

} // namespace bytespike::testing
