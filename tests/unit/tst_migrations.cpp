// Numbered migrations: a database written at every earlier schema version upgrades to the
// latest with its data intact; a newer or corrupt database is refused with a clear error.
#include "ledger/Ledger.h"
#include "store/AuditLog.h"
#include "store/ChannelStore.h"
#include "store/Database.h"
#include "store/Migrations.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bytespike;

class TestMigrations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void upgradesFromEveryVersion_data();
    void upgradesFromEveryVersion();
    void newerDatabaseIsRefused();
    void corruptDatabaseIsRefused();
    void pragmasAfterOpen();
    void priceVersionsAndAuditAreAppendOnly();
    void holdsStateCheckBuildsNoTemporaryTable();

private:
    static void seedAt(Database &db, int version);
};

// Rows a user of that version would have written.
void TestMigrations::seedAt(Database &db, int version)
{
    if (version >= 1) {
        QVERIFY(db.exec("INSERT INTO customers (id, name, created_at) VALUES ('c1', 'Old customer', 1)"));
        QVERIFY(db.exec("INSERT INTO api_keys (id, customer_id, name, digest, hint, created_at)"
                        " VALUES ('k1', 'c1', 'old key', x'0102', 'bsk-...', 1)"));
        QVERIFY(db.exec("INSERT INTO channels (id, name, protocol, base_url, secret_ref, enabled, priority, weight,"
                        " version, created_at, updated_at) VALUES ('ch1', 'old', 'anthropic', 'https://a.example',"
                        " 'env:X', 1, 5, 2, 3, 1, 1)"));
        QVERIFY(
            db.exec("INSERT INTO channel_models (channel_id, position, model, upstream_model, input_micros_per_mtok,"
                    " output_micros_per_mtok, cache_write_micros_per_mtok, cache_read_micros_per_mtok)"
                    " VALUES ('ch1', 0, 'm', 'up', 3000000, 15000000, 3750000, 300000)"));
    }
    if (version >= 2) {
        QVERIFY(db.exec("UPDATE customers SET posted_micros = 700 WHERE id = 'c1'"));
        // Version 2 recorded credits only; debits arrived with holds in version 3.
        QVERIFY(db.exec("INSERT INTO ledger_entries (customer_id, kind, amount_micros, memo, created_at)"
                        " VALUES ('c1', 'credit', 500, 'top-up', 2), ('c1', 'credit', 200, 'bonus', 3)"));
        QVERIFY(db.exec("INSERT INTO requests (id, time, customer_id, protocol, model, endpoint, status)"
                        " VALUES ('req_old', 3, 'c1', 'anthropic', 'm', 'ch1/m', 200)"));
    }
}

void TestMigrations::upgradesFromEveryVersion_data()
{
    QTest::addColumn<int>("from");
    for (int v = 0; v < Migrations::latestVersion(); ++v)
        QTest::addRow("from version %d", v) << v;
}

