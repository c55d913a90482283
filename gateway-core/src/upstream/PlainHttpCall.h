#pragma once

#include "UpstreamCall.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class QTcpSocket;

namespace bytespike {

class ResponseParser;

// Keep-alive connections to plain-HTTP upstreams, per host and port, owned by UpstreamClient.
// An idle connection that the server closes, or that sends anything, is dropped at once.
class PlainHttpPool : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // An idle connection to host:port, or nullptr when there is none.
    QTcpSocket *take(const QString &host, quint16 port);
    // Gives a connection whose last response ended cleanly back for reuse.
    void give(const QString &host, quint16 port, QTcpSocket *socket);

private:
    static QString key(const QString &host, quint16 port);
    void drop(QTcpSocket *socket);

    struct Idle
    {
        QTcpSocket *socket;
        QElapsedTimer since;
    };
    QHash<QString, QList<Idle>> m_idle;
};

// An upstream call over plain HTTP/1.1 (http:// base URLs: local and in-cluster providers, the
// mock upstream): one write for the request, Boost.Beast's response parser for the answer, the
// connection kept alive for the next call. https:// goes through HttpUpstreamCall
// (QNetworkAccessManager: TLS, HTTP/2, proxies). Same signals, timeouts and abort semantics.
// Measured reason for its existence: docs/BENCHMARKS.md.
class PlainHttpCall : public UpstreamCall
{
    Q_OBJECT
public:
    PlainHttpCall(PlainHttpPool *pool, UpstreamRequest request, QObject *parent);
    ~PlainHttpCall() override;

    void start() override;
    void abort() override;

private:
    void open(bool allowReuse);
    void send();
    void onReadyRead();
    void onDisconnected();
    bool parse(const char *data, qsizetype size);
    void complete();
    void fail(UpstreamFailure failure, const QString &message);
    void stopTimers();
    void closeSocket();

    PlainHttpPool *m_pool;
    UpstreamRequest m_request;
    QString m_host;
    quint16 m_port = 80;
    QPointer<QTcpSocket> m_socket;
    bool m_reused = false;
    bool m_anyByte = false; // any response byte received on this connection
    bool m_headerSeen = false; // responseStarted emitted
    bool m_done = false;
    std::unique_ptr<ResponseParser> m_parser;
    QByteArray m_pending; // bytes the parser has not consumed yet (a partial head)
    QTimer m_connectTimer;
    QTimer m_firstByteTimer;
    QTimer m_idleTimer;
};

} // namespace bytespike
