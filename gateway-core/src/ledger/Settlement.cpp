#include "Settlement.h"

#include "SqliteBatch.h"

#include "protocol/JsonWrite.h"
#include "store/Database.h"
#include "store/UnitOfWork.h"

#include <QDateTime>
#include <QLoggingCategory>

#include <optional>

// The request log's category: a cost above the hold is news about one request.
Q_LOGGING_CATEGORY(lcSettlement, "bytespike.requests")

namespace bytespike::Settlement {

namespace {

void warnShortfall(const QString &requestId, qint64 micros)
{
    qCWarning(lcSettlement).noquote() << requestId << "cost exceeded the hold by" << micros
                                      << "micro-dollars (operator loss)";
}

// On PostgreSQL the usual settlement is one statement, one round trip instead of four or six: the
// hold's row inserted ended, its lease's spent part, the balance, the debit entry and the log row,
// in data-modifying WITH clauses of which each does its part only when the hold's row was new (and,
// for a hold on a lease, only while its lease is active). Parameters 1 to 22 are the log row's
// (RequestLog::bindRow); the hold's and the debit's follow; 44 is the lease (0: none).
const CachedSql kSettleAtOnce(R"sql(
WITH h AS (
  INSERT INTO holds (id, customer_id, request_id, endpoint, price_version, amount_micros, state, epoch, reason,
    debit_micros, shortfall_micros, created_at, resolved_at, lease_id)
  SELECT ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?2, NULLIF(CAST(?44 AS BIGINT), 0)
  WHERE CAST(?44 AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM leases WHERE id = CAST(?44 AS BIGINT) AND state = 'active')
  ON CONFLICT DO NOTHING RETURNING id),
l AS (
  UPDATE leases SET spent_micros = spent_micros + ?32
  WHERE id = CAST(?44 AS BIGINT) AND state = 'active' AND spent_micros + ?32 <= granted_micros AND CAST(?35 AS BOOLEAN)
    AND EXISTS (SELECT 1 FROM h) RETURNING id),
b AS (
  UPDATE customers SET posted_micros = posted_micros - ?32,
    leased_micros = leased_micros - CASE WHEN CAST(?44 AS BIGINT) = 0 THEN 0 ELSE ?32 END
  WHERE id = ?24 AND CAST(?35 AS BOOLEAN) AND EXISTS (SELECT 1 FROM h) AND (CAST(?44 AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM l))
  RETURNING id),
e AS (
  INSERT INTO ledger_entries (customer_id, kind, amount_micros, memo, request_id, created_at, hold_id, endpoint,
    price_version, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens, estimated, key_id)
  SELECT ?24, 'debit', ?32, ?36, ?25, ?2, ?23, ?26, ?27, ?37, ?38, ?39, ?40, ?41, ?42 FROM h
  WHERE CAST(?43 AS BOOLEAN) AND (CAST(?44 AS BIGINT) = 0 OR ?32 = 0 OR EXISTS (SELECT 1 FROM l)) RETURNING id),
r AS (
  INSERT INTO requests (id, time, customer_id, protocol, model, endpoint, status, billed, not_billed_reason,
    input_tokens, output_tokens, cache_write_tokens, cache_read_tokens, latency_ms, ttfb_ms, hold_id, entry_id,
    hold_micros, cost_micros, price_version, usage_estimated, request_body)
  SELECT ?1, ?2, ?3, ?21, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, COALESCE((SELECT id FROM e), ?16),
    ?17, ?18, ?19, ?20, ?22 FROM h RETURNING 1)
SELECT (SELECT count(*) FROM h), (SELECT count(*) FROM b), COALESCE((SELECT id FROM e), 0), (SELECT count(*) FROM r),
  (SELECT count(*) FROM l)
)sql");

// The settlement in kSettleAtOnce; nullopt when the hold's row was there already (a pending row
// written for a long request, or an end tried before) or its lease had ended, which the statement
// then left untouched, for the general path to deal with.
std::optional<SettlementResult> writeAtOnce(Database &db, const SettlementRecord &record, RequestRow row)
{
    const Ledger::Resolution &r = record.resolution;
    const HoldBook::Hold &h = r.hold;
    const bool posted = r.posted();
    const qint64 debit = r.debitMicros();
    row.billed = posted;
    row.costMicros = debit;
    row.entryId = 0;
    Statement &st = db.cached(kSettleAtOnce);
    RequestLog::bindRow(st, row);
    // The hold's and the debit's values as Ledger::resolve writes them.
    st.bind(23, h.id).bind(24, h.customerId).bind(25, h.requestId).bind(26, h.endpoint).bind(27, h.priceVersion);
    st.bind(28, h.amountMicros).bind(29, r.state).bind(30, h.epoch);
    st.bind(31, posted ? QString() : r.reason); // a null QString is bound as '', as Ledger::resolve does
    if (posted)
        st.bind(32, debit);
    else
        st.bindNull(32);
    st.bind(33, posted ? r.costMicros - debit : 0).bind(34, h.createdAtMs).bind(35, qint64(debit != 0 ? 1 : 0));
    st.bind(36, Ledger::debitMemo(r));
    st.bind(37, r.usage.input).bind(38, r.usage.output).bind(39, r.usage.cacheWrite).bind(40, r.usage.cacheRead);
    st.bind(41, qint64(r.estimated ? 1 : 0));
    if (h.keyId.isEmpty())
        st.bindNull(42);
    else
        st.bind(42, h.keyId);
    st.bind(43, qint64(posted ? 1 : 0)).bind(44, h.leaseId);
    SettlementResult result;
    result.holdId = h.id;
    if (!st.next()) {
        result.retry = true;
        result.error = st.error();
        return result;
    }
    if (st.int64(0) == 0)
        return std::nullopt;
    if (h.leaseId && debit != 0 && st.int64(4) != 1) {
        // The lease ended between the statement's look at it and its update (a reaper): what the
        // statement wrote is undone with the group, and the next try takes the general path.
        result.retry = true;
        result.error = QStringLiteral("the lease of hold %1 ended during its settlement").arg(h.id);
        return result;
    }
    if ((debit != 0 && st.int64(1) != 1) || st.int64(3) != 1) {
        result.retry = true;
        result.error = QStringLiteral("no customer %1").arg(h.customerId);
        return result;
    }
    result.leaseCharged = h.leaseId && debit != 0;
    result.billed = posted;
    result.debitMicros = debit;
    if (posted && r.costMicros > debit)
        warnShortfall(row.id, r.costMicros - debit);
    return result;
}

// The JSON array kSettleBatch reads its rows from: numbers written exactly (a QJsonValue would
// pass them through a double), text as JsonWrite escapes it.
class JsonRows
{
public:
    void beginRow()
    {
        m_out.append(m_out.isEmpty() ? "[{" : ",{");
        m_first = true;
    }
    void endRow() { m_out.append('}'); }
    QByteArray finish()
    {
        m_out.append(m_out.isEmpty() ? "[]" : "]");
        return std::move(m_out);
    }
    JsonRows &add(const char *key, qint64 value)
    {
        name(key);
        m_out.append(QByteArray::number(value));
        return *this;
    }
    // Text; a null QString is written as "", as Statement binds it.
    JsonRows &add(const char *key, const QString &value)
    {
        name(key);
        JsonWrite::appendString(m_out, value);
        return *this;
    }
    // JSON null (the column's NULL) when null is true, the value otherwise.
    template <typename Value> JsonRows &addOrNull(const char *key, const Value &value, bool null)
    {
        if (!null)
            return add(key, value);
        name(key);
        m_out.append("null");
        return *this;
    }

private:
    void name(const char *key)
    {
        m_out.append(m_first ? "\"" : ",\"").append(key).append("\":");
        m_first = false;
    }
    QByteArray m_out;
    bool m_first = true;
};

// Many settlements as kSettleAtOnce writes one, in one statement: the rows come as one JSON
// parameter; the holds, debit entries and log rows are inserted together, and each lease's spent
// part and each customer's balance move once by the sum of their debits. The counts it returns
// tell whether every part was done whole (writeBatch).
const CachedSql kSettleBatch(R"sql(
WITH x AS (
  SELECT * FROM json_to_recordset(CAST(?1 AS json)) AS x(n bigint, rid text, t bigint, rcus text, protocol text,
    model text, rend text, status bigint, billed bigint, nbr text, it bigint, ot bigint, cw bigint, cr bigint, lat bigint,
    ttfb bigint, rhold bigint, hmicros bigint, cost bigint, rpv bigint, est bigint, body text, hid bigint, hcus text,
    hreq text, hend text, hpv bigint, hamt bigint, hstate text, epoch text, hreason text, debit bigint, short bigint,
    hcreated bigint, memo text, uit bigint, uot bigint, ucw bigint, ucr bigint, uest bigint, kid text, lease bigint)),
h AS (
  INSERT INTO holds (id, customer_id, request_id, endpoint, price_version, amount_micros, state, epoch, reason,
    debit_micros, shortfall_micros, created_at, resolved_at, lease_id)
  SELECT hid, hcus, hreq, hend, hpv, hamt, hstate, epoch, hreason, debit, short, hcreated, t, NULLIF(lease, 0)
  FROM x ORDER BY n ON CONFLICT DO NOTHING RETURNING id),
ls AS (SELECT lease, sum(debit) AS d FROM x WHERE lease <> 0 AND debit > 0 GROUP BY lease),
l AS (
  UPDATE leases SET spent_micros = spent_micros + ls.d FROM ls
  WHERE leases.id = ls.lease AND leases.state = 'active' AND leases.spent_micros + ls.d <= leases.granted_micros
  RETURNING leases.id),
cs AS (SELECT hcus, sum(debit) AS d, sum(CASE WHEN lease <> 0 THEN debit ELSE 0 END) AS ld FROM x WHERE debit > 0
  GROUP BY hcus),
b AS (
  UPDATE customers SET posted_micros = posted_micros - cs.d, leased_micros = leased_micros - cs.ld FROM cs
  WHERE customers.id = cs.hcus RETURNING customers.id),
e AS (
  INSERT INTO ledger_entries (customer_id, kind, amount_micros, memo, request_id, created_at, hold_id, endpoint,
    price_version, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens, estimated, key_id)
  SELECT hcus, 'debit', debit, memo, hreq, t, hid, hend, hpv, uit, uot, ucw, ucr, uest, kid FROM x JOIN h ON h.id = x.hid
  WHERE debit IS NOT NULL ORDER BY n RETURNING id, hold_id),
r AS (
  INSERT INTO requests (id, time, customer_id, protocol, model, endpoint, status, billed, not_billed_reason,
    input_tokens, output_tokens, cache_write_tokens, cache_read_tokens, latency_ms, ttfb_ms, hold_id, entry_id,
    hold_micros, cost_micros, price_version, usage_estimated, request_body)
  SELECT rid, t, rcus, protocol, model, rend, status, billed, nbr, it, ot, cw, cr, lat, ttfb, rhold, e.id, hmicros,
    cost, rpv, est, body
  FROM x LEFT JOIN e ON e.hold_id = x.hid ORDER BY n RETURNING 1)
SELECT (SELECT count(*) FROM x), (SELECT count(*) FROM h), (SELECT count(*) FROM ls), (SELECT count(*) FROM l),
  (SELECT count(*) FROM cs), (SELECT count(*) FROM b), (SELECT count(*) FROM e), (SELECT count(*) FROM r)
)sql");
const CachedSql kBatchSavepoint("SAVEPOINT settle_batch");
const CachedSql kBatchUndo("ROLLBACK TO SAVEPOINT settle_batch");

// A row of kSettleBatch: the log row's values as RequestLog::bindRow binds them, and the hold's
// and the debit's as writeAtOnce binds them.
void appendBatchRow(JsonRows &rows, qint64 n, const SettlementRecord &record, qint64 timeMs)
{
    const Ledger::Resolution &r = record.resolution;
    const HoldBook::Hold &h = r.hold;
    const RequestRow &row = record.row;
    const bool posted = r.posted();
    const qint64 debit = r.debitMicros();
    rows.beginRow();
    rows.add("n", n).add("rid", row.id).add("t", timeMs).addOrNull("rcus", row.customerId, row.customerId.isEmpty());
    rows.add("protocol", row.protocol).add("model", row.model).add("rend", row.endpoint);
    rows.add("status", row.status).add("billed", qint64(posted ? 1 : 0));
    rows.add("nbr", posted ? QString() : row.notBilledReason);
    rows.add("it", row.usage.input).add("ot", row.usage.output).add("cw", row.usage.cacheWrite);
    rows.add("cr", row.usage.cacheRead).add("lat", row.latencyMs).add("ttfb", row.ttfbMs);
    rows.addOrNull("rhold", row.holdId, row.holdId == 0);
    rows.add("hmicros", row.holdMicros).add("cost", debit).add("rpv", row.priceVersion);
    rows.add("est", qint64(row.usageEstimated ? 1 : 0)).addOrNull("body", row.body, row.body.isNull());
    rows.add("hid", h.id).add("hcus", h.customerId).add("hreq", h.requestId).add("hend", h.endpoint);
    rows.add("hpv", h.priceVersion).add("hamt", h.amountMicros).add("hstate", r.state).add("epoch", h.epoch);
    rows.add("hreason", posted ? QString() : r.reason);
    rows.addOrNull("debit", debit, !posted);
    rows.add("short", posted ? r.costMicros - debit : 0).add("hcreated", h.createdAtMs);
    rows.add("memo", Ledger::debitMemo(r));
    rows.add("uit", r.usage.input).add("uot", r.usage.output).add("ucw", r.usage.cacheWrite);
    rows.add("ucr", r.usage.cacheRead)
        .add("uest", qint64(r.estimated ? 1 : 0))
        .addOrNull("kid", h.keyId, h.keyId.isEmpty());
    rows.add("lease", h.leaseId);
    rows.endRow();
}

// Writes records[at] for every index in chunk with kSettleBatch, inside a savepoint; false, with
// nothing written, when the statement failed or did not do every part for every record.
bool writeBatch(Database &db, const std::vector<SettlementRecord> &records, const std::vector<size_t> &chunk,
    std::vector<SettlementResult> &results)
{
    if (!db.execCached(kBatchSavepoint))
        return false;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    JsonRows rows;
    qint64 posted = 0;
    for (const size_t at : chunk) {
        appendBatchRow(rows, qint64(at), records[at], now);
        posted += records[at].resolution.state == u"posted" ? 1 : 0;
    }
    Statement &st = db.cached(kSettleBatch);
    st.bindUtf8(1, rows.finish());
    const auto count = [&st](int column) { return st.int64(column); };
    const qint64 n = qint64(chunk.size());
    const bool whole = st.next() && count(0) == n && count(1) == n && count(3) == count(2) && count(5) == count(4)
        && count(6) == posted && count(7) == n;
    if (!whole) {
        qCDebug(lcSettlement).noquote() << "a batch of" << n << "settlements is written one by one:"
                                        << (st.error().isEmpty() ? QStringLiteral("a part was not done") : st.error());
        st.reset();
        db.execCached(kBatchUndo);
        return false;
    }
    st.reset();
    fillBatchResults(records, chunk, results);
    return true;
}

} // namespace

void fillBatchResults(const std::vector<SettlementRecord> &records, const std::vector<size_t> &chunk,
    std::vector<SettlementResult> &results)
{
    for (const size_t at : chunk) {
        const Ledger::Resolution &r = records[at].resolution;
        SettlementResult &result = results[at];
        result.holdId = r.hold.id;
        result.billed = r.posted();
        result.debitMicros = r.debitMicros();
        result.leaseCharged = r.hold.leaseId && result.debitMicros != 0;
        if (result.billed && r.costMicros > result.debitMicros)
            warnShortfall(records[at].row.id, r.costMicros - result.debitMicros);
    }
}

SettlementResult write(Database &db, const SettlementRecord &record)
{
    const Ledger::Resolution &resolution = record.resolution;
    SettlementResult result;
    result.holdId = resolution.hold.id;
    const auto write = [&] {
        RequestRow row = record.row;
        row.timeMs = QDateTime::currentMSecsSinceEpoch();
        if (resolution.hold.id && !resolution.hold.written && db.engine() == Database::Engine::Postgres) {
            if (std::optional<SettlementResult> once = writeAtOnce(db, record, row)) {
                result = *once;
                return !result.retry;
            }
        }
        if (resolution.hold.id) {
            const Ledger::ResolveResult ended = Ledger::resolve(db, resolution);
            if (ended.outcome == Ledger::ResolveResult::Outcome::Failed) {
                result.error = ended.error;
                return false; // nothing of this request is written; it is tried again
            }
            row.billed = ended.outcome == Ledger::ResolveResult::Outcome::Ok && ended.posted;
            row.entryId = ended.entryId;
            row.costMicros = ended.debitMicros;
            result.debitMicros = row.billed ? ended.debitMicros : 0;
            result.leaseCharged = ended.leaseCharged;
            if (ended.outcome == Ledger::ResolveResult::Outcome::Rejected)
                row.notBilledReason = QStringLiteral("debit failed: ") + ended.error;
            else if (resolution.state == u"posted" && !ended.posted)
                row.notBilledReason = ended.reason;
            else if (ended.shortfallMicros > 0)
                warnShortfall(row.id, ended.shortfallMicros);
        }
        if (!RequestLog::insert(db, row, &result.error))
            return false;
        result.billed = row.billed;
        return true;
    };
    UnitOfWork work(db);
    result.retry = !(work.begun(&result.error) && write() && work.commit(&result.error));
    return result;
}

} // namespace bytespike::Settlement

