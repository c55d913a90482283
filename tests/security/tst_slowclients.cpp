// Slow clients (cases 1-3 of the security suite): a head must arrive whole within
// BYTESPIKE_CLIENT_HEADER_TIMEOUT_MS of its first byte, a body may pause no longer than
// BYTESPIKE_CLIENT_BODY_TIMEOUT_MS, and an idle keep-alive connection is closed after
// BYTESPIKE_KEEPALIVE_TIMEOUT_MS. The timeouts are set small so each case takes seconds.
#include "SecurityHarness.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

#include <cerrno>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace bytespike::testing;

namespace {

constexpr int kHeaderTimeoutMs = 2000;
constexpr int kBodyTimeoutMs = 1000;
constexpr int kKeepAliveTimeoutMs = 1000;

} // namespace

class TestSlowClients : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void slowlorisConnectionsAreClosed();
    void stalledBodyIsAnswered408_data();
    void stalledBodyIsAnswered408();
    void slowButSteadyBodyIsServed();
    void idleKeepAliveIsClosed();
};

void TestSlowClients::initTestCase()
{
    QVERIFY(raiseOwnDescriptorLimit(2048) >= 1024);
}

// Case 1. 500 slowloris connections, each sending its request line and then one header byte every
// 500 ms, are all closed
// within header timeout + 1 s (2 s + 1 s) of their first byte, each after a 408 (they all sent
// bytes) in its path's envelope (Anthropic's on /v1/messages, OpenAI's on /v1/chat/completions),
// and /healthz on a new connection answers 200 within 1 s meanwhile.
void TestSlowClients::slowlorisConnectionsAreClosed()
{
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("BYTESPIKE_CLIENT_HEADER_TIMEOUT_MS"), QString::number(kHeaderTimeoutMs));
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const Endpoint4 to = endpointOf(gateway.url());

    constexpr int kClients = 500;
    struct Client
    {
        int fd = -1;
        qint64 firstByteMs = -1;
        qint64 closedMs = -1;
        QByteArray received;
    };
    std::vector<Client> clients(kClients);
    for (Client &c : clients) {
        c.fd = startConnect(to);
        QVERIFY(c.fd >= 0);
    }
    for (Client &c : clients)
        QVERIFY2(finishConnect(c.fd, 5000), "a slowloris connection did not connect");

    // /healthz from another thread while the flood runs, so this thread's timing stays exact.
    std::vector<std::pair<int, qint64>> probes; // status, ms
    std::thread prober([&] {
        for (int i = 0; i < 3; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            qint64 ms = 0;
            const RawResponse r = healthz(to, 5000, &ms);
            probes.emplace_back(r.status, ms);
        }
    });

    // As slowloris does: the request line, then headers one byte at a time that never end
    // ("\r\n\r\n" is never sent). Half of them on /v1/messages, half on /v1/chat/completions
    // (whose 408 is OpenAI's envelope: the request line names the path).
    const QByteArray requestLines[2] = {"POST /v1/messages HTTP/1.1\r\n", "POST /v1/chat/completions HTTP/1.1\r\n"};
    const QByteArray headers = "Host: 127.0.0.1\r\nContent-Type: application/json\r\nx-api-key: sk-slowloris\r\n"
                               "anthropic-version: 2023-06-01\r\nx-padding: "
        + QByteArray(200, 'a');
    QElapsedTimer clock;
    clock.start();
    int open = kClients;
    int tick = 0;
    qint64 nextTickMs = 0;
    std::vector<pollfd> fds;
    std::vector<Client *> owners;
    while (open > 0 && clock.elapsed() < kHeaderTimeoutMs + 4000) {
        if (clock.elapsed() >= nextTickMs) {
            // One more byte on every connection still open.
            for (size_t i = 0; i < clients.size(); ++i) {
                Client &c = clients[i];
                if (c.closedMs >= 0)
                    continue;
                const QByteArray bytes = tick == 0 ? requestLines[i % 2] : headers.mid((tick - 1) % headers.size(), 1);
                if (::send(c.fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL) > 0 && c.firstByteMs < 0)
                    c.firstByteMs = clock.elapsed();
            }
            ++tick;
            nextTickMs += 500;
        }
        fds.clear();
        owners.clear();
        for (Client &c : clients) {
            if (c.closedMs < 0) {
                fds.push_back({c.fd, POLLIN, 0});
                owners.push_back(&c);
            }
        }
        const int wait = int(qBound(qint64(1), nextTickMs - clock.elapsed(), qint64(50)));
        if (::poll(fds.data(), nfds_t(fds.size()), wait) > 0) {
            for (size_t i = 0; i < fds.size(); ++i) {
                if (!fds[i].revents)
                    continue;
                Client &c = *owners[i];
                char buffer[4096];
                const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
                if (n > 0) {
                    c.received.append(buffer, n);
                } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                    c.closedMs = clock.elapsed(); // EOF or reset: the gateway closed it
                    ::close(c.fd);
                    --open;
                }
            }
        }
        QCoreApplication::processEvents(); // keeps the daemon's stderr pipe drained
    }
    prober.join();

    qint64 slowest = 0;
    qint64 fastest = std::numeric_limits<qint64>::max();
    int answered408 = 0;
    int stillOpen = 0;
    for (size_t i = 0; i < clients.size(); ++i) {
        Client &c = clients[i];
        if (c.closedMs < 0) {
            ++stillOpen;
            ::close(c.fd);
            continue;
        }
        slowest = std::max(slowest, c.closedMs - c.firstByteMs);
        fastest = std::min(fastest, c.closedMs - c.firstByteMs);
        if (c.received.startsWith("HTTP/1.1 408 ")) {
            const QByteArray body = c.received.mid(c.received.indexOf("\r\n\r\n") + 4);
            const QJsonObject json = QJsonDocument::fromJson(body).object();
            const QJsonObject inner = json.value(QStringLiteral("error")).toObject();
            const bool anthropic = json.value(QStringLiteral("type")).toString() == QLatin1String("error")
                && inner.value(QStringLiteral("type")).isString();
            const bool openAi
                = !json.contains(QStringLiteral("type")) && inner.value(QStringLiteral("message")).isString();
            if (i % 2 == 0 ? anthropic : openAi)
                ++answered408;
        }
    }
    qInfo("slowloris: %d closed, %d still open, %d answered 408; closed %lld..%lld ms after the first byte",
        kClients - stillOpen, stillOpen, answered408, qlonglong(fastest), qlonglong(slowest));
    QCOMPARE(stillOpen, 0);
    QVERIFY2(slowest <= kHeaderTimeoutMs + 1000, qPrintable(QStringLiteral("slowest close %1 ms").arg(slowest)));
    // Closed by the header timeout, not before it (no connection was dropped for another reason).
    QVERIFY2(fastest >= kHeaderTimeoutMs - 50, qPrintable(QStringLiteral("fastest close %1 ms").arg(fastest)));
    QCOMPARE(answered408, kClients);
    QCOMPARE(probes.size(), size_t(3));
    for (const auto &[status, ms] : probes) {
        qInfo("healthz during the flood: %d in %lld ms", status, qlonglong(ms));
        QCOMPARE(status, 200);
        QVERIFY2(ms < 1000, qPrintable(QStringLiteral("healthz took %1 ms").arg(ms)));
    }
}

