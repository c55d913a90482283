// The upstream client's HTTP/1.1 against a scripted raw TCP server: response framings
// (Content-Length, chunked in tiny pieces, close-delimited, interim 1xx), keep-alive reuse, the
// resend when a reused connection was closed before any answer, drops, malformed answers, abort;
// host names resolved asynchronously, refused and unknown hosts, a request larger than the
// socket's send buffer to a server that reads slowly, a response larger than one read; CONNECT
// tunnels through a proxy and the proxy's refusals. (TLS: tests/integration/tst_tls.)
#include "upstream/HttpUpstreamCall.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace bytespike;

namespace {

// A server that answers each complete request head+body (Content-Length) with script(n), n
// counting requests over the whole server; an empty answer closes the connection instead.
class ScriptedServer : public QObject
{
public:
    std::function<QList<QByteArray>(int)> script;
    int connections = 0;
    int requests = 0;
    QList<QByteArray> received;
    int disconnects = 0;

    ScriptedServer()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++connections;
                auto buffer = std::make_shared<QByteArray>();
                connect(s, &QTcpSocket::disconnected, this, [this, s] {
                    ++disconnects;
                    s->deleteLater();
                });
                connect(s, &QTcpSocket::readyRead, this, [this, s, buffer] {
                    *buffer += s->readAll();
                    while (true) {
                        const qsizetype end = buffer->indexOf("\r\n\r\n");
                        if (end < 0)
                            return;
                        const QByteArray head = buffer->left(end);
                        const qsizetype at = head.toLower().indexOf("content-length: ");
                        const qsizetype length = at < 0 ? 0 : head.mid(at + 16).split('\r').first().toLongLong();
                        if (buffer->size() < end + 4 + length)
                            return;
                        received << buffer->left(end + 4 + length);
                        buffer->remove(0, end + 4 + length);
                        const QList<QByteArray> parts = script(requests++);
                        if (parts.isEmpty()) {
                            s->disconnectFromHost();
                            return;
                        }
                        // Each part in its own segment, 2 ms apart; a null part closes.
                        for (qsizetype i = 0; i < parts.size(); ++i) {
                            QTimer::singleShot(int(2 * i), s, [s, part = parts[i]] {
                                if (part.isNull())
                                    s->disconnectFromHost();
                                else
                                    s->write(part);
                            });
                        }
                    }
                });
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/v1/messages").arg(m_server.serverPort())); }
    quint16 port() const { return m_server.serverPort(); }

private:
    QTcpServer m_server;
};

struct Outcome
{
    int status = 0;
    HeaderPairs headers;
    QByteArray body;
    bool finished = false;
    bool failed = false;
    UpstreamFailure failure {};
    QString message;
};

Outcome runCall(UpstreamPool *pool, const QUrl &url, const QByteArray &body = QByteArrayLiteral("{\"x\":1}"),
    int timeoutMs = 3000, std::optional<ProxyEndpoint> proxy = {})
{
    UpstreamRequest request;
    request.target = UpstreamTarget(url);
    if (proxy)
        request.origin = UpstreamOrigin::make(request.target, {}, proxy);
    request.body = body;
    request.headers = {{"content-type", "application/json"}, {"x-api-key", "sk-test"}};
    request.connectTimeoutMs = timeoutMs;
    request.firstByteTimeoutMs = timeoutMs;
    request.idleTimeoutMs = timeoutMs;
    HttpUpstreamCall call(pool, request, nullptr);
    Outcome out;
    QObject::connect(&call, &UpstreamCall::responseStarted, [&](int status, const HeaderPairs &headers) {
        out.status = status;
        out.headers = headers;
    });
    QObject::connect(&call, &UpstreamCall::bodyData, [&](const QByteArray &chunk) { out.body += chunk; });
    QObject::connect(&call, &UpstreamCall::finished, [&] { out.finished = true; });
    QObject::connect(&call, &UpstreamCall::failed, [&](UpstreamFailure failure, const QString &message) {
        out.failed = true;
        out.failure = failure;
        out.message = message;
    });
    call.start();
    if (!QTest::qWaitFor([&out] { return out.finished || out.failed; }, 10000))
        out.message = QStringLiteral("the call neither finished nor failed within 10 s");
    return out;
}

QByteArray fixed(const QByteArray &body)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\n\r\n" + body;
}

quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    return probe.serverPort();
}

// A server that takes at most 64 KiB from its socket every 2 ms (Qt stops reading from the kernel
// once its buffer holds that much), so that a large request fills the client's socket and the rest
// has to wait for the socket to drain. Each whole request is answered with its body's size.
class SlowReader : public QObject
{
public:
    QByteArray received;
    int connections = 0;

    SlowReader()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++connections;
                s->setReadBufferSize(64 * 1024);
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                auto *tick = new QTimer(s);
                connect(tick, &QTimer::timeout, s, [this, s] {
                    received += s->read(64 * 1024);
                    const qsizetype end = received.indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    const qsizetype at = received.left(end).toLower().indexOf("content-length: ");
                    const qsizetype length = received.mid(at + 16).split('\r').first().toLongLong();
                    if (received.size() < end + 4 + length)
                        return;
                    if (!m_answered.contains(received.size())) {
                        m_answered << received.size();
                        s->write(fixed(QByteArray::number(length)));
                    }
                });
                tick->start(2);
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/v1/messages").arg(m_server.serverPort())); }

private:
    QTcpServer m_server;
    QList<qsizetype> m_answered;
};

} // namespace

class TestHttpUpstream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void contentLengthAndKeepAlive();
    void chunkedInTinyPieces();
    void closeDelimitedBody();
    void interimResponseSkipped();
    void errorStatusIsAnAnswer();
    void reusedConnectionClosedIsResent();
    void dropMidBodyFails();
    void malformedAnswerFails();
    void connectRefusedFails();
    void abortClosesTheConnection();
    void hostNameResolvedAsynchronously();
    void hostNameConnectRefusedFails();
    void unknownHostFails();
    void abortDuringLookupAndConnect();
    void largeRequestToSlowReader();
    void largeResponse();
    void idleConnectionClosedByServerIsDropped();
    void bytesAfterResponseAreNotReused();
    void targetFromUrl_data();
    void targetFromUrl();
    void credentialsAndQueryOnTheWire();
    void throughConnectTunnel();
    void tunnelRefusals_data();
    void tunnelRefusals();
};

void TestHttpUpstream::contentLengthAndKeepAlive()
{
    ScriptedServer server;
    server.script = [](int n) { return QList<QByteArray> {fixed("{\"n\":" + QByteArray::number(n) + "}")}; };
    UpstreamPool pool;
    for (int i = 0; i < 3; ++i) {
        const Outcome out = runCall(&pool, server.url());
        QVERIFY2(out.finished, qPrintable(out.message));
        QCOMPARE(out.status, 200);
        QCOMPARE(out.body, "{\"n\":" + QByteArray::number(i) + "}");
        QVERIFY(out.headers.contains({"content-type", "application/json"}));
    }
    QCOMPARE(server.requests, 3);
    QCOMPARE(server.connections, 1); // one kept-alive connection served all three
    const QByteArray first = server.received.first();
    QVERIFY(first.startsWith("POST /v1/messages HTTP/1.1\r\n"));
    QVERIFY(first.contains("\r\nHost: 127.0.0.1:"));
    QVERIFY(first.contains("\r\nContent-Length: 7\r\n"));
    QVERIFY(first.contains("\r\nx-api-key: sk-test\r\n"));
    QVERIFY(first.endsWith("\r\n\r\n{\"x\":1}"));
}

// The scripted server plays the proxy: its first "request" is the CONNECT, its answer opens the
// tunnel, and the rest of the connection is the origin's.
void TestHttpUpstream::throughConnectTunnel()
{
    ScriptedServer proxy;
    proxy.script = [](int n) {
        // The proxy's answer in two segments: the head is read whole before the tunnel opens.
        return n == 0 ? QList<QByteArray> {"HTTP/1.1 200 Connec", "tion Established\r\n\r\n"}
                      : QList<QByteArray> {fixed("{\"tunnelled\":true}")};
    };
    UpstreamPool pool;
    const ProxyEndpoint endpoint {QStringLiteral("127.0.0.1"), proxy.port(), "Basic dTpw"};
    const QUrl origin(QStringLiteral("http://upstream.invalid:8080/v1/messages"));
    for (int i = 0; i < 2; ++i) {
        const Outcome out = runCall(&pool, origin, QByteArrayLiteral("{\"x\":1}"), 3000, endpoint);
        QVERIFY2(out.finished, qPrintable(out.message));
        QCOMPARE(out.body, QByteArray("{\"tunnelled\":true}"));
    }
    QCOMPARE(proxy.connections, 1); // the tunnel is kept alive like any connection
    QCOMPARE(proxy.received.size(), 3);
    QCOMPARE(proxy.received[0],
        QByteArray("CONNECT upstream.invalid:8080 HTTP/1.1\r\nHost: upstream.invalid:8080\r\n"
                   "Proxy-Authorization: Basic dTpw\r\n\r\n"));
    QVERIFY(proxy.received[1].startsWith("POST /v1/messages HTTP/1.1\r\nHost: upstream.invalid:8080\r\n"));
}

