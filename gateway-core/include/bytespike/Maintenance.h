#pragma once

#include <QString>
#include <QStringList>

namespace bytespike {

// Offline maintenance of the database, for bytespike-gatewayd's one-shot flags. A location is
// what GatewayConfig::databaseLocation gives: an SQLite file's path or a PostgreSQL URI.

// Runs the ledger auditor: returns the findings (empty when clean); false with error when the
// database cannot be opened.
bool checkLedger(const QString &location, QStringList *findings, QString *error);

// Online backup of an SQLite database to file while a gateway may be serving from it: SQLite's
// backup API copies one consistent snapshot (a WAL read transaction; writers carry on), the copy
// passes integrity_check, is made 0600 and appears under its name only when complete. An existing
// file is never overwritten. pages receives the page count copied. A PostgreSQL database is copied
// by PostgreSQL's pg_dump in its custom format (one consistent snapshot; pg_restore reads it), with
// the same rules for the file; pages is then -1.
bool backupDatabase(const QString &location, const QString &file, int *pages, QString *error);

} // namespace bytespike
