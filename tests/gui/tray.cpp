// The tray icon against a real system tray (trayer, an XEmbed tray, under Xvfb; run by
// tray.sh): it appears, shows the gateway's state, and brings back a window closed with
// "keep running".
#include "ConsoleFixture.h"
#include "MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QSystemTrayIcon>

using namespace bytespike;
using namespace bytespike::testing;

class TestTray : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void trayShowsTheGatewayAndBringsTheWindowBack();
};

void TestTray::trayShowsTheGatewayAndBringsTheWindowBack()
{
    QTRY_VERIFY_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), 10000);
    QTemporaryDir dir;
    EmbeddedGateway gateway(testConfig(dir));
    MainWindow window(gateway);
    window.show();
    QSystemTrayIcon *tray = window.trayIcon();
    QVERIFY(tray);
    QTRY_VERIFY(tray->isVisible());
    QVERIFY(!tray->icon().isNull());
    QCOMPARE(tray->toolTip(), QStringLiteral("ByteSpike gateway: stopped"));
    QVERIFY(startAndWait(gateway));
    QTRY_COMPARE(tray->toolTip(), QStringLiteral("ByteSpike gateway: running"));

    // Closed with "keep running": hidden, still serving; the tray's first action brings it back.
    QVERIFY(!window.close());
    QVERIFY(!window.isVisible());
    QCOMPARE(call(gateway, "GET", QStringLiteral("/healthz")).status, 200);
    QVERIFY(tray->contextMenu());
    tray->contextMenu()->actions().first()->trigger();
    QVERIFY(window.isVisible());
    gateway.stop();
    QTRY_COMPARE_WITH_TIMEOUT(tray->toolTip(), QStringLiteral("ByteSpike gateway: stopped"), 15000);
}

QTEST_MAIN(TestTray)
#include "tray.moc"
