// The csv cell writer (Document::csvField) that every csv export uses: a text cell that a
// spreadsheet would read as a formula (=, +, -, @, TAB or CR first) is prefixed with ' (the OWASP
// rule against CSV injection), while a number, a negative one too, stays a number; the statement
// and request log exports write their cells through it. And the printed statement's balance per
// day over a long period.
#include "export/Document.h"
#include "export/StatementDocument.h"
#include "store/RequestLog.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace bytespike;

class TestExportCells : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void csvCells_data();
    void csvCells();
    void numbersStayNumbers();
    void requestLogCsvHasTheJsonColumns();
    void balancePerDayOverALongSpan();
};

void TestExportCells::csvCells_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("cell"); // as written to the file
    QTest::newRow("plain") << QStringLiteral("claude") << QStringLiteral("claude");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("HYPERLINK formula") << QStringLiteral("=HYPERLINK(\"http://evil.example\",\"x\")")
                                       << QStringLiteral("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
    QTest::newRow("equals") << QStringLiteral("=1+1") << QStringLiteral("'=1+1");
    QTest::newRow("plus") << QStringLiteral("+1+1") << QStringLiteral("'+1+1");
    QTest::newRow("minus") << QStringLiteral("-1+1") << QStringLiteral("'-1+1");
    QTest::newRow("at") << QStringLiteral("@SUM(A1)") << QStringLiteral("'@SUM(A1)");
    QTest::newRow("TAB") << QStringLiteral("\t=1") << QStringLiteral("'\t=1");
    QTest::newRow("CR") << QStringLiteral("\r=1") << QStringLiteral("\"'\r=1\"");
    QTest::newRow("DDE") << QStringLiteral("=cmd|' /C calc'!A0") << QStringLiteral("'=cmd|' /C calc'!A0");
    QTest::newRow("formula later in the text") << QStringLiteral("a=1") << QStringLiteral("a=1");
    QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
    QTest::newRow("line feed") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
    QTest::newRow("a quote first stays") << QStringLiteral("'quoted") << QStringLiteral("'quoted");
}

void TestExportCells::csvCells()
{
    QFETCH(QString, text);
    QFETCH(QString, cell);
    QCOMPARE(Document::csvField(text), cell);
}

void TestExportCells::numbersStayNumbers()
{
    QCOMPARE(Document::csvNumber(-5), QStringLiteral("-5"));
    QCOMPARE(Document::csvNumber(9007199254740991), QStringLiteral("9007199254740991"));
    // A statement whose closing balance and one line are negative (figures as the exporter gets
    // them): the numbers are written as numbers; the memo that looks like one is text.
    const QJsonObject statement {{QStringLiteral("customer"), QStringLiteral("cus_x")},
        {QStringLiteral("from"), QStringLiteral("2026-01-01T00:00:00.000Z")},
        {QStringLiteral("to"), QStringLiteral("2026-02-01T00:00:00.000Z")}, {QStringLiteral("opening_micros"), 0},
        {QStringLiteral("closing_micros"), -250},
        {QStringLiteral("lines"),
            QJsonArray {QJsonObject {{QStringLiteral("time"), QStringLiteral("2026-01-02T00:00:00.000Z")},
                {QStringLiteral("kind"), QStringLiteral("debit")},
                {QStringLiteral("request_id"), QStringLiteral("req_1")},
                {QStringLiteral("endpoint"), QStringLiteral("ch/m")}, {QStringLiteral("input_tokens"), 3},
                {QStringLiteral("output_tokens"), 4}, {QStringLiteral("cache_write_tokens"), 0},
                {QStringLiteral("cache_read_tokens"), 0}, {QStringLiteral("price_version"), 1},
                {QStringLiteral("amount_micros"), -250}, {QStringLiteral("memo"), QStringLiteral("-250")}}}}};
    const QStringList rows = QString::fromUtf8(statementCsv(statement)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows[2], QStringLiteral("2026-01-02T00:00:00.000Z,debit,req_1,ch/m,3,4,0,0,1,-250,'-250"));
    QCOMPARE(rows[3], QStringLiteral("2026-02-01T00:00:00.000Z,closing,,,,,,,,-250,cus_x"));
}

