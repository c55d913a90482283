// The request log page against a real embedded gateway: a billed and a failed request appear with
// their status and billed flags; the filters narrow the rows exactly as the admin API does for the
// same query; the drill-down shows the billed request's posted hold with the debit the client was
// told (bytespike-cost) and its statement line, and the failed one's voided hold with its reason
// and no ledger entry.
#include "ConsoleFixture.h"
#include "bytespike/MoneyFormat.h"
#include "models/ItemTableModel.h"
#include "pages/RequestsPage.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QTextDocumentFragment>
#include <QUrlQuery>

using namespace bytespike;
using namespace bytespike::testing;

class TestRequestsPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void tableShowsBilledAndFailed();
    void filtersNarrowAsTheApiDoes();
    void pagesWithLimitAndOffset();
    void billedDrillsDownToPostedHoldAndEntry();
    void failedDrillsDownToVoidedHoldAndNoEntry();
    void drillDownHidesRowsOutsideQFormLayout();

private:
    // The request ids the page shows, in its order (newest first), and the API's for a query.
    QStringList shownIds() const;
    QStringList apiIds(const QString &query);
    int rowOf(const QString &requestId) const;
    QModelIndex cell(const QString &requestId, int column) const;
    QJsonObject holdOf(const QString &requestId);
    void select(const QString &requestId);
    template <typename T> T *child(const char *name) const { return m_page->findChild<T *>(QString::fromLatin1(name)); }
    // What a value label shows: a link's text without its markup.
    QString text(const char *label) const
    {
        const QLabel *value = child<QLabel>(label);
        return value->textFormat() == Qt::RichText ? QTextDocumentFragment::fromHtml(value->text()).toPlainText()
                                                   : value->text();
    }
    QString href(const char *label) const
    {
        static const QRegularExpression link(QStringLiteral("href=\"([^\"]*)\""));
        return link.match(child<QLabel>(label)->text()).captured(1);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<EmbeddedGateway> m_gateway;
    std::unique_ptr<RequestsPage> m_page;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    QTableView *m_view = nullptr;
    QString m_billedId;
    QString m_failedId;
    QString m_otherId;
    QString m_otherCustomer;
    qint64 m_costMicros = 0;
};

