// --database (docs/api.md): its values, errors that never repeat a URI (it may hold a password),
// and, in the _postgres variant, a gateway serving from the test cluster: instances registered,
// --check-ledger and --backup (pg_dump) beside it, a lost connection.
#include "GatewayHarness.h"
#include "TestDatabase.h"
#include "store/Database.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace bytespike::testing;

class TestDatabaseFlag : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void badValuesFailClearly_data();
    void badValuesFailClearly();
    void unreachableServerHidesThePassword();
    void instancesShareOneDatabase();
    void instancesStartTogether();
    void maintenanceOnPostgres();
    void survivesALostConnection();
    void backlogPastTheLimitIsRefused();
};

void TestDatabaseFlag::badValuesFailClearly_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("says");
    QTest::newRow("another engine") << QStringLiteral("mysql://u:pw@db/x")
                                    << QByteArray("sqlite or a postgresql:// URI");
    QTest::newRow("a path") << QStringLiteral("/var/lib/bytespike/x.db") << QByteArray("sqlite or a postgresql:// URI");
    QTest::newRow("a line break") << QStringLiteral("postgresql://u:pw@db/x\nEvil: 1")
                                  << QByteArray("control character");
    QTest::newRow("too long") << QStringLiteral("postgresql://db/") + QString(3000, QLatin1Char('x'))
                              << QByteArray("longer than 2048");
}