void TestHttpUpstream::tunnelRefusals_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QString>("message");
    QTest::newRow("407") << QByteArray("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
                         << QStringLiteral("refused the tunnel with HTTP 407 (proxy authentication required)");
    QTest::newRow("502") << QByteArray("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                         << QStringLiteral("refused the tunnel with HTTP 502");
    QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n") << QStringLiteral("is not HTTP");
    QTest::newRow("bytes after the answer")
        << QByteArray("HTTP/1.1 200 OK\r\n\r\nHTTP/1.1 200 OK\r\n") << QStringLiteral("bytes after its answer");
    QTest::newRow("closed") << QByteArray() << QStringLiteral("closed the connection before answering");
    QTest::newRow("endless head") << QByteArray("HTTP/1.1 200 OK\r\n" + QByteArray(70000, 'x'))
                                  << QStringLiteral("is not HTTP");
}

void TestHttpUpstream::tunnelRefusals()
{
    QFETCH(QByteArray, answer);
    QFETCH(QString, message);
    ScriptedServer proxy;
    proxy.script = [answer](int) { return answer.isEmpty() ? QList<QByteArray> {} : QList<QByteArray> {answer}; };
    UpstreamPool pool;
    const Outcome out = runCall(&pool, QUrl(QStringLiteral("https://upstream.invalid/v1/messages")),
        QByteArrayLiteral("{}"), 3000, ProxyEndpoint {QStringLiteral("127.0.0.1"), proxy.port(), {}});
    QVERIFY(out.failed);
    QCOMPARE(out.failure, UpstreamFailure::Connect);
    QVERIFY2(out.message.contains(message), qPrintable(out.message));
    QVERIFY2(out.message.startsWith(QStringLiteral("the proxy")), qPrintable(out.message));
}

void TestHttpUpstream::targetFromUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QByteArray>("requestTarget");
    QTest::addColumn<QByteArray>("authority");
    QTest::newRow("plain") << "http://127.0.0.1:8080/v1/messages"
                           << "127.0.0.1" << 8080 << QByteArray("/v1/messages") << QByteArray("127.0.0.1:8080");
    QTest::newRow("default port, no path") << "http://example.test"
                                           << "example.test" << 80 << QByteArray("/") << QByteArray("example.test");
    QTest::newRow("credentials and query")
        << "http://user:secret@gw.test:81/base/v1/messages?tenant=a%20b&x=1"
        << "gw.test" << 81 << QByteArray("/base/v1/messages?tenant=a%20b&x=1") << QByteArray("gw.test:81");
    QTest::newRow("ipv6") << "http://[::1]:9000/chat/completions"
                          << "::1" << 9000 << QByteArray("/chat/completions") << QByteArray("[::1]:9000");
    QTest::newRow("encoded path") << "http://h.test/a%2Fb/c d"
                                  << "h.test" << 80 << QByteArray("/a%2Fb/c%20d") << QByteArray("h.test");
}

// A channel's address is turned into its wire parts once (the routing snapshot keeps them).
void TestHttpUpstream::targetFromUrl()
{
    QFETCH(QString, url);
    const UpstreamTarget target {QUrl(url)};
    QTEST(target.host, "host");
    QTEST(int(target.port), "port");
    QTEST(target.requestTarget, "requestTarget");
    QTEST(target.authority, "authority");
    QCOMPARE(target.url, QUrl(url));
}

