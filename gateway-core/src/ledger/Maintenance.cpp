#include "bytespike/Maintenance.h"

#include "Ledger.h"
#include "store/Database.h"

#include <QFile>

namespace bytespike {

bool checkLedger(const QString &dataDir, QStringList *findings, QString *error)
{
    const QString path = dataDir + QStringLiteral("/bytespike.db");
    if (!QFile::exists(path)) {
        *error = QStringLiteral("no database at %1").arg(path);
        return false;
    }
    Database db;
    if (!db.open(path, error))
        return false;
    *findings = Ledger::audit(db);
    Statement integrity = db.prepare("PRAGMA integrity_check");
    while (integrity.next()) {
        if (integrity.text(0) != QLatin1String("ok"))
            findings->append(QStringLiteral("integrity_check: ") + integrity.text(0));
    }
    return true;
}

} // namespace bytespike
