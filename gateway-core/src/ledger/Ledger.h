#pragma once

#include <algorithm>

#include "HoldBook.h"
#include "base/Money.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace bytespike {

class Database;

// Two-phase transfers on customer balances (docs/architecture.md, "Ledger"): a hold is taken (in the
// HoldBook) before any upstream call and ends exactly once as posted (debit written), voided or
// expired. Every function here runs on the ledger writer thread inside its own transaction (a
// SAVEPOINT within the writer's group commit).
namespace Ledger {

// The end of a hold: posted (delivered, with its usage and cost) or voided / expired (with the
// reason). Written in one transaction with the debit, if any.
struct Resolution
{
    HoldBook::Hold hold; // as taken, with the endpoint and price version it ended on
    QString state; // "posted", "voided" or "expired"
    QString reason; // why it was not posted
    TokenCounts usage;
    qint64 costMicros = 0; // posted: the full cost at the hold's prices
    bool estimated = false;

    bool posted() const { return state == u"posted"; }
    // What it takes from the balance: a posted hold's cost, never more than the hold; else 0.
    qint64 debitMicros() const { return posted() ? std::min(costMicros, hold.amountMicros) : 0; }
};

struct ResolveResult
{
    // Rejected: the hold had ended already (nothing written). Failed: the database refused the
    // write (locked, disk full); nothing was written and it may be tried again.
    enum class Outcome { Ok, Rejected, Failed } outcome = Outcome::Failed;
    qint64 entryId = 0;
    qint64 debitMicros = 0; // min(cost, hold)
    qint64 shortfallMicros = 0; // cost above the hold: recorded as operator loss, never billed
    // On Ok: whether a debit was written. A delivered request on a lease that had ended, which the
    // free balance could not pay either, is voided instead (reason says so).
    bool posted = false;
    QString reason;
    bool leaseCharged = false; // the debit was counted as spent from the hold's lease
    QString error;
};

// Records how a hold ended: its row in the final state (inserted, or updated from the pending
// row written for a long request), the customer's balance and the debit entry when posted. A
// hold ends at most once: a second resolution is rejected and writes nothing.
ResolveResult resolve(Database &db, const Resolution &resolution);
// The memo of a debit entry: why its usage is estimated, or empty.
QString debitMemo(const Resolution &resolution);

// Writes holds that are still open as pending rows (reserving their amount in customers), so a
// crash leaves them for the reaper. Holds whose end was written meanwhile are skipped.
bool writePending(Database &db, const QList<HoldBook::Hold> &holds, QString *error);

// What the hold book starts from: every customer's posted balance and the next hold id.
bool loadBalances(Database &db, QHash<QString, qint64> *postedMicros, qint64 *nextHoldId, QString *error);

// Voids every pending hold of an earlier process epoch; returns how many, or -1 on error.
int reap(Database &db, const QString &currentEpoch, QString *error);

// Statement for [fromMs, toMs): opening, credit and debit lines, closing
// (GET /admin/customers/{id}/statement).
AccountStatement accountStatement(Database &db, const QString &customerId, qint64 fromMs, qint64 toMs, QString *error);
// The same as its JSON (AccountStatement::toJson).
QJsonObject statement(Database &db, const QString &customerId, qint64 fromMs, qint64 toMs, QString *error);

// Holds, optionally in some states (comma-separated), of one customer and of one request, newest first.
QList<Hold> listHolds(Database &db, const QString &state, int limit, QString *error, const QString &customerId = {},
    const QString &requestId = {});
// The same as {"holds": [...]}, each hold's Hold::toJson.
QJsonObject holds(Database &db, const QString &state, int limit, QString *error, const QString &customerId = {},
    const QString &requestId = {});

// The auditor: returns a list of findings; empty means the ledger is consistent. Money values that
// are not integers or are beyond kMaxMoneyMicros are findings of their own, named by table, column
// and row; while there is one, the sums are not taken (they would overflow or mean nothing).
QStringList audit(Database &db);

} // namespace Ledger
} // namespace bytespike
