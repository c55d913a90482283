// Benchmark (run by hand): the ledger writer's work per billed request. Runs the gateway's own
// settle job (Settlement::writeMany: the holds' rows, the balance, the debit entries, the
// requests' log rows) on a real database file, GROUP settlements to a job in one transaction, as
// StoreWriter runs the job the runtime's inbox fills under load, and prints the time per request.
// Under callgrind its instruction counts are stable; the set-up cancels out of the difference of
// two runs (docs/BENCHMARKS.md, "The ledger writer per billed request", has the figures):
//   build/tests/bench/bench_ledger_settle [REQUESTS] [GROUP]
//   BENCH_DATABASE=postgresql://... build/tests/bench/bench_ledger_settle   (an empty PostgreSQL database)
//   valgrind --tool=callgrind build/tests/bench/bench_ledger_settle 6000 25   (and 2000 25)
#include "base/Ids.h"
#include "ledger/Ledger.h"
#include "ledger/Settlement.h"
#include "store/CustomerStore.h"
#include "store/Database.h"
#include "store/UnitOfWork.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>

using namespace bytespike;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const qint64 requests = argc > 1 ? QByteArray(argv[1]).toLongLong() : 20000;
    const qint64 group = argc > 2 ? std::max(1LL, QByteArray(argv[2]).toLongLong()) : 25;
    QTemporaryDir dir;
    Database db;
    QString error;
    LedgerEntryRecord credit;
    const QString customer = QStringLiteral("cus_bench");
    // BENCH_DATABASE: a PostgreSQL URI instead (an empty database the bench may fill).
    const QString location = qEnvironmentVariableIsSet("BENCH_DATABASE") ? qEnvironmentVariable("BENCH_DATABASE")
                                                                         : dir.filePath(QStringLiteral("bench.db"));
    if (!db.open(location, &error)
        || (db.engine() == Database::Engine::Sqlite && !db.exec("PRAGMA synchronous=NORMAL", &error))
        || !CustomerStore::insertCustomer(db, customer, QStringLiteral("bench"), &error)
        || !CustomerStore::addCredit(db, customer, 1'000'000'000'000, QStringLiteral("bench"), &credit, &error)) {
        std::fprintf(stderr, "set-up failed: %s\n", qPrintable(error));
        return 1;
    }
    const QString epoch = QStringLiteral("bench-epoch");
    qint64 failed = 0;
    QElapsedTimer clock;
    clock.start();
    for (qint64 done = 0; done < requests;) {
        WriteGroup writeGroup(db);
        if (!writeGroup.isOpen()) {
            std::fprintf(stderr, "BEGIN failed: %s\n", qPrintable(db.lastError()));
            return 1;
        }
        std::vector<SettlementRecord> records;
        for (qint64 i = 0; i < group && done < requests; ++i, ++done) {
            SettlementRecord &record = records.emplace_back();
            Ledger::Resolution &resolution = record.resolution;
            HoldBook::Hold &hold = resolution.hold;
            hold.id = done + 1;
            hold.customerId = customer;
            hold.requestId = QString::fromLatin1(Ids::requestId());
            hold.endpoint = QStringLiteral("mock/bench");
            hold.priceVersion = 1;
            hold.amountMicros = 2000;
            hold.epoch = epoch;
            hold.createdAtMs = QDateTime::currentMSecsSinceEpoch();
            resolution.state = QStringLiteral("posted");
            resolution.usage = {9, 16, 0, 0};
            resolution.costMicros = 25;
            RequestRow &row = record.row;
            row.id = hold.requestId;
            row.customerId = customer;
            row.protocol = QStringLiteral("anthropic");
            row.model = QStringLiteral("bench");
            row.endpoint = hold.endpoint;
            row.status = 200;
            row.usage = {9, 16, 0, 0};
            row.latencyMs = 1;
            row.holdId = hold.id;
            row.holdMicros = hold.amountMicros;
            row.priceVersion = 1;
        }
        for (const SettlementResult &result : Settlement::writeMany(db, records))
            failed += result.retry ? 1 : 0;
        db.resetCached();
        if (writeGroup.spoiled()) {
            std::fprintf(stderr, "a settle job failed: the writer would run this group again job by job\n");
            return 1;
        }
        if (!writeGroup.commit(&error)) {
            std::fprintf(stderr, "COMMIT failed: %s\n", qPrintable(error));
            return 1;
        }
    }
    const qint64 ns = clock.nsecsElapsed();
    std::printf("%lld settlements in jobs of %lld: %.1f us per request, %lld failed\n",
        static_cast<long long>(requests), static_cast<long long>(group), double(ns) / 1000.0 / double(requests),
        static_cast<long long>(failed));
    return failed == 0 ? 0 : 1;
}
