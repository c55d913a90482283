// The ledger page, live against a real embedded gateway: a hold appears while its request runs,
// a cancelled request's hold moves to the voided list with its reason, a finished one becomes a
// debit; the customer filter asks the gateway, the search filters what is shown.
#include "ConsoleFixture.h"
#include "pages/LedgerPage.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>

using namespace bytespike;
using namespace bytespike::testing;

class TestLedgerPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void holdsAppearAndResolveLive();
};

void TestLedgerPage::holdsAppearAndResolveLive()
{
    QTemporaryDir dir;
    EmbeddedGateway gateway(testConfig(dir));
    LedgerPage page(gateway);
    page.resize(1000, 600);
    page.show();
    auto *pending = page.findChild<QTableView *>(QStringLiteral("pendingHolds"));
    auto *debits = page.findChild<QTableView *>(QStringLiteral("recentDebits"));
    auto *voided = page.findChild<QTableView *>(QStringLiteral("voidedHolds"));
    auto *customer = page.findChild<QComboBox *>(QStringLiteral("ledgerCustomerBox"));
    auto *search = page.findChild<QLineEdit *>(QStringLiteral("ledgerSearch"));
    auto *summary = page.findChild<QLabel *>(QStringLiteral("ledgerSummary"));
    QVERIFY(pending && debits && voided && customer && search && summary);
    QAbstractItemModelTester t1(pending->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(debits->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t3(voided->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(startAndWait(gateway));
    const QByteArray key = demoKey(dir);
    // Empty lists say what would be there; the debits' offers the playground.
    auto *noneRunning = page.findChild<QWidget *>(QStringLiteral("pendingHoldsEmpty"));
    QVERIFY(noneRunning && noneRunning->isVisible());
    QVERIFY(
        page.findChild<QLabel *>(QStringLiteral("pendingHoldsEmptyText"))->text().startsWith(u"No request is running"));
    QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("pendingHoldsEmptyAction"))->isVisible());
    QSignalSpy opened(&page, &LedgerPage::linkOpened);
    page.findChild<QTabWidget *>(QStringLiteral("ledgerTabs"))->setCurrentIndex(1);
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("recentDebitsEmptyAction")), Qt::LeftButton);
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.first().first().toString(), QStringLiteral("page:playground"));
    page.findChild<QTabWidget *>(QStringLiteral("ledgerTabs"))->setCurrentIndex(0);

    // A stream the simulator never finishes: its hold is pending, live on the page.
    ServiceCall *hanging = gateway.call("POST", QStringLiteral("/v1/messages"),
        R"({"model":"bytespike-simulator","max_tokens":64,"stream":true,)"
        R"("messages":[{"role":"user","content":"[[simulate:hang]]"}]})",
        {{"x-api-key", key}, {"content-type", "application/json"}});
    QTRY_COMPARE_WITH_TIMEOUT(pending->model()->rowCount(), 1, 5000);
    QVERIFY(!noneRunning->isVisible());
    const QJsonObject holds = call(gateway, "GET", QStringLiteral("/admin/ledger/holds?state=pending")).json();
    const qint64 reserved = holds.value(QStringLiteral("holds"))
                                .toArray()
                                .first()
                                .toObject()
                                .value(QStringLiteral("amount_micros"))
                                .toInteger();
    QCOMPARE(pending->model()->index(0, 4).data(Qt::UserRole).toLongLong(), reserved);
    QVERIFY(summary->text().startsWith(QLatin1String("Pending holds: 1, reserving")));

    // The client gives up: the hold is voided, with the reason, and never billed.
    hanging->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(pending->model()->rowCount(), 0, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(voided->model()->rowCount(), 1, 5000);
    QCOMPARE(voided->model()->index(0, 5).data().toString(), QStringLiteral("voided"));
    QVERIFY(!voided->model()->index(0, 6).data().toString().isEmpty());
    QCOMPARE(debits->model()->rowCount(), 0);

    // A finished request is a debit.
    const CallResult done = sendMessage(gateway, key);
    QCOMPARE(done.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(debits->model()->rowCount(), 1, 5000);
    QCOMPARE(debits->model()->index(0, 5).data(Qt::UserRole).toLongLong(), done.header("bytespike-cost").toLongLong());
    QCOMPARE(debits->model()->index(0, 3).data().toString(), QString::fromLatin1(done.header("request-id")));

    // Another customer with its own key and request.
    const QJsonObject other
        = call(gateway, "POST", QStringLiteral("/admin/customers"), R"({"name":"Other Co"})").json();
    const QString otherId = other.value(QStringLiteral("id")).toString();
    QCOMPARE(call(gateway, "POST", QStringLiteral("/admin/customers/%1/credits").arg(otherId),
                 R"({"amount_micros":1000000,"memo":"test"})")
                 .status,
        201);
    const QByteArray otherKey
        = call(gateway, "POST", QStringLiteral("/admin/customers/%1/keys").arg(otherId), R"({"name":"k"})")
              .json()
              .value(QStringLiteral("key"))
              .toString()
              .toLatin1();
    QCOMPARE(sendMessage(gateway, otherKey).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(debits->model()->rowCount(), 2, 5000);

    // The customer filter is the gateway's; the customer list arrives from it too.
    page.hide(); // coming back to the page brings the new customer into the list
    page.show();
    QTRY_VERIFY(customer->findData(otherId) > 0);
    customer->setCurrentIndex(customer->findData(otherId));
    QTRY_COMPARE_WITH_TIMEOUT(debits->model()->rowCount(), 1, 5000);
    // Customers by name, the id as the tooltip.
    QTRY_COMPARE(debits->model()->index(0, 1).data().toString(), QStringLiteral("Other Co"));
    QCOMPARE(debits->model()->index(0, 1).data(Qt::ToolTipRole).toString(), otherId);
    QTRY_COMPARE(voided->model()->rowCount(), 0);
    customer->setCurrentIndex(0);
    QTRY_COMPARE_WITH_TIMEOUT(debits->model()->rowCount(), 2, 5000);

    // The search narrows what is shown by request id.
    QTest::keyClicks(search, QString::fromLatin1(done.header("request-id")));
    QCOMPARE(debits->model()->rowCount(), 1);
    search->clear();
    QCOMPARE(debits->model()->rowCount(), 2);
}

QTEST_MAIN(TestLedgerPage)
#include "tst_ledgerpage.moc"
