#include "HttpConnection.h"

#include "HttpExchange.h"
#include "HttpListener.h"
#include "HttpRequestHead.h"
#include "RequestParser.h"
#include "TurnEnd.h"
#include "auth/KeyDigest.h"
#include "protocol/anthropic/ApiError.h"

#include <QSocketNotifier>
#include <QTimer>

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <cerrno>
#include <cstring>
#include <new>
#include <utility>

#include <sys/socket.h>
#include <unistd.h>

namespace bytespike {

namespace http = boost::beast::http;
using boost::beast::error_code;
using boost::beast::string_view;

namespace {
// The whole head must fit the buffer: Beast parses a head only once it has all of it.
constexpr qsizetype kInputBytes = 64 * 1024;
// A refused body is read and dropped (so the client, still sending, can read the 413) up to this
// many times the limit; beyond it the 413 goes at once.
constexpr qint64 kDiscardFactor = 4;
// After the last response of a connection: how long its remaining input is read and dropped
// before the descriptor closes (closing with unread input would reset the connection and could
// destroy the response on the client's side).
constexpr int kLingerMs = 5000;
} // namespace

HttpConnection::HttpConnection(int descriptor, HttpListener *listener, qint64 maxBodyBytes)
    : QObject(listener)
    , m_listener(listener)
    , m_maxBodyBytes(maxBodyBytes)
    , m_descriptor(descriptor)
    , m_in(new char[kInputBytes])
    , m_parser(new RequestParser(std::uint64_t(maxBodyBytes)))
{
    m_readNotifier = new QSocketNotifier(descriptor, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &HttpConnection::onReadable);
}

HttpConnection::~HttpConnection()
{
    if (m_exchange)
        m_exchange->connectionClosed();
    if (m_descriptor >= 0)
        ::close(m_descriptor);
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
    m_inEnd += n;
    if (m_discardRemaining >= 0) {
        discardBody();
        return;
    }
    if (!m_exchange)
        parseBuffered();
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
            if (m_parser->headDone && m_parser->expectContinue && !m_continueSent) {
                m_continueSent = true;
                static const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
                write(kContinue, sizeof kContinue - 1);
                flush();
            }
            compactInput();
            return;
        }
        if (ec == http::error::body_limit) {
            // Over the limit: a declared length is read and dropped first (unless the client
            // waits for 100 Continue or the length is absurd), then answered 413.
            const qint64 declared = m_parser->declaredLength;
            if (declared > 0 && !m_parser->expectContinue && declared <= m_maxBodyBytes * kDiscardFactor) {
                m_discardRemaining = declared;
                discardBody();
            } else {
                startExchange(true);
            }
            return;
        }
        if (ec) {
            refuse(ec.message().c_str());
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
    auto *exchange = new HttpExchange(std::move(p.head), std::move(p.body), this, m_closeAfter, bodyTooLarge);
    m_exchange = exchange;
    // The next request gets a fresh parser in the same storage.
    m_parser->~RequestParser();
    new (m_parser.get()) RequestParser(std::uint64_t(m_maxBodyBytes));
    compactInput();
    m_listener->dispatch(exchange);
}

void HttpConnection::refuse(const char *why)
{
    const QByteArray requestId = KeyDigest::requestId();
    const QByteArray body
        = ApiError::invalidRequest(QStringLiteral("malformed HTTP request: %1").arg(QString::fromLatin1(why)))
              .envelope(requestId);
    const QByteArray head = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nrequest-id: " + requestId
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n";
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
    switch (m_out.sendTo(m_descriptor)) {
    case SendBuffer::Sent::Blocked:
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
        atTurnEnd(this, [](QObject *receiver) { static_cast<HttpConnection *>(receiver)->parseBuffered(); });
    }
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
    m_inStart = m_inEnd = 0;
    ::shutdown(m_descriptor, SHUT_WR);
    m_readNotifier->setEnabled(true);
    QTimer::singleShot(kLingerMs, this, &HttpConnection::closeNow);
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
    m_out.reset();
    if (HttpExchange *exchange = std::exchange(m_exchange, nullptr))
        exchange->connectionClosed();
    deleteLater();
}

} // namespace bytespike
