// The Overview as a dashboard: the headline tiles follow the live snapshots with a sparkline each,
// spend by model and by customer for the chosen period adds up to what was billed, channel health
// and the latest requests not billed are listed, and on a fresh data directory the Get started
// checklist ticks each step as it is done, remembers what the operator did, and goes away.
#include "ConsoleFixture.h"
#include "ConsoleSettings.h"
#include "GatewayCalls.h"
#include "MainWindow.h"
#include "bytespike/MoneyFormat.h"
#include "pages/ChannelsPage.h"
#include "pages/OverviewPage.h"
#include "pages/PlaygroundPage.h"
#include "widgets/KpiTile.h"

#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>

using namespace bytespike;
using namespace bytespike::testing;

namespace {

QStringList column(QTableWidget *table, int c)
{
    QStringList out;
    for (int r = 0; r < table->rowCount(); ++r)
        out << (table->item(r, c) ? table->item(r, c)->text() : QString());
    return out;
}

struct Console
{
    QTemporaryDir dir;
    QString settingsPath = dir.filePath(QStringLiteral("console.ini"));
    EmbeddedGateway gateway {testConfig(dir)};
    MainWindow window {gateway, ConsoleSettings::load(settingsPath), settingsPath};
    OverviewPage *overview = window.findChild<OverviewPage *>();

    template <typename T> T *find(const char *name) { return window.findChild<T *>(QLatin1String(name)); }
    bool start()
    {
        window.resize(1280, 800);
        window.show();
        return startAndWait(gateway);
    }
    bool stepDone(const char *name)
    {
        const QByteArray object = QByteArray("step_") + name;
        auto *label = find<QLabel>(object.constData());
        return label && label->property("done").toBool();
    }
};

} // namespace

class TestOverview : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tilesAndTablesShowWhatWasBilled();
    void getStartedTicksItselfAndIsRemembered();
    void getStartedCanBeHidden();
};

void TestOverview::tilesAndTablesShowWhatWasBilled()
{
    Console c;
    QVERIFY(c.start());
    const QByteArray key = demoKey(c.dir);
    qint64 billed = 0;
    for (int i = 0; i < 2; ++i) {
        const CallResult answer = sendMessage(c.gateway, key);
        QCOMPARE(answer.status, 200);
        billed += answer.header("bytespike-cost").toLongLong();
    }
    QCOMPARE(sendMessage(c.gateway, key, "no-such-model").status, 404);

    // The tiles: the hour's requests (failures too) and spend, with a sparkline from the snapshots.
    auto *requests = c.find<QLabel>("requestsLabel");
    QTRY_COMPARE_WITH_TIMEOUT(requests->text(), QStringLiteral("3"), 5000);
    QCOMPARE(c.find<QLabel>("spendLabel")->text(), formatMoney(billed, QLocale()));
    auto *tile = c.find<KpiTile>("requestsTile");
    QTRY_VERIFY_WITH_TIMEOUT(tile->history().size() >= 2, 5000);
    QVERIFY(tile->accessibleName().endsWith(QLatin1String(": 3")));
    QVERIFY(!c.find<QLabel>("latencyLabel")->text().isEmpty());

    // Spend by model and by customer: today's billed requests, adding up to what was billed. Read
    // again on their own once the snapshots count the new requests, well before the 10 s timer.
    QCOMPARE(OverviewPage::kRefreshMs, 10000);
    auto *byModel = c.find<QTableWidget>("spendByModel");
    auto *byCustomer = c.find<QTableWidget>("spendByCustomer");
    QTRY_COMPARE_WITH_TIMEOUT(column(byModel, 0), QStringList {QStringLiteral("bytespike-simulator")}, 5000);
    QCOMPARE(column(byModel, 1), QStringList {QStringLiteral("2")});
    QCOMPARE(byModel->item(0, 2)->toolTip(), formatMoney(billed, QLocale()));
    QCOMPARE(byModel->item(0, 2)->textAlignment(), int(Qt::AlignRight | Qt::AlignVCenter));
    QCOMPARE(byCustomer->rowCount(), 1);
    QCOMPARE(byCustomer->item(0, 0)->toolTip(), QStringLiteral("cus_demo"));
    QVERIFY(c.find<QLabel>("usageTotalLabel")->text().startsWith(QLatin1String("2 ")));
    // Another period asks again; the same requests are within 30 days.
    byModel->setRowCount(0);
    c.find<QComboBox>("usagePeriodBox")->setCurrentIndex(2);
    QTRY_COMPARE_WITH_TIMEOUT(byModel->rowCount(), 1, 5000);

    // Channel health lists the built-in simulator, ready; the failure is among the latest.
    auto *health = c.find<QTableWidget>("channelHealth");
    QTRY_VERIFY_WITH_TIMEOUT(health->rowCount() >= 1, 5000);
    QCOMPARE(health->item(0, 1)->text(), QStringLiteral("ready"));
    QCOMPARE(health->item(0, 2)->text(), QStringLiteral("closed"));
    auto *failures = c.find<QTableWidget>("recentFailures");
    QTRY_COMPARE_WITH_TIMEOUT(column(failures, 2), QStringList {QStringLiteral("404")}, 5000);
    QCOMPARE(column(failures, 1), QStringList {QStringLiteral("no-such-model")});
    // The failure's reason by its code, translated, the gateway's words as the tooltip.
    QCOMPARE(failures->item(0, 3)->text(), QStringLiteral("no channel serves the model"));
    QVERIFY(!failures->item(0, 3)->toolTip().isEmpty());

    // A row opened links to its request, customer or channel.
    QSignalSpy opened(c.overview, &OverviewPage::linkOpened);
    Q_EMIT failures->cellActivated(0, 1);
    Q_EMIT byCustomer->cellActivated(0, 0);
    Q_EMIT health->cellActivated(0, 2);
    QCOMPARE(opened.size(), 3);
    QCOMPARE(opened[0].first().toString(), QStringLiteral("request:") + failures->item(0, 0)->toolTip());
    QVERIFY(opened[0].first().toString().startsWith(QLatin1String("request:req_")));
    QCOMPARE(opened[1].first().toString(), QStringLiteral("customer:cus_demo"));
    QCOMPARE(opened[2].first().toString(), QStringLiteral("channel:simulator"));

    // Stopped: the figures clear, the sparklines too.
    c.gateway.stop();
    QTRY_VERIFY_WITH_TIMEOUT(requests->text().isEmpty(), 15000);
    QVERIFY(tile->history().isEmpty());
}

