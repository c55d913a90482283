#include "PlainHttpCall.h"

#include "wire/BodyParser.h"

#include <QTimerEvent>

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <cerrno>
#include <cstring>
#include <limits>

#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bytespike {

namespace http = boost::beast::http;
using boost::beast::error_code;
using boost::beast::string_view;

namespace {
// Each read takes up to this much, on the stack; at most so many reads per wake-up, so that one
// fast upstream neither holds the thread nor piles up body bytes before they are handed on.
constexpr std::size_t kReadBlockBytes = 16384;
constexpr int kReadsPerWakeUp = 8;

QByteArray bytes(string_view s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}
} // namespace

// Boost.Beast's HTTP/1.1 response parser (the project never parses HTTP itself), collecting the
// status, the headers (names lower-cased) and the body bytes of each put() for the call to emit.
class ResponseParser : public BodyParser<false>
{
public:
    ResponseParser()
    {
        eager(true);
        // Streams are unbounded: the gateway relays, it does not buffer. (Not boost::none: Boost
        // 1.74 compares a Content-Length against the optional limit and then refuses every body.)
        body_limit(std::numeric_limits<std::uint64_t>::max());
        header_limit(64 * 1024);
        headers.reserve(16); // an answer's usual headers without growing the list four times
    }

    int status = 0;
    HeaderPairs headers;
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
    void on_finish_impl(error_code &) override { finished = true; }
};

PlainHttpCall::PlainHttpCall(PlainHttpPool *pool, UpstreamRequest request, QObject *parent)
    : UpstreamCall(parent)
    , m_pool(pool)
    , m_request(std::move(request))
{ }

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
    PlainHttpConnection *connection
        = allowReuse ? m_pool->take(m_request.target.host, m_request.target.port, this) : nullptr;
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
    connection->connectTo(m_request.target.host, m_request.target.port);
}

void PlainHttpCall::onConnected()
{
    clearDeadline(ConnectLimit);
    send();
}

void PlainHttpCall::onConnectFailed(const QString &message)
{
    fail(UpstreamFailure::Connect, message);
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
    const UpstreamTarget &target = m_request.target;
    QByteArray &head = m_socket->output(); // empty; its block is the connection's
    head.reserve(512 + m_request.body.size());
    head += "POST " + target.requestTarget + " HTTP/1.1\r\nHost: " + target.authority
        + "\r\nContent-Length: " + QByteArray::number(m_request.body.size()) + "\r\n";
    for (const auto &[name, value] : m_request.headers) {
        const auto is = [&name](const char *header) { return name.compare(header, Qt::CaseInsensitive) == 0; };
        if (is("host") || is("content-length") || is("connection") || is("transfer-encoding"))
            continue;
        head += name + ": " + value + "\r\n";
    }
    head += "\r\n";
    head += m_request.body;
    // One send; only a request larger than the socket's room waits for the write notifier.
    m_socket->flush();
}

void PlainHttpCall::onReadable()
{
    if (m_done || !m_socket)
        return;
    const int fd = m_socket->descriptor();
    // Straight from the socket into a block on the stack, then into the parser.
    char block[kReadBlockBytes];
    bool any = false;
    int closed = -1; // -1: open; 0: end of stream; else the receive error
    for (int reads = 0; reads < kReadsPerWakeUp && !m_parser->finished; ++reads) {
        ssize_t n;
        do
            n = ::recv(fd, block, sizeof block, 0);
        while (n < 0 && errno == EINTR);
        if (n < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                closed = errno;
            break;
        }
        if (n == 0) {
            closed = 0;
            break;
        }
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
        // A short read took all the socket held. The notifier is level-triggered: more bytes, or
        // the end of the stream, wake it again, so no recv is spent to learn that nothing is left
        // (and a finished response costs no recv after it either).
        if (std::size_t(n) < sizeof block)
            break;
    }
    QPointer<PlainHttpCall> self(this);
    if (any && m_parser->headerDone && !m_headerSeen) {
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
    if (closed >= 0 && m_socket)
        m_socket->markClosed();
    if (m_parser->finished) {
        complete();
        return;
    }
    if (closed >= 0)
        onDisconnected(closed);
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
        // Not reused: bytes after the response, a request not wholly sent (an early answer), a
        // connection that ended.
        if (m_parser->keep_alive() && m_pending.isEmpty() && socket->isConnected() && !socket->hasUnsentOutput())
            m_pool->give(m_request.target.host, m_request.target.port, socket);
        else
            PlainHttpPool::retire(socket);
    }
    Q_EMIT finished();
}

// The connection ended (error 0) or failed (a receive error) with everything before it parsed.
void PlainHttpCall::onDisconnected(int error)
{
    if (m_done || !m_socket)
        return;
    // A body delimited by the end of the connection: a close or a reset by the server, not the
    // end of reading after a send of ours failed.
    if ((error == 0 || error == ECONNRESET) && !m_socket->sendFailed() && m_parser->headerDone
        && m_parser->need_eof()) {
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
    QString message = m_headerSeen
        ? QStringLiteral("the upstream closed the connection before the response was complete")
        : QStringLiteral("the upstream closed the connection without answering");
    if (error != 0 && error != ECONNRESET && error != EPIPE)
        message += QStringLiteral(": ") + qt_error_string(error);
    fail(m_headerSeen ? UpstreamFailure::Dropped : UpstreamFailure::Connect, message);
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

void PlainHttpCall::setPaused(bool paused)
{
    if (m_done || paused == m_paused)
        return;
    m_paused = paused;
    if (m_socket)
        m_socket->setReading(!paused);
    // Only a response being read is paused: before its head the first-byte limit still runs.
    if (!m_headerSeen)
        return;
    if (paused)
        clearDeadline(IdleLimit);
    else
        setDeadline(IdleLimit, m_request.idleTimeoutMs);
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
