#include "HttpExchange.h"

#include "HttpConnection.h"
#include "base/Ids.h"
#include "wire/HeaderText.h"

#include <QLoggingCategory>
#include <QMetaMethod>
#include <QUrl>

#include <charconv>
#include <cstdio>
#include <cstring>

Q_LOGGING_CATEGORY(lcHttp, "bytespike.http")

namespace bytespike {

namespace {

// The request-target's path (percent-decoded, as QUrl::path() gives it) and query.
void splitTarget(const QByteArray &target, QString *path, QUrlQuery *query)
{
    if (!target.startsWith('/')) {
        // Absolute form (a proxy-style request) or "*": let QUrl take it apart.
        const QUrl url(QString::fromUtf8(target));
        *path = url.path();
        *query = QUrlQuery(url);
        return;
    }
    const qsizetype mark = target.indexOf('?');
    const QByteArray rawPath = mark < 0 ? target : target.left(mark);
    *path = QString::fromUtf8(rawPath.contains('%') ? QByteArray::fromPercentEncoding(rawPath) : rawPath);
    if (mark >= 0 && mark + 1 < target.size())
        query->setQuery(QString::fromUtf8(target.constData() + mark + 1, target.size() - mark - 1));
}

} // namespace

const char *reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 508: return "Loop Detected";
    case 529: return "Overloaded";
    default: return "Status";
    }
}

HttpExchange::HttpExchange(
    HttpRequestHead &&head, QByteArray &&body, HttpConnection *connection, bool closeAfter, bool bodyTooLarge)
    : m_head(std::move(head))
    , m_body(std::move(body))
    , m_requestId(Ids::requestId())
    , m_closeAfter(closeAfter)
    , m_bodyTooLarge(bodyTooLarge)
    , m_connection(connection)
{
    splitTarget(m_head.target, &m_path, &m_query);
    if (!m_closeAfter)
        m_closeAfter = header("connection").compare("close", Qt::CaseInsensitive) == 0;
}

HttpExchange::HttpExchange(
    const QByteArray &method, const QString &target, const HeaderPairs &headers, const QByteArray &body)
    : m_body(body)
    , m_requestId(Ids::requestId())
    , m_local(true)
{
    m_head.method = method;
    const QUrl url(target);
    m_path = url.path();
    m_query = QUrlQuery(url);
    for (const auto &h : headers)
        m_head.addField(h.first.constData(), h.first.size(), h.second.constData(), h.second.size());
}

HttpExchange::~HttpExchange()
{
    if (m_connection)
        m_connection->exchangeDestroyed(this);
}

qsizetype HttpExchange::pendingOutput() const
{
    return m_connection ? m_connection->pendingOutput() : 0;
}

void HttpExchange::notifyWhenDrained()
{
    if (pendingOutput() == 0) {
        QMetaObject::invokeMethod(this, &HttpExchange::drained, Qt::QueuedConnection);
        return;
    }
    m_drainWanted = true;
}

void HttpExchange::outputDrained()
{
    checkFlushed();
    if (m_drainWanted) {
        m_drainWanted = false;
        Q_EMIT drained();
    }
}

void HttpExchange::connectionClosed()
{
    m_connection = nullptr;
    if (m_drainWanted) {
        m_drainWanted = false;
        QMetaObject::invokeMethod(this, &HttpExchange::drained, Qt::QueuedConnection);
    }
    if (m_flushed)
        return;
    // A write that finds the client gone ends the connection from inside flush(): the caller
    // still gets the signal from the event loop, after the call that wrote.
    if (m_flushing)
        QMetaObject::invokeMethod(this, &HttpExchange::clientDisconnected, Qt::QueuedConnection);
    else
        Q_EMIT clientDisconnected();
}

void HttpExchange::cancelLocal()
{
    if (!m_local || m_localCancelled)
        return;
    m_localCancelled = true;
    if (!m_flushed)
        Q_EMIT clientDisconnected();
    if (!m_finished) {
        m_finished = true;
        Q_EMIT localEnd(false);
    }
}

QHostAddress HttpExchange::peerAddress() const
{
    if (m_local)
        return QHostAddress(QHostAddress::LocalHost);
    return m_connection ? m_connection->peerAddress() : QHostAddress();
}

bool HttpExchange::clientConnected() const
{
    if (m_local)
        return !m_localCancelled;
    // Once the whole response has left, the connection moves on to its next request.
    return m_flushed || (m_connection && m_connection->isOpen());
}

void HttpExchange::writeHead(int status, const QByteArray &contentType, const HeaderPairs &extra, qint64 contentLength)
{
    m_headWritten = true;
    if (!clientConnected())
        return;
    if (m_local)
        emitLocalHead(status, contentType, extra, contentLength);
    else
        writeWireHead(status, contentType, extra, contentLength);
}

void HttpExchange::emitLocalHead(
    int status, const QByteArray &contentType, const HeaderPairs &extra, qint64 contentLength)
{
    HeaderPairs headers;
    if (!contentType.isEmpty())
        headers.append({"content-type", contentType});
    headers.append({"request-id", m_requestId});
    for (const auto &h : extra) {
        if (fitsOneHeaderLine(h.first) && fitsOneHeaderLine(h.second))
            headers.append(h);
    }
    if (contentLength >= 0)
        headers.append({"content-length", QByteArray::number(contentLength)});
    Q_EMIT localHead(status, headers);
}

