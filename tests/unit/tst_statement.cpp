// Statement's text bindings: SQLite reads each bound text in place from a buffer the statement
// keeps per parameter, so what is stored must be exactly the text's UTF-8, whatever was bound to
// that parameter before, on a cached statement reused many times, and after a move. On
// PostgreSQL (the _postgres variant) the same, and what PostgresStatement translates and reads.
#include "TestDatabase.h"
#include "store/Database.h"
#include "store/PostgresStatement.h"

#include <QTemporaryDir>
#include <QTest>

using namespace bytespike;

class TestStatement : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void textIsStoredAsItsUtf8();
    void rebindingReusesNothingStale();
    void movedStatementKeepsItsBindings();
    void outOfRangeIndexIsIgnored();
    void parametersAreNumberedAsSqliteNumbersThem_data();
    void parametersAreNumberedAsSqliteNumbersThem();
    void valuesReadBackAsSqliteGivesThem();
    void returningAndChanges();
    void uniqueViolationIsRecognised();

private:
    QStringList stored();
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
};

void TestStatement::init()
{
    m_db = std::make_unique<Database>();
    QString error;
    const QString location = test::databaseLocation(m_dir, QStringLiteral("s.db"), &error);
    QVERIFY2(!location.isEmpty(), qPrintable(error));
    QVERIFY2(m_db->open(location, &error), qPrintable(error));
    QVERIFY2(
        m_db->exec("DROP TABLE IF EXISTS t; CREATE TABLE t (n BIGINT PRIMARY KEY NOT NULL, a TEXT, b TEXT)", &error),
        qPrintable(error));
}

// Each row's a and b as "x" and the hex of their stored bytes, NULL as "null".
QStringList TestStatement::stored()
{
    QStringList out;
    Statement rows = m_db->prepare(m_db->engine() == Database::Engine::Postgres
            ? "SELECT CASE WHEN a IS NULL THEN 'null' ELSE 'x' || upper(encode(convert_to(a, 'UTF8'), 'hex')) END,"
              " CASE WHEN b IS NULL THEN 'null' ELSE 'x' || upper(encode(convert_to(b, 'UTF8'), 'hex')) END"
              " FROM t ORDER BY n"
            : "SELECT CASE WHEN a IS NULL THEN 'null' ELSE 'x' || hex(CAST(a AS BLOB)) END,"
              " CASE WHEN b IS NULL THEN 'null' ELSE 'x' || hex(CAST(b AS BLOB)) END"
              " FROM t ORDER BY n");
    while (rows.next())
        out << rows.text(0) + QLatin1Char('/') + rows.text(1);
    return out;
}

namespace {

QString hexUtf8(const QString &s)
{
    return QLatin1Char('x') + QString::fromLatin1(s.toUtf8().toHex().toUpper());
}

} // namespace

void TestStatement::textIsStoredAsItsUtf8()
{
    const QList<QString> texts {QString(), QStringLiteral(""), QStringLiteral("cus_demo"),
        QString::fromUtf8("caf\u00e9 \u6f22\u5b57 \U0001F600"), QString(QChar(0xD800)) + QStringLiteral("x"),
        QString(5000, QLatin1Char('z'))};
    qint64 n = 0;
    for (const QString &text : texts) {
        Statement insert = m_db->prepare("INSERT INTO t (n, a, b) VALUES (?1, ?2, ?3)");
        insert.bind(1, ++n).bind(2, text).bind(3, text + QStringLiteral("!"));
        QVERIFY2(insert.exec(), qPrintable(insert.error()));
    }
    QStringList expected;
    for (const QString &text : texts)
        expected << hexUtf8(text) + QLatin1Char('/') + hexUtf8(text + QStringLiteral("!"));
    // A null QString is bound as empty text, never as NULL (as before: toUtf8() of it is empty);
    // a lone surrogate becomes what QString::toUtf8() makes of it, as before.
    QCOMPARE(stored(), expected);
}

