#include "PlainHttpCall.h"

#include <QTcpSocket>

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <limits>

namespace bytespike {

namespace http = boost::beast::http;
using boost::beast::error_code;
using boost::beast::string_view;

namespace {
constexpr int kMaxIdlePerHost = 64;
constexpr qint64 kIdleReuseMs = 4000; // below common server keep-alive timeouts (node: 5 s)

QByteArray bytes(string_view s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}
} // namespace

// Boost.Beast's HTTP/1.1 response parser (the project never parses HTTP itself), collecting the
// status, the headers (names lower-cased) and the body bytes of each put() for the call to emit.
class ResponseParser : public http::basic_parser<false>
{
public:
    ResponseParser()
    {
        eager(true);
        // Streams are unbounded: the gateway relays, it does not buffer. (Not boost::none: Boost
        // 1.74 compares a Content-Length against the optional limit and then refuses every body.)
        body_limit(std::numeric_limits<std::uint64_t>::max());
        header_limit(64 * 1024);
    }

    int status = 0;
    HeaderPairs headers;
    QByteArray body;
    bool headerDone = false;
    bool finished = false;

private:
    void on_request_impl(http::verb, string_view, string_view, int, error_code &) override { }
    void on_response_impl(int code, string_view, int, error_code &) override { status = code; }
    void on_field_impl(http::field, string_view name, string_view value, error_code &) override
    {
        headers.append({bytes(name).toLower(), bytes(value)});
    }
    void on_header_impl(error_code &) override { headerDone = true; }
    void on_body_init_impl(boost::optional<std::uint64_t> const &, error_code &) override { }
    std::size_t on_body_impl(string_view data, error_code &) override
    {
        body.append(data.data(), qsizetype(data.size()));
        return data.size();
    }
    void on_chunk_header_impl(std::uint64_t, string_view, error_code &) override { }
    std::size_t on_chunk_body_impl(std::uint64_t, string_view data, error_code &) override
    {
        body.append(data.data(), qsizetype(data.size()));
        return data.size();
    }
    void on_finish_impl(error_code &) override { finished = true; }
};

QString PlainHttpPool::key(const QString &host, quint16 port)
{
    return host + QLatin1Char(':') + QString::number(port);
}

QTcpSocket *PlainHttpPool::take(const QString &host, quint16 port)
{
    auto it = m_idle.find(key(host, port));
    if (it == m_idle.end())
        return nullptr;
    while (!it->isEmpty()) {
        const Idle idle = it->takeLast();
        idle.socket->disconnect(this);
        if (idle.socket->state() == QAbstractSocket::ConnectedState && idle.since.elapsed() < kIdleReuseMs)
            return idle.socket;
        idle.socket->abort();
        idle.socket->deleteLater();
    }
    return nullptr;
}

void PlainHttpPool::give(const QString &host, quint16 port, QTcpSocket *socket)
{
    QList<Idle> &list = m_idle[key(host, port)];
    if (list.size() >= kMaxIdlePerHost || socket->state() != QAbstractSocket::ConnectedState) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    socket->disconnect();
    socket->setParent(this);
    // Anything from an idle connection (a close, stray bytes) makes it unusable.
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { drop(socket); });
    QElapsedTimer since;
    since.start();
    list.append({socket, since});
}

void PlainHttpPool::drop(QTcpSocket *socket)
{
    for (QList<Idle> &list : m_idle) {
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (list[i].socket == socket) {
                list.removeAt(i);
                socket->disconnect(this);
                socket->abort();
                socket->deleteLater();
                return;
            }
        }
    }
}

PlainHttpCall::PlainHttpCall(PlainHttpPool *pool, UpstreamRequest request, QObject *parent)
    : UpstreamCall(parent)
    , m_pool(pool)
    , m_request(std::move(request))
{
    m_host = m_request.url.host();
    m_port = quint16(m_request.url.port(80));
    armTimeouts(this, m_request, m_connectTimer, m_firstByteTimer, m_idleTimer,
        [this](UpstreamFailure failure, const QString &message) { fail(failure, message); });
}

PlainHttpCall::~PlainHttpCall()
{
    closeSocket();
}

void PlainHttpCall::start()
{
    m_firstByteTimer.start(m_request.firstByteTimeoutMs);
    open(true);
}

void PlainHttpCall::open(bool allowReuse)
{
    m_parser = std::make_unique<ResponseParser>();
    m_pending.clear();
    m_anyByte = false;
    QTcpSocket *socket = allowReuse ? m_pool->take(m_host, m_port) : nullptr;
    m_reused = socket != nullptr;
    if (!socket) {
        socket = new QTcpSocket(m_pool);
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }
    m_socket = socket;
    connect(socket, &QTcpSocket::readyRead, this, &PlainHttpCall::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &PlainHttpCall::onDisconnected);
    connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError)
            return; // disconnected() decides
        if (m_socket && m_socket->state() != QAbstractSocket::ConnectedState && !m_anyByte)
            fail(UpstreamFailure::Connect, m_socket->errorString());
    });
    if (m_reused) {
        send();
        return;
    }
    connect(socket, &QTcpSocket::connected, this, [this] {
        m_connectTimer.stop();
        send();
    });
    m_connectTimer.start(m_request.connectTimeoutMs);
    socket->connectToHost(m_host, m_port);
}

