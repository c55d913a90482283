#pragma once

#include <QString>
#include <QStringList>

namespace bytespike {

class Database;

// Numbered schema migrations, the same numbers on both engines (PostgresMigrations has
// PostgreSQL's form of each); PRAGMA user_version, or on PostgreSQL the meta row
// schema_version, records the applied number. Each migration
// runs in its own transaction, so a crash leaves the database at a whole version.
class Migrations
{
public:
    static int latestVersion();
    static int currentVersion(Database &db);
    // Applies every migration above the current version up to and including target.
    static bool migrate(Database &db, int target, QString *error);

    // The money columns' values a person should look at, at most limit of them, each as a sentence
    // naming table, column and row: any that is not an integer (a REAL or TEXT money value) and,
    // with TypesAndLimit, any integer beyond plus or minus kMaxMoneyMicros. Columns the schema
    // does not have yet are skipped. Migration 11 refuses to run while there is one of the first
    // kind; the auditor (--check-ledger) reports both.
    enum class MoneyScan { TypesOnly, TypesAndLimit };
    static QStringList moneyProblems(Database &db, MoneyScan scan, int limit);

    // Whether the first start's demo data was written (a row in meta); markSeeded records it, in
    // the caller's transaction.
    static bool isSeeded(Database &db);
    static bool markSeeded(Database &db, QString *error);
};

} // namespace bytespike
