#pragma once

#include "protocol/anthropic/ApiError.h"
#include "routing/RoutingSnapshot.h"
#include "upstream/UpstreamCall.h"
#include "wire/HeaderPairs.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

#include <optional>

namespace bytespike {

class CircuitBreakers;

// An upstream's answer as the gateway may pass it on: its status, its body and the headers a
// client may see (relayedHeaders).
struct UpstreamAnswer
{
    int status = 0;
    QByteArray body;
    HeaderPairs headers;
};

// How one attempt failed, while nothing had reached the client.
struct AttemptFailure
{
    QString reason; // for the request log, e.g. "connect error: ..." or "upstream HTTP 503: ..."
    UpstreamFailure kind = UpstreamFailure::Connect;
    // The upstream had answered with a failover status (429, 5xx) when the attempt failed.
    bool failoverStatus = false;
    // That answer, once read whole: the one to relay if every candidate fails.
    std::optional<UpstreamAnswer> answer;
};

// The attempt loop of a Messages request: the candidates in order, each tried while nothing has
// reached the client and its circuit breaker lets an attempt through, until one answers or none
// is left. Every outcome is reported to the channel's breaker. When all fail, giveUp() words the
// answer: the customer hears what happened in plain words, never a channel id or an upstream's
// own text; which channels were tried and what each answered is for the request log.
class AttemptLoop
{
public:
    AttemptLoop() = default;
    explicit AttemptLoop(QList<Endpoint> candidates)
        : m_candidates(std::move(candidates))
    { }

    const QList<Endpoint> &candidates() const { return m_candidates; }
    // The endpoint of the attempt under way (or the last one); no channel before the first.
    const Endpoint &current() const { return m_current; }

    // The next candidate whose breaker lets an attempt through (a half-open breaker lets one trial
    // through at a time), which becomes current(); those skipped are noted as "circuit open". Null
    // when no candidate is left.
    const Endpoint *next(CircuitBreakers &breakers);
    // The current attempt's upstream answered with a status that is not a failover status: the
    // channel is alive.
    void answered(CircuitBreakers &breakers);
    // The current attempt failed: noted, and counted against its channel's breaker.
    void failed(const AttemptFailure &failure, CircuitBreakers &breakers);

    // The answer when every candidate failed: the last upstream error answer with a failover
    // status, relayed in the gateway's words; else 504 after a first-byte timeout, else 529.
    struct GiveUp
    {
        std::optional<UpstreamAnswer> answer; // relay this (UpstreamErrors::forAnswer words it)
        ApiError error; // otherwise answer this
        QString detail; // the request log's reason: every attempt and how it ended
    };
    GiveUp giveUp(const QByteArray &requestId) const;

private:
    QList<Endpoint> m_candidates;
    qsizetype m_next = 0;
    Endpoint m_current;
    QStringList m_attempts;
    UpstreamFailure m_lastFailure = UpstreamFailure::Connect;
    std::optional<UpstreamAnswer> m_lastAnswer;
};

} // namespace bytespike
