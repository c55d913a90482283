// Numbered migrations: a database written at every earlier schema version upgrades to the
// latest with its data intact; a newer or corrupt database is refused with a clear error.
#include "bytespike/Maintenance.h"
#include "ledger/Ledger.h"
#include "store/AuditLog.h"
#include "store/ChannelStore.h"
#include "store/Database.h"
#include "store/Migrations.h"

#include <QFile>
#include <QRegularExpression>
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
    void moneyColumnsHoldIntegersOnly_data();
    void moneyColumnsHoldIntegersOnly();
    void nonIntegerMoneyStopsMigrationEleven_data();
    void nonIntegerMoneyStopsMigrationEleven();
    void overflowedBalanceIsReportedNotAnOverflow();
    void creditedTotalReadsCreditsOnly();

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

const char *const kInsertHold
    = "INSERT INTO holds (id, customer_id, request_id, endpoint, price_version,"
      " amount_micros, state, epoch, created_at) VALUES (?, 'c1', ?, 'ch1/m', 1, 5, ?, 'e', 1)";

// Writes one hold in the given state; the error when it is refused.
QString insertHold(Database &db, int id, const QString &state)
{
    Statement insert = db.prepare(kInsertHold);
    insert.bind(1, qint64(id)).bind(2, QStringLiteral("req_%1").arg(id)).bind(3, state);
    return insert.exec() ? QString() : insert.error();
}

// The program SQLite compiles for sql, row by row of EXPLAIN (every column but one: a
// Transaction's P4 is the connection's count of schema loads, which differs between a connection
// that migrated and one that opened the file afresh, for the same program).
QStringList program(Database &db, const char *sql)
{
    Statement st = db.prepare(QByteArray("EXPLAIN ").append(sql).constData());
    QStringList out;
    while (st.next()) {
        QStringList row;
        for (int column = 0; column < 8; ++column)
            row << (column == 5 && st.text(1) == QLatin1String("Transaction") ? QString() : st.text(column));
        out << row.join(QLatin1Char(' '));
    }
    return out;
}

// The CREATE TABLE text of the holds table as the schema stores it.
QString holdsSchema(Database &db)
{
    Statement schema = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'holds'");
    return schema.next() ? schema.text(0) : QString();
}

} // namespace

// Migration 10: the holds' state CHECK is written as comparisons, which SQLite evaluates without
// building a temporary table for every hold written. How SQLite compiles either form is its own
// business and changes between versions, so the test reads the rule's text rather than looking
// for an opcode, and checks that the connection that migrated runs the new rule: it compiles a
// hold's INSERT exactly as a connection that opened the migrated file afresh (a connection that
// kept the old schema in memory would still run the IN list until restarted). The rule is the
// same: the four states are accepted and anything else refused; the rows and the file are
// intact; the pending sums use the partial index (by its name in the query plan).
void TestMigrations::holdsStateCheckBuildsNoTemporaryTable()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("holds.db"));
    const QStringList states {
        QStringLiteral("pending"), QStringLiteral("posted"), QStringLiteral("voided"), QStringLiteral("expired")};
    {
        Database db;
        QString error;
        QVERIFY2(db.open(path, &error, 9), qPrintable(error));
        seedAt(db, 2);
        QVERIFY2(holdsSchema(db).contains(QLatin1String("CHECK (state IN (")), qPrintable(holdsSchema(db)));
        for (int id = 1; id <= 3; ++id)
            QCOMPARE(insertHold(db, id, states.at(id - 1)), QString());
    }
    Database db;
    QString error;
    QVERIFY2(db.open(path, &error), qPrintable(error));
    const QString schema = holdsSchema(db);
    QVERIFY2(schema.contains(QLatin1String(
                 "CHECK (state = 'pending' OR state = 'posted' OR state = 'voided' OR state = 'expired')")),
        qPrintable(schema));
    QVERIFY2(!schema.contains(QLatin1String(" IN (")), qPrintable(schema));
    {
        Database fresh;
        QVERIFY2(fresh.open(path, &error), qPrintable(error));
        const QStringList migrating = program(db, kInsertHold);
        QVERIFY(!migrating.isEmpty());
        QCOMPARE(migrating, program(fresh, kInsertHold));
    }
    // Refused: anything but the four, spelt differently or empty.
    for (const QString &bad : {QStringLiteral("bogus"), QStringLiteral("Pending"), QStringLiteral("pending "),
             QStringLiteral("posted,voided"), QString()}) {
        const QString refused = insertHold(db, 100, bad);
        QVERIFY2(refused.contains(QLatin1String("CHECK constraint failed")),
            qPrintable(
                QStringLiteral("state '%1': %2").arg(bad, refused.isEmpty() ? QStringLiteral("accepted") : refused)));
    }
    // Accepted: each of the four.
    for (int i = 0; i < states.size(); ++i)
        QCOMPARE(insertHold(db, 4 + i, states.at(i)), QString());
    Statement rows = db.prepare("SELECT group_concat(state, ',') FROM (SELECT state FROM holds ORDER BY id)");
    QVERIFY(rows.next());
    QCOMPARE(rows.text(0), QStringLiteral("pending,posted,voided,pending,posted,voided,expired"));
    Statement check = db.prepare("PRAGMA integrity_check");
    QVERIFY(check.next());
    QCOMPARE(check.text(0), QStringLiteral("ok"));
    Statement plan = db.prepare("EXPLAIN QUERY PLAN SELECT SUM(amount_micros) FROM holds"
                                " WHERE customer_id = 'c1' AND state = 'pending'");
    QVERIFY(plan.next());
    QVERIFY2(plan.text(3).contains(QLatin1String("holds_pending_customer")), qPrintable(plan.text(3)));
}

