// A connection flood (case 4 of the security suite): far more idle connections than the daemon
// has descriptors for. The daemon runs under a 1,024-descriptor hard limit, so it allows
// (1024 - 64) / 2 = 480 client connections; each connection beyond that evicts the oldest one that
// has not sent a head, and /healthz on a new connection keeps answering at once.
#include "SecurityHarness.h"

#include <QCoreApplication>
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

QTEST_GUILESS_MAIN(TestConnectionFlood)
#include "tst_connectionflood.moc"