void TestExportCells::requestLogCsvHasTheJsonColumns()
{
    const QJsonObject item {{QStringLiteral("request_id"), QStringLiteral("req_1")},
        {QStringLiteral("time"), QStringLiteral("2026-01-02T00:00:00.000Z")},
        {QStringLiteral("customer"), QStringLiteral("cus_x")},
        {QStringLiteral("protocol"), QStringLiteral("anthropic")},
        {QStringLiteral("model"), QStringLiteral("=HYPERLINK(\"http://evil.example\",\"x\")")},
        {QStringLiteral("endpoint"), QString()}, {QStringLiteral("status"), 404}, {QStringLiteral("billed"), false},
        {QStringLiteral("not_billed_reason"), QStringLiteral("no channel serves the model")},
        {QStringLiteral("hold_micros"), 0}, {QStringLiteral("cost_micros"), 0},
        {QStringLiteral("usage"),
            QJsonObject {{QStringLiteral("input_tokens"), 1}, {QStringLiteral("output_tokens"), 2},
                {QStringLiteral("cache_write_tokens"), 3}, {QStringLiteral("cache_read_tokens"), 4},
                {QStringLiteral("estimated"), true}}},
        {QStringLiteral("latency_ms"), 5}, {QStringLiteral("ttfb_ms"), 6}, {QStringLiteral("hold_id"), QJsonValue()},
        {QStringLiteral("entry_id"), 77}, {QStringLiteral("price_version"), 9}};
    const QStringList lines = QString::fromUtf8(
        RequestLog::csv(QJsonObject {{QStringLiteral("requests"),
            QJsonArray {item}}})).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0],
        QStringLiteral("request_id,time,customer,protocol,model,endpoint,status,billed,not_billed_reason,hold_micros,"
                       "cost_micros,input_tokens,output_tokens,cache_write_tokens,cache_read_tokens,usage_estimated,"
                       "latency_ms,ttfb_ms,hold_id,entry_id,price_version,request_body"));
    QCOMPARE(lines[1],
        QStringLiteral(
            "req_1,2026-01-02T00:00:00.000Z,cus_x,anthropic,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\","
            ",404,false,no channel serves the model,0,0,1,2,3,4,true,5,6,,77,9,"));
}

// The printed statement's balance per day over more than 62 days: the days with lines only, the
// last 62 of them, said so, each with the running balance from the opening.
void TestExportCells::balancePerDayOverALongSpan()
{
    QJsonArray lines; // a dollar every other day, 80 times
    for (int i = 0; i < 80; ++i)
        lines.append(QJsonObject {
            {QStringLiteral("time"),
                QDateTime(QDate(2026, 1, 1).addDays(2 * i), QTime(12, 0), Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("kind"), QStringLiteral("credit")}, {QStringLiteral("amount_micros"), 1000000},
            {QStringLiteral("memo"), QString()}});
    const QJsonObject statement {{QStringLiteral("customer"), QStringLiteral("cus_x")},
        {QStringLiteral("from"), QStringLiteral("2026-01-01T00:00:00.000Z")},
        {QStringLiteral("to"), QStringLiteral("2026-07-01T00:00:00.000Z")}, {QStringLiteral("opening_micros"), 500000},
        {QStringLiteral("closing_micros"), 80500000}, {QStringLiteral("lines"), lines}};
    const QString page = QString::fromUtf8(statementHtml(statement, QStringLiteral("en")));
    QVERIFY(page.contains(QLatin1String("<p>Days with lines only, at most the last 62.</p>")));
    const qsizetype at = page.indexOf(QLatin1String("<table class=\"wide balance\""));
    QVERIFY(at > 0);
    const QString table = page.mid(at, page.indexOf(QLatin1String("<h2>"), at) - at);
    const QStringList rows = table.split(QStringLiteral("<tr><td>"), Qt::SkipEmptyParts).mid(1);
    QCOMPARE(rows.size(), 62);
    const QLocale en(QStringLiteral("en"));
    QVERIFY(rows.first().startsWith(en.toString(QDate(2026, 1, 1).addDays(2 * 18), QLocale::ShortFormat)));
    QVERIFY(rows.first().contains(QLatin1String("<td class=\"num\">$19.50</td>")));
    QVERIFY(rows.last().startsWith(en.toString(QDate(2026, 1, 1).addDays(2 * 79), QLocale::ShortFormat)));
    QVERIFY(rows.last().contains(QLatin1String("<td width=\"100%\" bgcolor=")));
    QVERIFY(rows.last().contains(QLatin1String("<td class=\"num\">$80.50</td>")));
}

QTEST_GUILESS_MAIN(TestExportCells)
#include "tst_exportcells.moc"
