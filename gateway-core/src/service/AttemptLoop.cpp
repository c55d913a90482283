#include "AttemptLoop.h"

#include "routing/CircuitBreakers.h"

namespace bytespike {

const Endpoint *AttemptLoop::next(CircuitBreakers &breakers)
{
    while (m_next < m_candidates.size()) {
        const Endpoint &endpoint = m_candidates[m_next++];
        if (breakers.acquire(endpoint.channel->channel.id)) {
            m_current = endpoint;
            return &m_current;
        }
        m_attempts.append(endpoint.name() + QStringLiteral(": circuit open"));
    }
    return nullptr;
}

void AttemptLoop::answered(CircuitBreakers &breakers)
{
    breakers.succeeded(m_current.channel->channel.id);
}

void AttemptLoop::failed(const AttemptFailure &failure, CircuitBreakers &breakers)
{
    m_lastFailure = failure.kind;
    // An answer with a failover status is kept for giveUp(); a failure of any other kind forgets
    // the one before, unless it cut short an answer with a failover status.
    if (failure.answer)
        m_lastAnswer = failure.answer;
    else if (!failure.failoverStatus)
        m_lastAnswer.reset();
    m_attempts.append(m_current.name() + QStringLiteral(": ") + failure.reason);
    breakers.failed(m_current.channel->channel.id, failure.reason);
}

AttemptLoop::GiveUp AttemptLoop::giveUp(const QByteArray &requestId) const
{
    GiveUp out;
    out.detail = QStringLiteral("all channels failed: ") + m_attempts.join(QStringLiteral("; "));
    const QString id = QString::fromLatin1(requestId);
    if (m_lastAnswer)
        out.answer = m_lastAnswer;
    else if (m_lastFailure == UpstreamFailure::FirstByteTimeout)
        out.error = ApiError::timeout(QStringLiteral("the model provider did not answer in time; request-id ") + id);
    else
        out.error
            = ApiError::overloaded(QStringLiteral("no channel could serve this model right now; request-id ") + id);
    return out;
}

} // namespace bytespike