void TestMigrations::upgradesFromEveryVersion()
{
    QFETCH(int, from);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.db"));
    {
        Database db;
        QString error;
        QVERIFY2(db.open(path, &error, from), qPrintable(error));
        QCOMPARE(Migrations::currentVersion(db), from);
        seedAt(db, from);
    }
    Database db;
    QString error;
    QVERIFY2(db.open(path, &error), qPrintable(error));
    QCOMPARE(Migrations::currentVersion(db), Migrations::latestVersion());
    if (from >= 1) {
        const QList<Channel> channels = ChannelStore::loadAll(db, &error);
        QCOMPARE(channels.size(), 1);
        QCOMPARE(channels.first().priority, 5);
        QCOMPARE(channels.first().version, 3);
        QCOMPARE(channels.first().models.first().outputMicrosPerMtok, 15000000);
        // Version 3 gave prices that existed before it a price version.
        if (from < 3)
            QVERIFY(channels.first().models.first().priceVersion > 0);
        QVERIFY(channels.first().options.isEmpty()); // version 4: no options by default
        Statement key = db.prepare("SELECT hint FROM api_keys WHERE id = 'k1'");
        QVERIFY(key.next());
    }
    if (from >= 2) {
        Statement st = db.prepare("SELECT posted_micros, pending_micros FROM customers WHERE id = 'c1'");
        QVERIFY(st.next());
        QCOMPARE(st.int64(0), 700);
        QCOMPARE(st.int64(1), 0);
    }
    if (from >= 1) {
        // The upgraded database works for the newest features: a hold and a debit.
        if (from == 1)
            QVERIFY(db.exec("INSERT INTO ledger_entries (customer_id, kind, amount_micros, created_at) VALUES ('c1', "
                            "'credit', 700, 1);"
                            " UPDATE customers SET posted_micros = 700 WHERE id = 'c1'"));
        // A long request's hold written pending, then posted.
        HoldBook::Hold hold;
        hold.id = 1000;
        hold.customerId = QStringLiteral("c1");
        hold.requestId = QStringLiteral("req_new");
        hold.endpoint = QStringLiteral("ch1/m");
        hold.priceVersion = 1;
        hold.amountMicros = 100;
        hold.epoch = QStringLiteral("e");
        QString error;
        QVERIFY2(Ledger::writePending(db, {hold}, &error), qPrintable(error));
        Ledger::Resolution end;
        end.hold = hold;
        end.state = QStringLiteral("posted");
        end.usage = {1, 1, 0, 0};
        end.costMicros = 18;
        QCOMPARE(Ledger::resolve(db, end).outcome, Ledger::ResolveResult::Outcome::Ok);
        const QStringList findings = Ledger::audit(db);
        QVERIFY2(findings.isEmpty(), qPrintable(findings.join(QLatin1Char('\n'))));
    }
}

void TestMigrations::newerDatabaseIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("future.db"));
    {
        Database db;
        QString error;
        QVERIFY(db.open(path, &error));
        QVERIFY(db.exec(
            QByteArray("PRAGMA user_version=" + QByteArray::number(Migrations::latestVersion() + 1)).constData()));
    }
    Database db;
    QString error;
    QVERIFY(!db.open(path, &error));
    QVERIFY2(error.contains(QLatin1String("newer")), qPrintable(error));
}

