#pragma once

// Helpers for the security tests: raw sockets for clients that misbehave on purpose (slow,
// silent, never reading, by the thousand), the daemon's memory and descriptors from /proc, and
// a few counts the tests compare before and after an attack. Built on the integration tests'
// GatewayHarness (the real daemon and the mock upstream as child processes).

#include "GatewayHarness.h"

#include <QElapsedTimer>
#include <QProcess>

#include <functional>

namespace bytespike::testing {

// This process's soft descriptor limit raised to its hard limit, and the hard limit itself to at
// least `atLeast` where the process may (root); returns the soft limit in force afterwards.
qint64 raiseOwnDescriptorLimit(qint64 atLeast = 0);

// Before process.start(): the child runs with `limit` as both its soft and hard descriptor limit
// (what `prlimit --nofile=N:N` does), so it cannot raise it.
void limitChildDescriptors(QProcess &process, int limit);

// From /proc/PID: resident memory in KiB, and the number of open descriptors (-1 if unreadable).
qint64 residentKiB(qint64 pid);
int openDescriptors(qint64 pid);

// "http://127.0.0.1:8787" -> its host (an IPv4 literal) and port.
struct Endpoint4
{
    QByteArray host;
    quint16 port = 0;
};
Endpoint4 endpointOf(const QString &url);

// A free TCP port on 127.0.0.1 below the ephemeral range (bound and released).
quint16 freeLoopbackPort();

// A non-blocking socket whose connect to `to` has started (or finished); -1 on failure.
// recvBuffer > 0 sets SO_RCVBUF before the connect (a small window for a client that never reads).
int startConnect(const Endpoint4 &to, int recvBuffer = 0);
// Waits until a started connect completes; false on error or timeout.
bool finishConnect(int fd, int timeoutMs);
// Sends everything on a (possibly non-blocking) socket, waiting with poll; false on error/timeout.
bool sendAll(int fd, const char *data, qsizetype size, int timeoutMs);
inline bool sendAll(int fd, const QByteArray &data, int timeoutMs)
{
    return sendAll(fd, data.constData(), data.size(), timeoutMs);
}

// One HTTP/1.1 response as read from a raw socket.
struct RawResponse
{
    int status = 0;
    QByteArray head;
    QByteArray body;
    bool complete = false; // head and the whole Content-Length body arrived
    bool closed = false; // the peer closed (EOF or reset) before the deadline
    qint64 firstByteMs = -1; // from the call's start
    qint64 closedMs = -1;
    QByteArray header(const QByteArray &name) const;
};

// Reads one response (Content-Length framed) from fd; with untilClose it then keeps reading until
// the peer closes or the deadline passes.
RawResponse readResponse(int fd, int timeoutMs, bool untilClose = false);
// A new connection, the request bytes, one response (and with untilClose, the close).
RawResponse rawRequest(const Endpoint4 &to, const QByteArray &request, int timeoutMs, bool untilClose = false);
// GET /healthz on a new connection; the time it took in *elapsedMs.
RawResponse healthz(const Endpoint4 &to, int timeoutMs, qint64 *elapsedMs);

// An HTTP/1.1 POST with a JSON body and the given extra header lines ("name: value").
QByteArray rawPost(
    const QByteArray &path, const QByteArray &body, const QList<QByteArray> &headerLines, bool keepAlive = false);

// Rows in the request log (GET /admin/requests, paged by 1,000).
int requestLogRows(HttpClient &http, GatewayProcess &gateway, const QString &filter = {});
// Bytes in all files under dir (what du counts, without the blocks' rounding).
qint64 directoryBytes(const QString &dir);

// The mock upstream on a host of our choosing (a loopback address other than 127.0.0.1 makes a
// base URL that is easy to look for); MockUpstream always listens on 127.0.0.1.
class MockOnHost
{
public:
    ~MockOnHost();
    bool start(const QString &host, QString *error);
    QString url() const { return m_url; }

private:
    QProcess m_process;
    QString m_url;
};

// A customer's balance as the admin API shows it (posted and pending micro-dollars).
struct Balance
{
    qint64 posted = -1;
    qint64 pending = -1;
};
Balance customerBalance(HttpClient &http, GatewayProcess &gateway, const QString &customer);

// Holds of a customer in the given state (pending, posted, voided, expired).
QJsonArray customerHolds(HttpClient &http, GatewayProcess &gateway, const QString &customer, const QString &state);

} // namespace bytespike::testing
