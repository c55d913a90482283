#include "Settlement.h"

#include "store/Database.h"
#include "store/UnitOfWork.h"

#include <QDateTime>
#include <QLoggingCategory>

// The request log's category: a cost above the hold is news about one request.
Q_LOGGING_CATEGORY(lcSettlement, "bytespike.requests")

namespace bytespike::Settlement {

SettlementResult write(Database &db, const SettlementRecord &record)
{
    const Ledger::Resolution &resolution = record.resolution;
    SettlementResult result;
    result.holdId = resolution.hold.id;
    const auto write = [&] {
        RequestRow row = record.row;
        row.timeMs = QDateTime::currentMSecsSinceEpoch();
        if (resolution.hold.id) {
            const Ledger::ResolveResult ended = Ledger::resolve(db, resolution);
            if (ended.outcome == Ledger::ResolveResult::Outcome::Failed) {
                result.error = ended.error;
                return false; // nothing of this request is written; it is tried again
            }
            row.billed = ended.outcome == Ledger::ResolveResult::Outcome::Ok && resolution.state == u"posted";
            row.entryId = ended.entryId;
            row.costMicros = ended.debitMicros;
            result.debitMicros = row.billed ? ended.debitMicros : 0;
            if (ended.outcome == Ledger::ResolveResult::Outcome::Rejected)
                row.notBilledReason = QStringLiteral("debit failed: ") + ended.error;
            else if (ended.shortfallMicros > 0)
                qCWarning(lcSettlement).noquote() << row.id << "cost exceeded the hold by" << ended.shortfallMicros
                                                  << "micro-dollars (operator loss)";
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
