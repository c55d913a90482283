#pragma once

#include "wire/HeaderPairs.h"
#include "wire/UpstreamOrigin.h"
#include "wire/UpstreamTarget.h"

#include <QObject>

#include <memory>

namespace bytespike {

enum class UpstreamFailure {
    Connect, // could not connect, TLS failure, DNS
    FirstByteTimeout, // no response head within the first-byte timeout
    IdleTimeout, // the body stalled longer than the idle timeout
    Dropped, // the connection closed before the body was complete
};

struct UpstreamRequest
{
    UpstreamTarget target;
    // How to reach the target (TLS trust, proxy); null: directly, trusting the system store.
    std::shared_ptr<const UpstreamOrigin> origin;
    HeaderPairs headers;
    QByteArray body;
    bool stream = false;
    int connectTimeoutMs = 10000;
    int firstByteTimeoutMs = 60000;
    int idleTimeoutMs = 120000;
};

// An upstream answer that means "try the next channel" (and counts against the channel's
// circuit breaker): 429, 5xx and 529. Other statuses are answers to relay.
inline bool isFailoverStatus(int status)
{
    return status == 429 || status >= 500;
}

// One call to an upstream (a real provider over HTTP, or the built-in simulator). Signals arrive
// in this order: responseStarted once, bodyData zero or more times, then exactly one of finished
// or failed. failed may also come before responseStarted. After abort() nothing more is emitted.
class UpstreamCall : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~UpstreamCall() override = default;

    virtual void start() = 0;
    virtual void abort() = 0;
    // Backpressure: while paused the call reads nothing more from its upstream (what the
    // upstream sends waits in its buffers) and its idle limit does not run; bodyData stops after
    // at most what was already read. Resuming goes on where it stopped, with a fresh idle limit.
    virtual void setPaused(bool paused) = 0;

Q_SIGNALS:
    void responseStarted(int status, const bytespike::HeaderPairs &headers);
    void bodyData(const QByteArray &chunk);
    void finished();
    void failed(bytespike::UpstreamFailure failure, const QString &message);
};

} // namespace bytespike
