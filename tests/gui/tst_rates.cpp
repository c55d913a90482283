// The live-rates page against a real embedded gateway: samples from the metrics snapshots, the
// chart's series in the token colours of either theme, pause and resume, and the endpoints
// table with the rate card from the pricing export.
#include "ConsoleFixture.h"
#include "Theme.h"
#include "bytespike/DesignTokens.h"
#include "models/JsonTableModel.h"
#include "pages/RatesPage.h"

#include <QAbstractItemModelTester>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QLineSeries>
#include <QPushButton>
#include <QTableView>

#include <cmath>

using namespace bytespike;
using namespace bytespike::testing;

class TestRates : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chartsAndTableFollowTheTraffic();
    void allMeasuresEveryEndpointAndCustomers();
};

void TestRates::chartsAndTableFollowTheTraffic()
{
    QTemporaryDir dir;
    EmbeddedGateway gateway(testConfig(dir));
    RatesPage page(gateway);
    page.resize(900, 600);
    page.show();
    auto *table = page.findChild<QTableView *>(QStringLiteral("endpointsTable"));
    auto *view = page.findChild<QChartView *>(QStringLiteral("ratesChart"));
    auto *pause = page.findChild<QPushButton *>(QStringLiteral("pauseButton"));
    auto *measure = page.findChild<QComboBox *>(QStringLiteral("measureBox"));
    QVERIFY(table && view && pause && measure);
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(startAndWait(gateway));

    const QByteArray key = demoKey(dir);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(sendMessage(gateway, key).status, 200);
    const QString endpoint = QStringLiteral("simulator/bytespike-simulator");
    // Five requests in the 10 s window: the sample's rate is 5 over the window (or the uptime).
    QTRY_VERIFY_WITH_TIMEOUT(!page.samples(endpoint, RatesPage::Measure::Requests).isEmpty()
            && page.samples(endpoint, RatesPage::Measure::Requests).last().y() > 0,
        5000);
    QVERIFY(page.samples(endpoint, RatesPage::Measure::Tokens).last().y() > 0);
    QVERIFY(page.samples(endpoint, RatesPage::Measure::Spend).last().y() > 0);
    QCOMPARE(page.samples(endpoint, RatesPage::Measure::ErrorRate).last().y(), 0.0);

    // The chart draws the samples, in the token colour of its series.
    QChart *chart = view->chart();
    QCOMPARE(chart->series().size(), 1);
    auto *line = qobject_cast<QLineSeries *>(chart->series().first());
    QVERIFY(line);
    QCOMPARE(line->name(), endpoint);
    QTRY_VERIFY(line->count() > 0);
    QCOMPARE(line->points().last().y(), page.samples(endpoint, RatesPage::Measure::Requests).last().y());
    const DesignTokens &tokens = DesignTokens::builtIn();
    QCOMPARE(line->pen().color().name(), tokens.color(QStringLiteral("light"), QStringLiteral("chart_1")));
    QCOMPARE(chart->backgroundBrush().color().name(), tokens.color(QStringLiteral("light"), QStringLiteral("surface")));
    applyTheme(QStringLiteral("dark"));
    QTRY_COMPARE(line->pen().color().name(), tokens.color(QStringLiteral("dark"), QStringLiteral("chart_1")));
    QCOMPARE(chart->backgroundBrush().color().name(), tokens.color(QStringLiteral("dark"), QStringLiteral("surface")));
    applyTheme(QStringLiteral("light"));
    QTRY_COMPARE(line->pen().color().name(), tokens.color(QStringLiteral("light"), QStringLiteral("chart_1")));

    // Another measure redraws the same samples' other values.
    measure->setCurrentIndex(int(RatesPage::Measure::Tokens));
    QCOMPARE(line->points().last().y(), page.samples(endpoint, RatesPage::Measure::Tokens).last().y());

    // Paused: sampling goes on, the picture does not move; resumed, it catches up.
    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(page.isPaused());
    const QList<QPointF> frozen = line->points();
    const qsizetype sampled = page.samples(endpoint, RatesPage::Measure::Requests).size();
    QTRY_VERIFY_WITH_TIMEOUT(page.samples(endpoint, RatesPage::Measure::Requests).size() >= sampled + 2, 5000);
    QCOMPARE(line->points(), frozen);
    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(!page.isPaused());
    QCOMPARE(line->points().last().x(), page.samples(endpoint, RatesPage::Measure::Tokens).last().x());

    // The endpoints table carries the rate card, equal to the pricing export.
    const CallResult exported = call(gateway, "GET", QStringLiteral("/admin/pricing/export?format=json"));
    QCOMPARE(exported.status, 200);
    const QJsonObject card = exported.json().value(QStringLiteral("models")).toArray().first().toObject();
    QAbstractItemModel *model = table->model();
    QTRY_COMPARE(model->rowCount(), 1);
    QTRY_VERIFY(!model->index(0, 8).data(Qt::UserRole).isNull());
    QCOMPARE(model->index(0, 0).data().toString(), endpoint);
    QTRY_COMPARE(model->index(0, 1).data().toString(), QStringLiteral("ready")); // its channel's state
    QCOMPARE(model->index(0, 8).data(Qt::UserRole).toLongLong(),
        card.value(QStringLiteral("input_micros_per_mtok")).toInteger());
    QCOMPARE(model->index(0, 9).data(Qt::UserRole).toLongLong(),
        card.value(QStringLiteral("output_micros_per_mtok")).toInteger());
    QVERIFY(model->index(0, 2).data().toString().toDouble() > 0);

    // Per minute: the chart and the table show the same samples times sixty, and say so. The
    // spend is the window's integer micro-dollars over its span, not the rounded per-second rate.
    auto *unit = page.findChild<QComboBox *>(QStringLiteral("rateUnitBox"));
    QVERIFY(unit);
    QTest::mouseClick(pause, Qt::LeftButton); // hold the samples still while comparing
    measure->setCurrentIndex(int(RatesPage::Measure::Requests));
    unit->setCurrentIndex(1);
    QCOMPARE(page.rateUnitSeconds(), 60);
    QCOMPARE(line->points().last().y(), 60 * page.samples(endpoint, RatesPage::Measure::Requests).last().y());
    QCOMPARE(measure->currentText(), QStringLiteral("Requests per minute"));
    QCOMPARE(model->headerData(2, Qt::Horizontal).toString(), QStringLiteral("Requests/min"));
    QTest::mouseClick(pause, Qt::LeftButton);
    WindowMetrics window;
    window.spendMicros = 1000;
    window.spendMicrosPerS = 142; // 1000 / 7, rounded down
    window.seconds = 7;
    QCOMPARE(RatesPage::spendPer(window, 60), 8571); // not 142 * 60 = 8520
    QCOMPARE(RatesPage::spendPer(window, 3600), 514285);
    window.seconds = 0;
    QCOMPARE(RatesPage::spendPer(window, 60), 142 * 60);
    unit->setCurrentIndex(0);
    QCOMPARE(model->headerData(2, Qt::Horizontal).toString(), QStringLiteral("Requests/s"));
    // No p95 is drawn where no request was in the window: a gap, not a zero.
    for (const QPointF &p95 : page.samples(endpoint, RatesPage::Measure::LatencyP95))
        QVERIFY(std::isnan(p95.y()) || p95.y() > 0);

    // Requests that fail before routing (here a key that does not exist) reach no endpoint: they
    // are their own series, after the endpoints' (whose colours stay), and their own table row.
    QCOMPARE(sendMessage(gateway, QByteArrayLiteral("bsk-no-such-key")).status, 401);
    QTRY_VERIFY_WITH_TIMEOUT(!page.samples(RatesPage::kBeforeRouting, RatesPage::Measure::ErrorRate).isEmpty(), 5000);
    QCOMPARE(page.samples(RatesPage::kBeforeRouting, RatesPage::Measure::ErrorRate).last().y(), 100.0);
    QVERIFY(page.samples(RatesPage::kBeforeRouting, RatesPage::Measure::Requests).last().y() > 0);
    QTRY_COMPARE(chart->series().size(), 2);
    QVERIFY(chart->series().last()->name().startsWith(QLatin1String("Before routing")));
    QCOMPARE(line->pen().color().name(), tokens.color(QStringLiteral("light"), QStringLiteral("chart_1")));
    QTRY_COMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(1, 0).data().toString(), QStringLiteral("Before routing"));
}