namespace {

// A row in every table with money columns (each money column set), at the latest schema.
void seedMoneyRows(Database &db)
{
    QVERIFY(db.exec("INSERT INTO holds (id, customer_id, request_id, endpoint, price_version, amount_micros, state,"
                    " epoch, debit_micros, shortfall_micros, created_at) VALUES (1, 'c1', 'req_h', 'ch1/m', 1, 50,"
                    " 'posted', 'e', 40, 0, 1)"));
    QVERIFY(db.exec("UPDATE requests SET hold_micros = 50, cost_micros = 40 WHERE id = 'req_old'"));
    QVERIFY(db.exec("UPDATE channel_models SET cost_input_micros_per_mtok = 1, cost_output_micros_per_mtok = 2,"
                    " cost_cache_write_micros_per_mtok = 3, cost_cache_read_micros_per_mtok = 4"));
}

// The statement that puts value into table.column: price versions are immutable, so a new one.
QByteArray writeMoney(const QString &table, const QString &column, const QString &value)
{
    if (table == QLatin1String("price_versions")) {
        QString values = QStringLiteral("1, 1, 1, 1");
        const QStringList columns {QStringLiteral("input_micros_per_mtok"), QStringLiteral("output_micros_per_mtok"),
            QStringLiteral("cache_write_micros_per_mtok"), QStringLiteral("cache_read_micros_per_mtok")};
        QStringList list = values.split(QStringLiteral(", "));
        list[columns.indexOf(column)] = value;
        return QStringLiteral(
            "INSERT INTO price_versions (channel_id, model, input_micros_per_mtok,"
            " output_micros_per_mtok, cache_write_micros_per_mtok, cache_read_micros_per_mtok, author,"
            " created_at) VALUES ('ch1', 'm', %1, 'test', 1)")
            .arg(list.join(QStringLiteral(", ")))
            .toUtf8();
    }
    return QStringLiteral("UPDATE %1 SET %2 = %3").arg(table, column, value).toUtf8();
}

} // namespace

void TestMigrations::moneyColumnsHoldIntegersOnly_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("column");
    QTest::addColumn<bool>("nullable");
    const QList<std::tuple<const char *, const char *, bool>> columns {{"customers", "posted_micros", false},
        {"customers", "pending_micros", false}, {"ledger_entries", "amount_micros", false},
        {"holds", "amount_micros", false}, {"holds", "debit_micros", true}, {"holds", "shortfall_micros", false},
        {"requests", "hold_micros", false}, {"requests", "cost_micros", false},
        {"channel_models", "input_micros_per_mtok", false}, {"channel_models", "output_micros_per_mtok", false},
        {"channel_models", "cache_write_micros_per_mtok", false},
        {"channel_models", "cache_read_micros_per_mtok", false}, {"channel_models", "cost_input_micros_per_mtok", true},
        {"channel_models", "cost_output_micros_per_mtok", true},
        {"channel_models", "cost_cache_write_micros_per_mtok", true},
        {"channel_models", "cost_cache_read_micros_per_mtok", true}, {"price_versions", "input_micros_per_mtok", false},
        {"price_versions", "output_micros_per_mtok", false}, {"price_versions", "cache_write_micros_per_mtok", false},
        {"price_versions", "cache_read_micros_per_mtok", false}};
    for (const auto &[table, column, nullable] : columns)
        QTest::addRow("%s.%s", table, column) << QString::fromLatin1(table) << QString::fromLatin1(column) << nullable;
}

