// The console as a whole: settings applied and saved, closing the window keeps the gateway, a
// second launch raises the first, the window stays responsive over a deliberately slow core,
// and every control can be reached by keyboard and has an accessible name.
#include "ConsoleFixture.h"
#include "MainWindow.h"
#include "SingleInstance.h"
#include "Theme.h"
#include "bytespike/DesignTokens.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QLocalSocket>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTcpServer>
#include <QTimer>

using namespace bytespike;
using namespace bytespike::testing;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// Controls an operator works with (labels and containers are not).
bool isControl(QWidget *w)
{
    return qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w) || qobject_cast<QComboBox *>(w)
        || qobject_cast<QAbstractSpinBox *>(w) || qobject_cast<QAbstractItemView *>(w)
        || qobject_cast<QPlainTextEdit *>(w) || qobject_cast<QChartView *>(w) || qobject_cast<QTextEdit *>(w);
}

// A widget that belongs to another control (a combo box's line edit, a spin box's editor...).
bool isPartOfAnotherControl(QWidget *w)
{
    for (QWidget *p = w->parentWidget(); p; p = p->parentWidget()) {
        if (isControl(p))
            return true;
    }
    return false;
}

} // namespace

class TestShell : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void settingsAreAppliedAndSaved();
    void closingKeepsTheGatewayRunning();
    void aSecondLaunchRaisesTheFirst();
    void theWindowStaysResponsiveOverASlowCore();
    void everyControlIsNamedAndReachableByKeyboard();
};

void TestShell::settingsAreAppliedAndSaved()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("console.ini"));
    EmbeddedGateway gateway(testConfig(dir));
    MainWindow window(gateway, ConsoleSettings::load(path), path);
    window.show();
    QVERIFY(startAndWait(gateway));
    auto *listen = window.findChild<QLineEdit *>(QStringLiteral("listenEdit"));
    auto *theme = window.findChild<QComboBox *>(QStringLiteral("themeBox"));
    auto *retention = window.findChild<QSpinBox *>(QStringLiteral("retentionSpin"));
    auto *apply = window.findChild<QPushButton *>(QStringLiteral("applySettingsButton"));
    auto *message = window.findChild<QLabel *>(QStringLiteral("settingsMessage"));
    auto *url = window.findChild<QLabel *>(QStringLiteral("publicUrlLabel"));
    QVERIFY(listen && theme && retention && apply && message && url);

    // A bad address is refused as it is typed.
    listen->setText(QStringLiteral("localhost:notaport"));
    QVERIFY(!apply->isEnabled());
    QVERIFY(!message->text().isEmpty());

    const quint16 port = freePort();
    listen->setText(QStringLiteral("127.0.0.1:%1").arg(port));
    QVERIFY(apply->isEnabled());
    theme->setCurrentIndex(theme->findData(QStringLiteral("dark")));
    retention->setValue(7);
    QTest::mouseClick(apply, Qt::LeftButton);
    // The theme at once; the address after the gateway restarted.
    QCOMPARE(QApplication::palette().color(QPalette::Window).name(),
        DesignTokens::builtIn().color(QStringLiteral("dark"), QStringLiteral("background")));
    QTRY_COMPARE_WITH_TIMEOUT(url->text(), QStringLiteral("http://127.0.0.1:%1").arg(port), 20000);
    QCOMPARE(gateway.config().requestRetentionDays, 7);
    QTRY_COMPARE_WITH_TIMEOUT(QSettings(path, QSettings::IniFormat).value(QStringLiteral("console/theme")).toString(),
        QStringLiteral("dark"), 5000);
    QTRY_COMPARE(QSettings(path, QSettings::IniFormat).value(QStringLiteral("gateway/listen")).toString(),
        QStringLiteral("127.0.0.1:%1").arg(port));
    // Read back as the next start sees them.
    const ConsoleSettings saved = ConsoleSettings::load(path);
    QCOMPARE(saved.retentionDays, 7);
    GatewayConfig next;
    QString error;
    QVERIFY(saved.applyTo(&next, &error));
    QCOMPARE(next.listenPort, port);
    applyTheme(QStringLiteral("light"));
}

void TestShell::closingKeepsTheGatewayRunning()
{
    QTemporaryDir dir;
    EmbeddedGateway gateway(testConfig(dir));
    MainWindow window(gateway);
    window.show();
    QVERIFY(startAndWait(gateway));
    QVERIFY(!window.close()); // kept: hidden, not closed
    QVERIFY(!window.isVisible());
    QCOMPARE(call(gateway, "GET", QStringLiteral("/healthz")).status, 200);
    window.bringToFront();
    QVERIFY(window.isVisible());
}

