#pragma once

#include "HoldBook.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace bytespike {

class Database;

// Balance leases in the database, for several instances on one PostgreSQL database
// (docs/scale-out.md). A lease is the part of a customer's balance that one instance may reserve
// holds against in memory (HoldBook) without asking the database; customers.leased_micros is what
// the active leases have left, so posted - pending - leased is free for any instance. Every
// function runs on the ledger writer thread in its own transaction, and only on PostgreSQL.
// Expiry times are the database's clock, so the instances' clocks need not agree.
namespace Leases {

// This process in the instances table. Its number makes its hold ids its own: number << 40 on.
struct Instance
{
    QString id; // the process epoch
    qint64 number = 0;
    QString name;
    QString version;
    qint64 startedAtMs = 0;
    qint64 lastSeenMs = 0;
    qint64 leasedMicros = 0; // granted - spent over its active leases
};

// Registers the instance (a new number each start), and marks an earlier one of the same name
// stopped; false with error when the database refuses.
bool registerInstance(Database &db, Instance *instance, QString *error);
// The instances seen within staleMs, oldest first.
QList<Instance> liveInstances(Database &db, qint64 staleMs, QString *error);

// What an instance asks for when its lease cannot cover a hold: at least needMicros more (what
// the waiting holds need beyond the lease's unused part), wantedMicros if the free balance allows
// (its share among the live instances), or else, for the first waiting hold alone, a direct hold:
// its amount reserved in customers.pending_micros with its pending row written (direct mode).
struct Ask
{
    QString customerId;
    QString instance;
    qint64 needMicros = 0;
    qint64 wantedMicros = 0;
    qint64 ttlMs = 0;
    qint64 staleMs = 0; // an instance not seen for this long does not share the balance
    HoldBook::Hold direct; // the hold for direct mode (written as pending when taken)
};

struct Answer
{
    enum class Kind { Lease, Direct, Insufficient, Failed } kind = Kind::Failed;
    qint64 leaseId = 0;
    qint64 grantedMicros = 0; // the lease's whole grant now
    qint64 freeMicros = 0; // on Insufficient: what was free
    // On Insufficient: the other live instances whose leases of the customer have something left,
    // whose answers a recall waits for.
    QStringList othersLeasing;
    QString error;
};

// One transaction: ends this instance's lease of the customer if it has expired, then grants or
// tops up a lease by a conditional UPDATE of the customer, or takes the direct hold.
Answer acquire(Database &db, const Ask &ask);

// What the instance's periodic pass does with one of its leases.
struct Keep
{
    qint64 leaseId = 0;
    QString customerId;
    enum class Action { Renew, Shrink, Return } action = Action::Renew;
    qint64 returnMicros = 0; // Shrink: the unused part given back
};
// One transaction: the instance's last_seen, then every lease renewed (expires_at moved on),
// shrunk or returned. Fills lost with the leases that were no longer active (expired and reaped).
bool keep(Database &db, const QString &instance, qint64 ttlMs, const QList<Keep> &leases, QList<qint64> *lost,
    QString *error);

// The reaper, on any instance: closes leases past their expiry or of stopped instances and returns
// their unused part to the customer; voids the pending holds of instances that stopped or were not
// seen for staleMs, or of no registered instance (a direct hold's amount goes back to the
// customer), and marks the instances not seen stopped. Rows another reaper holds are skipped.
// Returns how many leases and holds it ended, or -1 on error.
int reap(Database &db, qint64 staleMs, QString *error);

// On shutdown: every lease of the instance returned, and the instance marked stopped.
bool retire(Database &db, const QString &instance, QString *error);

// Asks every instance to give back the unused part of its lease of the customer (NOTIFY
// bytespike_recall, "instance customer").
bool recall(Database &db, const QString &instance, const QString &customerId, QString *error);
// A recalled instance's answer to the one that asked, once what it gave back is committed (NOTIFY
// bytespike_recalled, "requester instance customer"; sent at the commit of the transaction it
// runs in).
bool answerRecall(
    Database &db, const QString &requester, const QString &instance, const QString &customerId, QString *error);

// The auditor's lease invariants: leased_micros equals what the active leases have left, and no
// lease is spent beyond its grant. Findings are appended.
void audit(Database &db, QStringList *findings);

} // namespace Leases
} // namespace bytespike
