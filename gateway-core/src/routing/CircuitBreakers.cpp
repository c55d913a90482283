#include "CircuitBreakers.h"

#include "base/ReasonCodes.h"

#include <algorithm>

namespace bytespike {

CircuitBreakers::CircuitBreakers(int threshold, int cooldownMs)
    : m_threshold(std::max(1, threshold))
    , m_cooldownMs(std::max(1, cooldownMs))
{ }

bool CircuitBreakers::coolingDown(const Breaker &b) const
{
    return b.since.isValid() && b.since.elapsed() < m_cooldownMs;
}

bool CircuitBreakers::routable(const QString &channelId) const
{
    const auto it = m_breakers.constFind(channelId);
    return it == m_breakers.constEnd() || it->mode != Mode::Open || !coolingDown(*it);
}

bool CircuitBreakers::acquire(const QString &channelId)
{
    auto it = m_breakers.find(channelId);
    if (it == m_breakers.end() || it->mode == Mode::Closed)
        return true;
    if (it->mode == Mode::Open) {
        if (coolingDown(*it))
            return false;
        it->mode = Mode::HalfOpen;
        it->trialRunning = false;
    }
    // Half-open: one trial at a time; a trial silent for a whole cool-down is replaced.
    if (it->trialRunning && coolingDown(*it))
        return false;
    it->trialRunning = true;
    it->since.start();
    return true;
}

void CircuitBreakers::succeeded(const QString &channelId)
{
    m_breakers.remove(channelId);
}

void CircuitBreakers::failed(const QString &channelId, const QString &why)
{
    constexpr qsizetype kMaxReasonChars = 300;
    Breaker &b = m_breakers[channelId];
    ++b.failures;
    b.lastFailure = why.left(kMaxReasonChars);
    if (b.mode == Mode::HalfOpen || b.failures >= m_threshold) {
        b.mode = Mode::Open;
        b.trialRunning = false;
        b.since.start();
    }
}

void CircuitBreakers::reset(const QString &channelId)
{
    m_breakers.remove(channelId);
}

BreakerState CircuitBreakers::state(const QString &channelId) const
{
    const auto it = m_breakers.constFind(channelId);
    if (it == m_breakers.constEnd())
        return BreakerState {};
    BreakerState out;
    out.consecutiveFailures = it->failures;
    out.lastFailure = it->lastFailure;
    out.lastFailureCode = ReasonCodes::attemptFailure(it->lastFailure);
    if (it->mode == Mode::Closed) {
        out.state = QStringLiteral("closed");
    } else if (it->mode == Mode::Open && coolingDown(*it)) {
        out.state = QStringLiteral("open");
        out.retryInMs = qint64(m_cooldownMs) - it->since.elapsed();
    } else {
        out.state = QStringLiteral("half_open");
    }
    return out;
}

} // namespace bytespike
