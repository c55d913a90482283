#pragma once

#include "bytespike/AdminTypes.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <map>
#include <optional>

namespace bytespike {

// The customers' balances and the open holds, in memory, on the gateway thread (docs/RELIABILITY.md,
// "Holds in memory"). The book is what a reservation is checked and taken against, so taking a
// hold costs no database round trip: available = posted - pending, where posted is the committed
// balance and pending the sum of every open hold. A hold stays open (its amount reserved) until
// the transaction that records its end has committed; only then does the book drop it and apply
// the debit, so the book never promises money the database has not yet subtracted.
//
// Open holds are written to the database as they end (one row, in its final state, in the same
// transaction as the debit and the request's log row), or as `pending` rows once they have been
// open for the write delay, so that a long request survives a crash as a record for the reaper.
class HoldBook
{
public:
    struct Hold
    {
        qint64 id = 0;
        QString customerId;
        QString requestId;
        QString endpoint;
        qint64 priceVersion = 0;
        qint64 amountMicros = 0;
        QString epoch;
        qint64 createdAtMs = 0;
        bool written = false; // queued or written as a pending row
        // The customer key it was taken through; its debit records it, and when budgetReserved its
        // amount is also reserved against that key's budget (LimitBook) until the end commits.
        QString keyId = {};
        bool budgetReserved = false;
        // With leases (several instances on PostgreSQL): the lease it was reserved against, or 0
        // for a direct hold, whose amount the database reserved with its pending row (written).
        qint64 leaseId = 0;
        bool direct = false;
    };

    struct Reservation
    {
        // KeyBudget: the key's budget for its period refused it (GatewayRuntime::reserveHold,
        // which checks it before the balance).
        enum class Outcome {
            Ok,
            Insufficient,
            NoCustomer,
            LedgerFailing,
            LedgerBehind,
            KeyBudget,
            // With leases: the instance's lease of the customer cannot cover the hold (none, too
            // small, or past its deadline); the database is asked (Leases::acquire).
            NeedsLease
        } outcome
            = Outcome::Ok;
        qint64 holdId = 0;
        qint64 availableMicros = 0; // on Insufficient: what was available
        QString message; // on KeyBudget: why
    };

    // Starts over from the committed balances; hold ids continue after nextHoldId - 1.
    void reset(QHash<QString, qint64> postedMicros, qint64 nextHoldId);

    // Leases (docs/scale-out.md): holds are reserved against this instance's lease of each
    // customer, not against the posted balance, which other instances spend too. Deadlines are
    // read on leaseClockMs(), a monotonic clock that counts suspend.
    void setLeased(bool leased) { m_leased = leased; }
    bool leased() const { return m_leased; }
    static qint64 leaseClockMs();
    // What the customer's lease has unused (0 without a live lease).
    qint64 leaseUnused(const QString &customerId) const;
    // A hold of amountMicros was asked for (once per request, whether the lease covered it or not).
    void noteDemand(const QString &customerId, qint64 amountMicros);
    // What holds on the customer asked for per period of periodMs, over the last window closed (or
    // in the current one, when more): what a lease is sized by.
    qint64 recentDemand(const QString &customerId, qint64 periodMs);
    // The database granted (or topped up) leaseId to grantedMicros in all; no hold is taken
    // against it from deadlineMs on (leaseClockMs).
    void leaseGranted(const QString &customerId, qint64 leaseId, qint64 grantedMicros, qint64 deadlineMs);
    // A direct hold, already written as pending with its amount reserved by the database.
    void addDirect(const Hold &hold);
    qint64 takeHoldId() { return m_nextId++; }
    // The periodic pass over the leases: the ones to renew, and to return (unused since
    // idleSinceMs, with no open hold). Returned leases are dropped from the book at once.
    struct LeaseCare
    {
        qint64 leaseId = 0;
        QString customerId;
        bool giveBack = false; // return it (else renew)
        qint64 shrinkMicros = 0; // a recall: give back this unused part and keep the rest
    };
    QList<LeaseCare> leaseCare(qint64 idleSinceMs);
    // Another instance needs the customer's balance: the unused part of its lease is taken out
    // of the book at once, to be given back (nullopt when there is none).
    std::optional<LeaseCare> recall(const QString &customerId);
    // After the periodic pass committed: a renewed lease's new deadline, or a lease the database
    // no longer has active (it expired): no hold is taken against it any more.
    void leaseRenewed(qint64 leaseId, qint64 deadlineMs);
    void leaseLost(qint64 leaseId);

    Reservation reserve(const QString &customerId, const QString &requestId, const QString &endpoint,
        qint64 priceVersion, qint64 amountMicros, const QString &epoch, qint64 nowMs);
    // The key the hold was taken through (see Hold::keyId).
    void setKey(qint64 holdId, const QString &keyId, bool budgetReserved);
    // A failed-over request moved to another endpoint under the same hold.
    void retarget(qint64 holdId, const QString &endpoint, qint64 priceVersion);
    const Hold *find(qint64 holdId) const;
    // The hold's end was committed: its reservation goes, and its debit leaves the posted balance
    // (with leases: leaseCharged, the debit was counted as spent from its lease).
    void resolved(qint64 holdId, qint64 debitMicros, bool leaseCharged = false);

    // A committed credit, or a new customer (balance zero). A credit that is not positive or would
    // take the posted balance past kMaxMoneyMicros is refused (false, the balance unchanged): the
    // admin API refuses it before it is written, so the book never sees one.
    bool credited(const QString &customerId, qint64 amountMicros);
    void addCustomer(const QString &customerId);

    // While the ledger cannot record what ended, no new hold is taken (fail closed).
    void setFailing(bool failing) { m_failing = failing; }
    bool failing() const { return m_failing; }

    // Open holds created before cutoffMs that have no pending row yet; marks them written.
    QList<Hold> takeUnwrittenBefore(qint64 cutoffMs);
    bool hasUnwritten() const;

    bool knows(const QString &customerId) const { return m_accounts.contains(customerId); }
    qint64 postedMicros(const QString &customerId) const { return m_accounts.value(customerId).posted; }
    qint64 pendingMicros(const QString &customerId) const { return m_accounts.value(customerId).pending; }
    int openCount() const { return int(m_open.size()); }
    // Open holds per customer (only customers that have any); for the live metrics.
    QHash<QString, qint64> openCountByCustomer() const;

    // The open holds as the admin API lists them (state "pending"), newest first, filtered like
    // GET /admin/ledger/holds.
    QList<::bytespike::Hold> openHolds(const QString &customerId, const QString &requestId) const;

private:
    struct Lease
    {
        qint64 id = 0;
        qint64 granted = 0;
        qint64 spent = 0; // debits committed against it
        qint64 pending = 0; // open holds against it
        qint64 deadlineMs = 0; // leaseClockMs
        qint64 lastUsedMs = 0;
    };
    struct Account
    {
        qint64 posted = 0;
        qint64 pending = 0;
        qint64 openHolds = 0;
        Lease lease = {};
        // Demand (amounts asked for on a lease) in the current and the last period.
        qint64 demandSinceMs = 0;
        qint64 demand = 0;
        qint64 lastDemand = 0;
    };
    Reservation reserveOnLease(Account &account, qint64 amountMicros, qint64 *leaseId);
    Account *accountOfLease(qint64 leaseId);
    bool m_leased = false;
    QHash<QString, Account> m_accounts;
    std::map<qint64, Hold> m_open; // by id, so the oldest come first
    qint64 m_nextId = 1;
    bool m_failing = false;
};

} // namespace bytespike
