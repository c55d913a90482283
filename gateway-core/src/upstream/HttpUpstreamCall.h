#pragma once

#include "UpstreamCall.h"
#include "UpstreamConnection.h"

#include <QBasicTimer>
#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <memory>

namespace bytespike {

class ResponseParser;

// An upstream call over HTTP/1.1, http:// or https://, direct or through a CONNECT proxy (the
// connection's business, UpstreamConnection): one write for the request, Boost.Beast's response
// parser for the answer, the connection kept alive for the next call to the same origin.
class HttpUpstreamCall : public UpstreamCall
{
    Q_OBJECT
public:
    // A request without an origin gets the plain one of its target (no proxy, the system store).
    HttpUpstreamCall(UpstreamPool *pool, UpstreamRequest request, QObject *parent);
    ~HttpUpstreamCall() override;

    void start() override;
    void abort() override;
    void setPaused(bool paused) override;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    friend class UpstreamConnection;
    // The connect, first-byte and idle limits as deadlines on one clock, served by one timer armed
    // for the nearest: a read only moves the idle deadline, and a timer that fires before a
    // deadline that moved is armed again for what is left.
    enum Limit { ConnectLimit, FirstByteLimit, IdleLimit, LimitCount };

    void open(bool allowReuse);
    void send();
    void onConnected();
    void onConnectFailed(const QString &message);
    void onReadable();
    void onDisconnected(UpstreamConnection::Received how);
    bool parse(const char *data, qsizetype size);
    void complete();
    void fail(UpstreamFailure failure, const QString &message);
    void setDeadline(Limit limit, int ms);
    void clearDeadline(Limit limit) { m_deadlineNs[limit] = -1; }
    void armTimer();
    void stopTimers();
    void closeSocket();

    UpstreamPool *m_pool;
    UpstreamRequest m_request;
    QPointer<UpstreamConnection> m_socket;
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