// A cached statement bound long, short, empty and long again: no value keeps bytes of the one
// before it, and the buffers' reuse never lets an earlier row change.
void TestStatement::rebindingReusesNothingStale()
{
    static const CachedSql kInsert("INSERT INTO t (n, a, b) VALUES (?1, ?2, ?3)");
    const QStringList values {QString(300, QLatin1Char('a')), QStringLiteral("b"), QString(),
        QString::fromUtf8("\u00e9\u00e9"), QString(1000, QLatin1Char('c')), QStringLiteral("d")};
    qint64 n = 0;
    for (const QString &value : values) {
        Statement &insert = m_db->cached(kInsert);
        ++n;
        insert.bind(1, n).bind(2, value).bind(3, QStringLiteral("k%1").arg(n));
        QVERIFY2(insert.exec(), qPrintable(insert.error()));
        insert.reset();
    }
    QStringList expected;
    n = 0;
    for (const QString &value : values)
        expected << hexUtf8(value) + QLatin1Char('/') + hexUtf8(QStringLiteral("k%1").arg(++n));
    QCOMPARE(stored(), expected);
}

void TestStatement::movedStatementKeepsItsBindings()
{
    Statement first = m_db->prepare("INSERT INTO t (n, a, b) VALUES (1, ?1, ?2)");
    first.bind(1, QStringLiteral("kept")).bind(2, QString(200, QLatin1Char('m')));
    Statement moved(std::move(first));
    Statement assigned;
    assigned = std::move(moved);
    QVERIFY2(assigned.exec(), qPrintable(assigned.error()));
    QCOMPARE(stored(),
        QStringList {hexUtf8(QStringLiteral("kept")) + QLatin1Char('/') + hexUtf8(QString(200, QLatin1Char('m')))});
}

void TestStatement::outOfRangeIndexIsIgnored()
{
    Statement insert = m_db->prepare("INSERT INTO t (n, a) VALUES (1, ?1)");
    insert.bind(0, QStringLiteral("no")).bind(2, QStringLiteral("no")).bind(1, QStringLiteral("yes"));
    QVERIFY2(insert.exec(), qPrintable(insert.error()));
    QCOMPARE(stored(), QStringList {hexUtf8(QStringLiteral("yes")) + QStringLiteral("/null")});
}

void TestStatement::parametersAreNumberedAsSqliteNumbersThem_data()
{
    QTest::addColumn<QByteArray>("sql");
    QTest::addColumn<QByteArray>("postgres");
    QTest::addColumn<int>("parameters");
    QTest::newRow("bare, counted") << QByteArray("SELECT ?, ?, ?") << QByteArray("SELECT $1, $2, $3") << 3;
    QTest::newRow("numbered, reused") << QByteArray("WHERE (?1 = '' OR a = ?1) AND b = ?2")
                                      << QByteArray("WHERE ($1 = '' OR a = $1) AND b = $2") << 2;
    // A bare ? after ?5 is ?6 in SQLite: one past the highest so far.
    QTest::newRow("bare after numbered") << QByteArray("VALUES (?5, ?, ?2, ?)") << QByteArray("VALUES ($5, $6, $2, $7)")
                                         << 7;
    QTest::newRow("quoted and commented ? stay") << QByteArray("SELECT '?', 'it''s ?', \"a?b\", ? -- why?\n, ?")
                                                 << QByteArray("SELECT '?', 'it''s ?', \"a?b\", $1 -- why?\n, $2") << 2;
    QTest::newRow("SQLite's writer lock") << QByteArray("BEGIN IMMEDIATE") << QByteArray("BEGIN") << 0;
}

void TestStatement::parametersAreNumberedAsSqliteNumbersThem()
{
    QFETCH(QByteArray, sql);
    QFETCH(QByteArray, postgres);
    QFETCH(int, parameters);
    int counted = -1;
    QCOMPARE(PostgresStatement::translate(sql.constData(), &counted), postgres);
    QCOMPARE(counted, parameters);
}

