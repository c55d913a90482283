#pragma once

#include "Money.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace bytespike {

class Database;

// Two-phase transfers on customer balances (ARCHITECTURE.md "Ledger"): a hold is taken before
// any upstream call and ends exactly once as posted (debit written), voided or expired. Each
// transition is a guarded UPDATE whose changed-row count decides the winner. Every function runs
// on the ledger writer thread inside its own BEGIN IMMEDIATE transaction.
namespace Ledger {

struct HoldRequest
{
    QString customerId;
    QString requestId;
    QString endpoint;
    qint64 priceVersion = 0;
    qint64 amountMicros = 0;
    QString epoch;
};

struct ReserveResult
{
    enum class Outcome { Ok, Insufficient, Failed } outcome = Outcome::Failed;
    qint64 holdId = 0;
    qint64 availableMicros = 0; // on Insufficient: what was available
    QString error; // on Failed: why (database locked, disk full, ...)
};

ReserveResult reserve(Database &db, const HoldRequest &request);

struct Settlement
{
    qint64 holdId = 0;
    QString customerId;
    QString requestId;
    QString endpoint;
    qint64 priceVersion = 0;
    TokenCounts usage;
    qint64 costMicros = 0; // the full cost at the hold's prices
    bool estimated = false;
};

struct PostResult
{
    bool ok = false;
    qint64 entryId = 0;
    qint64 debitMicros = 0; // min(cost, hold)
    qint64 shortfallMicros = 0; // cost above the hold: recorded as operator loss, never billed
    QString error;
};

// Posts the debit for a delivered request. Fails (and writes nothing) if the hold is no longer
// pending, so a debit happens at most once.
PostResult post(Database &db, const Settlement &settlement);

// Ends a pending hold without billing (state "voided" or "expired"); false if it was not pending.
bool release(Database &db, qint64 holdId, const QString &state, const QString &reason, QString *error);

// Records which endpoint and price version a failed-over request ended up using.
bool retarget(Database &db, qint64 holdId, const QString &endpoint, qint64 priceVersion, QString *error);

// Voids every pending hold of an earlier process epoch; returns how many, or -1 on error.
int reap(Database &db, const QString &currentEpoch, QString *error);

// Statement for [fromMs, toMs): opening, credit and debit lines, closing (API.md "Statement").
QJsonObject statement(Database &db, const QString &customerId, qint64 fromMs, qint64 toMs, QString *error);

// Holds, optionally in some states (comma-separated), of one customer and of one request, newest first.
QJsonObject holds(Database &db, const QString &state, int limit, QString *error, const QString &customerId = {},
    const QString &requestId = {});

// The auditor: returns a list of findings; empty means the ledger is consistent.
QStringList audit(Database &db);

} // namespace Ledger
} // namespace bytespike
