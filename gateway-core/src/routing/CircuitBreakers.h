#pragma once

#include "bytespike/Channel.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QString>

namespace bytespike {

// One circuit breaker per channel (issue 5, item 8). Closed: traffic flows and consecutive
// failed attempts are counted. At the threshold it opens: routing skips the channel for the
// cool-down (monotonic clock). After it, the breaker is half-open: one request at a time may try
// the channel; its success closes the breaker, its failure opens it for another cool-down. A
// trial that never reports (its client left) is replaced after one more cool-down. Gateway
// thread only.
class CircuitBreakers
{
public:
    CircuitBreakers(int threshold, int cooldownMs);

    // False while the breaker is open and cooling down: routing leaves the channel out.
    bool routable(const QString &channelId) const;
    // Called just before an attempt: true when it may go ahead (closed, or the half-open trial).
    bool acquire(const QString &channelId);
    void succeeded(const QString &channelId);
    // why is kept for state() (the last failure of the run, at most 300 characters).
    void failed(const QString &channelId, const QString &why);
    // Back to closed with no failures (the operator changed the channel).
    void reset(const QString &channelId);
    // Closed, open (with the rest of its cooldown) or half_open, and the failures in a row.
    BreakerState state(const QString &channelId) const;

private:
    enum class Mode { Closed, Open, HalfOpen };
    struct Breaker
    {
        Mode mode = Mode::Closed;
        int failures = 0;
        QElapsedTimer since; // when it opened, or when the current trial began
        bool trialRunning = false;
        QString lastFailure;
    };
    bool coolingDown(const Breaker &b) const;

    int m_threshold;
    int m_cooldownMs;
    QHash<QString, Breaker> m_breakers;
};

} // namespace bytespike
