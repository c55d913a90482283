#pragma once

#include "PlainHttpConnection.h"
#include "UpstreamCall.h"

#include <QBasicTimer>
#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <memory>

namespace bytespike {

class ResponseParser;

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
    void setPaused(bool paused) override;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    friend class PlainHttpConnection;
    // The connect, first-byte and idle limits as deadlines on one clock, served by one timer armed
    // for the nearest: a read only moves the idle deadline, and a timer that fires before a
    // deadline that moved is armed again for what is left.
    enum Limit { ConnectLimit, FirstByteLimit, IdleLimit, LimitCount };

    void open(bool allowReuse);
    void send();
    void onConnected();
    void onConnectFailed(const QString &message);
    void onReadable();
    void onDisconnected(int error);
    bool parse(const char *data, qsizetype size);
    void complete();
    void fail(UpstreamFailure failure, const QString &message);
    void setDeadline(Limit limit, int ms);
    void clearDeadline(Limit limit) { m_deadlineNs[limit] = -1; }
    void armTimer();
    void stopTimers();
    void closeSocket();

    PlainHttpPool *m_pool;
    UpstreamRequest m_request;
    QPointer<PlainHttpConnection> m_socket;
    bool m_reused = false;
    bool m_anyByte = false; // any response byte received on this connection
    bool m_headerSeen = false; // responseStarted emitted
    bool m_done = false;
    bool m_paused = false;
    std::unique_ptr<ResponseParser> m_parser;
    QByteArray m_pending; // bytes the parser has not consumed yet (a partial head)
    QElapsedTimer m_clock;
    qint64 m_deadlineNs[LimitCount] = {-1, -1, -1}; // on m_clock; -1 when not running
    qint64 m_armedForNs = -1; // the deadline m_timer was started for
    QBasicTimer m_timer;
};

} // namespace bytespike
