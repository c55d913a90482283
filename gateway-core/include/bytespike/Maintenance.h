#pragma once

#include <QString>
#include <QStringList>

namespace bytespike {

// Offline maintenance on a data directory, for bytespike-gatewayd's one-shot flags.
// Runs the ledger auditor on DATA_DIR/bytespike.db: returns the findings (empty when clean);
// false with error when the database cannot be opened.
bool checkLedger(const QString &dataDir, QStringList *findings, QString *error);

// Online backup of DATA_DIR/bytespike.db to file while a gateway may be serving from it: SQLite's
// backup API copies one consistent snapshot (a WAL read transaction; writers carry on), the copy
// passes integrity_check, is made 0600 and appears under its name only when complete. An existing
// file is never overwritten. pages receives the page count copied.
bool backupDatabase(const QString &dataDir, const QString &file, int *pages, QString *error);

} // namespace bytespike