// Integers, text, bytes, NULL and a boolean expression read back alike on both engines.
void TestStatement::valuesReadBackAsSqliteGivesThem()
{
    QString error;
    const bool postgres = m_db->engine() == Database::Engine::Postgres;
    QVERIFY2(m_db->exec(
                 postgres ? "CREATE TABLE v (i BIGINT, t TEXT, b BYTEA)" : "CREATE TABLE v (i INTEGER, t TEXT, b BLOB)",
                 &error),
        qPrintable(error));
    QByteArray bytes;
    for (int i = 0; i < 256; ++i)
        bytes.append(char(i));
    Statement insert = m_db->prepare("INSERT INTO v (i, t, b) VALUES (?1, ?2, ?3)");
    insert.bind(1, qint64(-9'007'199'254'740'993)).bind(2, QString::fromUtf8("\u00e9\u6f22")).bind(3, bytes);
    QVERIFY2(insert.exec(), qPrintable(insert.error()));
    Statement nulls = m_db->prepare("INSERT INTO v (i, t, b) VALUES (?1, ?2, ?3)");
    nulls.bindNull(1).bindNull(2).bindNull(3);
    QVERIFY2(nulls.exec(), qPrintable(nulls.error()));
    Statement rows = m_db->prepare("SELECT i, t, b, i IS NULL FROM v ORDER BY i IS NULL");
    QVERIFY2(rows.next(), qPrintable(rows.error()));
    QCOMPARE(rows.int64(0), qint64(-9'007'199'254'740'993));
    QCOMPARE(rows.text(1), QString::fromUtf8("\u00e9\u6f22"));
    QCOMPARE(rows.blob(2), bytes);
    QCOMPARE(rows.int64(3), 0);
    QVERIFY(!rows.isNull(0));
    QVERIFY(rows.next());
    QVERIFY(rows.isNull(0) && rows.isNull(1) && rows.isNull(2));
    QCOMPARE(rows.int64(0), 0);
    QCOMPARE(rows.int64(3), 1);
    QVERIFY(!rows.next());
    QVERIFY(rows.error().isEmpty());
}

// insertedId() gives the new row's id on both engines (RETURNING on PostgreSQL); changes() counts
// what a statement changed.
void TestStatement::returningAndChanges()
{
    QString error;
    QVERIFY2(m_db->exec(m_db->engine() == Database::Engine::Postgres
                     ? "CREATE TABLE g (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, a TEXT)"
                     : "CREATE TABLE g (id INTEGER PRIMARY KEY, a TEXT)",
                 &error),
        qPrintable(error));
    static const CachedSql kInsert("INSERT INTO g (a) VALUES (?1)", Returns::Id);
    for (qint64 id : {1, 2, 3}) {
        Statement &insert = m_db->cached(kInsert);
        insert.bind(1, QStringLiteral("x"));
        QVERIFY2(insert.exec(), qPrintable(insert.error()));
        QCOMPARE(insert.insertedId(), id);
    }
    Statement once = m_db->prepare("INSERT INTO g (a) VALUES ('y')", Returns::Id);
    QVERIFY2(once.exec(), qPrintable(once.error()));
    QCOMPARE(once.insertedId(), 4);
    Statement update = m_db->prepare("UPDATE g SET a = 'z' WHERE id >= ?1");
    update.bind(1, qint64(3));
    QVERIFY2(update.exec(), qPrintable(update.error()));
    QCOMPARE(update.changes(), 2);
}

void TestStatement::uniqueViolationIsRecognised()
{
    QVERIFY(m_db->exec("INSERT INTO t (n, a) VALUES (1, 'first')"));
    Statement again = m_db->prepare("INSERT INTO t (n, a) VALUES (1, 'again')");
    QVERIFY(!again.exec());
    QVERIFY2(again.isUniqueViolation(), qPrintable(again.error()));
    QVERIFY(!again.error().isEmpty());
    Statement other = m_db->prepare("INSERT INTO t (n, a) VALUES (NULL, 'no key')");
    QVERIFY(!other.exec());
    QVERIFY2(!other.isUniqueViolation(), qPrintable(other.error()));
}

QTEST_GUILESS_MAIN(TestStatement)
#include "tst_statement.moc"
