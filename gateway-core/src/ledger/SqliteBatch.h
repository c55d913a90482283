#pragma once

#include "Settlement.h"

#include <vector>

namespace bytespike::Settlement {

// The usual settlements on SQLite (a hold that was never written as pending, on no lease), written
// together: one multi-row INSERT each for the holds, the debit entries and the log rows, and one
// balance update per customer, instead of four statements per request. Each row is what write()
// would have written for its record. records[at] for every index in chunk (2 to kSqliteBatchRows
// of them); false, with nothing written, when a statement failed or did not do its part for every
// record, which are then to be written one by one.
bool writeSqliteBatch(Database &db, const std::vector<SettlementRecord> &records, const std::vector<size_t> &chunk,
    std::vector<SettlementResult> &results);
inline constexpr size_t kSqliteBatchRows = 16;

// Whether a record can go in a batch: it ends a hold that was never written as pending.
bool batchable(const SettlementRecord &record);

// The results of records written by a batch, as write() gives them; logs each shortfall.
void fillBatchResults(const std::vector<SettlementRecord> &records, const std::vector<size_t> &chunk,
    std::vector<SettlementResult> &results);

} // namespace bytespike::Settlement