void TestHttpUpstream::credentialsAndQueryOnTheWire()
{
    ScriptedServer server;
    server.script = [](int) { return QList<QByteArray> {fixed("{}")}; };
    UpstreamPool pool;
    QUrl url = server.url();
    url.setUserInfo(QStringLiteral("user:secret"));
    url.setQuery(QStringLiteral("tenant=a%20b"));
    const Outcome out = runCall(&pool, url);
    QVERIFY2(out.finished, qPrintable(out.message));
    const QByteArray head = server.received.first();
    QVERIFY2(head.startsWith("POST /v1/messages?tenant=a%20b HTTP/1.1\r\n"), head.constData());
    QVERIFY(head.contains(QByteArray("\r\nHost: 127.0.0.1:" + QByteArray::number(server.url().port()) + "\r\n")));
    QVERIFY2(!head.contains("secret") && !head.contains("user"), "credentials in a base URL never travel");
}

void TestHttpUpstream::chunkedInTinyPieces()
{
    ScriptedServer server;
    const QByteArray events = "event: message_start\ndata: {}\n\nevent: message_stop\ndata: {}\n\n";
    server.script = [events](int) {
        QByteArray wire = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (qsizetype i = 0; i < events.size(); i += 9) {
            const QByteArray piece = events.mid(i, 9);
            wire += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
        }
        wire += "0\r\n\r\n";
        QList<QByteArray> parts; // cut the wire every 5 bytes: chunk sizes and CRLFs split too
        for (qsizetype i = 0; i < wire.size(); i += 5)
            parts << wire.mid(i, 5);
        return parts;
    };
    UpstreamPool pool;
    const Outcome out = runCall(&pool, server.url());
    QVERIFY2(out.finished, qPrintable(out.message));
    QCOMPARE(out.body, events);
    QCOMPARE(runCall(&pool, server.url()).body, events);
    QCOMPARE(server.connections, 1);
}

void TestHttpUpstream::closeDelimitedBody()
{
    ScriptedServer server;
    server.script = [](int) {
        return QList<QByteArray> {"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello ", "world", QByteArray()};
    };
    UpstreamPool pool;
    const Outcome out = runCall(&pool, server.url());
    QVERIFY2(out.finished, qPrintable(out.message));
    QCOMPARE(out.body, QByteArray("hello world"));
    QVERIFY(runCall(&pool, server.url()).finished);
    QCOMPARE(server.connections, 2); // never reused
}

void TestHttpUpstream::interimResponseSkipped()
{
    ScriptedServer server;
    server.script = [](int) { return QList<QByteArray> {"HTTP/1.1 100 Continue\r\n\r\n", fixed("{}")}; };
    UpstreamPool pool;
    const Outcome out = runCall(&pool, server.url());
    QVERIFY2(out.finished, qPrintable(out.message));
    QCOMPARE(out.status, 200);
    QCOMPARE(out.body, QByteArray("{}"));
}

void TestHttpUpstream::errorStatusIsAnAnswer()
{
    ScriptedServer server;
    const QByteArray body = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}";
    server.script = [body](int) {
        return QList<QByteArray> {"HTTP/1.1 529 Overloaded\r\nRetry-After: 3\r\nRequest-Id: req_1\r\n"
                                  "X-Should-Retry: true\r\nanthropic-ratelimit-requests-remaining: 0\r\n"
                                  "Set-Cookie: a=b\r\nretry-after-ms: 2500\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body};
    };
    UpstreamPool pool;
    const Outcome out = runCall(&pool, server.url());
    QVERIFY(out.finished);
    QCOMPARE(out.status, 529);
    QCOMPARE(out.body, body);
    // Only the headers the gateway reads are kept, in order, with their names in lower case.
    const HeaderPairs kept {
        {"retry-after", "3"}, {"request-id", "req_1"}, {"x-should-retry", "true"}, {"retry-after-ms", "2500"}};
    QCOMPARE(out.headers, kept);
}

void TestHttpUpstream::reusedConnectionClosedIsResent()
{
    ScriptedServer server;
    // The second request arrives on the kept-alive connection and is answered by a close, as a
    // server does whose keep-alive timeout struck as the request was sent.
    server.script = [](int n) { return n == 1 ? QList<QByteArray> {} : QList<QByteArray> {fixed("{}")}; };
    UpstreamPool pool;
    QVERIFY(runCall(&pool, server.url()).finished);
    const Outcome out = runCall(&pool, server.url());
    QVERIFY2(out.finished, qPrintable(out.message));
    QCOMPARE(out.status, 200);
    QCOMPARE(server.requests, 3);
    QCOMPARE(server.connections, 2);
}

