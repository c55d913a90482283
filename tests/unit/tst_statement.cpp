// Statement's text bindings: SQLite reads each bound text in place from a buffer the statement
// keeps per parameter, so what is stored must be exactly the text's UTF-8, whatever was bound to
// that parameter before, on a cached statement reused many times, and after a move.
#include "store/Database.h"

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

private:
    QStringList stored();
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
};

void TestStatement::init()
{
    m_db = std::make_unique<Database>();
    QString error;
    QVERIFY2(m_db->open(m_dir.filePath(QStringLiteral("s.db")), &error), qPrintable(error));
    QVERIFY2(m_db->exec("DROP TABLE IF EXISTS t; CREATE TABLE t (n INTEGER PRIMARY KEY, a TEXT, b TEXT)", &error),
        qPrintable(error));
}

// Each row's a and b as "x" and the hex of their stored bytes, NULL as "null".
QStringList TestStatement::stored()
{
    QStringList out;
    Statement rows = m_db->prepare("SELECT CASE WHEN a IS NULL THEN 'null' ELSE 'x' || hex(CAST(a AS BLOB)) END,"
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

QTEST_GUILESS_MAIN(TestStatement)
#include "tst_statement.moc"
