// The console's first window against a real embedded gateway: state, address, start/stop.
#include "MainWindow.h"
#include "bytespike/GatewayService.h"

#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace bytespike;

class TestConsole : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void overviewFollowsTheGateway();
    void takesTheGatewayFlags();
};

void TestConsole::takesTheGatewayFlags()
{
    QProcess console;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    console.setProcessEnvironment(env);
    console.start(QStringLiteral(BYTESPIKE_CONSOLE_PATH), {QStringLiteral("--help")});
    QVERIFY(console.waitForFinished(20000));
    QCOMPARE(console.exitCode(), 0);
    const QByteArray help = console.readAllStandardOutput();
    for (const char *flag : {"--data-dir", "--listen", "--admin-listen", "--log-level", "--locale", "--version"})
        QVERIFY2(help.contains(flag), flag);
    console.start(QStringLiteral(BYTESPIKE_CONSOLE_PATH), {QStringLiteral("--listen"), QStringLiteral("bad")});
    QVERIFY(console.waitForFinished(20000));
    QVERIFY(console.exitCode() != 0);
}

void TestConsole::overviewFollowsTheGateway()
{
    QTemporaryDir dir;
    GatewayConfig config;
    config.dataDir = dir.path();
    config.listenPort = 0;
    config.simulatorLatencyScale = 0;
    EmbeddedGateway gateway(config);
    MainWindow window(gateway);
    window.show();

    auto *state = window.findChild<QLabel *>(QStringLiteral("stateLabel"));
    auto *url = window.findChild<QLabel *>(QStringLiteral("publicUrlLabel"));
    auto *start = window.findChild<QPushButton *>(QStringLiteral("startButton"));
    auto *stop = window.findChild<QPushButton *>(QStringLiteral("stopButton"));
    QVERIFY(state && url && start && stop);
    QCOMPARE(state->text(), QStringLiteral("Stopped"));

    gateway.start();
    QTRY_COMPARE_WITH_TIMEOUT(state->text(), QStringLiteral("Running"), 15000);
    QVERIFY2(url->text().startsWith(QLatin1String("http://127.0.0.1:")), qPrintable(url->text()));
    QVERIFY(!url->text().endsWith(QLatin1String(":0")));
    QVERIFY(!start->isEnabled());
    QVERIFY(stop->isEnabled());

    // The live feed for the charts: snapshots about once a second, across the thread boundary.
    QSignalSpy snapshots(&gateway, &EmbeddedGateway::metricsSnapshot);
    QTRY_VERIFY_WITH_TIMEOUT(snapshots.size() >= 2, 5000);
    const QJsonObject snapshot = snapshots.last().first().toJsonObject();
    QVERIFY(snapshot.contains(QStringLiteral("endpoints")));
    QVERIFY(snapshot.value(QStringLiteral("total")).toObject().contains(QStringLiteral("windows")));

    // The address shown is the gateway's real address.
    QNetworkAccessManager network;
    std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(QUrl(url->text() + QStringLiteral("/healthz")))));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);

    QTest::mouseClick(stop, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(state->text(), QStringLiteral("Stopped"), 15000);
    QVERIFY(url->text().isEmpty());
    QVERIFY(start->isEnabled());

    QTest::mouseClick(start, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(state->text(), QStringLiteral("Running"), 15000);
    QVERIFY(url->text().startsWith(QLatin1String("http://127.0.0.1:")));
}

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