void TestSlowClients::stalledBodyIsAnswered408_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("openAi");
    QTest::newRow("anthropic") << QByteArray("/v1/messages") << false;
    QTest::newRow("openai") << QByteArray("/v1/chat/completions") << true;
}

// Case 2. A body that stalls half-way is answered 408 within body timeout + 1 s (1 s + 1 s) of
// its last byte, in the path's envelope (Anthropic's {"type":"error","error":{"type"}} on
// /v1/messages, OpenAI's {"error":{"message"}} on /v1/chat/completions), and the connection
// closes.
void TestSlowClients::stalledBodyIsAnswered408()
{
    QFETCH(QByteArray, path);
    QFETCH(bool, openAi);
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("BYTESPIKE_CLIENT_BODY_TIMEOUT_MS"), QString::number(kBodyTimeoutMs));
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const QByteArray body = messagesBody(QStringLiteral("bytespike-simulator"));
    const QByteArray request = rawPost(path, body, {"x-api-key: " + gateway.demoKey()});
    const int fd = startConnect(endpointOf(gateway.url()));
    QVERIFY(fd >= 0 && finishConnect(fd, 5000));
    // Everything but the last half of the body.
    QVERIFY(sendAll(fd, request.left(request.size() - body.size() / 2), 5000));
    const RawResponse r = readResponse(fd, kBodyTimeoutMs + 3000, true);
    ::close(fd);
    qInfo("stalled body: %d after %lld ms, closed after %lld ms", r.status, qlonglong(r.firstByteMs),
        qlonglong(r.closedMs));
    QCOMPARE(r.status, 408);
    QVERIFY2(r.firstByteMs >= kBodyTimeoutMs - 50 && r.firstByteMs <= kBodyTimeoutMs + 1000,
        qPrintable(QStringLiteral("408 after %1 ms").arg(r.firstByteMs)));
    QVERIFY2(r.closed && r.closedMs <= kBodyTimeoutMs + 1000, "the connection stayed open after the 408");
    const QJsonObject json = QJsonDocument::fromJson(r.body).object();
    if (openAi) {
        QVERIFY2(json.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).isString(), r.body);
        QVERIFY2(!json.contains(QStringLiteral("type")), r.body);
    } else {
        QCOMPARE(json.value(QStringLiteral("type")).toString(), QStringLiteral("error"));
        QVERIFY2(json.value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).isString(), r.body);
    }
}

