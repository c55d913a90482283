#pragma once

#include "Ledger.h"
#include "store/RequestLog.h"

#include <QString>

#include <vector>

namespace bytespike {

class Database;

// A finished request as the ledger records it: how its hold ends (resolution.hold.id is 0 when it
// took none) and its request-log row (billed, the debit entry and the cost are filled in when the
// hold's end is written).
struct SettlementRecord
{
    Ledger::Resolution resolution;
    RequestRow row;
};

// What writing a settlement did. retry: the database refused it and nothing of it was written.
struct SettlementResult
{
    qint64 holdId = 0; // the hold it ended, 0 when none
    bool billed = false;
    qint64 debitMicros = 0; // what left the customer's balance (0 unless billed)
    bool leaseCharged = false; // counted as spent from the hold's lease (Ledger::ResolveResult)
    bool retry = false;
    QString error;
};

namespace Settlement {

// Ends the request's hold (posts the debit or voids it, Ledger::resolve) and writes its log row
// (RequestLog::insert), all or nothing, on the ledger writer. A hold that had ended already is
// rejected by the ledger: the row is still written, not billed, with the reason "debit failed: ...".
SettlementResult write(Database &db, const SettlementRecord &record);

// write() for several finished requests, each all or nothing; the results follow the records'
// order. The usual settlements (a hold that was never written as pending) are written together:
// on PostgreSQL up to kBatchSize in one statement, one multi-row insert per table and one update
// per lease and per customer; on SQLite up to kSqliteBatchRows (SqliteBatch.h) with a multi-row
// insert per table and one update per customer. Anything a batch cannot take whole (a hold's row
// there already, a lease that ended, an error) is undone and written one by one, as write() does.
std::vector<SettlementResult> writeMany(Database &db, const std::vector<SettlementRecord> &records);
inline constexpr size_t kBatchSize = 256;

} // namespace Settlement
} // namespace bytespike