void TestShell::aSecondLaunchRaisesTheFirst()
{
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    const QStringList args {QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("data")),
        QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
    QProcess first;
    first.setProcessEnvironment(env);
    first.start(QStringLiteral(BYTESPIKE_CONSOLE_PATH), args);
    QVERIFY(first.waitForStarted());
    const QString name = SingleInstance(dir.filePath(QStringLiteral("data"))).serverName();
    QTRY_VERIFY_WITH_TIMEOUT(
        [&name] {
            QLocalSocket probe;
            probe.connectToServer(name);
            return probe.waitForConnected(200);
        }(),
        20000);
    QProcess second;
    second.setProcessEnvironment(env);
    second.start(QStringLiteral(BYTESPIKE_CONSOLE_PATH), args);
    QVERIFY(second.waitForFinished(20000));
    QCOMPARE(second.exitCode(), 0);
    QVERIFY2(second.readAllStandardOutput().contains("already running"), "the second launch did not hand over");
    QCOMPARE(first.state(), QProcess::Running); // the first goes on
    first.terminate();
    QVERIFY(first.waitForFinished(20000));
}

void TestShell::theWindowStaysResponsiveOverASlowCore()
{
    QTemporaryDir dir;
    GatewayConfig config = testConfig(dir);
    config.testServiceDelayMs = 400; // every call blocks the gateway thread this long
    EmbeddedGateway gateway(config);
    MainWindow window(gateway);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    gateway.start();

    // A 10 ms heartbeat on the GUI thread; its longest gap is how long the window froze.
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0;
    qint64 worst = 0;
    QTimer beat;
    QObject::connect(&beat, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        worst = std::max(worst, now - last);
        last = now;
    });
    beat.start(10);
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    // Go through every page twice and press every refresh-like button while calls queue up.
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < pages->count(); ++i) {
            pages->setCurrentIndex(i);
            for (QPushButton *b : pages->widget(i)->findChildren<QPushButton *>()) {
                if (b->isEnabled() && b->isVisible()
                    && (b->objectName().startsWith(QLatin1String("reload"))
                        || b->objectName().startsWith(QLatin1String("refresh"))
                        || b->objectName() == QLatin1String("showStatementButton")))
                    QTest::mouseClick(b, Qt::LeftButton);
            }
            QTest::qWait(150);
        }
    }
    QVERIFY2(worst < 150, qPrintable(QStringLiteral("the GUI thread stalled %1 ms").arg(worst)));
    // And the slow answers do arrive.
    auto *channels = window.findChild<QAbstractItemView *>(QStringLiteral("channelList"));
    QTRY_VERIFY_WITH_TIMEOUT(channels->model()->rowCount() == 1, 30000);
}

void TestShell::everyControlIsNamedAndReachableByKeyboard()
{
    QTemporaryDir dir;
    EmbeddedGateway gateway(testConfig(dir));
    MainWindow window(gateway);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(startAndWait(gateway));
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    int checked = 0;
    for (int i = 0; i < pages->count(); ++i) {
        pages->setCurrentIndex(i);
        QCoreApplication::processEvents();
        QWidget *page = pages->widget(i);
        QList<QWidget *> controls;
        for (QWidget *w : page->findChildren<QWidget *>()) {
            if (!isControl(w) || isPartOfAnotherControl(w) || !w->isVisible())
                continue;
            QVERIFY2(!w->accessibleName().isEmpty(),
                qPrintable(QStringLiteral("%1 on %2 has no accessible name").arg(w->objectName(), pages->tabText(i))));
            if (w->isEnabled() && (w->focusPolicy() & Qt::TabFocus))
                controls << w;
            ++checked;
        }
        // Tab goes round every enabled control of the page.
        QVERIFY(!controls.isEmpty());
        controls.first()->setFocus(Qt::TabFocusReason);
        QSet<QWidget *> reached;
        for (int step = 0; step < 4 * int(controls.size()) + 20; ++step) {
            QWidget *focus = QApplication::focusWidget();
            for (QWidget *c : std::as_const(controls)) {
                if (focus == c || (focus && c->isAncestorOf(focus)))
                    reached.insert(c);
            }
            QTest::keyClick(focus ? focus : &window, Qt::Key_Tab);
        }
        for (QWidget *c : std::as_const(controls))
            QVERIFY2(reached.contains(c),
                qPrintable(QStringLiteral("Tab never reaches %1 (%2) on %3")
                               .arg(c->objectName(), c->accessibleName(), pages->tabText(i))));
    }
    QVERIFY(checked >= 60);
}

QTEST_MAIN(TestShell)
#include "tst_shell.moc"