void PlainHttpCall::send()
{
    QByteArray target = m_request.url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (m_request.url.hasQuery())
        target += '?' + m_request.url.query(QUrl::FullyEncoded).toLatin1();
    QUrl hostPart = m_request.url;
    hostPart.setUserInfo({}); // credentials in a base URL never travel in the Host header
    QByteArray head;
    head.reserve(512 + m_request.body.size());
    head += "POST " + target + " HTTP/1.1\r\nHost: " + hostPart.authority(QUrl::FullyEncoded).toLatin1()
        + "\r\nContent-Length: " + QByteArray::number(m_request.body.size()) + "\r\n";
    for (const auto &[name, value] : m_request.headers) {
        const QByteArray lower = name.toLower();
        if (lower == "host" || lower == "content-length" || lower == "connection" || lower == "transfer-encoding")
            continue;
        head += name + ": " + value + "\r\n";
    }
    head += "\r\n";
    head += m_request.body;
    // Copied into the socket's buffer and written now, not on the write notifier's next turn.
    m_socket->write(head.constData(), head.size());
    m_socket->flush();
}

void PlainHttpCall::onReadyRead()
{
    if (m_done || !m_socket)
        return;
    // Read through a block on the stack: readAll() allocates a 16 KiB array, grows it and
    // shrinks it again on every read, and those large blocks churn the heap.
    char block[16384];
    bool any = false;
    while (!m_parser->finished) {
        const qint64 n = m_socket->read(block, qint64(sizeof block));
        if (n <= 0)
            break;
        if (!any) {
            any = true;
            m_anyByte = true;
            if (m_headerSeen)
                m_idleTimer.start(m_request.idleTimeoutMs);
        }
        bool ok;
        if (m_pending.isEmpty()) {
            ok = parse(block, qsizetype(n));
        } else {
            m_pending.append(block, qsizetype(n));
            const QByteArray buffered = std::exchange(m_pending, {});
            ok = parse(buffered.constData(), buffered.size());
        }
        if (!ok || m_done)
            return;
    }
    if (!any)
        return;
    QPointer<PlainHttpCall> self(this);
    if (m_parser->headerDone && !m_headerSeen) {
        m_headerSeen = true;
        m_firstByteTimer.stop();
        m_idleTimer.start(m_request.idleTimeoutMs);
        Q_EMIT responseStarted(m_parser->status, m_parser->headers);
        if (!self || m_done)
            return;
    }
    if (!m_parser->body.isEmpty()) {
        Q_EMIT bodyData(std::exchange(m_parser->body, {}));
        if (!self || m_done)
            return;
    }
    if (m_parser->finished)
        complete();
}

bool PlainHttpCall::parse(const char *data, qsizetype size)
{
    while (size > 0) {
        error_code ec;
        const std::size_t used = m_parser->put(boost::asio::const_buffer(data, std::size_t(size)), ec);
        data += used;
        size -= qsizetype(used);
        if (ec == http::error::need_more) {
            m_pending.append(data, size); // an incomplete head or chunk header: wait for more
            return true;
        }
        if (ec) {
            fail(m_headerSeen ? UpstreamFailure::Dropped : UpstreamFailure::Connect,
                QStringLiteral("malformed HTTP response from the upstream: %1")
                    .arg(QString::fromStdString(ec.message())));
            return false;
        }
        if (m_parser->finished) {
            // An interim 1xx answer: the real one follows on the same connection.
            if (m_parser->status >= 100 && m_parser->status < 200 && m_parser->status != 101) {
                m_parser = std::make_unique<ResponseParser>();
                continue;
            }
            // Bytes after the response: kept so that complete() does not reuse the connection.
            m_pending.append(data, size);
            return true;
        }
        if (used == 0)
            break;
    }
    return true;
}

void PlainHttpCall::complete()
{
    m_done = true;
    stopTimers();
    if (m_socket) {
        QTcpSocket *socket = m_socket;
        m_socket = nullptr;
        socket->disconnect(this);
        if (m_parser->keep_alive() && m_pending.isEmpty() && socket->bytesAvailable() == 0)
            m_pool->give(m_host, m_port, socket);
        else {
            socket->abort();
            socket->deleteLater();
        }
    }
    Q_EMIT finished();
}

void PlainHttpCall::onDisconnected()
{
    if (m_done || !m_socket)
        return;
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    if (m_done)
        return;
    // A body delimited by the end of the connection.
    if (m_parser->headerDone && m_parser->need_eof()) {
        error_code ec;
        m_parser->put_eof(ec);
        if (!ec) {
            if (!m_parser->body.isEmpty())
                Q_EMIT bodyData(std::exchange(m_parser->body, {}));
            if (!m_done)
                complete();
            return;
        }
    }
    // A kept-alive connection the server closed just as it was reused, before answering a byte:
    // the request never reached the application, so it is sent once more on a new connection.
    if (m_reused && !m_anyByte) {
        closeSocket();
        open(false);
        return;
    }
    fail(m_headerSeen ? UpstreamFailure::Dropped : UpstreamFailure::Connect,
        m_headerSeen ? QStringLiteral("the upstream closed the connection before the response was complete")
                     : QStringLiteral("the upstream closed the connection without answering"));
}

void PlainHttpCall::fail(UpstreamFailure failure, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    stopTimers();
    closeSocket();
    Q_EMIT failed(failure, message);
}

void PlainHttpCall::abort()
{
    m_done = true;
    stopTimers();
    closeSocket();
}

void PlainHttpCall::stopTimers()
{
    m_connectTimer.stop();
    m_firstByteTimer.stop();
    m_idleTimer.stop();
}

void PlainHttpCall::closeSocket()
{
    if (!m_socket)
        return;
    QTcpSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

} // namespace bytespike