// Migration 11: every money column refuses a REAL (a fraction, or a sum past 64 bits) and TEXT,
// naming its constraint; integers (and NULL where the column allows it) are written as before;
// the migrated file passes integrity_check.
void TestMigrations::moneyColumnsHoldIntegersOnly()
{
    QFETCH(QString, table);
    QFETCH(QString, column);
    QFETCH(bool, nullable);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("money.db"));
    {
        Database db;
        QString error;
        QVERIFY2(db.open(path, &error, 10), qPrintable(error));
        seedAt(db, 2);
        seedMoneyRows(db);
    }
    Database db;
    QString error;
    QVERIFY2(db.open(path, &error), qPrintable(error));
    Statement schema = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?");
    schema.bind(1, table);
    QVERIFY(schema.next());
    QVERIFY2(schema.text(0).contains(QRegularExpression(QStringLiteral("CONSTRAINT %1_integer\\s+CHECK").arg(column))),
        qPrintable(schema.text(0)));
    // Values that only the new constraint refuses: the holds' own CHECK (debit at most the hold of
    // 50) and the customers' trigger (available not negative) see the others first.
    const QString where = table + QLatin1Char('.') + column;
    QStringList bad {QStringLiteral("1.5"), QStringLiteral("'12abc'"), QStringLiteral("9.3e18"),
        QStringLiteral("x'01'"),
        QStringLiteral("9223372036854775807 + 1")}; // the last: a sum past 64 bits, once a REAL balance
    QStringList good {QStringLiteral("7"), QStringLiteral("'8'"), QStringLiteral("9.0")};
    if (where == QLatin1String("holds.amount_micros")) {
        bad[0] = QStringLiteral("40.5");
        good = QStringList {QStringLiteral("70"), QStringLiteral("'80'"), QStringLiteral("90.0")};
    } else if (where == QLatin1String("holds.debit_micros")) {
        bad = QStringList {QStringLiteral("1.5"), QStringLiteral("49.5")};
    } else if (where == QLatin1String("customers.pending_micros")) {
        bad = QStringList {QStringLiteral("1.5"), QStringLiteral("'12abc'"), QStringLiteral("x'01'")};
    }
    for (const QString &value : std::as_const(bad)) {
        QVERIFY2(!db.exec(writeMoney(table, column, value).constData(), &error), qPrintable(value));
        QVERIFY2(error == QStringLiteral("CHECK constraint failed: %1_integer").arg(column), qPrintable(error));
    }
    for (const QString &value : std::as_const(good))
        QVERIFY2(db.exec(writeMoney(table, column, value).constData(), &error), qPrintable(value + error));
    if (nullable)
        QVERIFY2(db.exec(writeMoney(table, column, QStringLiteral("NULL")).constData(), &error), qPrintable(error));
    Statement check = db.prepare("PRAGMA integrity_check");
    QVERIFY(check.next());
    QCOMPARE(check.text(0), QStringLiteral("ok"));
}

void TestMigrations::nonIntegerMoneyStopsMigrationEleven_data()
{
    QTest::addColumn<QByteArray>("corrupt");
    QTest::addColumn<QString>("named");
    QTest::newRow("a REAL balance") << QByteArray("UPDATE customers SET posted_micros = 700.5")
                                    << QStringLiteral("customers.posted_micros of customer c1 holds real 700.5");
    QTest::newRow("a TEXT credit") << QByteArray("UPDATE ledger_entries SET amount_micros = '5 dollars' WHERE id = 1")
                                   << QStringLiteral("ledger_entries.amount_micros of entry 1 holds text '5 dollars'");
    QTest::newRow("a REAL price version")
        << QByteArray("INSERT INTO price_versions (channel_id, model, input_micros_per_mtok, output_micros_per_mtok,"
                      " cache_write_micros_per_mtok, cache_read_micros_per_mtok, author, created_at)"
                      " VALUES ('ch1', 'm', 1.25, 1, 1, 1, 'x', 1)")
        << QStringLiteral("price_versions.input_micros_per_mtok of price version 1 holds real 1.25");
    QTest::newRow("a REAL upstream cost")
        << QByteArray("UPDATE channel_models SET cost_output_micros_per_mtok = 0.5")
        << QStringLiteral("channel_models.cost_output_micros_per_mtok of channel ch1 model m holds real 0.5");
    QTest::newRow("a REAL request cost") << QByteArray("UPDATE requests SET cost_micros = 1e19")
                                         << QStringLiteral(
                                                "requests.cost_micros of request req_old holds real 1.0e+19");
}

