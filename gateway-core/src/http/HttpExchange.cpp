#include "HttpExchange.h"

#include "auth/KeyDigest.h"

#include <QHttpServerRequest>
#include <QMetaMethod>
#include <QTcpSocket>
#include <QUrl>

#include <cstdio>

namespace bytespike {

namespace {

QByteArray reasonPhrase(int status)
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
    case 529: return "Overloaded";
    default: return "Status";
    }
}

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    default: return "OTHER";
    }
}

} // namespace

HttpExchange::HttpExchange(const QHttpServerRequest &request, QTcpSocket *socket)
    : m_method(methodName(request.method()))
    , m_path(request.url().path())
    , m_query(request.query())
    , m_headers(request.headers()) // names as sent: header() compares without case
    , m_body(request.body())
    , m_requestId(KeyDigest::requestId())
    , m_socket(socket)
{
    m_closeAfter = header("connection").compare("close", Qt::CaseInsensitive) == 0;
    if (socket) {
        // TCP_NODELAY was set once when the listener accepted the connection.
        connect(socket, &QTcpSocket::disconnected, this, [this] {
            if (m_flushed)
                return;
            // A write that finds the client gone ends the connection from inside flush(): the
            // caller still gets the signal from the event loop, after the call that wrote.
            if (m_flushing)
                QMetaObject::invokeMethod(this, &HttpExchange::clientDisconnected, Qt::QueuedConnection);
            else
                Q_EMIT clientDisconnected();
        });
        connect(socket, &QTcpSocket::bytesWritten, this, &HttpExchange::checkFlushed);
    }
}

HttpExchange::HttpExchange(
    const QByteArray &method, const QString &target, const HeaderPairs &headers, const QByteArray &body)
    : m_method(method)
    , m_body(body)
    , m_requestId(KeyDigest::requestId())
    , m_local(true)
{
    const QUrl url(target);
    m_path = url.path();
    m_query = QUrlQuery(url);
    m_headers.reserve(headers.size());
    for (const auto &h : headers)
        m_headers.append({h.first.toLower(), h.second});
}

HttpExchange::~HttpExchange() = default;

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

QByteArray HttpExchange::header(const char *lowerCaseName) const
{
    for (const auto &h : m_headers) {
        if (h.first.compare(lowerCaseName, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

bool HttpExchange::clientConnected() const
{
    if (m_local)
        return !m_localCancelled;
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void HttpExchange::writeHead(int status, const QByteArray &contentType, const HeaderPairs &extra, qint64 contentLength)
{
    m_headWritten = true;
    if (!clientConnected())
        return;
    if (m_local) {
        HeaderPairs headers;
        if (!contentType.isEmpty())
            headers.append({"content-type", contentType});
        headers.append({"request-id", m_requestId});
        headers.append(extra);
        if (contentLength >= 0)
            headers.append({"content-length", QByteArray::number(contentLength)});
        Q_EMIT localHead(status, headers);
        return;
    }
    QByteArray head;
    head.reserve(256);
    head += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!contentType.isEmpty())
        head += "Content-Type: " + contentType + "\r\n";
    head += "request-id: " + m_requestId + "\r\n";
    for (const auto &h : extra)
        head += h.first + ": " + h.second + "\r\n";
    if (contentLength >= 0)
        head += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    else
        head += "Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\n";
    if (m_closeAfter)
        head += "Connection: close\r\n";
    head += "\r\n";
    send(head);
}

// Writes go into the socket's own buffer (copied into the block it keeps, so a response's head
// and body leave in one system call) and are flushed by the caller when the response has a
// complete piece: by flush() rather than by the write notifier on a later loop turn.
void HttpExchange::send(const char *data, qsizetype size)
{
    if (size > 0)
        m_socket->write(data, size);
}

void HttpExchange::flushSocket()
{
    m_flushing = true;
    m_socket->flush(); // bytesWritten, and so checkFlushed, may come from inside
    m_flushing = false;
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
    flushSocket();
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
    if (clientConnected())
        flushSocket();
    checkFlushed();
    if (m_closeAfter && clientConnected())
        m_socket->disconnectFromHost();
}

void HttpExchange::checkFlushed()
{
    if (!m_finished || m_flushed || !clientConnected() || m_socket->bytesToWrite() > 0)
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
    if (m_socket)
        m_socket->abort();
}

} // namespace bytespike
