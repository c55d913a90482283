#pragma once

#include <QString>
#include <QStringList>

namespace bytespike {

// Offline maintenance on a data directory, for bytespike-gatewayd's one-shot flags.
// Runs the ledger auditor on DATA_DIR/bytespike.db: returns the findings (empty when clean);
// false with error when the database cannot be opened.
bool checkLedger(const QString &dataDir, QStringList *findings, QString *error);

} // namespace bytespike
