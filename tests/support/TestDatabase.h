#pragma once

// Where a store test keeps its database. By default an SQLite file in the test's temporary
// directory. When BYTESPIKE_TEST_DATABASE names a PostgreSQL server (the test's _postgres variant,
// run with the throwaway cluster of tests/fixtures/postgres), a new, empty database there, made
// for this call: each test starts from nothing on either engine. The cluster is thrown away
// after the run, and with it these databases.
#include <QRandomGenerator>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>
#include <QUrlQuery>

#include <libpq-fe.h>

namespace bytespike::test {

inline bool onPostgres()
{
    return qEnvironmentVariableIsSet("BYTESPIKE_TEST_DATABASE");
}

// The location to give Database::open: dir's file `name`, or a new PostgreSQL database's URI.
// Empty, with *error set, when the PostgreSQL database could not be made.
inline QString databaseLocation(const QTemporaryDir &dir, const QString &name, QString *error)
{
    if (!onPostgres())
        return dir.filePath(name);
    const QString server = qEnvironmentVariable("BYTESPIKE_TEST_DATABASE");
    PGconn *admin = PQconnectdb(server.toUtf8().constData());
    const QString database = QStringLiteral("t_%1").arg(QRandomGenerator::global()->generate64(), 0, 36);
    bool ok = PQstatus(admin) == CONNECTION_OK;
    if (ok) {
        PGresult *made = PQexec(admin, QByteArray("CREATE DATABASE " + database.toLatin1()).constData());
        ok = PQresultStatus(made) == PGRES_COMMAND_OK;
        PQclear(made);
    }
    if (!ok)
        *error = QString::fromUtf8(PQerrorMessage(admin)).trimmed();
    PQfinish(admin);
    if (!ok)
        return QString();
    QUrl url(server);
    url.setPath(QLatin1Char('/') + database);
    return url.toString();
}

} // namespace bytespike::test
