#include "GatewayRuntime.h"

#include "LeaseKeeper.h"
#include "ledger/Ledger.h"
#include "ledger/Settlement.h"
#include "store/Database.h"
#include "store/StoreWriter.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QTimer>

#include <chrono>

Q_DECLARE_LOGGING_CATEGORY(lcGateway)

// The runtime's side of the ledger: holds taken (in the book, or through the lease keeper when
// several instances share the database) and finished requests' settlements.

namespace bytespike {

void GatewayRuntime::reserveHold(HoldRequest &&request)
{
    using Outcome = HoldBook::Reservation::Outcome;
    if (ledgerBehind()) {
        finishReservation(std::move(request), HoldBook::Reservation {Outcome::LedgerBehind, 0, 0, {}});
        return;
    }
    request.createdAtMs = QDateTime::currentMSecsSinceEpoch();
    // The key's budget first, then the balance: both reserve the same amount, and a refusal by
    // the second gives back what the first took (finishReservation).
    QString budgetRefusal;
    if (!m_limits.empty()
        && !m_limits.reserveBudget(
            request.caller.keyId, request.amountMicros, request.createdAtMs, &request.budgetReserved, &budgetRefusal)) {
        m_metrics.limitRefused(LimitBook::Refusal::Budget, request.caller.keyId, request.caller.customerId);
        finishReservation(std::move(request), HoldBook::Reservation {Outcome::KeyBudget, 0, 0, budgetRefusal});
        return;
    }
    if (m_leases)
        m_holds.noteDemand(request.caller.customerId, request.amountMicros);
    const HoldBook::Reservation reserved = m_holds.reserve(request.caller.customerId, request.requestId,
        request.endpoint, request.priceVersion, request.amountMicros, m_epoch, request.createdAtMs);
    if (reserved.outcome == Outcome::NeedsLease && m_leases) {
        m_leases->wait(std::move(request)); // the database is asked; finishReservation follows
        return;
    }
    finishReservation(std::move(request), reserved);
}

void GatewayRuntime::finishReservation(HoldRequest &&request, const HoldBook::Reservation &reserved)
{
    const bool ok = reserved.outcome == HoldBook::Reservation::Outcome::Ok;
    if (!ok && request.budgetReserved)
        m_limits.budgetResolved(request.caller.keyId, request.amountMicros, 0, QDateTime::currentMSecsSinceEpoch());
    if (ok) {
        m_holds.setKey(reserved.holdId, request.caller.keyId, request.budgetReserved);
        if (!m_holdWriteTimer) {
            m_holdWriteTimer = new QTimer(this);
            m_holdWriteTimer->setInterval(std::max(10, m_config.holdWriteDelayMs / 4));
            connect(m_holdWriteTimer, &QTimer::timeout, this, &GatewayRuntime::writeLongHolds);
        }
        if (!m_holdWriteTimer->isActive())
            m_holdWriteTimer->start();
    }
    if (!request.done(reserved) && ok)
        abandonHold(reserved.holdId);
}

void GatewayRuntime::abandonHold(qint64 holdId)
{
    const HoldBook::Hold *hold = m_holds.find(holdId);
    if (!hold)
        return;
    if (!hold->written) {
        releaseHold(holdId, 0, false); // never written: it lived in the book alone
        return;
    }
    // A direct hold's pending row reserved its amount in the database: it is voided there first.
    Ledger::Resolution voided;
    voided.hold = *hold;
    voided.state = QStringLiteral("voided");
    voided.reason = QStringLiteral("the client left before the request started");
    m_store->submit<Ledger::ResolveResult>(
        this, [voided](Database &db) { return Ledger::resolve(db, voided); },
        [this, holdId](const Ledger::ResolveResult &ended) {
            if (ended.outcome != Ledger::ResolveResult::Outcome::Failed)
                releaseHold(holdId, 0, false);
            else
                qCWarning(lcGateway).noquote() << "cannot void a hold left by a client:" << ended.error;
        });
}

void GatewayRuntime::releaseHold(qint64 holdId, qint64 debitMicros, bool leaseCharged)
{
    const HoldBook::Hold *hold = m_holds.find(holdId);
    if (hold && hold->budgetReserved)
        m_limits.budgetResolved(hold->keyId, hold->amountMicros, debitMicros, QDateTime::currentMSecsSinceEpoch());
    m_holds.resolved(holdId, debitMicros, leaseCharged);
}

void GatewayRuntime::writeLongHolds()
{
    const QList<HoldBook::Hold> due
        = m_holds.takeUnwrittenBefore(QDateTime::currentMSecsSinceEpoch() - m_config.holdWriteDelayMs);
    if (!due.isEmpty()) {
        m_store->post(
            [due](Database &db) {
                QString error;
                if (!Ledger::writePending(db, due, &error))
                    qCWarning(lcGateway).noquote()
                        << "cannot write" << due.size() << "open hold(s) as pending:" << error;
            },
            StoreWriter::Pace::Batched);
    }
    if (!m_holds.hasUnwritten())
        m_holdWriteTimer->stop();
}

namespace {
qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

void GatewayRuntime::settle(SettlementRecord &&record, RequestSample &&sample)
{
    m_settlesQueued.push_back(steadyMs());
    queueSettlement(std::move(record), std::move(sample));
}

void GatewayRuntime::queueSettlement(SettlementRecord &&record, RequestSample &&sample)
{
    size_t waiting = 0;
    {
        QMutexLocker lock(&m_settleInbox->mutex);
        m_settleInbox->pending.records.push_back(std::move(record));
        m_settleInbox->pending.samples.push_back(std::move(sample));
        waiting = m_settleInbox->pending.records.size();
    }
    if (waiting == 1)
        submitSettlements(std::make_shared<SettleBatch>()); // takes what the inbox holds when it runs
    else if (waiting == Settlement::kBatchSize)
        m_store->hurry();
}

void GatewayRuntime::submitSettlements(std::shared_ptr<SettleBatch> batch)
{
    using Results = std::vector<SettlementResult>;
    m_store->submit<Results>(
        this,
        [batch, inbox = m_settleInbox](Database &db) {
            // Taken once: a group the writer runs again job by job runs this again with the same.
            if (!batch->taken) {
                QMutexLocker lock(&inbox->mutex);
                batch->records.swap(inbox->pending.records);
                batch->samples.swap(inbox->pending.samples);
                batch->taken = true;
            }
            return Settlement::writeMany(db, batch->records);
        },
        [this, batch](Results results) {
            for (size_t i = 0; i < results.size(); ++i) {
                m_settlesQueued.pop_front();
                const SettlementResult &written = results[i];
                if (written.retry) {
                    // Nothing of it was written; the hold stays reserved and no new one is taken
                    // until the ledger can record this request again.
                    if (!m_holds.failing())
                        qCCritical(lcGateway).noquote() << "the ledger cannot record a finished request, refusing"
                                                        << "new requests until it can:" << written.error;
                    m_holds.setFailing(true);
                    ++m_settlesRetrying;
                    QTimer::singleShot(1000, this,
                        [this, record = std::move(batch->records[i]), sample = std::move(batch->samples[i])]() mutable {
                            --m_settlesRetrying;
                            settle(std::move(record), std::move(sample));
                        });
                    continue;
                }
                if (m_settlesRetrying == 0 && m_holds.failing()) {
                    qCWarning(lcGateway) << "the ledger records again; taking requests";
                    m_holds.setFailing(false);
                }
                if (written.holdId)
                    releaseHold(written.holdId, written.debitMicros, written.leaseCharged);
                RequestSample &sample = batch->samples[i];
                sample.billed = written.billed;
                if (written.billed) {
                    const TokenCounts &usage = batch->records[i].resolution.usage;
                    sample.inputTokens = usage.input + usage.cacheWrite + usage.cacheRead;
                    sample.outputTokens = usage.output;
                    sample.spendMicros = written.debitMicros;
                }
                m_metrics.record(sample);
            }
        },
        StoreWriter::Wait::Durable, StoreWriter::Pace::Batched);
}

bool GatewayRuntime::ledgerBehind() const
{
    return !m_settlesQueued.empty() && steadyMs() - m_settlesQueued.front() > m_config.settleBacklogMs;
}

} // namespace bytespike
