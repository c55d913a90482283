#pragma once

#include "ConnectionTable.h"
#include "wire/SendBuffer.h"

#include <QBasicTimer>
#include <QByteArray>
#include <QHostAddress>
#include <QObject>

#include <memory>

class QSocketNotifier;

namespace bytespike {

class HttpExchange;
class HttpListener;
class RequestParser;
struct ApiError;

// One accepted client connection: owns the socket descriptor, reads into one buffer kept for the
// connection's life, feeds Boost.Beast's request parser and hands each whole request to the
// listener's dispatch as an HttpExchange. One request at a time: bytes of a next request that
// arrive while a response is in flight wait in the buffer until that response has left. The
// exchange writes its response through write()/flush(); the output buffer is kept too.
//
// Plain system calls (recv, send, shutdown) on a non-blocking descriptor with two notifiers:
// no QTcpSocket, so no FIONREAD per read and no read buffer grown and shrunk per request.
//
// Every state but "serving a request" has a time limit (the listener's ClientLimits), all served
// by one timer: an unfinished head (from its first byte, or from the accept for a fresh
// connection) and a stalled body are answered 408 and closed, an idle keep-alive connection is
// closed, and so is a connection whose client takes no byte of its response for the send
// timeout (the exchange hears it as a disconnect). Progress only moves a deadline; the timer is
// started again only when a deadline comes earlier than the one it is armed for.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    HttpConnection(int descriptor, HttpListener *listener);
    ~HttpConnection() override;

    // For the current exchange.
    bool isOpen() const { return m_descriptor >= 0 && !m_lingering; }
    // The client's address (a system call: asked for only by a key that has an address list).
    QHostAddress peerAddress() const;
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
    // Closed to make room for a new connection (ConnectionTable): only ever an idle keep-alive
    // connection or an unfinished head, never one serving a request.
    void evict() { closeNow(); }

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    friend class ConnectionTable;

    void onReadable();
    void onWritable();
    void parseBuffered();
    void startExchange(bool bodyTooLarge);
    // Answers with an error envelope (the OpenAI one on the chat completions path) and closes.
    void refuse(const ApiError &error);
    bool openAiTarget() const;
    void discardBody();
    void completeExchange();
    void lingerClose();
    void closeNow();
    void compactInput();
    void setStanding(ConnectionTable::Standing standing);
    qint64 deadlineNs() const;
    void armDeadline();
    void onDeadline();

    HttpListener *m_listener;
    ConnectionTable *m_table;
    ConnectionTable::Link m_tableLink;
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

    // Times on the monotonic clock (nanoseconds) that the deadlines are measured from; -1: none.
    qint64 m_openedNs;
    qint64 m_headStartNs = -1; // first byte of the head being read
    qint64 m_lastReadNs = -1; // last bytes received (a body's pauses are measured from it)
    qint64 m_idleSinceNs = -1; // the last response left and nothing of a next request is here
    qint64 m_blockedSinceNs = -1; // output waits for the socket; the last send that made progress
    qint64 m_lingerSinceNs = -1;
    QBasicTimer m_timer;
    qint64 m_timerDueNs = -1; // when m_timer fires
};

} // namespace bytespike