void HttpExchange::writeWireHead(
    int status, const QByteArray &contentType, const HeaderPairs &extra, qint64 contentLength)
{
    // Gathered on the stack and appended to the connection's output buffer (whose block is kept
    // from one response to the next) in one piece: a head is some twenty pieces, and an append
    // each cost more than the copying. A head that outgrows the stack block goes out in parts.
    struct Head
    {
        explicit Head(HttpExchange *owner)
            : exchange(owner)
        { }
        HttpExchange *exchange;
        qsizetype used = 0;
        char block[1536];
        void put(QByteArrayView piece)
        {
            if (used + piece.size() > qsizetype(sizeof block)) {
                exchange->send(block, used);
                used = 0;
                if (piece.size() > qsizetype(sizeof block)) {
                    exchange->send(piece.data(), piece.size());
                    return;
                }
            }
            std::memcpy(block + used, piece.data(), size_t(piece.size()));
            used += piece.size();
        }
    } head(this);
    auto put = [&head](QByteArrayView piece) { head.put(piece); };
    char digits[24];
    auto number = [&digits](qint64 value) {
        const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        return QByteArrayView(digits, end - digits);
    };
    put("HTTP/1.1 ");
    put(number(status));
    put(" ");
    put(reasonPhrase(status));
    put("\r\n");
    if (!contentType.isEmpty()) {
        put("Content-Type: ");
        put(contentType);
        put("\r\n");
    }
    put("request-id: ");
    put(m_requestId);
    put("\r\n");
    for (const auto &h : extra) {
        if (!fitsOneHeaderLine(h.first) || !fitsOneHeaderLine(h.second)) {
            qCWarning(lcHttp).noquote() << m_requestId << "left out a response header with a line break in it:"
                                        << h.first.left(64).toPercentEncoding(" :-_.");
            continue;
        }
        if (h.first.compare("connection", Qt::CaseInsensitive) == 0) {
            m_closeAfter = m_closeAfter || h.second.compare("close", Qt::CaseInsensitive) == 0;
            continue; // written below, once
        }
        put(h.first);
        put(": ");
        put(h.second);
        put("\r\n");
    }
    if (contentLength >= 0) {
        put("Content-Length: ");
        put(number(contentLength));
        put("\r\n");
    } else {
        put("Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\n");
    }
    if (m_closeAfter)
        put("Connection: close\r\n");
    put("\r\n");
    send(head.block, head.used);
}

// Writes go into the socket's own buffer (copied into the block it keeps, so a response's head
// and body leave in one system call). A whole response is flushed when it is finished, a stream's
// chunk at the end of the loop turn that wrote it; never only by the write notifier later.
void HttpExchange::send(const char *data, qsizetype size)
{
    if (size > 0 && m_connection)
        m_connection->write(data, size);
}

void HttpExchange::respond(int status, const QByteArray &contentType, const QByteArray &body, const HeaderPairs &extra)
{
    if (m_headWritten)
        return;
    writeHead(status, contentType, extra, body.size());
    if (m_local && clientConnected())
        Q_EMIT localData(body);
    else if (clientConnected())
        send(body);
    finishResponse();
}

void HttpExchange::beginStream(int status, const QByteArray &contentType, const HeaderPairs &extra)
{
    if (!m_headWritten)
        writeHead(status, contentType, extra, -1);
}

void HttpExchange::writeChunk(const QByteArray &data)
{
    if (!m_headWritten || m_finished || data.isEmpty() || !clientConnected())
        return;
    if (m_local) {
        Q_EMIT localData(data);
        return;
    }
    char size[24];
    const int n = std::snprintf(size, sizeof size, "%llx\r\n", static_cast<unsigned long long>(data.size()));
    send(size, n);
    send(data);
    send("\r\n", 2);
    // Leaves at the end of this loop turn, with whatever else the turn writes: a relay that
    // handles the upstream's last event and its end in one turn sends both in one system call.
    if (m_connection)
        m_connection->flushSoon();
}

void HttpExchange::endStream()
{
    if (!m_headWritten || m_finished)
        return;
    if (clientConnected() && !m_local)
        send("0\r\n\r\n", 5);
    finishResponse();
}

void HttpExchange::finishResponse()
{
    m_finished = true;
    if (m_local) {
        if (m_localCancelled)
            return;
        // Handed over in full: the in-process caller has every byte once the queued signals land.
        m_flushed = true;
        Q_EMIT localEnd(true);
        QMetaObject::invokeMethod(this, &HttpExchange::flushed, Qt::QueuedConnection);
        return;
    }
    if (m_connection && m_connection->isOpen()) {
        m_flushing = true;
        m_connection->finishResponse(m_closeAfter); // outputDrained may come from inside
        m_flushing = false;
    }
    checkFlushed();
}

void HttpExchange::checkFlushed()
{
    if (!m_finished || m_flushed || !m_connection || !m_connection->isOpen() || m_connection->pendingOutput() > 0)
        return;
    m_flushed = true;
    // Deliver the signal on the next loop turn so callers finish their own bookkeeping first.
    // Nobody listening yet means nobody will: a caller checks responseFlushed() before it
    // connects, so no event is posted (and no loop wake-up paid) for nothing.
    static const QMetaMethod signal = QMetaMethod::fromSignal(&HttpExchange::flushed);
    if (isSignalConnected(signal))
        QMetaObject::invokeMethod(this, &HttpExchange::flushed, Qt::QueuedConnection);
}

void HttpExchange::abortConnection()
{
    if (m_local && !m_finished && !m_localCancelled)
        Q_EMIT localEnd(false);
    m_finished = true;
    if (m_connection)
        m_connection->abort();
}

} // namespace bytespike