void TestMigrations::corruptDatabaseIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("corrupt.db"));
    {
        Database db;
        QString error;
        QVERIFY(db.open(path, &error));
        for (int i = 0; i < 200; ++i)
            QVERIFY(db.exec(
                "INSERT INTO requests (id, time, protocol, status) VALUES (hex(randomblob(16)), 1, 'anthropic', 200)"));
        QVERIFY(db.exec("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.size() > 16384);
        file.seek(8192);
        file.write(QByteArray(8192, '\x5A'));
    }
    Database db;
    QString error;
    QVERIFY(!db.open(path, &error));
    QVERIFY2(error.contains(QLatin1String("corrupt.db")), qPrintable(error));
}

void TestMigrations::pragmasAfterOpen()
{
    QTemporaryDir dir;
    Database db;
    QString error;
    QVERIFY(db.open(dir.filePath(QStringLiteral("p.db")), &error));
    Statement mode = db.prepare("PRAGMA journal_mode");
    QVERIFY(mode.next());
    QCOMPARE(mode.text(0), QStringLiteral("wal"));
    Statement fk = db.prepare("PRAGMA foreign_keys");
    QVERIFY(fk.next());
    QCOMPARE(fk.int64(0), 1);
    Statement sync = db.prepare("PRAGMA synchronous");
    QVERIFY(sync.next());
    QCOMPARE(sync.int64(0), 2); // FULL
}

void TestMigrations::priceVersionsAndAuditAreAppendOnly()
{
    QTemporaryDir dir;
    Database db;
    QString error;
    QVERIFY(db.open(dir.filePath(QStringLiteral("a.db")), &error));
    Channel channel;
    channel.id = QStringLiteral("ch");
    channel.name = QStringLiteral("c");
    channel.baseUrl = QStringLiteral("http://127.0.0.1:1");
    channel.models = {ModelRoute {QStringLiteral("m"), QStringLiteral("m"), 1, 2, 3, 4, 0}};
    QVERIFY2(ChannelStore::insert(db, &channel, QStringLiteral("test"), &error), qPrintable(error));
    QVERIFY(AuditLog::append(db, QStringLiteral("test"), QStringLiteral("x"), QStringLiteral("t"), {}, {}, &error));
    QVERIFY(!db.exec("UPDATE price_versions SET input_micros_per_mtok = 0", &error));
    QVERIFY2(error.contains(QLatin1String("immutable")), qPrintable(error));
    QVERIFY(!db.exec("DELETE FROM price_versions", &error));
    QVERIFY(!db.exec("UPDATE audit_log SET actor = 'someone else'", &error));
    QVERIFY2(error.contains(QLatin1String("append-only")), qPrintable(error));
    QVERIFY(!db.exec("DELETE FROM audit_log", &error));
    // A channel can still be deleted: its price history stays.
    QCOMPARE(ChannelStore::remove(db, QStringLiteral("ch"), &error), ChannelStore::Outcome::Ok);
    QCOMPARE(ChannelStore::priceHistory(db, QStringLiteral("ch"), &error).size(), 1);
}

namespace {

// The opcodes of sql's program, one per row of EXPLAIN.
QStringList opcodes(Database &db, const char *sql)
{
    Statement st = db.prepare(QByteArray("EXPLAIN ").append(sql).constData());
    QStringList out;
    while (st.next())
        out << st.text(1);
    return out;
}

const char *const kInsertHold
    = "INSERT INTO holds (id, customer_id, request_id, endpoint, price_version,"
      " amount_micros, state, epoch, created_at) VALUES (?, 'c1', ?, 'ch1/m', 1, 5, ?, 'e', 1)";

} // namespace

// Migration 10: the holds' state CHECK, written as comparisons, no longer makes SQLite build a
// temporary table for every hold written, on the very connection that migrated; it still refuses
// an unknown state, the rows and the file are intact, and the pending sums use the partial index.
void TestMigrations::holdsStateCheckBuildsNoTemporaryTable()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("holds.db"));
    {
        Database db;
        QString error;
        QVERIFY2(db.open(path, &error, 9), qPrintable(error));
        seedAt(db, 2);
        QVERIFY(opcodes(db, kInsertHold).contains(QLatin1String("OpenEphemeral"))); // the IN list's table
        for (const auto &[id, state] : {std::pair {1, "pending"}, {2, "posted"}, {3, "voided"}}) {
            Statement insert = db.prepare(kInsertHold);
            insert.bind(1, qint64(id)).bind(2, QStringLiteral("req_%1").arg(id)).bind(3, QString::fromLatin1(state));
            QVERIFY2(insert.exec(), qPrintable(insert.error()));
        }
    }
    Database db;
    QString error;
    QVERIFY2(db.open(path, &error), qPrintable(error));
    QVERIFY(!opcodes(db, kInsertHold).contains(QLatin1String("OpenEphemeral")));
    Statement bogus = db.prepare(kInsertHold);
    bogus.bind(1, qint64(4)).bind(2, QStringLiteral("req_4")).bind(3, QStringLiteral("bogus"));
    QVERIFY(!bogus.exec());
    QVERIFY2(bogus.error().contains(QLatin1String("CHECK constraint failed")), qPrintable(bogus.error()));
    Statement expired = db.prepare(kInsertHold);
    expired.bind(1, qint64(5)).bind(2, QStringLiteral("req_5")).bind(3, QStringLiteral("expired"));
    QVERIFY2(expired.exec(), qPrintable(expired.error()));
    Statement rows = db.prepare("SELECT group_concat(state, ',') FROM (SELECT state FROM holds ORDER BY id)");
    QVERIFY(rows.next());
    QCOMPARE(rows.text(0), QStringLiteral("pending,posted,voided,expired"));
    Statement check = db.prepare("PRAGMA integrity_check");
    QVERIFY(check.next());
    QCOMPARE(check.text(0), QStringLiteral("ok"));
    Statement plan = db.prepare("EXPLAIN QUERY PLAN SELECT SUM(amount_micros) FROM holds"
                                " WHERE customer_id = 'c1' AND state = 'pending'");
    QVERIFY(plan.next());
    QVERIFY2(plan.text(3).contains(QLatin1String("holds_pending_customer")), qPrintable(plan.text(3)));
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