// Migration 11 adds CHECKs only where every row keeps them: otherwise it stops, names the table,
// column and row, and changes nothing (the version and the schema stay as they were).
void TestMigrations::nonIntegerMoneyStopsMigrationEleven()
{
    QFETCH(QByteArray, corrupt);
    QFETCH(QString, named);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bytespike.db"));
    QString schemaBefore;
    {
        Database db;
        QString error;
        QVERIFY2(db.open(path, &error, 10), qPrintable(error));
        seedAt(db, 2);
        QVERIFY2(db.exec(corrupt.constData(), &error), qPrintable(error));
        Statement schema = db.prepare("SELECT group_concat(sql, ';') FROM sqlite_schema");
        QVERIFY(schema.next());
        schemaBefore = schema.text(0);
    }
    {
        Database db;
        QString error;
        QVERIFY(!db.open(path, &error));
        QVERIFY2(error.contains(QLatin1String("migration 11: ") + named + QLatin1String(", not an integer")),
            qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("Nothing was changed")), qPrintable(error));
    }
    Database db;
    QString error;
    QVERIFY2(db.open(path, &error, 10), qPrintable(error));
    QCOMPARE(Migrations::currentVersion(db), 10);
    Statement schema = db.prepare("SELECT group_concat(sql, ';') FROM sqlite_schema");
    QVERIFY(schema.next());
    QCOMPARE(schema.text(0), schemaBefore);
    db.close();
    // --check-ledger names it too, rather than refusing to open.
    QStringList findings;
    QVERIFY2(checkLedger(dir.filePath(QStringLiteral("bytespike.db")), &findings, &error), qPrintable(error));
    QVERIFY2(findings.join(QLatin1Char('\n')).contains(named), qPrintable(findings.join(QLatin1Char('\n'))));
}

// Before the limit, 1,030 credits of 2^53 micro-dollars took a balance past 64 bits: SQLite made
// it a REAL and the auditor's sums stopped with "integer overflow". --check-ledger now names the
// balance, the oversized entries and the customer's credited total, and no sum fails.
void TestMigrations::overflowedBalanceIsReportedNotAnOverflow()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bytespike.db"));
    {
        Database db;
        QString error;
        QVERIFY2(db.open(path, &error, 10), qPrintable(error));
        QVERIFY(db.exec("INSERT INTO customers (id, name, created_at) VALUES ('c1', 'Whale', 1)"));
        QVERIFY(db.exec("BEGIN"));
        for (int i = 0; i < 1030; ++i) {
            QVERIFY(db.exec("INSERT INTO ledger_entries (customer_id, kind, amount_micros, created_at)"
                            " VALUES ('c1', 'credit', 9007199254740992, 1)"));
            QVERIFY(db.exec("UPDATE customers SET posted_micros = posted_micros + 9007199254740992 WHERE id = 'c1'"));
        }
        QVERIFY(db.exec("COMMIT"));
        Statement posted = db.prepare("SELECT typeof(posted_micros) FROM customers");
        QVERIFY(posted.next());
        QCOMPARE(posted.text(0), QStringLiteral("real"));
    }
    QStringList findings;
    QString error;
    QVERIFY2(checkLedger(dir.filePath(QStringLiteral("bytespike.db")), &findings, &error), qPrintable(error));
    const QString report = findings.join(QLatin1Char('\n'));
    QVERIFY2(!report.contains(QLatin1String("overflow")), qPrintable(report));
    QVERIFY2(report.contains(QLatin1String("customers.posted_micros of customer c1 holds real")), qPrintable(report));
    QVERIFY2(report.contains(QLatin1String("ledger_entries.amount_micros of entry 1 holds 9007199254740992, beyond the"
                                           " ledger's limit of 9007199254740991 micro-dollars")),
        qPrintable(report));
    QVERIFY2(report.contains(QLatin1String("customer c1 has been credited")), qPrintable(report));
    Database db;
    QVERIFY(!db.open(path, &error));
    QVERIFY2(error.contains(QLatin1String("migration 11: customers.posted_micros of customer c1 holds real")),
        qPrintable(error));
}

// Every credit reads the customer's lifetime credited total; the partial index of credits serves
// that without reading its debits.
void TestMigrations::creditedTotalReadsCreditsOnly()
{
    QTemporaryDir dir;
    Database db;
    QString error;
    QVERIFY(db.open(dir.filePath(QStringLiteral("c.db")), &error));
    Statement plan = db.prepare("EXPLAIN QUERY PLAN SELECT TOTAL(amount_micros) FROM ledger_entries"
                                " WHERE customer_id = 'c1' AND kind = 'credit'");
    QVERIFY(plan.next());
    QVERIFY2(
        plan.text(3).contains(QLatin1String("USING COVERING INDEX ledger_entries_credits")), qPrintable(plan.text(3)));
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
