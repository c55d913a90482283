#include "Leases.h"

#include "store/Database.h"
#include "store/UnitOfWork.h"

#include <QDateTime>

namespace bytespike::Leases {

namespace {

// The database's clock in milliseconds: expiry is judged by one clock, whichever instance asks.
#define BYTESPIKE_DB_NOW "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"

const CachedSql kExpireOwn("UPDATE leases SET state = 'expired', ended_at = " BYTESPIKE_DB_NOW
                           " WHERE instance = ?1 AND customer_id = ?2 AND state = 'active'"
                           " AND expires_at <= " BYTESPIKE_DB_NOW " RETURNING granted_micros - spent_micros");
const CachedSql kGiveBack("UPDATE customers SET leased_micros = leased_micros - ?1 WHERE id = ?2");
const CachedSql kCustomerFree("SELECT posted_micros - pending_micros - leased_micros, leased_micros FROM customers"
                              " WHERE id = ?1 FOR UPDATE");
const CachedSql kOwnLease("SELECT id, granted_micros, spent_micros FROM leases"
                          " WHERE instance = ?1 AND customer_id = ?2 AND state = 'active'");
const CachedSql kLiveCount("SELECT count(*) FROM instances WHERE stopped_at IS NULL"
                           " AND last_seen >= " BYTESPIKE_DB_NOW " - ?1");
// The other live instances whose leases of a customer have something left: the answers a recall
// waits for (every instance gets it).
const CachedSql kOthersLeasing(
    "SELECT DISTINCT l.instance FROM leases l JOIN instances i ON i.id = l.instance"
    " WHERE l.customer_id = ?1 AND l.instance <> ?2 AND l.state = 'active' AND l.granted_micros > l.spent_micros"
    " AND i.stopped_at IS NULL AND i.last_seen >= " BYTESPIKE_DB_NOW " - ?3");
const CachedSql kTopUp("UPDATE leases SET granted_micros = granted_micros + ?1,"
                       " expires_at = " BYTESPIKE_DB_NOW " + ?2 WHERE id = ?3 RETURNING granted_micros");
const CachedSql kNewLease(
    "INSERT INTO leases (customer_id, instance, granted_micros, spent_micros, state, created_at,"
    " expires_at) VALUES (?1, ?2, ?3, 0, 'active', " BYTESPIKE_DB_NOW ", " BYTESPIKE_DB_NOW " + ?4) RETURNING id");
// The conditional UPDATE that makes a grant exact: it takes only what is free at commit.
const CachedSql kLease("UPDATE customers SET leased_micros = leased_micros + ?1"
                       " WHERE id = ?2 AND posted_micros - pending_micros - leased_micros >= ?1");
const CachedSql kDirect("UPDATE customers SET pending_micros = pending_micros + ?1"
                        " WHERE id = ?2 AND posted_micros - pending_micros - leased_micros >= ?1");
const CachedSql kDirectRow("INSERT INTO holds (id, customer_id, request_id, endpoint, price_version, amount_micros,"
                           " state, epoch, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?8)");
// An instance the reaper took for stopped (it was frozen or cut off past the TTL) is live again:
// what the reaper ended stays ended.
const CachedSql kSeen("UPDATE instances SET last_seen = " BYTESPIKE_DB_NOW ", stopped_at = NULL WHERE id = ?1");
const CachedSql kRenew("UPDATE leases SET expires_at = " BYTESPIKE_DB_NOW " + ?1 WHERE id = ?2 AND state = 'active'"
                       " AND expires_at > " BYTESPIKE_DB_NOW);
const CachedSql kShrink("UPDATE leases SET granted_micros = granted_micros - ?1, expires_at = " BYTESPIKE_DB_NOW
                        " + ?2 WHERE id = ?3 AND state = 'active' AND expires_at > " BYTESPIKE_DB_NOW
                        " AND granted_micros - spent_micros >= ?1");
// The reaper's and retire's statements, run once per row they end.
const CachedSql kExpire(
    "UPDATE leases SET state = 'expired', ended_at = " BYTESPIKE_DB_NOW " WHERE id = ?1 AND state = 'active'");
const CachedSql kVoidOrphan("UPDATE holds SET state = 'voided', resolved_at = ?1,"
                            " reason = 'instance stopped before the request finished (reaper)'"
                            " WHERE id = ?2 AND state = 'pending'");
const CachedSql kReleaseDirect("UPDATE customers SET pending_micros = pending_micros - ?1 WHERE id = ?2");
const CachedSql kReturn("UPDATE leases SET state = 'returned', ended_at = " BYTESPIKE_DB_NOW
                        " WHERE id = ?1 AND state = 'active' RETURNING granted_micros - spent_micros, customer_id");

// Runs st (a statement RETURNING one value) and gives the value back to the customer for every row.
bool giveBackEach(Database &db, Statement &st, const QString &customerId, QString *error)
{
    while (st.next()) {
        Statement &back = db.cached(kGiveBack);
        back.bind(1, st.int64(0)).bind(2, customerId.isEmpty() ? st.text(1) : customerId);
        if (!back.exec()) {
            *error = back.error();
            return false;
        }
    }
    if (!st.error().isEmpty())
        *error = st.error();
    return st.error().isEmpty();
}

bool runOk(Statement &st, QString *error)
{
    if (st.exec())
        return true;
    *error = st.error();
    return false;
}

// A notification to the other instances: payload on the channel sql names.
bool notify(Database &db, const char *sql, const QString &payload, QString *error)
{
    Statement st = db.prepare(sql);
    st.bind(1, payload);
    if (st.next())
        return true;
    *error = st.error();
    return false;
}

// The grant for ask, given what is free and how many instances share it: at least need, up to
// the instance's share, in whole holds beyond need; 0 when the share cannot cover need.
qint64 grantSize(const Ask &ask, qint64 freeMicros, qint64 live)
{
    const qint64 share = std::min(ask.wantedMicros, freeMicros / std::max<qint64>(1, live));
    if (share >= ask.needMicros) {
        const qint64 unit = std::max<qint64>(1, ask.direct.amountMicros);
        return ask.needMicros + (share - ask.needMicros) / unit * unit;
    }
    // Only what the lease's unused part lacks for the hold: the two together cover it.
    return ask.needMicros < ask.direct.amountMicros && freeMicros >= ask.needMicros ? ask.needMicros : 0;
}

bool grant(Database &db, const Ask &ask, qint64 ownLease, qint64 size, Answer *answer)
{
    Statement &take = db.cached(kLease);
    take.bind(1, size).bind(2, ask.customerId);
    if (!runOk(take, &answer->error))
        return false;
    if (take.changes() != 1) {
        answer->error = QStringLiteral("the free balance changed under its row lock");
        return false;
    }
    if (ownLease) {
        Statement &top = db.cached(kTopUp);
        top.bind(1, size).bind(2, ask.ttlMs).bind(3, ownLease);
        if (!top.next()) {
            answer->error = top.error();
            return false;
        }
        answer->leaseId = ownLease;
        answer->grantedMicros = top.int64(0);
    } else {
        Statement &insert = db.cached(kNewLease);
        insert.bind(1, ask.customerId).bind(2, ask.instance).bind(3, size).bind(4, ask.ttlMs);
        if (!insert.next()) {
            answer->error = insert.error();
            return false;
        }
        answer->leaseId = insert.int64(0);
        answer->grantedMicros = size;
    }
    answer->kind = Answer::Kind::Lease;
    return true;
}

bool takeDirect(Database &db, const Ask &ask, Answer *answer)
{
    const HoldBook::Hold &h = ask.direct;
    Statement &take = db.cached(kDirect);
    take.bind(1, h.amountMicros).bind(2, ask.customerId);
    if (!runOk(take, &answer->error))
        return false;
    Statement &row = db.cached(kDirectRow);
    row.bind(1, h.id).bind(2, h.customerId).bind(3, h.requestId).bind(4, h.endpoint).bind(5, h.priceVersion);
    row.bind(6, h.amountMicros).bind(7, h.epoch).bind(8, h.createdAtMs);
    if (take.changes() != 1 || !runOk(row, &answer->error))
        return false;
    answer->kind = Answer::Kind::Direct;
    return true;
}

// acquire()'s work inside its transaction; false on a database error (answer->error).
bool decide(Database &db, const Ask &ask, Answer *answer)
{
    Statement &expired = db.cached(kExpireOwn);
    expired.bind(1, ask.instance).bind(2, ask.customerId);
    if (!giveBackEach(db, expired, ask.customerId, &answer->error))
        return false;
    Statement &customer = db.cached(kCustomerFree);
    customer.bind(1, ask.customerId);
    if (!customer.next()) {
        answer->kind = Answer::Kind::Insufficient;
        answer->error = customer.error();
        return answer->error.isEmpty();
    }
    const qint64 free = customer.int64(0);
    const qint64 leased = customer.int64(1);
    customer.reset();
    Statement &own = db.cached(kOwnLease);
    own.bind(1, ask.instance).bind(2, ask.customerId);
    qint64 ownLease = 0;
    qint64 ownLeft = 0;
    if (own.next()) {
        ownLease = own.int64(0);
        ownLeft = own.int64(1) - own.int64(2);
    }
    own.reset();
    Statement &live = db.cached(kLiveCount);
    live.bind(1, ask.staleMs);
    if (!live.next()) {
        answer->error = live.error();
        return false;
    }
    const qint64 size = grantSize(ask, free, live.int64(0));
    live.reset();
    if (size > 0)
        return grant(db, ask, ownLease, size, answer);
    if (ask.direct.id && free >= ask.direct.amountMicros)
        return takeDirect(db, ask, answer);
    answer->kind = Answer::Kind::Insufficient;
    answer->freeMicros = std::max<qint64>(0, free);
    if (leased - ownLeft <= 0)
        return true;
    Statement &others = db.cached(kOthersLeasing);
    others.bind(1, ask.customerId).bind(2, ask.instance).bind(3, ask.staleMs);
    while (others.next())
        answer->othersLeasing.append(others.text(0));
    answer->error = others.error();
    return answer->error.isEmpty();
}

} // namespace

bool registerInstance(Database &db, Instance *instance, QString *error)
{
    // Two instances starting together may pick the same number: the loser's row is not written
    // (the number is unique) and it tries the next. An earlier process under the same name (the
    // same data directory on the same host) has ended: it is marked stopped, so that the reaper
    // ends its leases and holds at once instead of after it went stale.
    for (int attempt = 0; attempt < 8; ++attempt) {
        UnitOfWork work(db);
        if (!work.begun(error))
            return false;
        Statement earlier = db.prepare(
            "UPDATE instances SET stopped_at = " BYTESPIKE_DB_NOW " WHERE name = ?1 AND stopped_at IS NULL");
        earlier.bind(1, instance->name);
        if (!runOk(earlier, error))
            return false;
        Statement st = db.prepare("INSERT INTO instances (id, number, name, version, started_at, last_seen)"
                                  " SELECT ?1, COALESCE(MAX(number), 0) + 1, ?2, ?3, " BYTESPIKE_DB_NOW
                                  ", " BYTESPIKE_DB_NOW " FROM instances ON CONFLICT DO NOTHING"
                                  " RETURNING number, started_at");
        st.bind(1, instance->id).bind(2, instance->name).bind(3, instance->version);
        const bool inserted = st.next();
        if (!st.error().isEmpty()) {
            *error = st.error();
            return false;
        }
        if (inserted) {
            instance->number = st.int64(0);
            instance->startedAtMs = st.int64(1);
            instance->lastSeenMs = instance->startedAtMs;
        }
        st.reset();
        if (!work.commit(error))
            return false;
        if (inserted)
            return true;
    }
    *error = QStringLiteral("could not register the instance: its number was taken eight times");
    return false;
}

QList<Instance> liveInstances(Database &db, qint64 staleMs, QString *error)
{
    Statement st
        = db.prepare("SELECT i.id, i.number, i.name, i.version, i.started_at, i.last_seen,"
                     " COALESCE((SELECT SUM(l.granted_micros - l.spent_micros) FROM leases l"
                     " WHERE l.instance = i.id AND l.state = 'active'), 0)"
                     " FROM instances i WHERE i.stopped_at IS NULL AND i.last_seen >= " BYTESPIKE_DB_NOW " - ?1"
                     " ORDER BY i.started_at, i.number");
    st.bind(1, staleMs);
    QList<Instance> out;
    while (st.next())
        out.append(Instance {st.text(0), st.int64(1), st.text(2), st.text(3), st.int64(4), st.int64(5), st.int64(6)});
    if (!st.error().isEmpty())
        *error = st.error();
    return out;
}

Answer acquire(Database &db, const Ask &ask)
{
    Answer answer;
    UnitOfWork work(db);
    if (!work.begun(&answer.error))
        return answer;
    if (!decide(db, ask, &answer) || !work.commit(&answer.error)) {
        answer.kind = Answer::Kind::Failed;
        work.rollback();
    }
    return answer;
}

bool keep(
    Database &db, const QString &instance, qint64 ttlMs, const QList<Keep> &leases, QList<qint64> *lost, QString *error)
{
    UnitOfWork work(db);
    if (!work.begun(error))
        return false;
    Statement &seen = db.cached(kSeen);
    seen.bind(1, instance);
    if (!runOk(seen, error))
        return false;
    for (const Keep &k : leases) {
        bool kept = false;
        if (k.action == Keep::Action::Return) {
            Statement &ret = db.cached(kReturn);
            ret.bind(1, k.leaseId);
            kept = true; // a lease that had ended already has nothing to give back
            if (!giveBackEach(db, ret, k.customerId, error))
                return false;
        } else if (k.action == Keep::Action::Shrink) {
            Statement &shrink = db.cached(kShrink);
            shrink.bind(1, k.returnMicros).bind(2, ttlMs).bind(3, k.leaseId);
            if (!runOk(shrink, error))
                return false;
            kept = shrink.changes() == 1;
            Statement &back = db.cached(kGiveBack);
            back.bind(1, k.returnMicros).bind(2, k.customerId);
            if (kept && !runOk(back, error))
                return false;
        } else {
            Statement &renew = db.cached(kRenew);
            renew.bind(1, ttlMs).bind(2, k.leaseId);
            if (!runOk(renew, error))
                return false;
            kept = renew.changes() == 1;
        }
        if (!kept)
            lost->append(k.leaseId);
    }
    return work.commit(error);
}

int reap(Database &db, qint64 staleMs, QString *error)
{
    UnitOfWork work(db);
    if (!work.begun(error))
        return -1;
    int ended = 0;
    Statement expiring
        = db.prepare("SELECT id, customer_id, granted_micros - spent_micros FROM leases WHERE state = 'active'"
                     " AND (expires_at <= " BYTESPIKE_DB_NOW
                     " OR instance IN (SELECT id FROM instances WHERE stopped_at IS NOT NULL))"
                     " ORDER BY customer_id FOR UPDATE SKIP LOCKED");
    QList<std::tuple<qint64, QString, qint64>> leases;
    while (expiring.next())
        leases.append({expiring.int64(0), expiring.text(1), expiring.int64(2)});
    for (const auto &[id, customer, left] : std::as_const(leases)) {
        Statement &end = db.cached(kExpire);
        end.bind(1, id);
        Statement &back = db.cached(kGiveBack);
        back.bind(1, left).bind(2, customer);
        if (!runOk(end, error) || (end.changes() == 1 && !runOk(back, error)))
            return -1;
        ended += end.changes();
    }
    // The holds of instances that stopped or stopped answering: their requests died with them.
    Statement orphans
        = db.prepare("SELECT h.id, h.customer_id, h.amount_micros, h.lease_id IS NULL FROM holds h"
                     " LEFT JOIN instances i ON i.id = h.epoch WHERE h.state = 'pending'"
                     " AND (i.id IS NULL OR i.stopped_at IS NOT NULL OR i.last_seen < " BYTESPIKE_DB_NOW " - ?1)"
                     " ORDER BY h.customer_id FOR UPDATE OF h SKIP LOCKED");
    orphans.bind(1, staleMs);
    QList<std::tuple<qint64, QString, qint64>> holds;
    while (orphans.next())
        holds.append({orphans.int64(0), orphans.text(1), orphans.int64(3) ? orphans.int64(2) : 0});
    for (const auto &[id, customer, direct] : std::as_const(holds)) {
        Statement &end = db.cached(kVoidOrphan);
        end.bind(1, QDateTime::currentMSecsSinceEpoch()).bind(2, id);
        Statement &back = db.cached(kReleaseDirect);
        back.bind(1, direct).bind(2, customer);
        if (!runOk(end, error) || (end.changes() == 1 && direct && !runOk(back, error)))
            return -1;
        ended += end.changes();
    }
    Statement stopped = db.prepare("UPDATE instances SET stopped_at = " BYTESPIKE_DB_NOW
                                   " WHERE stopped_at IS NULL AND last_seen < " BYTESPIKE_DB_NOW " - ?1");
    stopped.bind(1, staleMs);
    if (!runOk(stopped, error) || !work.commit(error))
        return -1;
    return ended;
}

bool retire(Database &db, const QString &instance, QString *error)
{
    UnitOfWork work(db);
    if (!work.begun(error))
        return false;
    Statement leases = db.prepare(
        "UPDATE leases SET state = 'returned', ended_at = " BYTESPIKE_DB_NOW " WHERE instance = ?1 AND state = 'active'"
        " RETURNING granted_micros - spent_micros, customer_id");
    leases.bind(1, instance);
    QList<std::pair<qint64, QString>> back;
    while (leases.next())
        back.append({leases.int64(0), leases.text(1)});
    if (!leases.error().isEmpty()) {
        *error = leases.error();
        return false;
    }
    for (const auto &[left, customer] : std::as_const(back)) {
        Statement &give = db.cached(kGiveBack);
        give.bind(1, left).bind(2, customer);
        if (!runOk(give, error))
            return false;
    }
    Statement stopped = db.prepare("UPDATE instances SET stopped_at = " BYTESPIKE_DB_NOW " WHERE id = ?1");
    stopped.bind(1, instance);
    return runOk(stopped, error) && work.commit(error);
}

bool recall(Database &db, const QString &instance, const QString &customerId, QString *error)
{
    return notify(db, "SELECT pg_notify('bytespike_recall', ?1)", instance + QLatin1Char(' ') + customerId, error);
}

bool answerRecall(
    Database &db, const QString &requester, const QString &instance, const QString &customerId, QString *error)
{
    return notify(db, "SELECT pg_notify('bytespike_recalled', ?1)",
        requester + QLatin1Char(' ') + instance + QLatin1Char(' ') + customerId, error);
}

void audit(Database &db, QStringList *findings)
{
    Statement sums = db.prepare(
        "SELECT c.id, c.leased_micros, COALESCE(SUM(l.granted_micros - l.spent_micros), 0) FROM customers c"
        " LEFT JOIN leases l ON l.customer_id = c.id AND l.state = 'active' GROUP BY c.id, c.leased_micros"
        " HAVING c.leased_micros != COALESCE(SUM(l.granted_micros - l.spent_micros), 0)");
    while (sums.next())
        findings->append(QStringLiteral("customer %1: leased_micros %2 but its active leases have %3 left")
                             .arg(sums.text(0))
                             .arg(sums.int64(1))
                             .arg(sums.int64(2)));
    Statement over = db.prepare("SELECT id, granted_micros, spent_micros FROM leases"
                                " WHERE spent_micros > granted_micros OR spent_micros < 0");
    while (over.next())
        findings->append(QStringLiteral("lease %1: spent %2 of a grant of %3")
                             .arg(over.int64(0))
                             .arg(over.int64(2))
                             .arg(over.int64(1)));
    for (Statement *st : {&sums, &over})
        if (!st->error().isEmpty())
            findings->append(QStringLiteral("cannot audit the leases: ") + st->error());
}

} // namespace bytespike::Leases
