// The plain-HTTP/1.1 upstream client against a scripted raw TCP server: response framings
// (Content-Length, chunked in tiny pieces, close-delimited, interim 1xx), keep-alive reuse, the
// resend when a reused connection was closed before any answer, drops, malformed answers, abort.
#include "upstream/PlainHttpCall.h"

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

Outcome runCall(PlainHttpPool *pool, const QUrl &url, const QByteArray &body = QByteArrayLiteral("{\"x\":1}"))
{
    UpstreamRequest request;
    request.url = url;
    request.body = body;
    request.headers = {{"content-type", "application/json"}, {"x-api-key", "sk-test"}};
    request.firstByteTimeoutMs = 3000;
    request.idleTimeoutMs = 3000;
    PlainHttpCall call(pool, request, nullptr);
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

} // namespace

class TestPlainHttp : public QObject
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
};

void TestPlainHttp::contentLengthAndKeepAlive()
{
    ScriptedServer server;
    server.script = [](int n) { return QList<QByteArray> {fixed("{\"n\":" + QByteArray::number(n) + "}")}; };
    PlainHttpPool pool;
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

void TestPlainHttp::chunkedInTinyPieces()
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
    PlainHttpPool pool;
    const Outcome out = runCall(&pool, server.url());
    QVERIFY2(out.finished, qPrintable(out.message));
    QCOMPARE(out.body, events);
    QCOMPARE(runCall(&pool, server.url()).body, events);
    QCOMPARE(server.connections, 1);
}

void TestPlainHttp::closeDelimitedBody()
{
    ScriptedServer server;
    server.script = [](int) {
        return QList<QByteArray> {"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello ", "world", QByteArray()};
    };
    PlainHttpPool pool;
    const Outcome out = runCall(&pool, server.url());
    QVERIFY2(out.finished, qPrintable(out.message));
    QCOMPARE(out.body, QByteArray("hello world"));
    QVERIFY(runCall(&pool, server.url()).finished);
    QCOMPARE(server.connections, 2); // never reused
}

void TestPlainHttp::interimResponseSkipped()
{
    ScriptedServer server;
    server.script = [](int) { return QList<QByteArray> {"HTTP/1.1 100 Continue\r\n\r\n", fixed("{}")}; };
    PlainHttpPool pool;
    const Outcome out = runCall(&pool, server.url());
    QVERIFY2(out.finished, qPrintable(out.message));
    QCOMPARE(out.status, 200);
    QCOMPARE(out.body, QByteArray("{}"));
}

void TestPlainHttp::errorStatusIsAnAnswer()
{
    ScriptedServer server;
    const QByteArray body = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}";
    server.script = [body](int) {
        return QList<QByteArray> {
            "HTTP/1.1 529 Overloaded\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body};
    };
    PlainHttpPool pool;
    const Outcome out = runCall(&pool, server.url());
    QVERIFY(out.finished);
    QCOMPARE(out.status, 529);
    QCOMPARE(out.body, body);
}

void TestPlainHttp::reusedConnectionClosedIsResent()
{
    ScriptedServer server;
    // The second request arrives on the kept-alive connection and is answered by a close, as a
    // server does whose keep-alive timeout struck as the request was sent.
    server.script = [](int n) { return n == 1 ? QList<QByteArray> {} : QList<QByteArray> {fixed("{}")}; };
    PlainHttpPool pool;
    QVERIFY(runCall(&pool, server.url()).finished);
    const Outcome out = runCall(&pool, server.url());
    QVERIFY2(out.finished, qPrintable(out.message));
    QCOMPARE(out.status, 200);
    QCOMPARE(server.requests, 3);
    QCOMPARE(server.connections, 2);
}

void TestPlainHttp::dropMidBodyFails()
{
    ScriptedServer server;
    server.script = [](int) {
        return QList<QByteArray> {"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial", QByteArray()};
    };
    PlainHttpPool pool;
    const Outcome out = runCall(&pool, server.url());
    QVERIFY(out.failed);
    QCOMPARE(out.failure, UpstreamFailure::Dropped);
    QCOMPARE(out.body, QByteArray("partial"));
}

void TestPlainHttp::malformedAnswerFails()
{
    ScriptedServer server;
    server.script = [](int) { return QList<QByteArray> {"NOT HTTP AT ALL\r\n\r\n"}; };
    PlainHttpPool pool;
    const Outcome out = runCall(&pool, server.url());
    QVERIFY(out.failed);
    QCOMPARE(out.failure, UpstreamFailure::Connect);
    QVERIFY2(out.message.contains(QLatin1String("malformed")), qPrintable(out.message));
}

void TestPlainHttp::connectRefusedFails()
{
    quint16 port;
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost);
        port = probe.serverPort();
    }
    PlainHttpPool pool;
    const Outcome out = runCall(&pool, QUrl(QStringLiteral("http://127.0.0.1:%1/v1/messages").arg(port)));
    QVERIFY(out.failed);
    QCOMPARE(out.failure, UpstreamFailure::Connect);
}

void TestPlainHttp::abortClosesTheConnection()
{
    ScriptedServer server;
    server.script = [](int) { return QList<QByteArray> {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"}; };
    PlainHttpPool pool;
    UpstreamRequest request;
    request.url = server.url();
    request.body = "{}";
    auto *call = new PlainHttpCall(&pool, request, nullptr);
    bool started = false;
    connect(call, &UpstreamCall::responseStarted, this, [&started] { started = true; });
    call->start();
    QTRY_VERIFY(started);
    call->abort();
    delete call;
    QTRY_COMPARE_WITH_TIMEOUT(server.disconnects, 1, 1000);
}

QTEST_GUILESS_MAIN(TestPlainHttp)
#include "tst_plainhttp.moc"
