#pragma once

#include "HttpRequestHead.h"
#include "wire/HeaderPairs.h"

#include <QHostAddress>
#include <QObject>
#include <QUrlQuery>

namespace bytespike {

class HttpConnection;

// The reason phrase of an HTTP status ("Status" for one it does not know).
const char *reasonPhrase(int status);

// One HTTP request and its response on the public or admin listener. Its HttpConnection has
// parsed the head and body, which this owns, and carries the response this writes: a whole body
// with Content-Length, or a chunked stream (SSE). Every response carries the request-id.
// Outlives its connection safely: writes after the client left are dropped.
//
// An in-process exchange (the console's GatewayService::call) has no socket: the same handlers
// write to it, and what they write comes out as the local* signals instead of bytes on a wire.
// It is trusted with the admin routes (the console owns the process and its data directory).
class HttpExchange : public QObject
{
    Q_OBJECT
public:
    HttpExchange(
        HttpRequestHead &&head, QByteArray &&body, HttpConnection *connection, bool closeAfter, bool bodyTooLarge);
    HttpExchange(const QByteArray &method, const QString &target, const HeaderPairs &headers, const QByteArray &body);
    ~HttpExchange() override;

    const QByteArray &method() const { return m_head.method; }
    const QString &path() const { return m_path; }
    const QUrlQuery &query() const { return m_query; }
    const QByteArray &body() const { return m_body; }
    const QByteArray &requestId() const { return m_requestId; }
    QByteArray header(const char *lowerCaseName) const { return m_head.value(lowerCaseName); }
    // The body was above the listener's limit and was not kept (body() is empty).
    bool bodyTooLarge() const { return m_bodyTooLarge; }

    bool clientConnected() const;
    bool responseStarted() const { return m_headWritten; }

    void respond(int status, const QByteArray &contentType, const QByteArray &body, const HeaderPairs &extra = {});
    void beginStream(int status, const QByteArray &contentType, const HeaderPairs &extra = {});
    void writeChunk(const QByteArray &data);
    void endStream();
    // Cuts the connection (no clean end); used when a stream cannot be ended well.
    void abortConnection();

    bool responseFlushed() const { return m_flushed; }
    // Response bytes handed to the connection that the client has not taken yet (0 in process).
    qsizetype pendingOutput() const;
    // drained() follows once every byte written so far has left (backpressure: a relay stops
    // reading its upstream while the client lags, and goes on when this comes).
    void notifyWhenDrained();
    bool isLocal() const { return m_local; }
    // The address the connection came from (loopback for an in-process exchange; null once the
    // client has gone).
    QHostAddress peerAddress() const;
    // Who calls an admin route, for the audit log and the price history: set by the Router once
    // the caller's token is known (an operator's name, "owner", or "console" in process).
    const QString &actor() const { return m_actor; }
    void setActor(const QString &actor) { m_actor = actor; }

public Q_SLOTS:
    // The in-process caller gave up: behaves like a client that closed its connection.
    void cancelLocal();

Q_SIGNALS:
    // The client closed the connection before the whole response was handed to the socket.
    void clientDisconnected();
    // The whole response (head, body or final chunk) has been written to the socket.
    void flushed();
    // See notifyWhenDrained(); also when the client is gone, so a waiting relay is not stuck.
    void drained();
    // In-process exchanges only: the response head, each piece of the body, and the end
    // (complete is false when the response was cut off).
    void localHead(int status, const bytespike::HeaderPairs &headers);
    void localData(const QByteArray &data);
    void localEnd(bool complete);

private:
    friend class HttpConnection;
    // From the connection: it closed (the client left or the connection was cut); every byte
    // handed to it has left; the response is done and the connection moves on without this.
    void connectionClosed();
    void outputDrained();
    void connectionReleased() { m_connection = nullptr; }

    void writeHead(int status, const QByteArray &contentType, const HeaderPairs &extra, qint64 contentLength);
    void emitLocalHead(int status, const QByteArray &contentType, const HeaderPairs &extra, qint64 contentLength);
    void writeWireHead(int status, const QByteArray &contentType, const HeaderPairs &extra, qint64 contentLength);
    void send(const char *data, qsizetype size);
    void send(const QByteArray &data) { send(data.constData(), data.size()); }
    void finishResponse();
    void checkFlushed();

    HttpRequestHead m_head;
    QString m_path;
    QUrlQuery m_query;
    QByteArray m_body;
    QByteArray m_requestId;
    QString m_actor;
    bool m_closeAfter = false;
    bool m_headWritten = false;
    bool m_finished = false;
    bool m_flushed = false;
    bool m_local = false;
    bool m_localCancelled = false;
    bool m_flushing = false;
    bool m_bodyTooLarge = false;
    bool m_drainWanted = false;
    HttpConnection *m_connection = nullptr;
};

} // namespace bytespike