void TestDatabaseFlag::badValuesFailClearly()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, says);
    QTemporaryDir dir;
    int code = 0;
    const QByteArray out
        = runGatewayd({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--database"), value}, &code);
    QCOMPARE(code, 2);
    QVERIFY2(out.contains(says), out.constData());
    QVERIFY2(!out.contains("pw@"), out.constData());
}

// A server that cannot be reached: the start fails with libpq's reason, never the URI's password.
void TestDatabaseFlag::unreachableServerHidesThePassword()
{
    QTemporaryDir dir;
    int code = 0;
    const QByteArray out = runGatewayd({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--database"),
                                           QStringLiteral("postgresql://gw:s3cret-pw@/bytespike?host=") + dir.path()},
        &code);
    QVERIFY2(code != 0, out.constData());
    QVERIFY2(out.contains("cannot connect to PostgreSQL"), out.constData());
    QVERIFY2(!out.contains("s3cret-pw"), out.constData());
}

// Several instances may serve one PostgreSQL database; each registers itself, is listed by
// GET /admin/instances while it runs, and is not once it has stopped.
void TestDatabaseFlag::instancesShareOneDatabase()
{
    if (!bytespike::test::onPostgres())
        QSKIP("needs the test cluster: the _postgres variant runs this");
    GatewayProcess first;
    QString error;
    QVERIFY2(first.start(&error), qPrintable(error));
    QVERIFY(!first.database().isEmpty());
    GatewayProcess second;
    second.extraArgs = {QStringLiteral("--database"), first.database()};
    QVERIFY2(second.start(&error), qPrintable(error));
    HttpClient http;
    const auto instances = [&] {
        return http.get(first.adminUrl() + QStringLiteral("/admin/instances"), first.adminHeaders())
            .json()
            .value(QStringLiteral("data"))
            .toArray();
    };
    QCOMPARE(instances().size(), 2);
    for (const QJsonValue &instance : instances()) {
        QVERIFY(!instance[QStringLiteral("id")].toString().isEmpty());
        QVERIFY(instance[QStringLiteral("name")].toString().contains(QLatin1Char(':')));
        QVERIFY(!instance[QStringLiteral("last_seen")].toString().isEmpty());
        QCOMPARE(instance[QStringLiteral("leased_micros")].toInteger(-1), 0);
    }
    QCOMPARE(second.terminate(), 0);
    QCOMPARE(instances().size(), 1);
    QCOMPARE(first.terminate(), 0);
}

void TestDatabaseFlag::maintenanceOnPostgres()
{
    if (!bytespike::test::onPostgres())
        QSKIP("needs the test cluster: the _postgres variant runs this");
    GatewayProcess gateway;
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    QByteArray report;
    QVERIFY2(gateway.ledgerClean(&report), report.constData()); // --check-ledger alongside the server
    QVERIFY2(report.contains("ledger clean"), report.constData());
    // --backup while it serves: pg_dump's custom format, 0600, never over an existing file.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("b.dump"));
    const QStringList backup {QStringLiteral("--data-dir"), gateway.dataDir(), QStringLiteral("--database"),
        gateway.database(), QStringLiteral("--backup"), file};
    int code = 0;
    QByteArray out = runGatewayd(backup, &code);
    QVERIFY2(code == 0, out.constData());
    QVERIFY2(out.contains("backup written to"), out.constData());
    QCOMPARE(
        QFileInfo(file).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
    QProcess list;
    list.start(QStringLiteral("/usr/lib/postgresql/15/bin/pg_restore"), {QStringLiteral("--list"), file});
    QVERIFY(list.waitForFinished(30000));
    const QByteArray contents = list.readAllStandardOutput();
    QVERIFY2(list.exitCode() == 0 && contents.contains("TABLE DATA public ledger_entries"), contents.constData());
    out = runGatewayd(backup, &code);
    QCOMPARE(code, 2);
    QVERIFY2(out.contains("exists"), out.constData());
    QCOMPARE(gateway.terminate(), 0);
}

namespace {

// The first column of the first row of sql on the database at uri, as text ("" on failure).
QByteArray queryOne(const QString &uri, const char *sql)
{
    PGconn *connection = PQconnectdb(uri.toUtf8().constData());
    PGresult *result = PQexec(connection, sql);
    QByteArray value;
    if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0)
        value = QByteArray(PQgetvalue(result, 0, 0));
    PQclear(result);
    PQfinish(connection);
    return value;
}

} // namespace

// The server ends the gateway's connection (as a restart or an administrator would): the gateway
// connects again by itself, takes its claim on the database again, bills each delivered request
// exactly once, and the ledger stays clean.
void TestDatabaseFlag::survivesALostConnection()
{
    if (!bytespike::test::onPostgres())
        QSKIP("needs the test cluster: the _postgres variant runs this");
    GatewayProcess gateway;
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    HttpClient http;
    const auto ask = [&] {
        return http
            .send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(),
                messagesBody(QStringLiteral("bytespike-simulator")))
            .status;
    };
    int delivered = 0;
    for (int i = 0; i < 3; ++i)
        delivered += ask() == 200 ? 1 : 0;
    QCOMPARE(delivered, 3);
    QCOMPARE(queryOne(gateway.database(),
                 "SELECT count(pg_terminate_backend(pid)) FROM (SELECT pid FROM pg_stat_activity"
                 " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                 " AND application_name <> 'bytespike-listen') AS others"),
        QByteArray("1"));
    QDeadlineTimer deadline(20000);
    while (delivered < 13 && !deadline.hasExpired()) {
        const int status = ask();
        QVERIFY2(status == 200 || status == 503, QByteArray::number(status).constData());
        delivered += status == 200 ? 1 : 0;
        if (status != 200)
            QTest::qWait(200);
    }
    QCOMPARE(delivered, 13);
    // Settlements land after their answers: wait for the last, then count.
    QTRY_COMPARE_WITH_TIMEOUT(queryOne(gateway.database(), "SELECT count(*) FROM ledger_entries WHERE kind = 'debit'"),
        QByteArray("13"), 10000);
    QCOMPARE(gateway.terminate(), 0);
    QByteArray report;
    QVERIFY2(gateway.ledgerClean(&report), report.constData());
}

