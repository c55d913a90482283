// The listener's HTTP/1.1 on the wire, with raw loopback sockets: requests split into single bytes,
// chunked bodies, 100-continue, requests back to back on one connection, HTTP/1.0, and garbage,
// which gets 400 and a closed connection while the gateway stays healthy.
#include "GatewayHarness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>

using namespace bytespike::testing;

namespace {

struct WireResponse
{
    int status = 0;
    QByteArray head;
    QByteArray body;
    QByteArray header(const QByteArray &name) const
    {
        for (const QByteArray &line : head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
};

// A client on one TCP connection that writes exactly the bytes it is given and reads responses
// off the wire itself (Content-Length or chunked bodies).
class WireClient
{
public:
    explicit WireClient(const QString &url)
    {
        const QUrl u(url);
        m_socket.connectToHost(u.host(), quint16(u.port()));
        m_socket.waitForConnected(5000);
    }

    bool connected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

    void send(const QByteArray &bytes, bool byteByByte = false)
    {
        if (!byteByByte) {
            m_socket.write(bytes);
            m_socket.waitForBytesWritten(5000);
            return;
        }
        for (char c : bytes) {
            m_socket.write(&c, 1);
            m_socket.waitForBytesWritten(5000); // one write (one segment, TCP_NODELAY) per byte
        }
    }

    // The next response; status 0 when the connection ended or timed out first.
    WireResponse read(int timeoutMs = 10000)
    {
        WireResponse r;
        qsizetype end;
        while ((end = m_buffer.indexOf("\r\n\r\n")) < 0) {
            if (!more(timeoutMs))
                return r;
        }
        r.head = m_buffer.left(end);
        m_buffer.remove(0, end + 4);
        const qsizetype lineEnd = r.head.indexOf("\r\n");
        const QList<QByteArray> statusLine = (lineEnd < 0 ? r.head : r.head.left(lineEnd)).split(' ');
        if (statusLine.size() < 2)
            return r;
        if (r.header("transfer-encoding").compare("chunked", Qt::CaseInsensitive) == 0) {
            if (!readChunked(&r.body, timeoutMs))
                return r;
        } else {
            const qsizetype length = r.header("content-length").toLongLong();
            while (m_buffer.size() < length) {
                if (!more(timeoutMs))
                    return r;
            }
            r.body = m_buffer.left(length);
            m_buffer.remove(0, length);
        }
        r.status = statusLine.at(1).toInt();
        return r;
    }

    // True when the server closes the connection (and sends nothing more) within timeoutMs.
    bool closedByServer(int timeoutMs = 10000)
    {
        while (m_socket.state() == QAbstractSocket::ConnectedState && m_buffer.isEmpty()) {
            if (!more(timeoutMs))
                break;
        }
        return m_buffer.isEmpty() && m_socket.state() != QAbstractSocket::ConnectedState;
    }

private:
    bool more(int timeoutMs)
    {
        if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(timeoutMs))
            return false;
        m_buffer += m_socket.readAll();
        return true;
    }

    bool readChunked(QByteArray *body, int timeoutMs)
    {
        for (;;) {
            qsizetype lineEnd;
            while ((lineEnd = m_buffer.indexOf("\r\n")) < 0) {
                if (!more(timeoutMs))
                    return false;
            }
            bool ok = false;
            const qsizetype size = m_buffer.left(lineEnd).toLongLong(&ok, 16);
            if (!ok)
                return false;
            while (m_buffer.size() < lineEnd + 2 + size + 2) {
                if (!more(timeoutMs))
                    return false;
            }
            body->append(m_buffer.mid(lineEnd + 2, size));
            m_buffer.remove(0, lineEnd + 2 + size + 2);
            if (size == 0)
                return true;
        }
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

QByteArray simulatorBody(bool stream)
{
    return messagesBody(QStringLiteral("bytespike-simulator"), stream);
}

} // namespace

class TestHttpWire : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void requestByteByByte();
    void chunkedRequestBody();
    void expectContinue();
    void sequentialRequestsOnOneConnection();
    void backToBackRequestsAnsweredInOrder();
    void http10ClosesAfterResponse();
    void connectionCloseHonoured();
    void chunkedBodyOverLimit();
    void garbageAnswered400AndClosed_data();
    void garbageAnswered400AndClosed();
    void clientGoneMidRequest();
    void stillHealthy();

private:
    QByteArray messagesHead(qsizetype contentLength, const QByteArray &extra = {}) const;

    GatewayProcess m_gateway;
};

void TestHttpWire::initTestCase()
{
    QString error;
    QVERIFY2(m_gateway.start(&error), qPrintable(error));
}

void TestHttpWire::cleanupTestCase()
{
    QCOMPARE(m_gateway.terminate(), 0);
}

QByteArray TestHttpWire::messagesHead(qsizetype contentLength, const QByteArray &extra) const
{
    QByteArray head = "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      "anthropic-version: 2023-06-01\r\nx-api-key: "
        + m_gateway.demoKey() + "\r\n" + extra;
    if (contentLength >= 0)
        head += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    return head + "\r\n";
}

void TestHttpWire::requestByteByByte()
{
    const QByteArray body = simulatorBody(false);
    WireClient client(m_gateway.url());
    QVERIFY(client.connected());
    client.send(messagesHead(body.size()) + body, true);
    const WireResponse r = client.read();
    QCOMPARE(r.status, 200);
    QCOMPARE(
        QJsonDocument::fromJson(r.body).object().value(QStringLiteral("type")).toString(), QStringLiteral("message"));
}

void TestHttpWire::chunkedRequestBody()
{
    const QByteArray body = simulatorBody(false);
    QByteArray chunked;
    for (qsizetype at = 0; at < body.size(); at += 7) {
        const QByteArray piece = body.mid(at, 7);
        chunked += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    }
    chunked += "0\r\n\r\n";
    WireClient client(m_gateway.url());
    client.send(messagesHead(-1, "Transfer-Encoding: chunked\r\n") + chunked);
    const WireResponse r = client.read();
    QCOMPARE(r.status, 200);
    QCOMPARE(
        QJsonDocument::fromJson(r.body).object().value(QStringLiteral("type")).toString(), QStringLiteral("message"));
}

void TestHttpWire::expectContinue()
{
    const QByteArray body = simulatorBody(false);
    WireClient client(m_gateway.url());
    client.send(messagesHead(body.size(), "Expect: 100-continue\r\n"));
    const WireResponse interim = client.read();
    QCOMPARE(interim.status, 100);
    client.send(body);
    const WireResponse r = client.read();
    QCOMPARE(r.status, 200);
}

void TestHttpWire::sequentialRequestsOnOneConnection()
{
    const QByteArray body = simulatorBody(false);
    WireClient client(m_gateway.url());
    QSet<QByteArray> ids;
    for (int i = 0; i < 3; ++i) {
        client.send(messagesHead(body.size()) + body);
        const WireResponse r = client.read();
        QCOMPARE(r.status, 200);
        ids.insert(r.header("request-id"));
    }
    client.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QCOMPARE(client.read().status, 200);
    QCOMPARE(ids.size(), 3);
}

void TestHttpWire::backToBackRequestsAnsweredInOrder()
{
    // A stream, then a health check in the same write: the second waits for the first.
    const QByteArray stream = simulatorBody(true);
    WireClient client(m_gateway.url());
    client.send(messagesHead(stream.size()) + stream + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const WireResponse first = client.read();
    QCOMPARE(first.status, 200);
    QVERIFY(first.header("content-type").startsWith("text/event-stream"));
    QVERIFY(first.body.contains("message_stop"));
    const WireResponse second = client.read();
    QCOMPARE(second.status, 200);
    QVERIFY(second.body.contains("\"ok\""));
}

void TestHttpWire::http10ClosesAfterResponse()
{
    WireClient client(m_gateway.url());
    client.send("GET /healthz HTTP/1.0\r\n\r\n");
    const WireResponse r = client.read();
    QCOMPARE(r.status, 200);
    QVERIFY(client.closedByServer());
}

void TestHttpWire::connectionCloseHonoured()
{
    WireClient client(m_gateway.url());
    client.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    const WireResponse r = client.read();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("connection").toLower(), QByteArray("close"));
    QVERIFY(client.closedByServer());
}

void TestHttpWire::chunkedBodyOverLimit()
{
    // One chunk announced at 48 MiB: refused before any of it is read, in the Anthropic envelope.
    WireClient client(m_gateway.url());
    client.send(messagesHead(-1, "Transfer-Encoding: chunked\r\n") + "3000000\r\n" + QByteArray(1000, 'a'));
    const WireResponse r = client.read();
    QCOMPARE(r.status, 413);
    const QJsonObject error = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("request_too_large"));
    QVERIFY(client.closedByServer());
}

void TestHttpWire::garbageAnswered400AndClosed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("not http") << QByteArray("GARBAGE\r\n\r\n");
    QTest::newRow("binary") << QByteArray("\x00\x01\x02\xff\xfe\r\n\r\n", 8);
    QTest::newRow("no version") << QByteArray("GET /healthz\r\n\r\n");
    QTest::newRow("bad version") << QByteArray("GET /healthz HTTP/9.Z\r\n\r\n");
    QTest::newRow("space in header name") << QByteArray("GET /healthz HTTP/1.1\r\nBad Name: x\r\n\r\n");
    QTest::newRow("bad content-length") << QByteArray("POST /v1/messages HTTP/1.1\r\nContent-Length: x\r\n\r\n");
    QTest::newRow("bad chunk size") << QByteArray(
        "POST /v1/messages HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    QTest::newRow("head too large") << "GET /healthz HTTP/1.1\r\nX-Big: " + QByteArray(70 * 1024, 'x') + "\r\n\r\n";
}

void TestHttpWire::garbageAnswered400AndClosed()
{
    QFETCH(QByteArray, bytes);
    WireClient client(m_gateway.url());
    client.send(bytes);
    const WireResponse r = client.read();
    QCOMPARE(r.status, 400);
    QCOMPARE(
        QJsonDocument::fromJson(r.body).object().value(QStringLiteral("type")).toString(), QStringLiteral("error"));
    QVERIFY(client.closedByServer());
}

void TestHttpWire::clientGoneMidRequest()
{
    // Half a head, half a body: the client leaves and the gateway just drops the connection; the
    // next client is served.
    const QByteArray body = simulatorBody(false);
    const auto servesTheNext = [&] {
        WireClient next(m_gateway.url());
        next.send(messagesHead(body.size()) + body);
        return next.read().status;
    };
    {
        WireClient client(m_gateway.url());
        QVERIFY(client.connected());
        client.send("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le");
    }
    QCOMPARE(servesTheNext(), 200);
    {
        WireClient client(m_gateway.url());
        QVERIFY(client.connected());
        client.send(messagesHead(body.size()) + body.left(body.size() / 2));
    }
    QCOMPARE(servesTheNext(), 200);

    // A whole request the gateway took: it holds the customer's credit while the model (here
    // one that never answers) is working, and the client leaves. What the operator and the
    // customer see: the request logged as 499 "client disconnected", not billed, its hold
    // voided, no hold left pending, and the gateway serving the next request.
    HttpClient http;
    const QString holds = m_gateway.url() + QStringLiteral("/admin/ledger/holds");
    const auto pendingHolds = [&] {
        return http.get(holds + QStringLiteral("?state=pending"), m_gateway.adminHeaders())
            .json()
            .value(QStringLiteral("holds"))
            .toArray();
    };
    QCOMPARE(pendingHolds().size(), 0);
    const QByteArray hanging
        = QJsonDocument(QJsonObject {{QStringLiteral("model"), QStringLiteral("bytespike-simulator")},
                            {QStringLiteral("max_tokens"), 32},
                            {QStringLiteral("messages"),
                                QJsonArray {QJsonObject {{QStringLiteral("role"), QStringLiteral("user")},
                                    {QStringLiteral("content"), QStringLiteral("hi [[simulate:hang]]")}}}}})
              .toJson(QJsonDocument::Compact);
    QByteArray requestId;
    {
        WireClient client(m_gateway.url());
        QVERIFY(client.connected());
        client.send(messagesHead(hanging.size()) + hanging);
        // In flight: its hold is pending (waited for by state, not by time).
        QTRY_VERIFY_WITH_TIMEOUT(pendingHolds().size() == 1, 20000);
        requestId = pendingHolds().first().toObject().value(QStringLiteral("request_id")).toString().toLatin1();
        QVERIFY(!requestId.isEmpty());
    } // the client leaves
    const QJsonObject row = requestLogEntry(http, m_gateway, requestId);
    QCOMPARE(row.value(QStringLiteral("request_id")).toString().toLatin1(), requestId);
    QCOMPARE(row.value(QStringLiteral("status")).toInt(), 499);
    QCOMPARE(row.value(QStringLiteral("billed")).toBool(), false);
    QCOMPARE(row.value(QStringLiteral("not_billed_reason")).toString(), QStringLiteral("client disconnected"));
    QCOMPARE(row.value(QStringLiteral("not_billed_code")).toString(), QStringLiteral("client_disconnected"));
    QVERIFY(row.value(QStringLiteral("entry_id")).isNull()); // no debit on the statement
    QTRY_COMPARE_WITH_TIMEOUT(pendingHolds().size(), 0, 20000);
    const QJsonArray itsHolds
        = http.get(holds + QStringLiteral("?request=") + QString::fromLatin1(requestId), m_gateway.adminHeaders())
              .json()
              .value(QStringLiteral("holds"))
              .toArray();
    QCOMPARE(itsHolds.size(), 1);
    QCOMPARE(itsHolds.first().toObject().value(QStringLiteral("state")).toString(), QStringLiteral("voided"));
    QCOMPARE(servesTheNext(), 200);
}

void TestHttpWire::stillHealthy()
{
    HttpClient http;
    QCOMPARE(http.get(m_gateway.url() + QStringLiteral("/healthz")).status, 200);
    QVERIFY(m_gateway.process().state() == QProcess::Running);
}

QTEST_GUILESS_MAIN(TestHttpWire)
#include "tst_httpwire.moc"
