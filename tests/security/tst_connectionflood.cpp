// A connection flood (case 4 of the security suite): far more idle connections than the daemon
// has descriptors for. The daemon runs under a 1,024-descriptor hard limit, so it allows
// (1024 - 64) / 2 = 480 client connections; each connection beyond that evicts the oldest one that
// has not sent a head, and /healthz on a new connection keeps answering at once.
#include "SecurityHarness.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTest>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include <cerrno>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace bytespike::testing;

namespace {

constexpr int kDaemonDescriptors = 1024;
constexpr int kIdleConnections = 5000;
constexpr int kBatch = 250;

} // namespace

class TestConnectionFlood : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void idleConnectionsCannotStarveTheGateway();
    void busyConnectionsAtTheCapGet503();
    void atTheCapTheLongestIdleMakesRoomFirst();
    void busyConnectionsAtTheDescriptorLimitGetAnAnswer();

private:
    static std::vector<int> openBusyConnections(const Endpoint4 &to, int count);
};

void TestConnectionFlood::initTestCase()
{
    const qint64 soft = raiseOwnDescriptorLimit(kIdleConnections + 1024);
    if (soft < kIdleConnections + 256) {
        if (qEnvironmentVariable("CI") == QLatin1String("true"))
            QFAIL(qPrintable(QStringLiteral("this test needs %1 descriptors, the limit is %2")
                                 .arg(kIdleConnections + 256)
                                 .arg(soft)));
        QSKIP(qPrintable(
            QStringLiteral("the descriptor limit (%1) is too low for %2 connections").arg(soft).arg(kIdleConnections)));
    }
}