// Instances started at the same moment on a new database (systemd starts a template's units
// together): each migration and the seed run once, and every instance comes up.
void TestDatabaseFlag::instancesStartTogether()
{
    if (!bytespike::test::onPostgres())
        QSKIP("needs the test cluster: the _postgres variant runs this");
    QTemporaryDir dir;
    QString error;
    const QString database = bytespike::test::databaseLocation(dir, QStringLiteral("unused"), &error);
    QVERIFY2(!database.isEmpty(), qPrintable(error));
    std::vector<std::unique_ptr<QProcess>> instances;
    for (int i = 0; i < 3; ++i) {
        auto process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->start(QStringLiteral(BYTESPIKE_GATEWAYD_PATH),
            {QStringLiteral("--data-dir"), dir.filePath(QString::number(i)), QStringLiteral("--database"), database,
                QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        instances.push_back(std::move(process));
    }
    for (auto &process : instances) {
        QByteArray out;
        QTRY_VERIFY2_WITH_TIMEOUT((out += process->readAll()).contains("listening on"), out.constData(), 20000);
        process->terminate();
        QVERIFY(process->waitForFinished(20000));
    }
    QCOMPARE(queryOne(database, "SELECT count(*) FROM channels"), QByteArray("1"));
    QCOMPARE(queryOne(database, "SELECT count(*) FROM customers"), QByteArray("1"));
    QCOMPARE(queryOne(database, "SELECT count(*) FROM instances"), QByteArray("3"));
}

// The ledger writer is held up (another connection holds the lock its settlements need, as a slow
// disk or a far server would delay it): once the oldest finished request has waited longer than
// BYTESPIKE_SETTLE_BACKLOG_MS, new requests get 529 with nothing charged; once the writer runs
// again every answered request is billed once, and requests are taken again. On either engine.
void TestDatabaseFlag::backlogPastTheLimitIsRefused()
{
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("BYTESPIKE_SETTLE_BACKLOG_MS"), QStringLiteral("200"));
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const QString location
        = gateway.database().isEmpty() ? gateway.dataDir() + QStringLiteral("/bytespike.db") : gateway.database();
    bytespike::Database blocker;
    QVERIFY2(blocker.open(location, &error), qPrintable(error));
    const bool postgres = blocker.engine() == bytespike::Database::Engine::Postgres;
    HttpClient http;
    const auto ask = [&] {
        return http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(),
            messagesBody(QStringLiteral("bytespike-simulator")));
    };
    const auto debits = [&] {
        bytespike::Statement st = blocker.prepare("SELECT count(*) FROM ledger_entries WHERE kind = 'debit'");
        return st.next() ? st.int64(0) : -1;
    };
    // On PostgreSQL the instance first takes a lease of the balance, which covers the requests below.
    if (postgres)
        QCOMPARE(ask().status, 200);
    QTRY_COMPARE(debits(), postgres ? 1 : 0);
    const qint64 before = debits();
    QVERIFY2(blocker.exec(postgres ? "BEGIN; SELECT id FROM customers FOR UPDATE" : "BEGIN IMMEDIATE", &error),
        qPrintable(error));
    QCOMPARE(ask().status, 200);
    QCOMPARE(ask().status, 200); // its settlement waits too, but the first has not waited long yet
    QTest::qWait(400);
    for (int i = 0; i < 3; ++i) {
        const HttpResult refused = ask();
        QCOMPARE(refused.status, 529);
        QVERIFY2(refused.body.contains("nothing was charged"), refused.body.constData());
    }
    QVERIFY2(blocker.exec("ROLLBACK", &error), qPrintable(error));
    // The two answered requests are billed once each, and the gateway takes requests again.
    QTRY_COMPARE_WITH_TIMEOUT(debits(), before + 2, 10000);
    // The runtime learns of the writes a moment after they are visible here.
    QTRY_COMPARE_WITH_TIMEOUT(ask().status, 200, 5000);
    blocker.close();
    QCOMPARE(gateway.terminate(), 0);
    QByteArray report;
    QVERIFY2(gateway.ledgerClean(&report), report.constData());
}

QTEST_GUILESS_MAIN(TestDatabaseFlag)
#include "tst_database.moc"
