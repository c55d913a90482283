// Customers and statements against a real embedded gateway: add a customer, top it up, create a
// key (shown once, copied) and revoke it; the statement's table and chart totals equal the
// statement API for the same period, the balance chart starting on the first day with a balance;
// CSV and PDF exports.
#include "ConsoleFixture.h"
#include "bytespike/DesignTokens.h"
#include "bytespike/MoneyFormat.h"
#include "export/StatementDocument.h"
#include "pages/CustomersPage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QDateEdit>
#include <QDateTimeAxis>
#include <QDir>
#include <QFileDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPdfWriter>
#include <QPrintDialog>
#include <QPrinter>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QStackedBarSeries>
#include <QStandardPaths>
#include <QTableView>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextTable>
#include <QUrlQuery>
#include <QValueAxis>

#include <cmath>

using namespace bytespike;
using namespace bytespike::testing;

class TestCustomers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void customerLifeAndStatement();
    void idsKeepTheirLettersInThePdf();
};

void TestCustomers::customerLifeAndStatement()
{
    QTemporaryDir dir;
    EmbeddedGateway gateway(testConfig(dir));
    CustomersPage page(gateway);
    page.resize(1200, 800);
    page.show();
    auto *list = page.findChild<QTableView *>(QStringLiteral("customerList"));
    auto *keys = page.findChild<QTableView *>(QStringLiteral("keyList"));
    auto *lines = page.findChild<QTableView *>(QStringLiteral("statementLines"));
    auto *name = page.findChild<QLineEdit *>(QStringLiteral("newCustomerName"));
    auto *amount = page.findChild<QLineEdit *>(QStringLiteral("creditAmount"));
    auto *newKey = page.findChild<QLineEdit *>(QStringLiteral("newKey"));
    auto *balance = page.findChild<QLabel *>(QStringLiteral("balanceLabel"));
    auto *message = page.findChild<QLabel *>(QStringLiteral("customerMessage"));
    const auto button = [&page](const char *n) { return page.findChild<QPushButton *>(QLatin1String(n)); };
    QVERIFY(list && keys && lines && name && amount && newKey && balance && message);
    // Statements from ten days back, so that the period starts days before Acme's first line.
    page.findChild<QDateEdit *>(QStringLiteral("statementFrom"))->setDate(QDate::currentDate().addDays(-10));
    QAbstractItemModelTester t1(list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(keys->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t3(lines->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(startAndWait(gateway));
    QTRY_COMPARE_WITH_TIMEOUT(list->model()->rowCount(), 1, 5000); // the demo customer

    QTest::keyClicks(name, QStringLiteral("Acme"));
    QTest::mouseClick(button("addCustomerButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(list->model()->rowCount(), 2, 5000);
    QTRY_VERIFY(balance->text().startsWith(QLatin1String("Acme:")));

    // The top-up is typed in dollars (letters never get in) and credited in micro-dollars.
    QTest::keyClicks(amount, QStringLiteral("1x2.5"));
    QCOMPARE(amount->text(), QStringLiteral("12.5"));
    QTest::mouseClick(button("addCreditButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(balance->text().contains(formatMoney(12500000, QLocale())), 5000);

    // A key: shown once, copied, working; then revoked.
    QTest::mouseClick(button("createKeyButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(newKey->text().startsWith(QLatin1String("bsk-")), 5000);
    QTest::mouseClick(button("copyKeyButton"), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), newKey->text());
    const QByteArray key = newKey->text().toLatin1();
    QTRY_COMPARE(keys->model()->rowCount(), 1);
    QVERIFY(!keys->model()->index(0, 1).data().toString().contains(newKey->text())); // a hint, not the key
    const CallResult first = sendMessage(gateway, key);
    const CallResult second = sendMessage(gateway, key);
    QCOMPARE(first.status, 200);
    QCOMPARE(second.status, 200);
    keys->setCurrentIndex(keys->model()->index(0, 0));
    QTest::mouseClick(button("revokeKeyButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(message->text().startsWith(QLatin1String("Key revoked")), 5000);
    QTRY_VERIFY(!keys->model()->index(0, 3).data().toString().isEmpty());
    QCOMPARE(sendMessage(gateway, key).status, 401);

    // The statement for the period: the page's table and charts against the API.
    QTest::mouseClick(button("showStatementButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(lines->model()->rowCount(), 3, 5000); // the credit and two debits
    const QJsonObject shown = page.statement();
    QUrlQuery period;
    period.addQueryItem(QStringLiteral("from"), shown.value(QStringLiteral("from")).toString());
    period.addQueryItem(QStringLiteral("to"), shown.value(QStringLiteral("to")).toString());
    const QString customerId = list->model()->index(1, 1).data().toString();
    const QString target
        = QStringLiteral("/admin/customers/%1/statement?%2").arg(customerId, period.toString(QUrl::FullyEncoded));
    const QJsonObject api = call(gateway, "GET", target).json();
    QCOMPARE(shown, api);
    qint64 apiDebits = 0;
    for (const QJsonValue &line : api.value(QStringLiteral("lines")).toArray()) {
        if (line.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("debit"))
            apiDebits += line.toObject().value(QStringLiteral("amount_micros")).toInteger();
    }
    QCOMPARE(apiDebits, first.header("bytespike-cost").toLongLong() + second.header("bytespike-cost").toLongLong());
    qint64 tableDebits = 0;
    for (int row = 0; row < lines->model()->rowCount(); ++row) {
        if (lines->model()->index(row, 1).data().toString() == QLatin1String("debit"))
            tableDebits += lines->model()->index(row, 7).data(Qt::UserRole).toLongLong();
    }
    QCOMPARE(tableDebits, apiDebits);
    // Balances read to the cent, the exact figure a hover away; a statement's lines stay exact.
    const qint64 closing = api.value(QStringLiteral("closing_micros")).toInteger();
    QVERIFY(closing % 10000 != 0); // the debits leave fractions of a cent to round
    page.reload();
    QTRY_COMPARE_WITH_TIMEOUT(list->model()->index(1, 2).data(Qt::UserRole).toLongLong(), closing, 5000);
    QCOMPARE(list->model()->index(1, 2).data().toString(), formatBalance(closing, QLocale()));
    QCOMPARE(list->model()->index(1, 2).data(Qt::ToolTipRole).toString(), formatMoney(closing, QLocale()));
    QCOMPARE(list->model()->index(1, 2).data(Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
    QTRY_VERIFY(balance->text().contains(formatBalance(closing, QLocale())));
    QVERIFY(balance->toolTip().contains(formatMoney(closing, QLocale())));
    const QModelIndex debitAmount = lines->model()->index(1, 7);
    QCOMPARE(debitAmount.data().toString(), formatMoney(debitAmount.data(Qt::UserRole).toLongLong(), QLocale()));
    // Times to the second.
    const QString lineTime = lines->model()->index(0, 0).data().toString();
    QVERIFY2(QRegularExpression(QStringLiteral("\\d:\\d\\d:\\d\\d")).match(lineTime).hasMatch(), qPrintable(lineTime));
    qint64 chartDebits = 0;
    for (const auto &perModel : page.dailySpend()) {
        for (qint64 micros : perModel)
            chartDebits += micros;
    }
    QCOMPARE(chartDebits, apiDebits);
    // What is drawn: the stacked bars sum to the same (to the micro-dollar), the balance line ends
    // at the closing balance.
    auto *spend = page.findChild<QChartView *>(QStringLiteral("dailySpendChart"))->chart();
    auto *stack = qobject_cast<QStackedBarSeries *>(spend->series().first());
    QVERIFY(stack);
    double drawn = 0;
    for (QBarSet *set : stack->barSets()) {
        for (int i = 0; i < set->count(); ++i)
            drawn += set->at(i);
    }
    QCOMPARE(qint64(std::llround(drawn * 1e6)), apiDebits);
    auto *balanceLine = qobject_cast<QLineSeries *>(
        page.findChild<QChartView *>(QStringLiteral("balanceChart"))->chart()->series().first());
    QVERIFY(balanceLine);
    QCOMPARE(qint64(std::llround(balanceLine->points().last().y() * 1e6)),
        api.value(QStringLiteral("closing_micros")).toInteger());
    // The axes: round dollar ticks (1, 2 or 5 times a power of ten), a bar and a category per day,
    // the balance's date axis through the end of the last day.
    const QDate from = page.findChild<QDateEdit *>(QStringLiteral("statementFrom"))->date();
    const QDate to = page.findChild<QDateEdit *>(QStringLiteral("statementTo"))->date();
    auto *dollars = qobject_cast<QValueAxis *>(spend->axes(Qt::Vertical).value(0));
    QVERIFY(dollars);
    const double step = (dollars->max() - dollars->min()) / (dollars->tickCount() - 1);
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    QVERIFY2(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 || std::abs(mantissa - 5) < 1e-9,
        qPrintable(QStringLiteral("a tick every %1").arg(step)));
    auto *dayAxis = qobject_cast<QBarCategoryAxis *>(spend->axes(Qt::Horizontal).value(0));
    QVERIFY(dayAxis && dayAxis->isVisible());
    QCOMPARE(dayAxis->count(), int(from.daysTo(to)) + 1);
    QCOMPARE(dayAxis->at(0), from.toString(QStringLiteral("MM-dd")));
    auto *balanceDays = qobject_cast<QDateTimeAxis *>(
        page.findChild<QChartView *>(QStringLiteral("balanceChart"))->chart()->axes(Qt::Horizontal).value(0));
    QVERIFY(balanceDays);
    // Acme's balance was zero until its top-up moments ago: the balance chart spans its lines up
    // to now, with round ticks, not the period's ten days, so that the top-up is a step across the
    // chart rather than a rise at its edge.
    const QJsonArray apiLines = api.value(QStringLiteral("lines")).toArray();
    const auto timeOf = [](const QJsonValue &line) {
        return QDateTime::fromString(line.toObject().value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    };
    QVERIFY(from.startOfDay() < balanceDays->min());
    QVERIFY(balanceDays->min() <= timeOf(apiLines.first()));
    QVERIFY(balanceDays->max() >= timeOf(apiLines.last()));
    QVERIFY(balanceDays->min().secsTo(balanceDays->max()) <= 3600);
    const qint64 tick = balanceDays->min().msecsTo(balanceDays->max()) / (balanceDays->tickCount() - 1);
    const qint64 sinceMidnight = balanceDays->min().date().startOfDay().msecsTo(balanceDays->min());
    QVERIFY2(tick % 5000 == 0 && sinceMidnight % tick == 0, qPrintable(QString::number(tick)));
    QCOMPARE(qint64(balanceLine->points().first().x()), balanceDays->min().toMSecsSinceEpoch());

    // Exports: the CSV is the API's, byte for byte; the PDF is a PDF.
    QSignalSpy exported(&page, &CustomersPage::exported);
    const QString csvPath = dir.filePath(QStringLiteral("statement.csv"));
    page.exportCsv(csvPath);
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 10000);
    QVERIFY(exported.last().at(1).toBool());
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QUrlQuery csvQuery(period);
    csvQuery.addQueryItem(QStringLiteral("format"), QStringLiteral("csv"));
    QCOMPARE(csv.readAll(),
        call(gateway, "GET",
            QStringLiteral("/admin/customers/%1/statement?%2").arg(customerId, csvQuery.toString(QUrl::FullyEncoded)))
            .body);
    const QString pdfPath = dir.filePath(QStringLiteral("statement.pdf"));
    page.exportPdf(pdfPath);
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 2, 20000);
    QVERIFY(exported.last().at(1).toBool());
    QFile pdf(pdfPath);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    QVERIFY(pdf.size() > 1000);
    // Fit to send: the customer's name, the period, the summary, the balance and the totals per day,
    // the totals per model, and page numbers, as a PDF reader extracts them (poppler's pdftotext).
    QProcess reader;
    reader.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdfPath, QStringLiteral("-")});
    QVERIFY(reader.waitForFinished(30000));
    const QString text = QString::fromUtf8(reader.readAllStandardOutput());
    for (const QString &expected : {QStringLiteral("Acme"), customerId, QStringLiteral("Period"),
             QStringLiteral("Summary"), QStringLiteral("Opening balance"), QStringLiteral("Credits"),
             formatMoney(12500000, QLocale(QStringLiteral("en"))), QStringLiteral("Closing balance"),
             QStringLiteral("Balance per day"), QStringLiteral("Debits per day"), QStringLiteral("Debits per model"),
             QStringLiteral("bytespike-simulator")})
        QVERIFY2(text.contains(expected), qPrintable(expected + QStringLiteral(" is not in the PDF:\n") + text));
    QVERIFY2(text.trimmed().endsWith(QLatin1Char('1')), "the page has no number");
    // The design tokens reach Qt's rich text (it knows no CSS custom properties): the summary's
    // cells have the surface colour, the day's bar the first chart colour.
    QUrlQuery htmlQuery(period);
    htmlQuery.addQueryItem(QStringLiteral("format"), QStringLiteral("html"));
    QTextDocument rendered;
    rendered.setHtml(QString::fromUtf8(call(gateway, "GET",
        QStringLiteral("/admin/customers/%1/statement?%2").arg(customerId, htmlQuery.toString(QUrl::FullyEncoded)))
                                           .body));
    QSet<QString> backgrounds;
    for (QTextBlock block = rendered.begin(); block.isValid(); block = block.next()) {
        if (QTextTable *table = QTextCursor(block).currentTable()) {
            const QTextTableCell at = table->cellAt(QTextCursor(block));
            backgrounds.insert(at.format().background().color().name());
            backgrounds.insert(table->format().background().color().name());
        }
    }
    const DesignTokens &tokens = DesignTokens::builtIn();
    QVERIFY2(backgrounds.contains(tokens.color(QStringLiteral("light"), QStringLiteral("surface"))),
        qPrintable(QStringList(backgrounds.cbegin(), backgrounds.cend()).join(QLatin1Char(' '))));
    QVERIFY(backgrounds.contains(tokens.color(QStringLiteral("light"), QStringLiteral("chart_1"))));

    // Exports are offered into the user's documents.
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QVERIFY(QDir().mkpath(documents));
    QTest::mouseClick(button("exportPdfButton"), Qt::LeftButton);
    QFileDialog *saveAs = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((saveAs = page.findChild<QFileDialog *>()) != nullptr, 10000);
    QCOMPARE(QDir(saveAs->directory()).canonicalPath(), QDir(documents).canonicalPath());
    saveAs->reject();

    // Print: the print dialog, then the same rendering spooled off the GUI thread (to a PDF
    // printer here, as no real printer exists in CI).
    QTest::mouseClick(button("printButton"), Qt::LeftButton);
    QPrintDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = page.findChild<QPrintDialog *>()) != nullptr, 10000);
    const QString printed = dir.filePath(QStringLiteral("printed.pdf"));
    auto *fileName = dialog->findChild<QLineEdit *>(QStringLiteral("filename")); // "Print to file"
    QVERIFY(fileName);
    fileName->setText(printed);
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(message->text() == QLatin1String("Sent to the printer."), 20000);
    QFile paper(printed);
    QVERIFY(paper.open(QIODevice::ReadOnly));
    QVERIFY(paper.read(5) == "%PDF-");

    // What the page said was about Acme: choosing another customer clears it.
    QVERIFY(!message->text().isEmpty());
    list->setCurrentIndex(list->model()->index(0, 0));
    QTRY_VERIFY(!balance->text().startsWith(QLatin1String("Acme:")));
    QVERIFY(message->text().isEmpty());
}

// An operator copies ids and model names out of a statement: in the PDF each is the letters it
// is, never a ligature (a proportional face draws "fi", "fl" and "ff" as one glyph, which a PDF
// reader then gives back as U+FB01 and the like).
void TestCustomers::idsKeepTheirLettersInThePdf()
{
    const QString customer = QStringLiteral("cus_0fi1fl2ff3ffi");
    const QString request = QStringLiteral("req_0fi1fl2ff");
    const QString model = QStringLiteral("fine-flow-ff");
    const QJsonArray lines {QJsonObject {{QStringLiteral("time"), QStringLiteral("2026-12-01T10:00:00.000Z")},
        {QStringLiteral("kind"), QStringLiteral("debit")}, {QStringLiteral("request_id"), request},
        {QStringLiteral("endpoint"), QString(QStringLiteral("ch_1/") + model)}, {QStringLiteral("amount_micros"), 483},
        {QStringLiteral("input_tokens"), 1}, {QStringLiteral("output_tokens"), 32},
        {QStringLiteral("price_version"), 1}}};
    const QJsonObject statement {{QStringLiteral("customer"), customer},
        {QStringLiteral("customer_name"), QStringLiteral("Fine Flowers")},
        {QStringLiteral("from"), QStringLiteral("2026-12-01T00:00:00.000Z")},
        {QStringLiteral("to"), QStringLiteral("2026-12-02T00:00:00.000Z")}, {QStringLiteral("opening_micros"), 1000},
        {QStringLiteral("closing_micros"), 517}, {QStringLiteral("lines"), lines}};
    QTemporaryDir dir;
    const QString pdfPath = dir.filePath(QStringLiteral("ids.pdf"));
    {
        QPdfWriter writer(pdfPath);
        QTextDocument document;
        document.setHtml(QString::fromUtf8(statementHtml(statement, QStringLiteral("en"))));
        document.print(&writer);
    }
    QProcess reader;
    reader.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdfPath, QStringLiteral("-")});
    QVERIFY(reader.waitForFinished(30000));
    const QString text = QString::fromUtf8(reader.readAllStandardOutput());
    for (const QString &id : {customer, request, model})
        QVERIFY2(text.contains(id), qPrintable(id + QStringLiteral(" is not in the PDF:\n") + text));
}

QTEST_MAIN(TestCustomers)
#include "tst_customers.moc"
