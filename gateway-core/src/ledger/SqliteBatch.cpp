#include "SqliteBatch.h"

#include "store/Database.h"

#include <QDateTime>
#include <QLoggingCategory>

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcSettlement)

namespace bytespike::Settlement {

namespace {

// An INSERT whose VALUES list is repeated once per row. A row's parameters are numbered from 1
// in its template (the order the binding code uses); row r's are shifted by r times their count.
struct MultiRowInsert
{
    const char *head; // up to and including VALUES
    std::vector<int> row; // the template's parameter numbers in column order; 0 stands for NULL
    const char *constant; // after the parameters of each row (a constant column), or ""
    const char *tail; // after the last row
    int width() const { return *std::max_element(row.begin(), row.end()); }
};

// The hold's row, ended: as Ledger::resolve inserts it (lease_id NULL: batches take no lease).
const MultiRowInsert kHolds {"INSERT INTO holds (id, customer_id, request_id, endpoint, price_version, amount_micros,"
                             " state, epoch, reason, debit_micros, shortfall_micros, created_at, resolved_at, lease_id)"
                             " VALUES ",
    {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0}, "", " ON CONFLICT DO NOTHING"};
// The debit entry ('debit' is the constant after the key), with the id one by one would give it:
// the next after the largest. (Reading the ids back with RETURNING cost about 6k instructions per
// request more: SQLite keeps the returned rows in a table of their own.)
const MultiRowInsert kDebits {
    "INSERT INTO ledger_entries (id, customer_id, amount_micros, memo, request_id, created_at, hold_id, endpoint,"
    " price_version, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens, estimated, key_id, kind)"
    " VALUES ",
    {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, ", 'debit'", ""};
const CachedSql kLastEntry("SELECT COALESCE(MAX(id), 0) FROM ledger_entries");
// The log row, numbered as RequestLog::bindRow binds it.
const MultiRowInsert kRows {"INSERT INTO requests (id, time, customer_id, protocol, model, endpoint, status, billed,"
                            " not_billed_reason, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens,"
                            " latency_ms, ttfb_ms, hold_id, entry_id, hold_micros, cost_micros, price_version,"
                            " usage_estimated, request_body) VALUES ",
    {1, 2, 3, 21, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 22}, "", ""};

const CachedSql kBalance("UPDATE customers SET posted_micros = posted_micros - ?1 WHERE id = ?2");
const CachedSql kSavepoint("SAVEPOINT settle_rows");
const CachedSql kUndo("ROLLBACK TO SAVEPOINT settle_rows");
const CachedSql kRelease("RELEASE SAVEPOINT settle_rows");

std::string multiRowSql(const MultiRowInsert &insert, size_t rows)
{
    std::string sql = insert.head;
    const int width = insert.width();
    for (size_t r = 0; r < rows; ++r) {
        sql += r == 0 ? "(" : ", (";
        for (size_t c = 0; c < insert.row.size(); ++c) {
            if (c != 0)
                sql += ", ";
            const int n = insert.row[c];
            sql += n == 0 ? std::string("NULL") : "?" + std::to_string(int(r) * width + n);
        }
        sql += insert.constant;
        sql += ')';
    }
    sql += insert.tail;
    return sql;
}

// The statement for rows rows (1 to kSqliteBatchRows) of insert, its text made once per process.
const CachedSql &multiRow(const MultiRowInsert &insert, size_t rows)
{
    struct Sized
    {
        std::string sql; // the statement's text, which the CachedSql points into
        std::unique_ptr<CachedSql> statement;
    };
    struct Texts
    {
        std::map<const MultiRowInsert *, std::array<Sized, kSqliteBatchRows + 1>> of;
        Texts()
        {
            for (const MultiRowInsert *insert : {&kHolds, &kDebits, &kRows}) {
                for (size_t n = 1; n <= kSqliteBatchRows; ++n) {
                    Sized &sized = of[insert][n];
                    sized.sql = multiRowSql(*insert, n);
                    sized.statement = std::make_unique<CachedSql>(sized.sql.c_str());
                }
            }
        }
    };
    static const Texts texts; // thread-safe; several ledger writers may share the process
    return *texts.of.at(&insert)[rows].statement;
}

// Says why a batch is given up; false.
bool giveUp(const Statement &st)
{
    qCDebug(lcSettlement).noquote() << "a batch of settlements is written one by one:"
                                    << (st.error().isEmpty() ? QStringLiteral("a part was not done") : st.error());
    return false;
}

bool run(Statement &st, qint64 expectedChanges)
{
    return (st.exec() && st.changes() == expectedChanges) || giveUp(st);
}

bool insertHolds(
    Database &db, const std::vector<SettlementRecord> &records, const std::vector<size_t> &chunk, qint64 now)
{
    Statement &st = db.cached(multiRow(kHolds, chunk.size()));
    const int width = kHolds.width();
    for (size_t r = 0; r < chunk.size(); ++r) {
        const SettlementRecord &record = records[chunk[r]];
        const Ledger::Resolution &res = record.resolution;
        const HoldBook::Hold &h = res.hold;
        const int at = int(r) * width;
        const qint64 debit = res.debitMicros();
        st.bind(at + 1, h.id).bind(at + 2, h.customerId).bind(at + 3, h.requestId).bind(at + 4, h.endpoint);
        st.bind(at + 5, h.priceVersion).bind(at + 6, h.amountMicros).bind(at + 7, res.state).bind(at + 8, h.epoch);
        st.bind(at + 9, res.posted() ? QString() : res.reason); // null binds as '', as Ledger::resolve
        if (res.posted())
            st.bind(at + 10, debit);
        else
            st.bindNull(at + 10);
        st.bind(at + 11, res.posted() ? res.costMicros - debit : 0).bind(at + 12, h.createdAtMs).bind(at + 13, now);
    }
    return run(st, qint64(chunk.size()));
}

// The debit entries of the posted ones; *entries gets each one's id by its hold's.
bool insertDebits(Database &db, const std::vector<SettlementRecord> &records, const std::vector<size_t> &chunk,
    qint64 now, std::map<qint64, qint64> *entries)
{
    std::vector<size_t> debits;
    for (const size_t at : chunk) {
        if (records[at].resolution.posted())
            debits.push_back(at);
    }
    if (debits.empty())
        return true;
    Statement &last = db.cached(kLastEntry);
    if (!last.next())
        return giveUp(last);
    const qint64 firstId = last.int64(0) + 1;
    Statement &st = db.cached(multiRow(kDebits, debits.size()));
    const int width = kDebits.width();
    for (size_t r = 0; r < debits.size(); ++r) {
        const Ledger::Resolution &res = records[debits[r]].resolution;
        const HoldBook::Hold &h = res.hold;
        const int at = int(r) * width;
        const qint64 id = firstId + qint64(r);
        entries->emplace(h.id, id);
        st.bind(at + 1, id).bind(at + 2, h.customerId).bind(at + 3, res.debitMicros());
        st.bind(at + 4, Ledger::debitMemo(res)).bind(at + 5, h.requestId).bind(at + 6, now).bind(at + 7, h.id);
        st.bind(at + 8, h.endpoint).bind(at + 9, h.priceVersion).bind(at + 10, res.usage.input);
        st.bind(at + 11, res.usage.output).bind(at + 12, res.usage.cacheWrite).bind(at + 13, res.usage.cacheRead);
        st.bind(at + 14, qint64(res.estimated ? 1 : 0));
        if (h.keyId.isEmpty())
            st.bindNull(at + 15); // outside the partial index of keys' debits
        else
            st.bind(at + 15, h.keyId);
    }
    return run(st, qint64(debits.size()));
}

// Each customer's balance, once, by the sum of its debits.
bool moveBalances(Database &db, const std::vector<SettlementRecord> &records, const std::vector<size_t> &chunk)
{
    std::map<QString, qint64> byCustomer;
    for (const size_t at : chunk) {
        if (const qint64 debit = records[at].resolution.debitMicros(); debit != 0)
            byCustomer[records[at].resolution.hold.customerId] += debit;
    }
    for (const auto &[customer, debit] : byCustomer) {
        Statement &st = db.cached(kBalance);
        st.bind(1, debit).bind(2, customer);
        if (!run(st, 1))
            return false;
    }
    return true;
}

bool insertRows(Database &db, const std::vector<SettlementRecord> &records, const std::vector<size_t> &chunk,
    qint64 now, const std::map<qint64, qint64> &entries)
{
    Statement &st = db.cached(multiRow(kRows, chunk.size()));
    const int width = kRows.width();
    for (size_t r = 0; r < chunk.size(); ++r) {
        const SettlementRecord &record = records[chunk[r]];
        RequestRow row = record.row;
        row.timeMs = now;
        row.billed = record.resolution.posted();
        row.costMicros = record.resolution.debitMicros();
        const auto entry = entries.find(record.resolution.hold.id);
        row.entryId = entry == entries.end() ? 0 : entry->second;
        RequestLog::bindRow(st, row, int(r) * width);
    }
    return run(st, qint64(chunk.size()));
}

} // namespace

bool batchable(const SettlementRecord &record)
{
    const HoldBook::Hold &hold = record.resolution.hold;
    return hold.id && !hold.written && !hold.leaseId;
}

bool writeSqliteBatch(Database &db, const std::vector<SettlementRecord> &records, const std::vector<size_t> &chunk,
    std::vector<SettlementResult> &results)
{
    if (chunk.size() < 2 || chunk.size() > kSqliteBatchRows || !db.execCached(kSavepoint))
        return false;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::map<qint64, qint64> entries;
    const bool whole = insertHolds(db, records, chunk, now) && insertDebits(db, records, chunk, now, &entries)
        && moveBalances(db, records, chunk) && insertRows(db, records, chunk, now, entries);
    if (!whole)
        db.execCached(kUndo);
    db.execCached(kRelease);
    if (whole)
        fillBatchResults(records, chunk, results);
    return whole;
}

} // namespace bytespike::Settlement
