#include "Settlement.h"

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
    const bool posted = r.state == u"posted";
    const qint64 debit = posted ? std::min(r.costMicros, h.amountMicros) : 0;
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

} // namespace

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