void TestRequestsPage::initTestCase()
{
    m_gateway = std::make_unique<EmbeddedGateway>(testConfig(m_dir));
    m_page = std::make_unique<RequestsPage>(*m_gateway);
    m_page->resize(1400, 800);
    m_page->show();
    m_view = child<QTableView>("requestsTable");
    QVERIFY(m_view);
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(m_view->model());
    QVERIFY(proxy);
    m_proxyTester
        = std::make_unique<QAbstractItemModelTester>(proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_modelTester = std::make_unique<QAbstractItemModelTester>(
        proxy->sourceModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(startAndWait(*m_gateway));
    const QByteArray key = demoKey(m_dir);

    const CallResult billed = sendMessage(*m_gateway, key);
    QCOMPARE(billed.status, 200);
    m_billedId = QString::fromLatin1(billed.header("request-id"));
    m_costMicros = billed.header("bytespike-cost").toLongLong();
    QVERIFY(m_costMicros > 0);

    // The simulator, the only channel, answers 500: every candidate failed, nothing is billed.
    const CallResult failed = call(*m_gateway, "POST", QStringLiteral("/v1/messages"),
        R"({"model":"bytespike-simulator","max_tokens":32,)"
        R"("messages":[{"role":"user","content":"[[simulate:error500]]"}]})",
        {{"x-api-key", key}, {"content-type", "application/json"}});
    QCOMPARE(failed.status, 500);
    m_failedId = QString::fromLatin1(failed.header("request-id"));
    QVERIFY(!m_failedId.isEmpty() && m_failedId != m_billedId);

    // A second customer's request, for the customer filter.
    m_otherCustomer = call(*m_gateway, "POST", QStringLiteral("/admin/customers"), R"({"name":"Other Co"})")
                          .json()
                          .value(QStringLiteral("id"))
                          .toString();
    QCOMPARE(call(*m_gateway, "POST", QStringLiteral("/admin/customers/%1/credits").arg(m_otherCustomer),
                 R"({"amount_micros":1000000})")
                 .status,
        201);
    const QByteArray otherKey
        = call(*m_gateway, "POST", QStringLiteral("/admin/customers/%1/keys").arg(m_otherCustomer), R"({"name":"k"})")
              .json()
              .value(QStringLiteral("key"))
              .toString()
              .toLatin1();
    const CallResult other = sendMessage(*m_gateway, otherKey);
    QCOMPARE(other.status, 200);
    m_otherId = QString::fromLatin1(other.header("request-id"));
}

void TestRequestsPage::cleanupTestCase()
{
    m_proxyTester.reset();
    m_modelTester.reset();
    m_page.reset();
    m_gateway.reset();
}

QStringList TestRequestsPage::shownIds() const
{
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(m_view->model());
    QStringList ids;
    for (int row = 0; row < proxy->rowCount(); ++row) {
        const QModelIndex source = proxy->mapToSource(proxy->index(row, 0));
        ids << dynamic_cast<ItemTableModel<RequestLogItem> *>(proxy->sourceModel())->item(source.row()).requestId;
    }
    return ids;
}

QStringList TestRequestsPage::apiIds(const QString &query)
{
    const CallResult answer = call(*m_gateway, "GET", QStringLiteral("/admin/requests?") + query);
    QStringList ids;
    for (const QJsonValue &request : answer.json().value(QStringLiteral("requests")).toArray())
        ids << request.toObject().value(QStringLiteral("request_id")).toString();
    return ids;
}

int TestRequestsPage::rowOf(const QString &requestId) const
{
    return int(shownIds().indexOf(requestId));
}

QModelIndex TestRequestsPage::cell(const QString &requestId, int column) const
{
    return m_view->model()->index(rowOf(requestId), column);
}

QJsonObject TestRequestsPage::holdOf(const QString &requestId)
{
    return call(*m_gateway, "GET", QStringLiteral("/admin/ledger/holds?request=") + requestId)
        .json()
        .value(QStringLiteral("holds"))
        .toArray()
        .first()
        .toObject();
}

void TestRequestsPage::select(const QString &requestId)
{
    QVERIFY(rowOf(requestId) >= 0);
    m_view->setCurrentIndex(cell(requestId, 0));
    QVERIFY(m_view->selectionModel()->isRowSelected(rowOf(requestId), {}));
    QTRY_COMPARE(text("requestId"), requestId);
}

void TestRequestsPage::tableShowsBilledAndFailed()
{
    QTRY_COMPARE_WITH_TIMEOUT(shownIds().size(), 3, 5000);
    QCOMPARE(shownIds(), apiIds(QStringLiteral("limit=100")));
    // Columns: time, customer, protocol, model, endpoint, status, billed, not billed because, ...
    QCOMPARE(cell(m_billedId, 5).data().toString(), QStringLiteral("200"));
    QCOMPARE(cell(m_billedId, 6).data(Qt::UserRole).toBool(), true);
    QCOMPARE(cell(m_billedId, 9).data(Qt::UserRole).toLongLong(), m_costMicros);
    QCOMPARE(cell(m_billedId, 9).data().toString(), formatMoney(m_costMicros, QLocale()));
    QCOMPARE(cell(m_failedId, 5).data().toString(), QStringLiteral("500"));
    QCOMPARE(cell(m_failedId, 6).data(Qt::UserRole).toBool(), false);
    QVERIFY(!cell(m_failedId, 7).data().toString().isEmpty());
    QCOMPARE(cell(m_failedId, 9).data(Qt::UserRole).toLongLong(), 0);
    QCOMPARE(cell(m_otherId, 1).data().toString(), m_otherCustomer);
}

void TestRequestsPage::filtersNarrowAsTheApiDoes()
{
    auto *status = child<QLineEdit>("requestsStatus");
    auto *billed = child<QComboBox>("requestsBilledBox");
    auto *customer = child<QComboBox>("requestsCustomerBox");
    auto *model = child<QLineEdit>("requestsModel");
    QVERIFY(status && billed && customer && model);

    QTest::keyClicks(status, QStringLiteral("500"));
    QCOMPARE(apiIds(QStringLiteral("status=500")), QStringList {m_failedId});
    {
        const QStringList expected = apiIds(QStringLiteral("status=500"));
        QTRY_COMPARE(shownIds(), expected);
    }
    status->clear();
    QTRY_COMPARE(shownIds().size(), 3);

    billed->setCurrentIndex(billed->findData(QStringLiteral("false")));
    QCOMPARE(apiIds(QStringLiteral("billed=false")), QStringList {m_failedId});
    {
        const QStringList expected = apiIds(QStringLiteral("billed=false"));
        QTRY_COMPARE(shownIds(), expected);
    }
    billed->setCurrentIndex(billed->findData(QStringLiteral("true")));
    QCOMPARE(apiIds(QStringLiteral("billed=true")).size(), 2);
    {
        const QStringList expected = apiIds(QStringLiteral("billed=true"));
        QTRY_COMPARE(shownIds(), expected);
    }
    billed->setCurrentIndex(0);
    QTRY_COMPARE(shownIds().size(), 3);

    // The customer list arrives from the gateway; the new customer comes with the page's next showing.
    m_page->hide();
    m_page->show();
    QTRY_VERIFY(customer->findData(m_otherCustomer) > 0);
    customer->setCurrentIndex(customer->findData(m_otherCustomer));
    QCOMPARE(apiIds(QStringLiteral("customer=") + m_otherCustomer), QStringList {m_otherId});
    {
        const QStringList expected = apiIds(QStringLiteral("customer=") + m_otherCustomer);
        QTRY_COMPARE(shownIds(), expected);
    }
    // Filters combine as the API's do: this customer has no failures.
    QTest::keyClicks(status, QStringLiteral("500"));
    {
        const QStringList expected = apiIds(QStringLiteral("status=500&customer=") + m_otherCustomer);
        QTRY_COMPARE(shownIds(), expected);
    }
    QCOMPARE(shownIds().size(), 0);
    status->clear();
    customer->setCurrentIndex(0);

    // An exact model name, as the API matches it. Nothing matching: the empty list says so and
    // offers to clear the filters, which brings every request back.
    auto *empty = child<QWidget>("requestsTableEmpty");
    QVERIFY(empty);
    QTRY_COMPARE(shownIds().size(), 3);
    QVERIFY(!empty->isVisible());
    QTest::keyClicks(model, QStringLiteral("no-such-model"));
    QTRY_COMPARE(shownIds().size(), 0);
    QTRY_VERIFY(empty->isVisible());
    QCOMPARE(child<QLabel>("requestsTableEmptyText")->text(), QStringLiteral("No request matches these filters."));
    auto *clear = child<QPushButton>("requestsTableEmptyAction");
    QCOMPARE(clear->text(), QStringLiteral("Clear the filters"));
    QTest::mouseClick(clear, Qt::LeftButton);
    QVERIFY(model->text().isEmpty());
    QTRY_COMPARE(shownIds().size(), 3);
    QVERIFY(!empty->isVisible());
}

void TestRequestsPage::pagesWithLimitAndOffset()
{
    auto *limit = child<QSpinBox>("requestsLimit");
    auto *older = child<QPushButton>("requestsOlder");
    auto *newer = child<QPushButton>("requestsNewer");
    QVERIFY(limit && older && newer);
    limit->setValue(2);
    {
        const QStringList expected = apiIds(QStringLiteral("limit=2"));
        QTRY_COMPARE(shownIds(), expected);
    }
    QTRY_VERIFY(older->isEnabled());
    QVERIFY(!newer->isEnabled());
    older->click();
    {
        const QStringList expected = apiIds(QStringLiteral("limit=2&offset=2"));
        QTRY_COMPARE(shownIds(), expected);
    }
    QCOMPARE(shownIds().size(), 1);
    QTRY_VERIFY(newer->isEnabled());
    QVERIFY(!older->isEnabled());
    newer->click();
    {
        const QStringList expected = apiIds(QStringLiteral("limit=2"));
        QTRY_COMPARE(shownIds(), expected);
    }
    limit->setValue(100);
    QTRY_COMPARE(shownIds().size(), 3);
}

void TestRequestsPage::billedDrillsDownToPostedHoldAndEntry()
{
    QVERIFY(child<QLabel>("requestsHint")->isVisible());
    select(m_billedId);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!child<QLabel>("requestsHint")->isVisible());
    QVERIFY(child<QGroupBox>("requestDetails")->isVisible());
    QCOMPARE(text("requestStatus"), QStringLiteral("200"));
    QCOMPARE(text("requestCost"), formatMoney(m_costMicros, QLocale()));

    // The hold: posted, its debit what the client was told it cost.
    QTRY_COMPARE(text("holdState"), QStringLiteral("posted"));
    const QJsonObject hold = holdOf(m_billedId);
    QCOMPARE(hold.value(QStringLiteral("debit_micros")).toInteger(), m_costMicros);
    QCOMPARE(text("holdId"), QString::number(hold.value(QStringLiteral("id")).toInteger()));
    // Cross-links: the hold to the ledger, the customer and the channel to their pages, by id,
    // shown by name.
    QCOMPARE(href("holdId"), QStringLiteral("holds:") + m_billedId);
    QCOMPARE(href("requestCustomer"), QStringLiteral("customer:cus_demo"));
    QTRY_COMPARE(text("requestCustomer"), QStringLiteral("Demo customer"));
    QCOMPARE(href("requestEndpoint"), QStringLiteral("channel:simulator"));
    QSignalSpy opened(m_page.get(), &RequestsPage::linkOpened);
    Q_EMIT child<QLabel>("requestCustomer")->linkActivated(href("requestCustomer"));
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.first().first().toString(), QStringLiteral("customer:cus_demo"));
    QCOMPARE(text("holdDebit"), formatMoney(m_costMicros, QLocale()));
    QCOMPARE(text("holdAmount"), formatMoney(hold.value(QStringLiteral("amount_micros")).toInteger(), QLocale()));
    QVERIFY(child<QLabel>("holdDebit")->isVisible());

    // The ledger entry: the customer's statement line for this request.
    QTRY_COMPARE(text("entryAmount"), formatMoney(m_costMicros, QLocale()));
    QVERIFY(child<QLabel>("entryAmount")->isVisible());
    QVERIFY(!child<QLabel>("entryDetailsNote")->isVisible());
    const QJsonArray lines = call(*m_gateway, "GET", QStringLiteral("/admin/customers/cus_demo/statement"))
                                 .json()
                                 .value(QStringLiteral("lines"))
                                 .toArray();
    QJsonObject line;
    for (const QJsonValue &value : lines) {
        if (value.toObject().value(QStringLiteral("request_id")).toString() == m_billedId)
            line = value.toObject();
    }
    QCOMPARE(line.value(QStringLiteral("amount_micros")).toInteger(), m_costMicros);
    QCOMPARE(text("entryEndpoint"), line.value(QStringLiteral("endpoint")).toString());
}