void TestOverview::getStartedTicksItselfAndIsRemembered()
{
    qputenv("OVERVIEW_TEST_PROVIDER_KEY", "sk-test-provider");
    Console c;
    QVERIFY(c.start());
    auto *list = c.find<QWidget>("getStarted");
    QTRY_VERIFY_WITH_TIMEOUT(list->isVisible(), 5000);
    for (const char *step : {"copy_key", "add_provider", "store_key", "test_channel", "set_prices", "first_request"})
        QVERIFY2(!c.stepDone(step), step);

    // 1. Copy the demo key: to the clipboard, ticked, and saved for the next launch.
    QGuiApplication::clipboard()->clear();
    QTest::mouseClick(c.find<QPushButton>("copyDemoKeyButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(c.stepDone("copy_key"), 5000);
    QCOMPARE(QGuiApplication::clipboard()->text().toLatin1(), demoKey(c.dir));
    QTRY_VERIFY_WITH_TIMEOUT(
        ConsoleSettings::load(c.settingsPath).gettingStarted.contains(QStringLiteral("copy_key")), 5000);

    // 2-5. A provider channel with a key that resolves and prices: ticked from the gateway's channels.
    QTest::mouseClick(c.find<QPushButton>("openChannelsButton"), Qt::LeftButton);
    QCOMPARE(c.find<QTabWidget>("pages")->currentWidget(), c.window.findChild<ChannelsPage *>());
    Channel channel;
    channel.name = QStringLiteral("Provider");
    channel.protocol = ChannelProtocol::Anthropic;
    channel.baseUrl = QStringLiteral("https://provider.invalid");
    channel.secretRef = QStringLiteral("env:OVERVIEW_TEST_PROVIDER_KEY");
    ModelRoute route;
    route.model = QStringLiteral("provider-model");
    route.upstreamModel = QStringLiteral("claude-x");
    route.inputMicrosPerMtok = 3000000;
    channel.models = {route};
    std::optional<ClientResult<ChannelView>> created;
    adminClient(c.gateway).createChannel(
        c.overview, channel, [&](const ClientResult<ChannelView> &view) { created = view; });
    QTRY_VERIFY_WITH_TIMEOUT(created.has_value(), 5000);
    QVERIFY2(created->ok(), qPrintable(created->error().message));
    c.overview->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(c.stepDone("add_provider") && c.stepDone("store_key") && c.stepDone("set_prices"), 5000);
    QVERIFY(!c.stepDone("test_channel"));
    // A connection test that worked (the Channels page's signal) ticks the test.
    Q_EMIT c.window.findChild<ChannelsPage *>()->connectionTested(true);
    QVERIFY(c.stepDone("test_channel"));

    // 6. A first request from the playground; then every step is done and the list goes away.
    QVERIFY2(!c.stepDone("first_request"), "a request before any was sent");
    QVERIFY(!list->isHidden());
    QTest::mouseClick(c.find<QPushButton>("openPlaygroundButton"), Qt::LeftButton);
    auto *playground = c.window.findChild<PlaygroundPage *>();
    QCOMPARE(c.find<QTabWidget>("pages")->currentWidget(), playground);
    QTRY_VERIFY_WITH_TIMEOUT(!c.find<QLineEdit>("keyEdit")->text().isEmpty(), 5000);
    c.find<QComboBox>("modelBox")->setCurrentText(QStringLiteral("bytespike-simulator"));
    QSignalSpy settled(playground, &PlaygroundPage::settled);
    QTest::mouseClick(c.find<QPushButton>("sendButton"), Qt::LeftButton);
    QVERIFY(settled.wait(10000));
    QVERIFY(c.stepDone("first_request"));
    QVERIFY(list->isHidden());
    QTRY_VERIFY_WITH_TIMEOUT(
        ConsoleSettings::load(c.settingsPath).gettingStarted.contains(QStringLiteral("first_request")), 5000);
    qunsetenv("OVERVIEW_TEST_PROVIDER_KEY");
}

void TestOverview::getStartedCanBeHidden()
{
    Console c;
    QVERIFY(c.start());
    auto *list = c.find<QWidget>("getStarted");
    QVERIFY(!list->isHidden());
    QTest::mouseClick(c.find<QPushButton>("hideGetStartedButton"), Qt::LeftButton);
    QVERIFY(list->isHidden());
    QTRY_VERIFY_WITH_TIMEOUT(
        ConsoleSettings::load(c.settingsPath).gettingStarted.contains(QStringLiteral("hidden")), 5000);
    // The next console on this settings file keeps it hidden.
    MainWindow again(c.gateway, ConsoleSettings::load(c.settingsPath), c.settingsPath);
    QVERIFY(again.findChild<QWidget *>(QStringLiteral("getStarted"))->isHidden());
}

QTEST_MAIN(TestOverview)
#include "tst_overview.moc"
