#pragma once

#include "upstream/UpstreamCall.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QUrlQuery>

class QTcpSocket;
class QHttpServerRequest;

namespace bytespike {

// One HTTP request and its response on the public or admin listener. Qt's parser has already
// read the head and body; this owns a copy of them and writes the response straight to the
// socket: a whole body with Content-Length, or a chunked stream (SSE). Every response carries
// the request-id. Outlives its socket safely: writes after the client left are dropped.
//
// An in-process exchange (the console's GatewayService::call) has no socket: the same handlers
// write to it, and what they write comes out as the local* signals instead of bytes on a wire.
// It is trusted with the admin routes (the console owns the process and its data directory).
class HttpExchange : public QObject
{
    Q_OBJECT
public:
    HttpExchange(const QHttpServerRequest &request, QTcpSocket *socket);
    HttpExchange(const QByteArray &method, const QString &target, const HeaderPairs &headers, const QByteArray &body);
    ~HttpExchange() override;

    const QByteArray &method() const { return m_method; }
    const QString &path() const { return m_path; }
    const QUrlQuery &query() const { return m_query; }
    const QByteArray &body() const { return m_body; }
    const QByteArray &requestId() const { return m_requestId; }
    QByteArray header(const char *lowerCaseName) const;

    bool clientConnected() const;
    bool responseStarted() const { return m_headWritten; }

    void respond(int status, const QByteArray &contentType, const QByteArray &body, const HeaderPairs &extra = {});
    void beginStream(int status, const QByteArray &contentType, const HeaderPairs &extra = {});
    void writeChunk(const QByteArray &data);
    void endStream();
    // Cuts the connection (no clean end); used when a stream cannot be ended well.
    void abortConnection();

    bool responseFlushed() const { return m_flushed; }
    bool isLocal() const { return m_local; }

public Q_SLOTS:
    // The in-process caller gave up: behaves like a client that closed its connection.
    void cancelLocal();

Q_SIGNALS:
    // The client closed the connection before the whole response was handed to the socket.
    void clientDisconnected();
    // The whole response (head, body or final chunk) has been written to the socket.
    void flushed();
    // In-process exchanges only: the response head, each piece of the body, and the end
    // (complete is false when the response was cut off).
    void localHead(int status, const bytespike::HeaderPairs &headers);
    void localData(const QByteArray &data);
    void localEnd(bool complete);

private:
    void writeHead(int status, const QByteArray &contentType, const HeaderPairs &extra, qint64 contentLength);
    void send(const char *data, qsizetype size);
    void send(const QByteArray &data) { send(data.constData(), data.size()); }
    void flushSocket();
    void finishResponse();
    void checkFlushed();

    QByteArray m_method;
    QString m_path;
    QUrlQuery m_query;
    HeaderPairs m_headers;
    QByteArray m_body;
    QByteArray m_requestId;
    bool m_closeAfter = false;
    bool m_headWritten = false;
    bool m_finished = false;
    bool m_flushed = false;
    bool m_local = false;
    bool m_localCancelled = false;
    bool m_flushing = false;
    QPointer<QTcpSocket> m_socket;
};

} // namespace bytespike
