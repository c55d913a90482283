#include "Ledger.h"

#include "Leases.h"
#include "base/ReasonCodes.h"
#include "store/Database.h"
#include "store/Migrations.h"
#include "store/UnitOfWork.h"

#include <QDateTime>
#include <QJsonArray>

namespace bytespike::Ledger {

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

const CachedSql kEndPendingHold(
    "UPDATE holds SET state = ?1, reason = ?2, debit_micros = ?3, shortfall_micros = ?4,"
    " resolved_at = ?5, endpoint = ?6, price_version = ?7 WHERE id = ?8 AND state = 'pending'");
const CachedSql kInsertEndedHold(
    "INSERT INTO holds (id, customer_id, request_id, endpoint, price_version, amount_micros, state, epoch, reason,"
    " debit_micros, shortfall_micros, created_at, resolved_at, lease_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) ON CONFLICT DO NOTHING");
const CachedSql kSettleBalance("UPDATE customers SET posted_micros = posted_micros - ?1,"
                               " pending_micros = pending_micros - ?2 WHERE id = ?3");
const CachedSql kInsertDebit(
    "INSERT INTO ledger_entries (customer_id, kind, amount_micros, memo, request_id, created_at, hold_id, endpoint,"
    " price_version, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens, estimated, key_id)"
    " VALUES (?, 'debit', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    Returns::Id);
const CachedSql kInsertPendingHold("INSERT INTO holds (id, customer_id, request_id, endpoint,"
                                   " price_version, amount_micros, state, epoch, created_at, lease_id)"
                                   " VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT DO NOTHING");
const CachedSql kReserve("UPDATE customers SET pending_micros = pending_micros + ? WHERE id = ?");
// A debit against a lease: counted as spent from it (while it is active and covers it), and taken
// from the customer's posted balance and from what its leases have left alike.
const CachedSql kSpendLease("UPDATE leases SET spent_micros = spent_micros + ?1"
                            " WHERE id = ?2 AND state = 'active' AND spent_micros + ?1 <= granted_micros");
const CachedSql kSettleLeased("UPDATE customers SET posted_micros = posted_micros - ?1,"
                              " leased_micros = leased_micros - ?1 WHERE id = ?2");
// The lease had ended (expired and reaped): the debit is taken from what is free, if it is there.
const CachedSql kSettleFree("UPDATE customers SET posted_micros = posted_micros - ?1"
                            " WHERE id = ?2 AND posted_micros - pending_micros - leased_micros >= ?1");

// One hold's end, written inside a unit of work.
struct Ending
{
    Database &db;
    const Resolution &r;
    ResolveResult &result;
    QString &error;
    bool posted;
    qint64 now = nowMs();
    QString reason = r.reason;
    // The hold's final state: a delivered request that could not be charged is voided.
    QString state() const { return posted || r.state != u"posted" ? r.state : QStringLiteral("voided"); }
};

// A debit against a lease, before the hold's row is written: counted as spent from the lease,
// or, when the lease had ended, taken from the free balance. When neither can pay it, the request
// was delivered but cannot be billed: the hold is voided with the reason, as an operator loss,
// and the balance never goes below zero.
bool chargeLease(Ending &e)
{
    const HoldBook::Hold &h = e.r.hold;
    if (!e.posted || h.leaseId == 0 || e.result.debitMicros == 0)
        return true;
    Statement &spend = e.db.cached(kSpendLease);
    spend.bind(1, e.result.debitMicros).bind(2, h.leaseId);
    if (!spend.exec()) {
        e.error = spend.error();
        return false;
    }
    Statement &balance = e.db.cached(spend.changes() == 1 ? kSettleLeased : kSettleFree);
    balance.bind(1, e.result.debitMicros).bind(2, h.customerId);
    if (!balance.exec()) {
        e.error = balance.error();
        return false;
    }
    e.result.leaseCharged = spend.changes() == 1;
    if (balance.changes() == 1)
        return true;
    e.posted = false;
    e.result.shortfallMicros += e.result.debitMicros;
    e.result.debitMicros = 0;
    e.reason = QStringLiteral("delivered after its lease ended, and the balance no longer covered it (operator loss)");
    return true;
}

// Ends the hold's pending row if it has one: 1 when it did, 0 when there was none, -1 on error.
int endPendingRow(Ending &e)
{
    const HoldBook::Hold &h = e.r.hold;
    Statement &end = e.db.cached(kEndPendingHold);
    end.bind(1, e.state()).bind(2, e.posted ? QString() : e.reason);
    if (e.posted)
        end.bind(3, e.result.debitMicros);
    else
        end.bindNull(3);
    end.bind(4, e.result.shortfallMicros).bind(5, e.now).bind(6, h.endpoint).bind(7, h.priceVersion).bind(8, h.id);
    if (!end.exec()) {
        e.error = end.error();
        return -1;
    }
    return end.changes();
}

// The hold's one row in its final state: a pending row written earlier is ended, otherwise the
// row is inserted ended. Most holds were never queued for a pending row when their end was (the
// writer takes jobs in order), so they go straight to the INSERT; the UPDATE comes first only for
// a hold that was, and after an INSERT that found the row there for one whose end is being retried
// (its pending row may have been written while the retry waited). The INSERT does nothing on a
// row that is there rather than failing: on PostgreSQL a failed statement spoils its transaction.
bool writeHoldRow(Ending &e, bool *wasPending)
{
    const HoldBook::Hold &h = e.r.hold;
    *wasPending = false;
    if (h.written) {
        const int ended = endPendingRow(e);
        if (ended < 0)
            return false;
        *wasPending = ended == 1;
    }
    if (*wasPending)
        return true;
    Statement &insert = e.db.cached(kInsertEndedHold);
    insert.bind(1, h.id).bind(2, h.customerId).bind(3, h.requestId).bind(4, h.endpoint);
    insert.bind(5, h.priceVersion).bind(6, h.amountMicros).bind(7, e.state()).bind(8, h.epoch);
    insert.bind(9, e.posted ? QString() : e.reason);
    if (e.posted)
        insert.bind(10, e.result.debitMicros);
    else
        insert.bindNull(10);
    insert.bind(11, e.result.shortfallMicros).bind(12, h.createdAtMs).bind(13, e.now);
    if (h.leaseId)
        insert.bind(14, h.leaseId);
    else
        insert.bindNull(14);
    if (!insert.exec()) {
        e.error = insert.error();
        return false;
    }
    if (insert.changes() == 1)
        return true;
    if (!h.written) {
        const int ended = endPendingRow(e);
        if (ended < 0)
            return false;
        *wasPending = ended == 1;
    }
    if (*wasPending)
        return true;
    e.result.outcome = ResolveResult::Outcome::Rejected;
    e.error = QStringLiteral("hold %1 has already ended").arg(h.id);
    return false;
}

// The customer's balance (the debit) and pending sum (a pending row's reservation), then the
// debit's ledger entry.
bool postToAccount(Ending &e, bool wasPending)
{
    const HoldBook::Hold &h = e.r.hold;
    // A lease's debit was taken by chargeLease, and a hold on a lease never reserved pending_micros.
    const qint64 debit = h.leaseId ? 0 : e.result.debitMicros;
    const qint64 pending = wasPending && !h.leaseId ? h.amountMicros : 0;
    if (debit != 0 || pending != 0) {
        Statement &balance = e.db.cached(kSettleBalance);
        balance.bind(1, debit).bind(2, pending).bind(3, h.customerId);
        if (!balance.exec() || balance.changes() != 1) {
            e.error = balance.error().isEmpty() ? QStringLiteral("no customer %1").arg(h.customerId) : balance.error();
            return false;
        }
    }
    if (!e.posted)
        return true;
    Statement &entry = e.db.cached(kInsertDebit);
    entry.bind(1, h.customerId).bind(2, e.result.debitMicros);
    entry.bind(3, debitMemo(e.r));
    entry.bind(4, h.requestId).bind(5, e.now).bind(6, h.id).bind(7, h.endpoint).bind(8, h.priceVersion);
    entry.bind(9, e.r.usage.input).bind(10, e.r.usage.output).bind(11, e.r.usage.cacheWrite);
    entry.bind(12, e.r.usage.cacheRead).bind(13, qint64(e.r.estimated ? 1 : 0));
    if (!h.keyId.isEmpty())
        entry.bind(14, h.keyId); // unbound: NULL, outside the partial index of keys' debits
    if (!entry.exec()) {
        e.error = entry.error();
        return false;
    }
    e.result.entryId = entry.insertedId();
    return true;
}

} // namespace

QString debitMemo(const Resolution &resolution)
{
    return resolution.estimated ? QStringLiteral("usage estimated (upstream reported none)") : QString();
}

ResolveResult resolve(Database &db, const Resolution &r)
{
    ResolveResult result;
    const bool posted = r.posted();
    if (posted) {
        result.debitMicros = r.debitMicros();
        result.shortfallMicros = r.costMicros - result.debitMicros;
    }
    QString error;
    UnitOfWork work(db);
    Ending ending {db, r, result, error, posted};
    bool wasPending = false;
    const bool committed = work.isOpen() && chargeLease(ending) && writeHoldRow(ending, &wasPending)
        && postToAccount(ending, wasPending) && work.commit();
    if (committed) {
        result.outcome = ResolveResult::Outcome::Ok;
        result.posted = ending.posted;
        result.reason = ending.reason;
        return result;
    }
    result.leaseCharged = false;
    if (error.isEmpty())
        error = work.error();
    work.rollback();
    result.error = error.isEmpty() ? db.lastError() : error;
    if (result.outcome != ResolveResult::Outcome::Rejected)
        result.outcome = ResolveResult::Outcome::Failed;
    return result;
}

bool writePending(Database &db, const QList<HoldBook::Hold> &holds, QString *error)
{
    UnitOfWork work(db);
    if (!work.isOpen()) {
        *error = work.error();
        return false;
    }
    for (const HoldBook::Hold &h : holds) {
        Statement &insert = db.cached(kInsertPendingHold);
        insert.bind(1, h.id).bind(2, h.customerId).bind(3, h.requestId).bind(4, h.endpoint);
        insert.bind(5, h.priceVersion).bind(6, h.amountMicros).bind(7, h.epoch).bind(8, h.createdAtMs);
        if (h.leaseId)
            insert.bind(9, h.leaseId);
        else
            insert.bindNull(9);
        if (!insert.exec()) {
            *error = insert.error();
            return false;
        }
        if (insert.changes() == 0 || h.leaseId)
            continue; // it ended first, or its amount is reserved in its lease
        Statement &reserve = db.cached(kReserve);
        reserve.bind(1, h.amountMicros).bind(2, h.customerId);
        if (!reserve.exec()) {
            *error = reserve.error();
            return false;
        }
    }
    if (!work.commit()) {
        *error = work.error();
        return false;
    }
    return true;
}

bool loadBalances(Database &db, QHash<QString, qint64> *postedMicros, qint64 *nextHoldId, QString *error)
{
    Statement customers = db.prepare("SELECT id, posted_micros FROM customers");
    while (customers.next())
        postedMicros->insert(customers.text(0), customers.int64(1));
    if (!customers.error().isEmpty()) {
        *error = customers.error();
        return false;
    }
    Statement last = db.prepare("SELECT COALESCE(MAX(id), 0) + 1 FROM holds");
    if (!last.next()) {
        *error = last.error();
        return false;
    }
    *nextHoldId = last.int64(0);
    return true;
}

int reap(Database &db, const QString &currentEpoch, QString *error)
{
    UnitOfWork work(db);
    if (!work.isOpen()) {
        *error = work.error();
        return -1;
    }
    Statement voidAll = db.prepare("UPDATE holds SET state = 'voided', resolved_at = ?,"
                                   " reason = 'process ended before the request finished (start-up reaper)'"
                                   " WHERE state = 'pending' AND epoch != ?");
    voidAll.bind(1, nowMs()).bind(2, currentEpoch);
    if (!voidAll.exec()) {
        *error = voidAll.error();
        return -1;
    }
    const int count = voidAll.changes();
    // Pending balances are rebuilt from the holds that are still open.
    if (!db.exec("UPDATE customers SET pending_micros = (SELECT COALESCE(SUM(amount_micros), 0) FROM holds"
                 " WHERE holds.customer_id = customers.id AND holds.state = 'pending' AND holds.lease_id IS NULL)",
            error))
        return -1;
    if (!work.commit()) {
        *error = work.error();
        return -1;
    }
    return count;
}

AccountStatement accountStatement(Database &db, const QString &customerId, qint64 fromMs, qint64 toMs, QString *error)
{
    Statement opening
        = db.prepare("SELECT COALESCE(SUM(CASE kind WHEN 'credit' THEN amount_micros ELSE -amount_micros END), 0),"
                     " COALESCE((SELECT name FROM customers WHERE id = ?1), '')"
                     " FROM ledger_entries WHERE customer_id = ?1 AND created_at < ?2");
    opening.bind(1, customerId).bind(2, fromMs);
    if (!opening.next()) {
        *error = opening.error();
        return {};
    }
    AccountStatement out {customerId, fromMs, toMs, opening.int64(0), opening.int64(0), {}, opening.text(1)};
    Statement rows = db.prepare(
        "SELECT created_at, kind, COALESCE(request_id, ''), endpoint, input_tokens, output_tokens,"
        " cache_write_tokens, cache_read_tokens, price_version, amount_micros, memo, estimated"
        " FROM ledger_entries WHERE customer_id = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, id");
    rows.bind(1, customerId).bind(2, fromMs).bind(3, toMs);
    while (rows.next()) {
        const bool credit = rows.text(1) == QLatin1String("credit");
        const qint64 amount = rows.int64(9);
        out.closingMicros += credit ? amount : -amount;
        out.lines.append(StatementLine {rows.int64(0), rows.text(1), rows.text(2), rows.text(3), rows.int64(4),
            rows.int64(5), rows.int64(6), rows.int64(7), rows.int64(8), amount, rows.text(10), rows.int64(11) != 0});
    }
    if (!rows.error().isEmpty()) {
        *error = rows.error();
        return {};
    }
    return out;
}

QJsonObject statement(Database &db, const QString &customerId, qint64 fromMs, qint64 toMs, QString *error)
{
    QString why;
    const AccountStatement s = accountStatement(db, customerId, fromMs, toMs, &why);
    *error = why;
    return why.isEmpty() ? s.toJson() : QJsonObject();
}

QList<Hold> listHolds(
    Database &db, const QString &state, int limit, QString *error, const QString &customerId, const QString &requestId)
{
    Statement st
        = db.prepare("SELECT id, customer_id, request_id, endpoint, price_version, amount_micros, state, reason,"
                     " COALESCE(debit_micros, 0), shortfall_micros, created_at, COALESCE(resolved_at, 0)"
                     " FROM holds WHERE (?1 = '' OR (',' || ?1 || ',') LIKE ('%,' || state || ',%')) AND (?3 = '' OR "
                     "customer_id = ?3) AND (?4 = '' OR request_id = ?4)"
                     " ORDER BY id DESC LIMIT ?2");
    st.bind(1, state).bind(2, qint64(limit)).bind(3, customerId).bind(4, requestId);
    QList<Hold> out;
    while (st.next()) {
        Hold h {st.int64(0), st.text(1), st.text(2), st.text(3), st.int64(4), st.int64(5), st.text(6), st.text(7),
            st.int64(8), st.int64(9), st.int64(10), std::nullopt, ReasonCodes::notBilled(0, st.text(7))};
        if (st.int64(11) != 0)
            h.resolvedMs = st.int64(11);
        out.append(h);
    }
    if (!st.error().isEmpty())
        *error = st.error();
    return out;
}

QJsonObject holds(
    Database &db, const QString &state, int limit, QString *error, const QString &customerId, const QString &requestId)
{
    return QJsonObject {
        {QStringLiteral("holds"), toJsonArray(listHolds(db, state, limit, error, customerId, requestId))}};
}

namespace {

// Money values first: one that is not an integer, or beyond the limit, makes every sum meaningless
// (SQLite's SUM stops with "integer overflow" past 64 bits), so those are reported by table,
// column and row.
QStringList moneyFindings(Database &db)
{
    QStringList findings = Migrations::moneyProblems(db, Migrations::MoneyScan::TypesAndLimit, 100);
    Statement credited = db.prepare(db.dialect(
        "SELECT customer_id, TOTAL(amount_micros) FROM ledger_entries WHERE kind = 'credit' GROUP BY customer_id"
        " HAVING TOTAL(amount_micros) > 9007199254740991",
        "SELECT customer_id, CAST(SUM(amount_micros) AS TEXT) FROM ledger_entries WHERE kind = 'credit'"
        " GROUP BY customer_id HAVING SUM(amount_micros) > 9007199254740991"));
    while (credited.next())
        findings << QStringLiteral("customer %1 has been credited %2 micro-dollars in all, beyond the ledger's"
                                   " limit of %3")
                        .arg(credited.text(0), credited.text(1))
                        .arg(kMaxMoneyMicros);
    return findings;
}

// The sums: balances against entries, pending sums against open holds, holds against debits.
void sumFindings(Database &db, QStringList &findings)
{
    auto each = [&](const char *sql, const std::function<QString(const Statement &)> &describe) {
        Statement st = db.prepare(sql);
        if (!st.isValid()) {
            findings << QStringLiteral("audit query failed: %1").arg(st.error());
            return;
        }
        while (st.next())
            findings << describe(st);
        if (st.error().contains(QLatin1String("integer overflow")))
            findings << QStringLiteral("a sum of money values passes the 64-bit range (%1)").arg(QLatin1String(sql));
        else if (!st.error().isEmpty())
            findings << QStringLiteral("audit query failed: %1").arg(st.error());
    };
    each("SELECT c.id, c.posted_micros, COALESCE(SUM(CASE e.kind WHEN 'credit' THEN e.amount_micros"
         " ELSE -e.amount_micros END), 0) FROM customers c LEFT JOIN ledger_entries e ON e.customer_id = c.id"
         " GROUP BY c.id HAVING c.posted_micros != COALESCE(SUM(CASE e.kind WHEN 'credit' THEN e.amount_micros"
         " ELSE -e.amount_micros END), 0)",
        [](const Statement &st) {
            return QStringLiteral("conservation: customer %1 posted %2 but entries sum to %3")
                .arg(st.text(0))
                .arg(st.int64(1))
                .arg(st.int64(2));
        });
    // A hold on a lease reserved nothing in pending_micros: its lease holds the amount.
    each("SELECT c.id, c.pending_micros, COALESCE(SUM(h.amount_micros), 0) FROM customers c LEFT JOIN holds h"
         " ON h.customer_id = c.id AND h.state = 'pending' AND h.lease_id IS NULL GROUP BY c.id"
         " HAVING c.pending_micros != COALESCE(SUM(h.amount_micros), 0)",
        [](const Statement &st) {
            return QStringLiteral("pending: customer %1 pending %2 but open holds sum to %3")
                .arg(st.text(0))
                .arg(st.int64(1))
                .arg(st.int64(2));
        });
    each("SELECT id, posted_micros - pending_micros - leased_micros FROM customers"
         " WHERE posted_micros - pending_micros - leased_micros < 0",
        [](const Statement &st) {
            return QStringLiteral("negative available balance: customer %1 has %2").arg(st.text(0)).arg(st.int64(1));
        });
    each(
        "SELECT h.id, h.state, COUNT(e.id) FROM holds h LEFT JOIN ledger_entries e ON e.hold_id = h.id"
        " GROUP BY h.id HAVING (h.state = 'posted' AND COUNT(e.id) != 1) OR (h.state != 'posted' AND COUNT(e.id) != 0)",
        [](const Statement &st) {
            return QStringLiteral("hold %1 is %2 but has %3 debit entries")
                .arg(st.int64(0))
                .arg(st.text(1))
                .arg(st.int64(2));
        });
    each("SELECT e.id, h.amount_micros, e.amount_micros FROM ledger_entries e JOIN holds h ON h.id = e.hold_id"
         " WHERE e.amount_micros > h.amount_micros",
        [](const Statement &st) {
            return QStringLiteral("debit %1 of %2 exceeds its hold of %3")
                .arg(st.int64(0))
                .arg(st.int64(2))
                .arg(st.int64(1));
        });
    each("SELECT e.id FROM ledger_entries e LEFT JOIN holds h ON h.id = e.hold_id"
         " WHERE e.kind = 'debit' AND (h.id IS NULL OR h.state != 'posted' OR h.request_id != e.request_id)",
        [](const Statement &st) {
            return QStringLiteral("debit %1 is not tied to a delivered request's posted hold").arg(st.int64(0));
        });
    each("SELECT e.id FROM ledger_entries e LEFT JOIN requests r ON r.id = e.request_id"
         " WHERE e.kind = 'debit' AND r.id IS NOT NULL AND r.billed != 1",
        [](const Statement &st) {
            return QStringLiteral("debit %1 belongs to a request logged as not billed").arg(st.int64(0));
        });
    Leases::audit(db, &findings);
}

} // namespace

QStringList audit(Database &db)
{
    QStringList findings = moneyFindings(db);
    if (!findings.isEmpty()) {
        findings << QStringLiteral("the balance and hold sums were not checked: money values above are not integers"
                                   " or beyond the limit");
        return findings;
    }
    sumFindings(db, findings);
    return findings;
}

} // namespace bytespike::Ledger