namespace bytespike::Settlement {

std::vector<SettlementResult> writeMany(Database &db, const std::vector<SettlementRecord> &records)
{
    std::vector<SettlementResult> results(records.size());
    if (records.size() < 2) {
        for (size_t i = 0; i < records.size(); ++i)
            results[i] = write(db, records[i]);
        return results;
    }
    const bool postgres = db.engine() == Database::Engine::Postgres;
    const size_t batchSize = postgres ? kBatchSize : kSqliteBatchRows;
    const auto writeChunk = [&](const std::vector<size_t> &chunk) {
        return postgres ? writeBatch(db, records, chunk, results) : writeSqliteBatch(db, records, chunk, results);
    };
    // One unit around them all: the writer's group, or a transaction of its own when this job runs
    // alone; each one-by-one write() below is then a member of it, or a savepoint in it.
    UnitOfWork work(db);
    QString error;
    // SQLite may roll the whole transaction back on its own (SQLITE_FULL, an I/O error): then
    // nothing written so far counts, and nothing more may be written outside it.
    const auto intact = [&db] { return db.inTransaction(); };
    if (work.begun(&error)) {
        std::vector<size_t> single, chunk;
        const auto flush = [&] {
            if (!chunk.empty() && (!intact() || !writeChunk(chunk)))
                single.insert(single.end(), chunk.begin(), chunk.end());
            chunk.clear();
        };
        for (size_t i = 0; i < records.size(); ++i) {
            const HoldBook::Hold &hold = records[i].resolution.hold;
            if (postgres ? hold.id && !hold.written : batchable(records[i])) {
                chunk.push_back(i);
                if (chunk.size() == batchSize)
                    flush();
            } else {
                single.push_back(i);
            }
        }
        flush();
        for (const size_t i : single) {
            if (!intact())
                break;
            results[i] = write(db, records[i]);
        }
        if (intact() && work.commit(&error))
            return results;
        if (error.isEmpty())
            error = QStringLiteral("the database rolled the transaction back");
    }
    // Nothing of it counts: every record is to be tried again.
    for (size_t i = 0; i < records.size(); ++i) {
        results[i] = SettlementResult {};
        results[i].holdId = records[i].resolution.hold.id;
        results[i].retry = true;
        results[i].error = error;
    }
    return results;
}

} // namespace bytespike::Settlement
