#include "PlainHttpCall.h"

#include <QTimerEvent>

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

PlainHttpConnection::PlainHttpConnection(PlainHttpPool *pool)
    : QTcpSocket(pool)
{
    setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(this, &QTcpSocket::connected, this, [this] {
        if (!retired && call)
            call->onConnected();
    });
    // Anything from an idle connection (a close, stray bytes) makes it unusable.
    connect(this, &QTcpSocket::readyRead, this, [this, pool] {
        if (retired)
            return;
        if (call)
            call->onReadyRead();
        else
            pool->drop(this);
    });
    connect(this, &QTcpSocket::disconnected, this, [this, pool] {
        if (retired)
            return;
        if (call)
            call->onDisconnected();
        else
            pool->drop(this);
    });
    connect(this, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (!retired && call)
            call->onSocketError(error);
    });
}

QString PlainHttpPool::key(const QString &host, quint16 port)
{
    return host + QLatin1Char(':') + QString::number(port);
}

PlainHttpConnection *PlainHttpPool::take(const QString &host, quint16 port, PlainHttpCall *call)
{
    auto it = m_idle.find(key(host, port));
    if (it == m_idle.end())
        return nullptr;
    while (!it->isEmpty()) {
        PlainHttpConnection *connection = it->takeLast();
        if (connection->state() == QAbstractSocket::ConnectedState && connection->idleSince.elapsed() < kIdleReuseMs) {
            connection->call = call;
            return connection;
        }
        retire(connection);
    }
    return nullptr;
}

void PlainHttpPool::give(const QString &host, quint16 port, PlainHttpConnection *connection)
{
    connection->call = nullptr;
    QList<PlainHttpConnection *> &list = m_idle[key(host, port)];
    if (list.size() >= kMaxIdlePerHost || connection->state() != QAbstractSocket::ConnectedState) {
        retire(connection);
        return;
    }
    connection->idleSince.start();
    list.append(connection);
}

void PlainHttpPool::retire(PlainHttpConnection *connection)
{
    connection->call = nullptr;
    connection->retired = true;
    connection->abort();
    connection->deleteLater();
}

void PlainHttpPool::drop(PlainHttpConnection *connection)
{
    for (QList<PlainHttpConnection *> &list : m_idle) {
        if (list.removeOne(connection)) {
            retire(connection);
            return;
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
}

PlainHttpCall::~PlainHttpCall()
{
    closeSocket();
}

void PlainHttpCall::start()
{
    m_clock.start();
    setDeadline(FirstByteLimit, m_request.firstByteTimeoutMs);
    open(true);
}

void PlainHttpCall::open(bool allowReuse)
{
    m_parser = std::make_unique<ResponseParser>();
    m_pending.clear();
    m_anyByte = false;
    PlainHttpConnection *connection = allowReuse ? m_pool->take(m_host, m_port, this) : nullptr;
    m_reused = connection != nullptr;
    m_socket = connection;
    if (m_reused) {
        send();
        return;
    }
    connection = new PlainHttpConnection(m_pool);
    connection->call = this;
    m_socket = connection;
    setDeadline(ConnectLimit, m_request.connectTimeoutMs);
    connection->connectToHost(m_host, m_port);
}

void PlainHttpCall::onConnected()
{
    clearDeadline(ConnectLimit);
    send();
}

void PlainHttpCall::onSocketError(QAbstractSocket::SocketError error)
{
    if (error == QAbstractSocket::RemoteHostClosedError)
        return; // disconnected() decides
    if (m_socket && m_socket->state() != QAbstractSocket::ConnectedState && !m_anyByte)
        fail(UpstreamFailure::Connect, m_socket->errorString());
}

void PlainHttpCall::setDeadline(Limit limit, int ms)
{
    m_deadlineNs[limit] = m_clock.nsecsElapsed() + qint64(ms) * 1000000;
    armTimer();
}

void PlainHttpCall::armTimer()
{
    qint64 nearest = -1;
    for (qint64 deadline : m_deadlineNs) {
        if (deadline >= 0 && (nearest < 0 || deadline < nearest))
            nearest = deadline;
    }
    if (nearest < 0) {
        m_timer.stop();
        m_armedForNs = -1;
        return;
    }
    // A later deadline leaves the timer as it is: it fires early and is armed again then.
    if (m_timer.isActive() && m_armedForNs <= nearest)
        return;
    const qint64 leftNs = std::max<qint64>(0, nearest - m_clock.nsecsElapsed());
    m_timer.start(int((leftNs + 999999) / 1000000), Qt::PreciseTimer, this);
    m_armedForNs = nearest;
}

void PlainHttpCall::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId()) {
        UpstreamCall::timerEvent(event);
        return;
    }
    m_timer.stop();
    m_armedForNs = -1;
    const qint64 now = m_clock.nsecsElapsed();
    if (m_deadlineNs[ConnectLimit] >= 0 && now >= m_deadlineNs[ConnectLimit]) {
        fail(UpstreamFailure::Connect, QStringLiteral("connect timeout after %1 ms").arg(m_request.connectTimeoutMs));
        return;
    }
    if (m_deadlineNs[FirstByteLimit] >= 0 && now >= m_deadlineNs[FirstByteLimit]) {
        fail(UpstreamFailure::FirstByteTimeout,
            QStringLiteral("no response within %1 ms").arg(m_request.firstByteTimeoutMs));
        return;
    }
    if (m_deadlineNs[IdleLimit] >= 0 && now >= m_deadlineNs[IdleLimit]) {
        fail(UpstreamFailure::IdleTimeout,
            QStringLiteral("the response stalled for %1 ms").arg(m_request.idleTimeoutMs));
        return;
    }
    armTimer();
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
                m_deadlineNs[IdleLimit] = m_clock.nsecsElapsed() + qint64(m_request.idleTimeoutMs) * 1000000;
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
        clearDeadline(FirstByteLimit);
        setDeadline(IdleLimit, m_request.idleTimeoutMs);
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
        PlainHttpConnection *socket = m_socket;
        m_socket = nullptr;
        if (m_parser->keep_alive() && m_pending.isEmpty() && socket->bytesAvailable() == 0)
            m_pool->give(m_host, m_port, socket);
        else
            PlainHttpPool::retire(socket);
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
    for (qint64 &deadline : m_deadlineNs)
        deadline = -1;
    m_timer.stop();
    m_armedForNs = -1;
}

void PlainHttpCall::closeSocket()
{
    if (!m_socket)
        return;
    PlainHttpConnection *socket = m_socket;
    m_socket = nullptr;
    PlainHttpPool::retire(socket);
}

} // namespace bytespike
