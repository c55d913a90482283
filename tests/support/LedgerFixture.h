#pragma once

// The ledger suites' starting point: a fresh database (TestDatabase.h: SQLite, or PostgreSQL in a
// _postgres variant) with one customer, c1, credited 1000 micro-dollars.
#include "TestDatabase.h"
#include "store/CustomerStore.h"
#include "store/Database.h"

namespace bytespike::test {

// Opens db on a fresh database in dir and adds c1; false with *error when any step fails.
inline bool openLedgerWithCustomer(const QTemporaryDir &dir, Database &db, QString *error)
{
    const QString location = databaseLocation(dir, QStringLiteral("ledger.db"), error);
    LedgerEntryRecord entry;
    return !location.isEmpty() && db.open(location, error)
        && CustomerStore::insertCustomer(db, QStringLiteral("c1"), QStringLiteral("Customer"), error)
        && CustomerStore::addCredit(db, QStringLiteral("c1"), 1000, QStringLiteral("top-up"), &entry, error);
}

} // namespace bytespike::test
