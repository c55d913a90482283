#include "HttpConnection.h"

#include "HttpExchange.h"
#include "HttpListener.h"
#include "HttpRequestHead.h"
#include "RequestParser.h"
#include "base/Ids.h"
#include "loop/TurnEnd.h"
#include "protocol/anthropic/ApiError.h"
#include "protocol/openai/ChatResponse.h"

#include <QSocketNotifier>
#include <QTimerEvent>

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <new>
#include <utility>

#include <sys/socket.h>
#include <unistd.h>

namespace bytespike {

namespace http = boost::beast::http;
using boost::beast::error_code;

namespace {
// The whole head must fit the buffer: Beast parses a head only once it has all of it.
constexpr qsizetype kInputBytes = 64 * 1024;
// A refused body is read and dropped (so the client, still sending, can read the 413) up to this
// many times the limit; beyond it the 413 goes at once.
constexpr qint64 kDiscardFactor = 4;
// After the last response of a connection: how long its remaining input is read and dropped
// before the descriptor closes (closing with unread input would reset the connection and could
// destroy the response on the client's side).
constexpr qint64 kLingerNs = 5'000'000'000;

qint64 nowNs()
{
    timespec now {};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

constexpr qint64 ns(int ms)
{
    return qint64(ms) * 1'000'000;
}

} // namespace

QHostAddress HttpConnection::peerAddress() const
{
    sockaddr_storage address {};
    socklen_t size = sizeof(address);
    if (m_descriptor < 0 || ::getpeername(m_descriptor, reinterpret_cast<sockaddr *>(&address), &size) != 0)
        return QHostAddress();
    return QHostAddress(reinterpret_cast<const sockaddr *>(&address));
}

HttpConnection::HttpConnection(int descriptor, HttpListener *listener)
    : QObject(listener)
    , m_listener(listener)
    , m_table(&listener->table())
    , m_descriptor(descriptor)
    , m_in(new char[kInputBytes])
    , m_parser(new RequestParser(std::uint64_t(listener->limits().maxBodyBytes)))
    , m_openedNs(nowNs())
{
    m_readNotifier = new QSocketNotifier(descriptor, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &HttpConnection::onReadable);
    m_table->opened(this, ConnectionTable::Standing::Waiting);
    armDeadline();
}

HttpConnection::~HttpConnection()
{
    if (m_exchange)
        m_exchange->connectionClosed();
    if (m_descriptor >= 0) {
        ::close(m_descriptor);
        m_table->closed(this);
    }
}

void HttpConnection::onReadable()
{
    if (m_inEnd == kInputBytes) {
        // A whole buffer of the next request waits behind a response still in flight.
        m_readNotifier->setEnabled(false);
        return;
    }
    const ssize_t n = ::recv(m_descriptor, m_in.get() + m_inEnd, size_t(kInputBytes - m_inEnd), 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (n <= 0) {
        closeNow(); // end of stream or an error: the client is gone
        return;
    }
    if (m_lingering) {
        m_inEnd = 0;
        return;
    }
    m_lastReadNs = nowNs();
    m_inEnd += n;
    if (m_discardRemaining >= 0) {
        discardBody();
        armDeadline();
        return;
    }
    if (!m_exchange) {
        if (m_headStartNs < 0 && !m_parser->headDone) {
            // The first byte of a head: its time limit runs from here, however slowly the rest comes.
            m_headStartNs = m_lastReadNs;
            m_idleSinceNs = -1;
            setStanding(ConnectionTable::Standing::Waiting);
        }
        parseBuffered();
        armDeadline();
    }
}

void HttpConnection::parseBuffered()
{
    while (!m_exchange && m_descriptor >= 0 && !m_lingering && m_discardRemaining < 0) {
        if (m_inStart == m_inEnd) {
            m_inStart = m_inEnd = 0;
            return;
        }
        error_code ec;
        const std::size_t used
            = m_parser->put(boost::asio::const_buffer(m_in.get() + m_inStart, size_t(m_inEnd - m_inStart)), ec);
        m_inStart += qsizetype(used);
        if (ec == http::error::need_more || (!ec && !m_parser->is_done())) {
            if (m_parser->headDone) {
                // Reading a body now: no longer an unfinished head, never evicted.
                setStanding(ConnectionTable::Standing::Busy);
                if (m_parser->expectContinue && !m_continueSent) {
                    m_continueSent = true;
                    static const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
                    write(kContinue, sizeof kContinue - 1);
                    flush();
                }
            }
            compactInput();
            return;
        }
        if (ec == http::error::body_limit) {
            // Over the limit: a declared length is read and dropped first (unless the client
            // waits for 100 Continue or the length is absurd), then answered 413.
            const qint64 declared = m_parser->declaredLength;
            const qint64 limit = m_listener->limits().maxBodyBytes;
            setStanding(ConnectionTable::Standing::Busy);
            if (declared > 0 && !m_parser->expectContinue && declared <= limit * kDiscardFactor) {
                m_discardRemaining = declared;
                discardBody();
            } else {
                startExchange(true);
            }
            return;
        }
        if (ec) {
            refuse(ApiError::invalidRequest(
                QStringLiteral("malformed HTTP request: %1").arg(QString::fromStdString(ec.message()))));
            return;
        }
        startExchange(false);
    }
}

void HttpConnection::discardBody()
{
    const qint64 take = std::min<qint64>(m_discardRemaining, m_inEnd - m_inStart);
    m_discardRemaining -= take;
    m_inStart = m_inEnd = 0; // anything after the body is dropped too: the connection closes
    if (m_discardRemaining == 0) {
        m_discardRemaining = -1;
        startExchange(true);
    }
}

void HttpConnection::compactInput()
{
    if (m_inStart == 0)
        return;
    const qsizetype rest = m_inEnd - m_inStart;
    if (rest > 0)
        std::memmove(m_in.get(), m_in.get() + m_inStart, size_t(rest));
    m_inStart = 0;
    m_inEnd = rest;
}

void HttpConnection::startExchange(bool bodyTooLarge)
{
    RequestParser &p = *m_parser;
    m_closeAfter = bodyTooLarge || !p.head.keepAlive;
    m_responseFinished = false;
    m_continueSent = false;
    m_headStartNs = -1;
    setStanding(ConnectionTable::Standing::Busy);
    auto *exchange = new HttpExchange(std::move(p.head), std::move(p.body), this, m_closeAfter, bodyTooLarge);
    m_exchange = exchange;
    // The next request gets a fresh parser in the same storage.
    m_parser->~RequestParser();
    new (m_parser.get()) RequestParser(std::uint64_t(m_listener->limits().maxBodyBytes));
    compactInput();
    m_listener->dispatch(exchange);
}

bool HttpConnection::openAiTarget() const
{
    // The head may not be parsed yet (a head that never finished): the request line is enough.
    const QByteArray &target = m_parser->head.target;
    if (!target.isEmpty())
        return target == "/v1/chat/completions" || target.startsWith("/v1/chat/completions?");
    const QByteArrayView raw(m_in.get() + m_inStart, std::min<qsizetype>(m_inEnd - m_inStart, 64));
    return raw.startsWith("POST /v1/chat/completions ") || raw.startsWith("POST /v1/chat/completions?");
}

void HttpConnection::refuse(const ApiError &error)
{
    const QByteArray requestId = Ids::requestId();
    const QByteArray body = openAiTarget() ? ChatResponse::errorBody(error) : error.envelope(requestId);
    const QByteArray head = "HTTP/1.1 " + QByteArray::number(error.status) + ' ' + reasonPhrase(error.status)
        + "\r\nContent-Type: application/json\r\nrequest-id: " + requestId
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n";
    m_discardRemaining = -1;
    setStanding(ConnectionTable::Standing::Busy);
    write(head.constData(), head.size());
    write(body.constData(), body.size());
    m_closeAfter = true;
    m_responseFinished = true;
    flush();
}

void HttpConnection::write(const char *data, qsizetype size)
{
    if (m_descriptor >= 0 && size > 0)
        m_out.append(data, size);
}

void HttpConnection::flush()
{
    if (m_descriptor < 0)
        return;
    const qsizetype before = m_out.pending();
    switch (m_out.sendTo(m_descriptor)) {
    case SendBuffer::Sent::Blocked:
        // The send timeout runs from the last send that moved anything.
        if (m_blockedSinceNs < 0 || m_out.pending() < before) {
            m_blockedSinceNs = nowNs();
            armDeadline();
        }
        if (!m_writeNotifier) {
            m_writeNotifier = new QSocketNotifier(m_descriptor, QSocketNotifier::Write, this);
            connect(m_writeNotifier, &QSocketNotifier::activated, this, &HttpConnection::onWritable);
        }
        m_writeNotifier->setEnabled(true);
        return;
    case SendBuffer::Sent::Failed: closeNow(); return;
    case SendBuffer::Sent::Drained: // the buffer's block is kept for the next response
        break;
    }
    m_blockedSinceNs = -1;
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
    if (m_exchange)
        m_exchange->outputDrained();
    if (m_responseFinished)
        completeExchange();
}

void HttpConnection::flushSoon()
{
    if (m_flushQueued)
        return;
    m_flushQueued = true;
    atTurnEnd(this, [](QObject *receiver) {
        auto *connection = static_cast<HttpConnection *>(receiver);
        connection->m_flushQueued = false;
        connection->flush();
    });
}

void HttpConnection::onWritable()
{
    flush();
}

void HttpConnection::finishResponse(bool closeAfter)
{
    m_closeAfter = m_closeAfter || closeAfter;
    m_responseFinished = true;
    flush();
}

void HttpConnection::completeExchange()
{
    m_responseFinished = false;
    if (m_exchange) {
        m_exchange->connectionReleased();
        m_exchange = nullptr;
    }
    if (m_closeAfter) {
        lingerClose();
        return;
    }
    m_readNotifier->setEnabled(true);
    if (m_inEnd > m_inStart) {
        // A next request arrived while this one was answered: parse it at the end of the loop
        // turn, not from inside the exchange that just finished writing.
        m_headStartNs = nowNs();
        setStanding(ConnectionTable::Standing::Waiting);
        atTurnEnd(this, [](QObject *receiver) {
            auto *connection = static_cast<HttpConnection *>(receiver);
            connection->parseBuffered();
            connection->armDeadline();
        });
        return;
    }
    m_idleSinceNs = nowNs();
    setStanding(ConnectionTable::Standing::Idle);
    armDeadline();
}

void HttpConnection::exchangeDestroyed(HttpExchange *exchange)
{
    if (exchange != m_exchange)
        return;
    m_exchange = nullptr;
    if (!m_responseFinished)
        closeNow(); // dropped without an answer: the client would wait forever
    else if (pendingOutput() == 0)
        completeExchange();
}

void HttpConnection::lingerClose()
{
    if (m_descriptor < 0 || m_lingering)
        return;
    m_lingering = true;
    m_lingerSinceNs = nowNs();
    m_inStart = m_inEnd = 0;
    ::shutdown(m_descriptor, SHUT_WR);
    m_readNotifier->setEnabled(true);
    setStanding(ConnectionTable::Standing::Idle); // its answer has left: the first to make room
    armDeadline();
}

void HttpConnection::abort()
{
    closeNow();
}

void HttpConnection::closeNow()
{
    if (m_descriptor < 0)
        return;
    m_readNotifier->setEnabled(false);
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
    ::close(m_descriptor);
    m_descriptor = -1;
    m_table->closed(this);
    m_timer.stop();
    m_out.reset();
    if (HttpExchange *exchange = std::exchange(m_exchange, nullptr))
        exchange->connectionClosed();
    deleteLater();
}

void HttpConnection::setStanding(ConnectionTable::Standing standing)
{
    if (m_descriptor >= 0)
        m_table->setStanding(this, standing);
}

qint64 HttpConnection::deadlineNs() const
{
    const ClientLimits &limits = m_listener->limits();
    if (m_descriptor < 0)
        return -1;
    if (m_lingering)
        return m_lingerSinceNs + kLingerNs;
    if (m_blockedSinceNs >= 0)
        return m_blockedSinceNs + ns(limits.sendTimeoutMs);
    if (m_exchange || m_responseFinished)
        return -1; // the request's own limits apply
    if (m_discardRemaining >= 0 || m_parser->headDone)
        return m_lastReadNs + ns(limits.bodyTimeoutMs);
    if (m_headStartNs >= 0)
        return m_headStartNs + ns(limits.headerTimeoutMs);
    if (m_idleSinceNs >= 0)
        return m_idleSinceNs + ns(limits.keepAliveTimeoutMs);
    return m_openedNs + ns(limits.headerTimeoutMs); // a fresh connection that has sent nothing
}

void HttpConnection::armDeadline()
{
    const qint64 deadline = deadlineNs();
    // A timer due no later than the deadline serves it: it fires, finds the deadline moved and is
    // started again for the rest. Only an earlier deadline needs the timer started now.
    if (deadline < 0 || (m_timer.isActive() && m_timerDueNs <= deadline))
        return;
    const qint64 now = nowNs();
    const qint64 waitNs = std::max<qint64>(0, deadline - now);
    m_timer.start(int((waitNs + 999'999) / 1'000'000), Qt::PreciseTimer, this);
    m_timerDueNs = now + waitNs;
}

void HttpConnection::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    m_timer.stop();
    const qint64 deadline = deadlineNs();
    if (deadline < 0)
        return;
    if (nowNs() < deadline) {
        armDeadline();
        return;
    }
    onDeadline();
}

void HttpConnection::onDeadline()
{
    if (m_lingering || m_blockedSinceNs >= 0) {
        // The linger is over, or the client took nothing of its response for the send timeout:
        // an exchange still running hears a disconnect and voids its hold.
        closeNow();
        return;
    }
    if (m_discardRemaining >= 0 || m_parser->headDone) {
        refuse(ApiError {408, "timeout_error",
            QStringLiteral("the request body stalled for %1 ms").arg(m_listener->limits().bodyTimeoutMs)});
        return;
    }
    if (m_headStartNs >= 0) {
        refuse(ApiError {408, "timeout_error",
            QStringLiteral("the request head did not arrive within %1 ms").arg(m_listener->limits().headerTimeoutMs)});
        return;
    }
    closeNow(); // an idle keep-alive connection, or a fresh one that never sent a byte
}

} // namespace bytespike