// Case 4. 5,000 idle connections (connect, send nothing) against a daemon under a 1,024-descriptor
// hard limit: /healthz on a new connection answers 200 within 1 s throughout (a prober every
// 10 ms while the connections are opened, then three times with all 5,000 open), the daemon
// never holds more than 1,024 descriptors, and it closes the connections beyond its cap.
void TestConnectionFlood::idleConnectionsCannotStarveTheGateway()
{
    GatewayProcess gateway;
    limitChildDescriptors(gateway.process(), kDaemonDescriptors);
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const qint64 pid = gateway.process().processId();
    const int cap = (kDaemonDescriptors - 64) / 2;
    const QByteArray capLine = "at most " + QByteArray::number(cap) + " client connections";
    QTRY_VERIFY2(gateway.stderrText().contains(capLine), gateway.stderrText().constData());
    const Endpoint4 to = endpointOf(gateway.url());

    std::atomic<bool> flooding {true};
    std::mutex lock;
    std::vector<std::pair<int, qint64>> during; // status, ms
    std::thread prober([&] {
        // Every 10 ms while the flood lasts, and at least three times.
        for (int probes = 0; flooding || probes < 3; ++probes) {
            qint64 ms = 0;
            const RawResponse r = healthz(to, 5000, &ms);
            {
                std::lock_guard<std::mutex> guard(lock);
                during.emplace_back(r.status, ms);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });

    QElapsedTimer clock;
    clock.start();
    std::vector<int> fds;
    fds.reserve(kIdleConnections);
    int failed = 0;
    int mostDescriptors = 0;
    while (int(fds.size()) < kIdleConnections) {
        std::vector<int> batch;
        for (int i = 0; i < kBatch; ++i) {
            const int fd = startConnect(to);
            if (fd < 0) {
                ++failed;
                continue;
            }
            batch.push_back(fd);
        }
        for (int fd : batch) {
            if (!finishConnect(fd, 5000))
                ++failed;
            fds.push_back(fd);
        }
        mostDescriptors = std::max(mostDescriptors, openDescriptors(pid));
        QCoreApplication::processEvents();
    }
    const qint64 floodMs = clock.elapsed();
    flooding = false;
    prober.join();

    // Three more /healthz with all 5,000 connections still open on this side.
    std::vector<std::pair<int, qint64>> after;
    for (int i = 0; i < 3; ++i) {
        qint64 ms = 0;
        const RawResponse r = healthz(to, 5000, &ms);
        after.emplace_back(r.status, ms);
        mostDescriptors = std::max(mostDescriptors, openDescriptors(pid));
        QTest::qWait(100);
    }

    // How many of ours the gateway has closed (EOF or reset waiting to be read).
    int closedByGateway = 0;
    std::vector<pollfd> polls;
    for (int fd : fds)
        polls.push_back({fd, POLLIN | POLLRDHUP, 0});
    ::poll(polls.data(), nfds_t(polls.size()), 0);
    for (const pollfd &p : polls) {
        if (p.revents & (POLLIN | POLLRDHUP | POLLHUP | POLLERR))
            ++closedByGateway;
    }
    for (int fd : fds)
        ::close(fd);

    qint64 slowestDuring = 0;
    for (const auto &[status, ms] : during) {
        QCOMPARE(status, 200);
        slowestDuring = std::max(slowestDuring, ms);
    }
    qInfo("%d connections in %lld ms (%d failed to connect); gateway closed %d of them; at most %d descriptors "
          "in the daemon; %d /healthz during the flood, slowest %lld ms",
        int(fds.size()), qlonglong(floodMs), failed, closedByGateway, mostDescriptors, int(during.size()),
        qlonglong(slowestDuring));
    QVERIFY2(
        slowestDuring < 1000, qPrintable(QStringLiteral("healthz took %1 ms during the flood").arg(slowestDuring)));
    QVERIFY(!during.empty());
    for (const auto &[status, ms] : after) {
        qInfo("healthz with %d idle connections open: %d in %lld ms", kIdleConnections, status, qlonglong(ms));
        QCOMPARE(status, 200);
        QVERIFY2(ms < 1000, qPrintable(QStringLiteral("healthz took %1 ms").arg(ms)));
    }
    QCOMPARE(failed, 0);
    QVERIFY(mostDescriptors > 0 && mostDescriptors <= kDaemonDescriptors);
    // Every connection beyond the cap made room by closing an older one.
    QVERIFY2(closedByGateway >= kIdleConnections - cap,
        qPrintable(QStringLiteral("only %1 connections were closed").arg(closedByGateway)));

    // And it still serves real requests.
    HttpClient http;
    QCOMPARE(http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(),
                     messagesBody(QStringLiteral("bytespike-simulator")))
                 .status,
        200);
    QCOMPARE(gateway.terminate(), 0);
}

// Connections that each sent a head and half a body (the rest never comes): busy, not evictable.
std::vector<int> TestConnectionFlood::openBusyConnections(const Endpoint4 &to, int count)
{
    const QByteArray head = "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            "Content-Length: 100\r\n\r\n{\"model\":";
    std::vector<int> fds;
    for (int i = 0; i < count; ++i) {
        const int fd = startConnect(to);
        if (fd < 0 || !finishConnect(fd, 5000) || !sendAll(fd, head, 5000)) {
            if (fd >= 0)
                ::close(fd);
            continue;
        }
        fds.push_back(fd);
        if (i % 50 == 49)
            QTest::qWait(20); // let the gateway read each head before the next ones come
    }
    return fds;
}

// Case 4, the cap: when every connection is busy (reading a body) and the table is at
// BYTESPIKE_MAX_CONNECTIONS, a new connection is answered 503 in the Anthropic envelope and
// closed, and the busy ones stay.
void TestConnectionFlood::busyConnectionsAtTheCapGet503()
{
    constexpr int kCap = 20;
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("BYTESPIKE_MAX_CONNECTIONS"), QString::number(kCap));
    gateway.env.insert(QStringLiteral("BYTESPIKE_CLIENT_BODY_TIMEOUT_MS"), QStringLiteral("30000"));
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const Endpoint4 to = endpointOf(gateway.url());
    const std::vector<int> busy = openBusyConnections(to, kCap);
    QCOMPARE(int(busy.size()), kCap);
    QTest::qWait(200);
    for (int i = 0; i < 3; ++i) {
        // Nothing is sent: the answer comes at the accept.
        const int fd = startConnect(to);
        QVERIFY(fd >= 0 && finishConnect(fd, 5000));
        const RawResponse r = readResponse(fd, 5000, true);
        ::close(fd);
        QCOMPARE(r.status, 503);
        QCOMPARE(
            QJsonDocument::fromJson(r.body).object().value(QStringLiteral("type")).toString(), QStringLiteral("error"));
        QVERIFY(r.closed);
    }
    int stillOpen = 0;
    for (int fd : busy) {
        pollfd p {fd, POLLIN | POLLRDHUP, 0};
        if (::poll(&p, 1, 0) == 0)
            ++stillOpen;
        ::close(fd);
    }
    QCOMPARE(stillOpen, kCap);
    QCOMPARE(gateway.terminate(), 0);
}

// Case 4, the cap: which connection makes room at BYTESPIKE_MAX_CONNECTIONS: the keep-alive
// connection idle the longest, and only when none is idle, the oldest unfinished head; a busy
// one never.
void TestConnectionFlood::atTheCapTheLongestIdleMakesRoomFirst()
{
    constexpr int kCap = 12;
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("BYTESPIKE_MAX_CONNECTIONS"), QString::number(kCap));
    gateway.env.insert(QStringLiteral("BYTESPIKE_CLIENT_HEADER_TIMEOUT_MS"), QStringLiteral("30000"));
    gateway.env.insert(QStringLiteral("BYTESPIKE_CLIENT_BODY_TIMEOUT_MS"), QStringLiteral("30000"));
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const Endpoint4 to = endpointOf(gateway.url());
    const QByteArray get = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    // Four idle keep-alive connections (served one after the other: idle longest first), four
    // unfinished heads (oldest first), four busy ones.
    std::vector<int> idle;
    for (int i = 0; i < 4; ++i) {
        const int fd = startConnect(to);
        QVERIFY(fd >= 0 && finishConnect(fd, 5000) && sendAll(fd, get, 5000));
        QCOMPARE(readResponse(fd, 5000).status, 200);
        idle.push_back(fd);
        QTest::qWait(20);
    }
    std::vector<int> heads;
    for (int i = 0; i < 4; ++i) {
        const int fd = startConnect(to);
        QVERIFY(fd >= 0 && finishConnect(fd, 5000) && sendAll(fd, QByteArray("GET /healthz HTTP/1.1\r\nHo"), 5000));
        heads.push_back(fd);
        QTest::qWait(20);
    }
    const std::vector<int> busy = openBusyConnections(to, 4);
    QCOMPARE(int(busy.size()), 4);
    QTest::qWait(100);
    const auto isOpen = [](int fd) {
        pollfd p {fd, POLLIN | POLLRDHUP, 0};
        return ::poll(&p, 1, 0) == 0;
    };
    const auto openOf = [&](const std::vector<int> &fds) {
        QString out;
        for (int fd : fds)
            out += isOpen(fd) ? QLatin1Char('o') : QLatin1Char('x');
        return out;
    };
    QCOMPARE(openOf(idle) + openOf(heads) + openOf(busy), QStringLiteral("oooooooooooo"));
    // Each new connection takes the place of the next in line, and stays (busy: a head and part of
    // a body), so the table is full again for the next.
    const QStringList expected {QStringLiteral("xooo oooo oooo"), QStringLiteral("xxoo oooo oooo"),
        QStringLiteral("xxxo oooo oooo"), QStringLiteral("xxxx oooo oooo"), QStringLiteral("xxxx xooo oooo"),
        QStringLiteral("xxxx xxoo oooo")};
    std::vector<int> newcomers;
    for (const QString &state : expected) {
        const std::vector<int> one = openBusyConnections(to, 1);
        QCOMPARE(int(one.size()), 1);
        newcomers.push_back(one.front());
        QTest::qWait(50);
        QCOMPARE(openOf(idle) + QLatin1Char(' ') + openOf(heads) + QLatin1Char(' ') + openOf(busy), state);
    }
    QCOMPARE(openOf(newcomers), QStringLiteral("oooooo"));
    for (const std::vector<int> *group :
        std::initializer_list<const std::vector<int> *> {&idle, &heads, &busy, &newcomers}) {
        for (int fd : *group)
            ::close(fd);
    }
    QCOMPARE(gateway.terminate(), 0);
}