// Case 2, the other side: the body timeout bounds a pause, not the whole body. A body sent in
// pieces 400 ms apart (2.4 s in all, longer than the 1 s timeout) is served normally.
void TestSlowClients::slowButSteadyBodyIsServed()
{
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("BYTESPIKE_CLIENT_BODY_TIMEOUT_MS"), QString::number(kBodyTimeoutMs));
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const QByteArray body = messagesBody(QStringLiteral("bytespike-simulator"));
    const QByteArray request
        = rawPost("/v1/messages", body, {"x-api-key: " + gateway.demoKey(), "anthropic-version: 2023-06-01"});
    const qsizetype headSize = request.size() - body.size();
    const int fd = startConnect(endpointOf(gateway.url()));
    QVERIFY(fd >= 0 && finishConnect(fd, 5000));
    QVERIFY(sendAll(fd, request.left(headSize), 5000));
    constexpr int kPieces = 6;
    const qsizetype piece = (body.size() + kPieces - 1) / kPieces;
    for (qsizetype at = 0; at < body.size(); at += piece) {
        QTest::qWait(400);
        QVERIFY(sendAll(fd, body.mid(at, piece), 5000));
    }
    const RawResponse r = readResponse(fd, 10000);
    ::close(fd);
    QCOMPARE(r.status, 200);
}

// Case 3. A keep-alive connection left idle is closed by the gateway within the keep-alive
// timeout + 1 s (1 s + 1 s) of its last response, and not before the timeout; a request within
// the timeout is served on the same connection (and starts the idle time again).
void TestSlowClients::idleKeepAliveIsClosed()
{
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("BYTESPIKE_KEEPALIVE_TIMEOUT_MS"), QString::number(kKeepAliveTimeoutMs));
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const int fd = startConnect(endpointOf(gateway.url()));
    QVERIFY(fd >= 0 && finishConnect(fd, 5000));
    const QByteArray get = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    QVERIFY(sendAll(fd, get, 5000));
    QCOMPARE(readResponse(fd, 5000).status, 200);
    QTest::qWait(kKeepAliveTimeoutMs / 2);
    QVERIFY(sendAll(fd, get, 5000));
    const RawResponse second = readResponse(fd, 5000);
    QCOMPARE(second.status, 200); // still open half-way through the timeout
    QVERIFY(!second.closed);
    const RawResponse idle = readResponse(fd, kKeepAliveTimeoutMs + 3000, true);
    ::close(fd);
    qInfo("idle keep-alive connection closed %lld ms after its last response", qlonglong(idle.closedMs));
    QVERIFY2(idle.closed, "the idle connection was not closed");
    QVERIFY(idle.head.isEmpty()); // closed silently
    QVERIFY2(idle.closedMs >= kKeepAliveTimeoutMs - 50 && idle.closedMs <= kKeepAliveTimeoutMs + 1000,
        qPrintable(QStringLiteral("closed after %1 ms").arg(idle.closedMs)));
}

QTEST_GUILESS_MAIN(TestSlowClients)
#include "tst_slowclients.moc"