void TestHttpUpstream::dropMidBodyFails()
{
    ScriptedServer server;
    server.script = [](int) {
        return QList<QByteArray> {"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial", QByteArray()};
    };
    UpstreamPool pool;
    const Outcome out = runCall(&pool, server.url());
    QVERIFY(out.failed);
    QCOMPARE(out.failure, UpstreamFailure::Dropped);
    QCOMPARE(out.body, QByteArray("partial"));
}

void TestHttpUpstream::malformedAnswerFails()
{
    ScriptedServer server;
    server.script = [](int) { return QList<QByteArray> {"NOT HTTP AT ALL\r\n\r\n"}; };
    UpstreamPool pool;
    const Outcome out = runCall(&pool, server.url());
    QVERIFY(out.failed);
    QCOMPARE(out.failure, UpstreamFailure::Connect);
    QVERIFY2(out.message.contains(QLatin1String("malformed")), qPrintable(out.message));
}

void TestHttpUpstream::connectRefusedFails()
{
    quint16 port;
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost);
        port = probe.serverPort();
    }
    UpstreamPool pool;
    const Outcome out = runCall(&pool, QUrl(QStringLiteral("http://127.0.0.1:%1/v1/messages").arg(port)));
    QVERIFY(out.failed);
    QCOMPARE(out.failure, UpstreamFailure::Connect);
}