// Case 4, out of descriptors rather than at the cap (BYTESPIKE_MAX_CONNECTIONS above what 1,024
// descriptors allow, as when upstream connections take their share): 1,100 busy connections
// exhaust the daemon's descriptors; a new connection asking /healthz must get an HTTP answer, 200
// if it got a descriptor or 503 through the spare one, never a close without an answer.
void TestConnectionFlood::busyConnectionsAtTheDescriptorLimitGetAnAnswer()
{
    GatewayProcess gateway;
    limitChildDescriptors(gateway.process(), kDaemonDescriptors);
    gateway.env.insert(QStringLiteral("BYTESPIKE_MAX_CONNECTIONS"), QStringLiteral("5000"));
    gateway.env.insert(QStringLiteral("BYTESPIKE_CLIENT_BODY_TIMEOUT_MS"), QStringLiteral("30000"));
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const qint64 pid = gateway.process().processId();
    const Endpoint4 to = endpointOf(gateway.url());
    const std::vector<int> busy = openBusyConnections(to, kDaemonDescriptors + 76);
    QTest::qWait(300);
    const int descriptors = openDescriptors(pid);
    QList<int> statuses;
    for (int i = 0; i < 3; ++i) {
        const int fd = startConnect(to);
        QVERIFY(fd >= 0 && finishConnect(fd, 5000));
        QTest::qWait(50);
        sendAll(fd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 5000);
        statuses << readResponse(fd, 5000, true).status;
        ::close(fd);
    }
    for (int fd : busy)
        ::close(fd);
    QStringList answers;
    for (int status : statuses)
        answers << (status ? QString::number(status) : QStringLiteral("nothing"));
    qInfo("%d busy connections opened, daemon at %d descriptors; /healthz on a new connection got: %s",
        int(busy.size()), descriptors, qPrintable(answers.join(QLatin1String(", "))));
    // Known failure (see the suite's report): with one descriptor left, the connection is accepted
    // into it, the next accept4() of the same batch fails with EMFILE although nothing waits, and
    // the listener "makes room" by evicting the oldest unfinished head: the connection it has just
    // accepted. It is closed unanswered, and the spare descriptor's 503 never comes.
    for (int status : statuses)
        QVERIFY2(status == 200 || status == 503,
            qPrintable(QStringLiteral("a new connection got no HTTP answer (status %1)").arg(status)));
    QCOMPARE(gateway.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestConnectionFlood)
#include "tst_connectionflood.moc"
