#include "HttpUpstreamCall.h"

#include "ResponseParser.h"

#include <QTimerEvent>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <charconv>

namespace bytespike {

namespace http = boost::beast::http;
using boost::beast::error_code;

namespace {
// Each read takes up to this much, on the stack; at most so many reads per wake-up, so that one
// fast upstream neither holds the thread nor piles up body bytes before they are handed on.
constexpr std::size_t kReadBlockBytes = 16384;
constexpr int kReadsPerWakeUp = 8;

} // namespace

HttpUpstreamCall::HttpUpstreamCall(UpstreamPool *pool, UpstreamRequest request, QObject *parent)
    : UpstreamCall(parent)
    , m_pool(pool)
    , m_request(std::move(request))
{
    if (!m_request.origin)
        m_request.origin = UpstreamOrigin::make(m_request.target);
}

HttpUpstreamCall::~HttpUpstreamCall()
{
    closeSocket();
}

void HttpUpstreamCall::start()
{
    m_clock.start();
    setDeadline(FirstByteLimit, m_request.firstByteTimeoutMs);
    open(true);
}

void HttpUpstreamCall::open(bool allowReuse)
{
    m_parser = std::make_unique<ResponseParser>();
    m_pending.clear();
    m_anyByte = false;
    UpstreamConnection *connection = allowReuse ? m_pool->take(*m_request.origin, this) : nullptr;
    m_reused = connection != nullptr;
    m_socket = connection;
    if (m_reused) {
        send();
        return;
    }
    connection = new UpstreamConnection(m_pool, m_request.origin);
    connection->call = this;
    m_socket = connection;
    setDeadline(ConnectLimit, m_request.connectTimeoutMs);
    connection->open();
}

void HttpUpstreamCall::onConnected()
{
    clearDeadline(ConnectLimit);
    send();
}

void HttpUpstreamCall::onConnectFailed(const QString &message)
{
    fail(UpstreamFailure::Connect, message);
}

void HttpUpstreamCall::setDeadline(Limit limit, int ms)
{
    m_deadlineNs[limit] = m_clock.nsecsElapsed() + qint64(ms) * 1000000;
    armTimer();
}

void HttpUpstreamCall::armTimer()
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

void HttpUpstreamCall::timerEvent(QTimerEvent *event)
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

void HttpUpstreamCall::send()
{
    const UpstreamTarget &target = m_request.target;
    QByteArray &head = m_socket->output(); // empty; its block is the connection's
    head.reserve(512 + m_request.body.size());
    char length[24];
    const char *const lengthEnd = std::to_chars(length, length + sizeof length, m_request.body.size()).ptr;
    head += "POST " + target.requestTarget + " HTTP/1.1\r\nHost: " + target.authority + "\r\nContent-Length: ";
    head.append(length, lengthEnd - length).append("\r\n");
    for (const auto &[name, value] : m_request.headers) {
        // Beast's compare, as ResponseParser's: the lengths first, the bytes only when they match.
        const auto is = [&name](boost::beast::string_view header) {
            return boost::beast::iequals(boost::beast::string_view(name.constData(), std::size_t(name.size())), header);
        };
        if (is("host") || is("content-length") || is("connection") || is("transfer-encoding"))
            continue;
        head += name + ": " + value + "\r\n";
    }
    head += "\r\n";
    head += m_request.body;
    // One send; only a request larger than the socket's room waits for the write notifier.
    m_socket->flush();
}

void HttpUpstreamCall::onReadable()
{
    // Paused, nothing more is read (a read scheduled for decrypted bytes may still arrive).
    if (m_done || !m_socket || m_paused)
        return;
    // Straight from the socket (or TLS) into a block on the stack, then into the parser.
    char block[kReadBlockBytes];
    bool any = false;
    auto ended = UpstreamConnection::Received::Bytes; // Ended or Failed once the connection is over
    for (int reads = 0; reads < kReadsPerWakeUp && !m_parser->finished; ++reads) {
        qsizetype n = 0;
        const UpstreamConnection::Received got = m_socket->receive(block, qsizetype(sizeof block), &n);
        if (got == UpstreamConnection::Received::WouldBlock)
            break;
        if (got != UpstreamConnection::Received::Bytes) {
            ended = got;
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
            ok = parse(block, n);
        } else {
            m_pending.append(block, n);
            const QByteArray buffered = std::exchange(m_pending, {});
            ok = parse(buffered.constData(), buffered.size());
        }
        if (!ok || m_done)
            return;
        // A short read took all the socket held. The notifier is level-triggered: more bytes, or
        // the end of the stream, wake it again, so no recv is spent to learn that nothing is left
        // (and a finished response costs no recv after it either). TLS may hold more already.
        if (std::size_t(n) < sizeof block && !m_socket->hasBufferedInput())
            break;
    }
    QPointer<HttpUpstreamCall> self(this);
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
    if (ended != UpstreamConnection::Received::Bytes && m_socket)
        m_socket->markClosed();
    if (m_parser->finished) {
        complete();
        return;
    }
    if (ended != UpstreamConnection::Received::Bytes) {
        onDisconnected(ended);
        return;
    }
    // Decrypted bytes the socket will not announce: read on in the next turn.
    if (m_socket && !m_paused && m_socket->hasBufferedInput())
        m_socket->scheduleRead();
}

bool HttpUpstreamCall::parse(const char *data, qsizetype size)
{
    // The body these bytes hold is at most as long as they are: one allocation for all of its
    // chunks instead of a growing one for each. (Only for the first read of a wake-up: later
    // reads append to it and grow it geometrically, as QByteArray does.)
    if (m_parser->body.isEmpty())
        m_parser->body.reserve(size);
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

void HttpUpstreamCall::complete()
{
    m_done = true;
    stopTimers();
    if (m_socket) {
        UpstreamConnection *socket = m_socket;
        m_socket = nullptr;
        // Not reused: bytes after the response, a request not wholly sent (an early answer), a
        // connection that ended.
        if (m_parser->keep_alive() && m_pending.isEmpty() && socket->isConnected() && !socket->hasUnsentOutput()
            && !socket->hasBufferedInput())
            m_pool->give(socket);
        else
            UpstreamPool::retire(socket);
    }
    Q_EMIT finished();
}

// The connection ended (cleanly, or reset) or failed (a receive error, a TLS failure or a TLS
// connection cut short) with everything before it parsed.
void HttpUpstreamCall::onDisconnected(UpstreamConnection::Received how)
{
    if (m_done || !m_socket)
        return;
    // A body delimited by the end of the connection: a close by the server, not the end of
    // reading after a send of ours failed, nor a TLS connection cut without close_notify.
    if (how == UpstreamConnection::Received::Ended && !m_socket->sendFailed() && m_parser->headerDone
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
    if (how == UpstreamConnection::Received::Failed && !m_socket->sendFailed() && !m_socket->failureText().isEmpty())
        message += QStringLiteral(": ") + m_socket->failureText();
    fail(m_headerSeen ? UpstreamFailure::Dropped : UpstreamFailure::Connect, message);
}

void HttpUpstreamCall::fail(UpstreamFailure failure, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    stopTimers();
    closeSocket();
    Q_EMIT failed(failure, message);
}

void HttpUpstreamCall::abort()
{
    m_done = true;
    stopTimers();
    closeSocket();
}

void HttpUpstreamCall::setPaused(bool paused)
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

void HttpUpstreamCall::stopTimers()
{
    for (qint64 &deadline : m_deadlineNs)
        deadline = -1;
    m_timer.stop();
    m_armedForNs = -1;
}

void HttpUpstreamCall::closeSocket()
{
    if (!m_socket)
        return;
    UpstreamConnection *socket = m_socket;
    m_socket = nullptr;
    UpstreamPool::retire(socket);
}

} // namespace bytespike
