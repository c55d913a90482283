#pragma once

#include "SendBuffer.h"

#include <QByteArray>
#include <QObject>

#include <memory>
#include <optional>

class QSocketNotifier;

namespace bytespike {

class HttpExchange;
class HttpListener;
class RequestParser;

// One accepted client connection: owns the socket descriptor, reads into one buffer kept for the
// connection's life, feeds Boost.Beast's request parser and hands each whole request to the
// listener's dispatch as an HttpExchange. One request at a time: bytes of a next request that
// arrive while a response is in flight wait in the buffer until that response has left. The
// exchange writes its response through write()/flush(); the output buffer is kept too.
//
// Plain system calls (recv, send, shutdown) on a non-blocking descriptor with two notifiers:
// no QTcpSocket, so no FIONREAD per read and no read buffer grown and shrunk per request.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    HttpConnection(int descriptor, HttpListener *listener, qint64 maxBodyBytes);
    ~HttpConnection() override;

    // For the current exchange.
    bool isOpen() const { return m_descriptor >= 0 && !m_lingering; }
    void write(const char *data, qsizetype size);
    // Sends what is buffered now; the rest leaves when the socket is writable again.
    void flush();
    // Sends what is buffered at the end of the current loop turn (see TurnEnd.h).
    void flushSoon();
    qsizetype pendingOutput() const { return m_out.pending(); }
    // The exchange has written its whole response; close the connection after it when asked.
    void finishResponse(bool closeAfter);
    // Cuts the connection at once.
    void abort();
    void exchangeDestroyed(HttpExchange *exchange);

private:
    void onReadable();
    void onWritable();
    void parseBuffered();
    void startExchange(bool bodyTooLarge);
    void refuse(const char *why);
    void discardBody();
    void completeExchange();
    void lingerClose();
    void closeNow();
    void compactInput();

    HttpListener *m_listener;
    qint64 m_maxBodyBytes;
    int m_descriptor;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    std::unique_ptr<char[]> m_in;
    qsizetype m_inStart = 0; // parsed up to here
    qsizetype m_inEnd = 0; // received up to here
    SendBuffer m_out;
    std::unique_ptr<RequestParser> m_parser;
    HttpExchange *m_exchange = nullptr;
    bool m_responseFinished = false;
    bool m_closeAfter = false;
    bool m_continueSent = false;
    bool m_lingering = false;
    bool m_flushQueued = false;
    qint64 m_discardRemaining = -1; // body bytes of a refused request still to read and drop
};

} // namespace bytespike