void TestRequestsPage::failedDrillsDownToVoidedHoldAndNoEntry()
{
    select(m_failedId);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(text("requestStatus"), QStringLiteral("500"));
    QVERIFY(child<QLabel>("requestReason")->isVisible());

    // The hold was voided, with its reason; nothing was debited.
    QTRY_COMPARE(text("holdState"), QStringLiteral("voided"));
    const QJsonObject hold = holdOf(m_failedId);
    QCOMPARE(hold.value(QStringLiteral("state")).toString(), QStringLiteral("voided"));
    const QString reason = hold.value(QStringLiteral("reason")).toString();
    QVERIFY(!reason.isEmpty());
    // Shown by its code in the console's words, with the gateway's own as the tooltip.
    QCOMPARE(hold.value(QStringLiteral("reason_code")).toString(), QStringLiteral("upstream_failed"));
    QCOMPARE(text("holdReason"), QStringLiteral("no channel could answer"));
    QCOMPARE(child<QLabel>("holdReason")->toolTip(), reason);
    QVERIFY(!child<QLabel>("holdDebit")->isVisible());

    // Failures never reach a statement: the entry section says why instead.
    QTRY_VERIFY(child<QLabel>("entryDetailsNote")->isVisible());
    QCOMPARE(text("entryDetailsNote"), QString(QStringLiteral("Not billed: ") + text("requestReason")));
    QVERIFY(!child<QLabel>("entryAmount")->isVisible());
    for (const QJsonValue &value : call(*m_gateway, "GET", QStringLiteral("/admin/customers/cus_demo/statement"))
                                       .json()
                                       .value(QStringLiteral("lines"))
                                       .toArray())
        QVERIFY(value.toObject().value(QStringLiteral("request_id")).toString() != m_failedId);

    // Back to nothing selected: the hint returns.
    m_view->setCurrentIndex({});
    QTRY_VERIFY(child<QLabel>("requestsHint")->isVisible());
    QVERIFY(!child<QGroupBox>("holdDetails")->isVisible());
}

// Qt 6.4's QFormLayout writes past the end of its height-for-width row table when rows of a form
// with word-wrapped labels are hidden (setRowVisible or hidden widgets): the drill-down, whose rows
// come and go, must keep its rows in a grid.
void TestRequestsPage::drillDownHidesRowsOutsideQFormLayout()
{
    auto *drillDown = child<QWidget>("requestDrillDown");
    QVERIFY(drillDown);
    QVERIFY(drillDown->findChildren<QFormLayout *>().isEmpty());
    for (const char *section : {"requestDetails", "holdDetails", "entryDetails"})
        QVERIFY(qobject_cast<QGridLayout *>(child<QGroupBox>(section)->layout()));
}

QTEST_MAIN(TestRequestsPage)
#include "tst_requestspage.moc"