void TestHttpUpstream::abortClosesTheConnection()
{
    ScriptedServer server;
    server.script = [](int) { return QList<QByteArray> {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"}; };
    UpstreamPool pool;
    UpstreamRequest request;
    request.target = UpstreamTarget(server.url());
    request.body = "{}";
    auto *call = new HttpUpstreamCall(&pool, request, nullptr);
    bool started = false;
    connect(call, &UpstreamCall::responseStarted, this, [&started] { started = true; });
    call->start();
    QTRY_VERIFY(started);
    call->abort();
    delete call;
    QTRY_COMPARE_WITH_TIMEOUT(server.disconnects, 1, 1000);
}

void TestHttpUpstream::hostNameResolvedAsynchronously()
{
    ScriptedServer server;
    server.script = [](int n) { return QList<QByteArray> {fixed("{\"n\":" + QByteArray::number(n) + "}")}; };
    UpstreamPool pool;
    const QUrl url(QStringLiteral("http://localhost:%1/v1/messages").arg(server.port()));
    UpstreamRequest request;
    request.target = UpstreamTarget(url);
    request.body = "{}";
    HttpUpstreamCall call(&pool, request, nullptr);
    bool ended = false;
    connect(&call, &UpstreamCall::finished, this, [&ended] { ended = true; });
    connect(&call, &UpstreamCall::failed, this, [&ended] { ended = true; });
    call.start();
    QVERIFY(!ended); // the lookup answers from the event loop, never inside start()
    QCOMPARE(server.connections, 0);
    QTRY_VERIFY(ended);
    QCOMPARE(server.requests, 1);
    const Outcome second = runCall(&pool, url);
    QVERIFY2(second.finished, qPrintable(second.message));
    QCOMPARE(second.body, QByteArray("{\"n\":1}"));
    QCOMPARE(server.connections, 1); // the kept-alive connection is found under the name
    QVERIFY(
        server.received.first().contains(QStringLiteral("\r\nHost: localhost:%1\r\n").arg(server.port()).toLatin1()));
}

void TestHttpUpstream::hostNameConnectRefusedFails()
{
    UpstreamPool pool;
    const Outcome out = runCall(&pool, QUrl(QStringLiteral("http://localhost:%1/v1/messages").arg(closedPort())));
    QVERIFY2(out.failed, qPrintable(out.message));
    QCOMPARE(out.failure, UpstreamFailure::Connect);
    QVERIFY(!out.message.isEmpty());
}

void TestHttpUpstream::unknownHostFails()
{
    // .invalid never resolves (RFC 6761). Without a name server the lookup may only time out:
    // then the connect limit answers, with the same failure.
    UpstreamPool pool;
    const Outcome out = runCall(&pool, QUrl(QStringLiteral("http://bytespike-test.invalid:9/v1/messages")));
    QVERIFY2(out.failed, qPrintable(out.message));
    QCOMPARE(out.failure, UpstreamFailure::Connect);
    QVERIFY(!out.message.isEmpty());
}

void TestHttpUpstream::abortDuringLookupAndConnect()
{
    ScriptedServer server;
    server.script = [](int) { return QList<QByteArray> {fixed("{}")}; };
    UpstreamPool pool;
    for (const QString &host : {QStringLiteral("localhost"), QStringLiteral("127.0.0.1")}) {
        UpstreamRequest request;
        request.target = UpstreamTarget(QUrl(QStringLiteral("http://%1:%2/v1/messages").arg(host).arg(server.port())));
        request.body = "{}";
        auto *call = new HttpUpstreamCall(&pool, request, nullptr);
        bool signalled = false;
        connect(call, &UpstreamCall::finished, this, [&signalled] { signalled = true; });
        connect(call, &UpstreamCall::failed, this, [&signalled] { signalled = true; });
        call->start();
        call->abort();
        delete call;
        QTest::qWait(100); // a lookup answer or a connect completion now reaches nobody
        QVERIFY(!signalled);
        QCOMPARE(server.requests, 0);
    }
    // The pool still works afterwards.
    QVERIFY(runCall(&pool, server.url()).finished);
}

void TestHttpUpstream::largeRequestToSlowReader()
{
    SlowReader server;
    QByteArray body(8 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < body.size(); ++i)
        body[i] = char('a' + (i * 7 + i / 4093) % 26);
    UpstreamPool pool;
    const Outcome out = runCall(&pool, server.url(), body, 20000);
    QVERIFY2(out.finished, qPrintable(out.message));
    QCOMPARE(out.body, QByteArray::number(body.size()));
    // Whole and in order.
    QCOMPARE(server.received.size() - server.received.indexOf("\r\n\r\n") - 4, body.size());
    QVERIFY(server.received.endsWith(body));
    // The connection is reused afterwards, its request buffer back to empty.
    server.received.clear();
    const Outcome small = runCall(&pool, server.url());
    QVERIFY2(small.finished, qPrintable(small.message));
    QCOMPARE(small.body, QByteArray("7"));
    QVERIFY(server.received.endsWith("\r\n\r\n{\"x\":1}"));
    QCOMPARE(server.connections, 1);
}

void TestHttpUpstream::largeResponse()
{
    ScriptedServer server;
    QByteArray body(3 * 1024 * 1024 + 17, Qt::Uninitialized);
    for (qsizetype i = 0; i < body.size(); ++i)
        body[i] = char('A' + (i / 1000) % 26);
    server.script = [body](int) { return QList<QByteArray> {fixed(body)}; };
    UpstreamPool pool;
    const Outcome out = runCall(&pool, server.url());
    QVERIFY2(out.finished, qPrintable(out.message));
    QCOMPARE(out.body.size(), body.size());
    QCOMPARE(out.body, body);
    QVERIFY(runCall(&pool, server.url()).finished);
    QCOMPARE(server.connections, 1);
}

void TestHttpUpstream::idleConnectionClosedByServerIsDropped()
{
    ScriptedServer server;
    // Answered, then closed 2 ms later while the connection is idle in the pool.
    server.script = [](int) { return QList<QByteArray> {fixed("{}"), QByteArray()}; };
    UpstreamPool pool;
    QVERIFY(runCall(&pool, server.url()).finished);
    QTRY_COMPARE(server.disconnects, 1);
    QTest::qWait(20);
    const Outcome out = runCall(&pool, server.url());
    QVERIFY2(out.finished, qPrintable(out.message));
    QCOMPARE(server.connections, 2);
    QCOMPARE(server.requests, 2); // nothing was sent on the closed connection
}

void TestHttpUpstream::bytesAfterResponseAreNotReused()
{
    ScriptedServer server;
    server.script = [](int) { return QList<QByteArray> {fixed("{}") + "HTTP/1.1 200 OK\r\n"}; };
    UpstreamPool pool;
    const Outcome out = runCall(&pool, server.url());
    QVERIFY2(out.finished, qPrintable(out.message));
    QCOMPARE(out.body, QByteArray("{}"));
    QVERIFY(runCall(&pool, server.url()).finished);
    QCOMPARE(server.connections, 2);
}

QTEST_GUILESS_MAIN(TestHttpUpstream)
#include "tst_httpupstream.moc"