void TestRates::allMeasuresEveryEndpointAndCustomers()
{
    QTemporaryDir dir;
    EmbeddedGateway gateway(testConfig(dir));
    RatesPage page(gateway);
    page.resize(1280, 800);
    page.show();
    QVERIFY(startAndWait(gateway));
    // A configured channel whose key is missing: listed, marked unavailable, with no traffic.
    const CallResult added = call(gateway, "POST", QStringLiteral("/admin/channels"),
        R"({"name":"Keyless","protocol":"anthropic","base_url":"https://keyless.invalid",)"
        R"("secret_ref":"env:RATES_TEST_NO_SUCH_KEY","models":[{"model":"keyless-model","upstream_model":"x",)"
        R"("input_micros_per_mtok":1,"output_micros_per_mtok":1,"cache_write_micros_per_mtok":1,)"
        R"("cache_read_micros_per_mtok":1}]})");
    QVERIFY2(added.status == 201, added.body.constData());
    const QString keyless = added.json().value(QStringLiteral("id")).toString() + QStringLiteral("/keyless-model");
    QCOMPARE(sendMessage(gateway, demoKey(dir)).status, 200);
    QAbstractItemModel *endpoints = page.findChild<QTableView *>(QStringLiteral("endpointsTable"))->model();
    const auto stateOf = [&](const QString &endpoint) {
        for (int r = 0; r < endpoints->rowCount(); ++r) {
            if (endpoints->index(r, 0).data().toString() == endpoint)
                return endpoints->index(r, 1).data(Qt::UserRole).toString();
        }
        return QString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(keyless), QStringLiteral("unavailable"), 15000);
    QCOMPARE(stateOf(QStringLiteral("simulator/bytespike-simulator")), QStringLiteral("ready"));

    // The five measures at once, one small chart each, drawing the endpoint's samples.
    auto *all = page.findChild<QCheckBox *>(QStringLiteral("allMeasuresBox"));
    QTest::mouseClick(all, Qt::LeftButton);
    QVERIFY(page.findChild<QChartView *>(QStringLiteral("ratesChart"))->isHidden());
    for (int i = 0; i < 5; ++i) {
        auto *small = page.findChild<QChartView *>(QStringLiteral("smallChart%1").arg(i));
        QVERIFY(small && small->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!small->chart()->series().isEmpty(), 5000);
        QVERIFY(!small->chart()->title().isEmpty());
    }
    auto *requests = static_cast<QLineSeries *>(
        page.findChild<QChartView *>(QStringLiteral("smallChart0"))->chart()->series().first());
    QTRY_VERIFY_WITH_TIMEOUT(!requests->points().isEmpty() && requests->points().last().y() > 0, 5000);

    // Per customer: the demo customer's rates from the embedded gateway's snapshot.
    QAbstractItemModel *customers = page.findChild<QTableView *>(QStringLiteral("customersRatesTable"))->model();
    QTRY_VERIFY_WITH_TIMEOUT(customers->rowCount() >= 1, 5000);
    QCOMPARE(customers->index(0, 0).data().toString(), QStringLiteral("cus_demo"));
    QVERIFY(customers->index(0, 1).data(Qt::UserRole).toDouble() > 0);
}

QTEST_MAIN(TestRates)
#include "tst_rates.moc"
