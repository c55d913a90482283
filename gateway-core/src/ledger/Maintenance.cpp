#include "bytespike/Maintenance.h"

#include "Ledger.h"
#include "store/Database.h"
#include "store/Migrations.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

#include <sqlite3.h>

namespace bytespike {

bool checkLedger(const QString &path, QStringList *findings, QString *error)
{
    if (Database::engineOf(path) == Database::Engine::Sqlite && !QFile::exists(path)) {
        *error = QStringLiteral("no database at %1").arg(path);
        return false;
    }
    // Opened as it is first: a ledger with money values that are not integers is reported (the
    // auditor names them) rather than migrated, as migration 11 would refuse it with only the first
    // one. A clean one is then migrated, as every open does.
    Database db;
    if (!db.open(path, error, 0))
        return false;
    if (Migrations::moneyProblems(db, Migrations::MoneyScan::TypesOnly, 1).isEmpty()
        && Migrations::currentVersion(db) < Migrations::latestVersion() && !db.open(path, error))
        return false;
    *findings = Ledger::audit(db);
    if (db.engine() == Database::Engine::Postgres)
        return true; // the server keeps its own pages consistent; there is no integrity_check
    Statement integrity = db.prepare("PRAGMA integrity_check");
    while (integrity.next()) {
        if (integrity.text(0) != QLatin1String("ok"))
            findings->append(QStringLiteral("integrity_check: ") + integrity.text(0));
    }
    return true;
}

namespace {

// PostgreSQL's own pg_dump, custom format, into partial. The URI's password goes to pg_dump in
// its environment (PGPASSWORD), not on its command line, where every user could read it.
bool dumpPostgres(const QString &uri, const QString &partial, QString *error)
{
    QString pgDump
        = QStandardPaths::findExecutable(QStringLiteral("pg_dump"), {QStringLiteral("/usr/lib/postgresql/15/bin")});
    if (pgDump.isEmpty())
        pgDump = QStandardPaths::findExecutable(QStringLiteral("pg_dump"));
    if (pgDump.isEmpty()) {
        *error = QStringLiteral("pg_dump is not installed (Debian package postgresql-client-15)");
        return false;
    }
    QUrl url(uri);
    QUrlQuery query(url);
    QString password = url.password();
    if (query.hasQueryItem(QStringLiteral("password")))
        password = query.queryItemValue(QStringLiteral("password"), QUrl::FullyDecoded);
    query.removeAllQueryItems(QStringLiteral("password"));
    url.setQuery(query);
    url.setPassword(QString());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!password.isEmpty())
        env.insert(QStringLiteral("PGPASSWORD"), password);
    QProcess dump;
    dump.setProcessEnvironment(env);
    dump.start(pgDump,
        {QStringLiteral("--format=custom"), QStringLiteral("--no-password"), QStringLiteral("--file=") + partial,
            QStringLiteral("--dbname=") + url.toString()});
    if (!dump.waitForFinished(-1) || dump.exitStatus() != QProcess::NormalExit || dump.exitCode() != 0) {
        *error = QStringLiteral("pg_dump failed: %1").arg(QString::fromUtf8(dump.readAllStandardError()).trimmed());
        return false;
    }
    return true;
}

} // namespace

bool backupDatabase(const QString &path, const QString &file, int *pages, QString *error)
{
    if (QFile::exists(file)) {
        *error = QStringLiteral("%1 exists; choose a new file name").arg(file);
        return false;
    }
    const QString partial = file + QStringLiteral(".partial");
    QFile::remove(partial);
    if (Database::engineOf(path) == Database::Engine::Postgres) {
        *pages = -1;
        const bool dumped = dumpPostgres(path, partial, error);
        if (dumped)
            QFile::setPermissions(partial, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        if (dumped && QFile::rename(partial, file))
            return true;
        if (dumped)
            *error = QStringLiteral("cannot move the copy to %1").arg(file);
        QFile::remove(partial);
        return false;
    }
    if (!QFile::exists(path)) {
        *error = QStringLiteral("no database at %1").arg(path);
        return false;
    }
    sqlite3 *source = nullptr;
    sqlite3 *target = nullptr;
    const auto fail = [&](const QString &why) {
        *error = why;
        sqlite3_close(source);
        sqlite3_close(target);
        QFile::remove(partial);
        return false;
    };
    if (sqlite3_open_v2(path.toUtf8().constData(), &source, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        return fail(QStringLiteral("cannot open %1: %2").arg(path, QString::fromUtf8(sqlite3_errmsg(source))));
    sqlite3_busy_timeout(source, 10000);
    if (sqlite3_open_v2(partial.toUtf8().constData(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
        != SQLITE_OK)
        return fail(QStringLiteral("cannot create %1: %2").arg(partial, QString::fromUtf8(sqlite3_errmsg(target))));
    sqlite3_backup *backup = sqlite3_backup_init(target, "main", source, "main");
    if (!backup)
        return fail(QStringLiteral("cannot start the backup: %1").arg(QString::fromUtf8(sqlite3_errmsg(target))));
    // All pages in one step: one read transaction, so the copy is one consistent snapshot even
    // while the gateway keeps writing (WAL readers never block the writer).
    int rc = sqlite3_backup_step(backup, -1);
    for (int attempt = 0; (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempt < 500; ++attempt) {
        sqlite3_sleep(20);
        rc = sqlite3_backup_step(backup, -1);
    }
    *pages = sqlite3_backup_pagecount(backup);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE)
        return fail(QStringLiteral("backup failed: %1").arg(QString::fromUtf8(sqlite3_errstr(rc))));
    sqlite3_stmt *check = nullptr;
    QString integrity;
    if (sqlite3_prepare_v2(target, "PRAGMA integrity_check", -1, &check, nullptr) == SQLITE_OK
        && sqlite3_step(check) == SQLITE_ROW)
        integrity = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(check, 0)));
    sqlite3_finalize(check);
    if (integrity != QLatin1String("ok"))
        return fail(QStringLiteral("the copy failed integrity_check: %1").arg(integrity));
    sqlite3_close(source);
    sqlite3_close(target);
    source = target = nullptr;
    QFile::setPermissions(partial, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!QFile::rename(partial, file))
        return fail(QStringLiteral("cannot move the copy to %1").arg(file));
    return true;
}

} // namespace bytespike
