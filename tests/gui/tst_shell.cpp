// The console as a whole: settings applied and saved, closing the window keeps the gateway, a
// second launch raises the first, the window stays responsive over a deliberately slow core,
// and every control can be reached by keyboard and has an accessible name.
#include "ConsoleFixture.h"
#include "Language.h"
#include "MainWindow.h"
#include "SingleInstance.h"
#include "Theme.h"
#include "bytespike/DesignTokens.h"
#include "pages/PlaygroundPage.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocalSocket>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QThread>
#include <QTimer>

#include <functional>

using namespace bytespike;
using namespace bytespike::testing;

namespace {

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
    void languageChosenInTheStatusBarIsSaved();
    void shortcutsActOnThePageOnShow();
    void closingKeepsTheGatewayRunning();
    void aSecondLaunchRaisesTheFirst();
    void theWindowStaysResponsiveOverASlowCore();
    void everyControlIsNamedAndReachableByKeyboard();
    void theSidebarFollowsThePagesAndTheGateway();
    void linksOpenTheThingTheyName();
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

void TestShell::languageChosenInTheStatusBarIsSaved()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("console.ini"));
    EmbeddedGateway gateway(testConfig(dir));
    MainWindow window(gateway, ConsoleSettings::load(path), path);
    window.show();
    auto *box = window.findChild<QComboBox *>(QStringLiteral("languageBox"));
    QVERIFY(box);
    const int german = box->findData(QStringLiteral("de"));
    QVERIFY(german >= 0);
    box->setCurrentIndex(german);
    emit box->activated(german); // as a click on the entry does
    QCOMPARE(Language::current(), QStringLiteral("de"));
    // The next launch reads it back.
    QTRY_COMPARE_WITH_TIMEOUT(ConsoleSettings::load(path).language, QStringLiteral("de"), 5000);
    Language::apply(QStringLiteral("en"));
}

void TestShell::shortcutsActOnThePageOnShow()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("console.ini"));
    EmbeddedGateway gateway(testConfig(dir));
    MainWindow window(gateway, ConsoleSettings::load(path), path);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(window.minimumSize().width() >= 960 && window.minimumSize().height() >= 600);
    QVERIFY(startAndWait(gateway));
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    QVERIFY(pages);
    const auto show = [&](const char *pageClass) {
        for (int i = 0; i < pages->count(); ++i) {
            if (pages->widget(i)->inherits(pageClass))
                pages->setCurrentIndex(i);
        }
    };

    // Ctrl+Enter in the playground sends (as its Send button does).
    show("bytespike::PlaygroundPage");
    auto *playground = qobject_cast<PlaygroundPage *>(pages->currentWidget());
    QVERIFY(playground);
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QPushButton *>(QStringLiteral("sendButton"))->isEnabled(), 5000);
    QSignalSpy settled(playground, &PlaygroundPage::settled);
    QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(settled.size(), 1, 10000);

    // Ctrl+F on the requests page: the request-id field; typing an id there finds that request,
    // and F5 asks again.
    const CallResult sent = sendMessage(gateway, demoKey(dir));
    QCOMPARE(sent.status, 200);
    const QString requestId = QString::fromLatin1(sent.header("request-id"));
    QVERIFY(!requestId.isEmpty());
    show("bytespike::RequestsPage");
    auto *table = window.findChild<QTableView *>(QStringLiteral("requestsTable"));
    auto *find = window.findChild<QLineEdit *>(QStringLiteral("requestsFind"));
    QVERIFY(table && find);
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(find->hasFocus());
    QTest::keyClicks(find, requestId);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 5000);
    find->clear();
    QTest::keyClick(&window, Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 2, 5000); // the playground's and this one

    // Ctrl+S on the settings page applies and saves.
    show("bytespike::SettingsPage");
    auto *retention = window.findChild<QSpinBox *>(QStringLiteral("retentionSpin"));
    QVERIFY(retention);
    retention->setValue(9);
    QTest::keyClick(&window, Qt::Key_S, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(ConsoleSettings::load(path).retentionDays, 9, 5000);
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

// The window never waits on the core. The core here sleeps 400 ms before each call (on its own
// thread, one call after another), and the test checks the two ways a GUI thread can wait on it:
//  - a nested event loop (or processEvents) in a handler, waiting for an answer: every answer is a
//    queued call delivered to a ServiceCall on the GUI thread, so none may arrive while a click or
//    a page switch is being handled, nor in an event loop nested in the test's own;
//  - a blocking wait (a blocking queued call into the core, a semaphore...): the thread would be
//    off the CPU by its own choice for at least the core's 400 ms. A heartbeat on the GUI thread
//    measures its longest gap less the time the thread spent runnable but waiting for a CPU
//    (the kernel's per-thread run-queue delay), which is all that load adds; so the bound, half
//    the core's delay, cannot be eaten by a loaded machine, and a thread that blocked on even
//    one call would exceed it.
// Meanwhile the calls the clicks made are in flight, the heartbeat keeps ticking, and the answers
// do arrive.
void TestShell::theWindowStaysResponsiveOverASlowCore()
{
    constexpr int coreDelayMs = 400;
    QTemporaryDir dir;
    GatewayConfig config = testConfig(dir);
    config.testServiceDelayMs = coreDelayMs; // every call blocks the gateway thread this long
    EmbeddedGateway gateway(config);
    MainWindow window(gateway);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // Answers delivered while a handler runs, or in a nested event loop.
    struct AnswerWatch : QObject
    {
        int baseLevel = QThread::currentThread()->loopLevel();
        const char *action = nullptr; // the user action being handled, if any
        QStringList misplaced;
        bool eventFilter(QObject *watched, QEvent *event) override
        {
            if (event->type() == QEvent::MetaCall && qobject_cast<ServiceCall *>(watched)) {
                if (action)
                    misplaced << QStringLiteral("an answer arrived while handling %1").arg(QLatin1String(action));
                else if (QThread::currentThread()->loopLevel() > baseLevel)
                    misplaced << QStringLiteral("an answer arrived in a nested event loop");
            }
            return false;
        }
    } answers;
    qApp->installEventFilter(&answers);
    auto cleanup = qScopeGuard([&] { qApp->removeEventFilter(&answers); });

    // The calls the test's clicks and page switches made, until answered.
    QSet<ServiceCall *> known;
    int outstanding = 0;
    int made = 0;
    QObject tracking; // the context of the connections below: goes before what they touch
    const auto act = [&](const char *what, const std::function<void()> &action) {
        answers.action = what;
        action();
        answers.action = nullptr;
        for (ServiceCall *c : gateway.findChildren<ServiceCall *>(Qt::FindDirectChildrenOnly)) {
            if (known.contains(c))
                continue;
            known.insert(c);
            ++outstanding;
            ++made;
            QObject::connect(c, &ServiceCall::finished, &tracking, [&outstanding] { --outstanding; });
            QObject::connect(c, &QObject::destroyed, &tracking, [&known, c] { known.remove(c); });
        }
    };

    gateway.start();
    // A 10 ms heartbeat on the GUI thread: its longest gap, less the run-queue delay, is how long
    // the thread stopped by its own doing.
    const auto runQueueDelayNs = [] {
        QFile stat(QStringLiteral("/proc/thread-self/schedstat")); // on-CPU ns, run-queue ns, slices
        return stat.open(QIODevice::ReadOnly) ? stat.readAll().split(' ').value(1).toLongLong() : 0;
    };
    if (runQueueDelayNs() == 0)
        qWarning("no per-thread scheduler statistics: the stall is measured on the wall clock");
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0;
    qint64 lastDelay = runQueueDelayNs();
    qint64 worst = 0;
    qint64 worstWall = 0;
    int ticksInFlight = 0;
    QTimer beat;
    QObject::connect(&beat, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        const qint64 delay = runQueueDelayNs();
        worstWall = std::max(worstWall, now - last);
        worst = std::max(worst, (now - last) - (delay - lastDelay));
        last = now;
        lastDelay = delay;
        ticksInFlight += outstanding > 0 ? 1 : 0;
    });
    beat.start(10);
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    // Go through every page twice and press every refresh-like button while calls queue up.
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < pages->count(); ++i) {
            act("a page switch", [&] { pages->setCurrentIndex(i); });
            for (QPushButton *b : pages->widget(i)->findChildren<QPushButton *>()) {
                if (b->isEnabled() && b->isVisible()
                    && (b->objectName().startsWith(QLatin1String("reload"))
                        || b->objectName().startsWith(QLatin1String("refresh"))
                        || b->objectName() == QLatin1String("showStatementButton")))
                    act("a click", [b] { b->click(); });
            }
            QCoreApplication::processEvents(); // the page shows and paints
        }
    }
    QVERIFY2(made >= 4, qPrintable(QStringLiteral("only %1 calls were made").arg(made)));
    // The core answers one call per 400 ms at best: it takes seconds, with the heartbeat going.
    QTRY_VERIFY_WITH_TIMEOUT(outstanding == 0, made * coreDelayMs + 60000);
    beat.stop();
    QVERIFY2(answers.misplaced.isEmpty(), qPrintable(answers.misplaced.join(QLatin1String("; "))));
    QVERIFY2(ticksInFlight > 0, "the GUI thread never ran its timer while the calls were in flight");
    QVERIFY2(worst < coreDelayMs / 2 * 1000000LL,
        qPrintable(QStringLiteral("the GUI thread stopped %1 ms by its own doing (%2 ms with the time it waited "
                                  "for a CPU); waiting on one call of the core takes %3 ms")
                       .arg(worst / 1000000)
                       .arg(worstWall / 1000000)
                       .arg(coreDelayMs)));
    // And the slow answers did arrive.
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

void TestShell::theSidebarFollowsThePagesAndTheGateway()
{
    QTemporaryDir dir;
    EmbeddedGateway gateway(testConfig(dir));
    MainWindow window(gateway);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigation"));
    auto *state = window.findChild<QLabel *>(QStringLiteral("sidebarState"));
    QVERIFY(pages && navigation && state);
    QVERIFY(pages->tabBar()->isHidden());
    QCOMPARE(navigation->count(), pages->count());
    for (int i = 0; i < pages->count(); ++i) {
        QCOMPARE(navigation->item(i)->text(), pages->tabText(i));
        QVERIFY(!navigation->item(i)->icon().isNull());
    }
    // A click on an entry opens its page; a page opened otherwise selects its entry.
    QTest::mouseClick(
        navigation->viewport(), Qt::LeftButton, {}, navigation->visualItemRect(navigation->item(4)).center());
    QCOMPARE(pages->currentIndex(), 4);
    pages->setCurrentIndex(2);
    QCOMPARE(navigation->currentRow(), 2);
    // Ctrl+Page Down and Up move between the pages, round the ends.
    QTest::keyClick(&window, Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(pages->currentIndex(), 3);
    pages->setCurrentIndex(0);
    QTest::keyClick(&window, Qt::Key_PageUp, Qt::ControlModifier);
    QCOMPARE(pages->currentIndex(), pages->count() - 1);
    // The gateway's state above the entries.
    QVERIFY(state->text().contains(QLatin1String("stopped")));
    QVERIFY(startAndWait(gateway));
    QTRY_VERIFY(state->text().contains(QLatin1String("running")));
    QVERIFY(state->text().contains(QLatin1String("embedded")));
}

void TestShell::linksOpenTheThingTheyName()
{
    QTemporaryDir dir;
    EmbeddedGateway gateway(testConfig(dir));
    MainWindow window(gateway);
    window.show();
    QVERIFY(startAndWait(gateway));
    const CallResult sent = sendMessage(gateway, demoKey(dir));
    QCOMPARE(sent.status, 200);
    const QString requestId = QString::fromLatin1(sent.header("request-id"));
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    QVERIFY(pages);
    const auto current = [pages] { return pages->currentWidget()->metaObject()->className(); };
    const auto selectedRow = [&window](const char *view) {
        const QModelIndexList rows
            = window.findChild<QTableView *>(QLatin1String(view))->selectionModel()->selectedRows();
        return rows.isEmpty() ? -1 : rows.first().row();
    };

    // A request: the Requests page, narrowed to it and with it selected (its drill-down shown).
    window.followLink(QStringLiteral("request:") + requestId);
    QCOMPARE(current(), "bytespike::RequestsPage");
    QCOMPARE(window.findChild<QLineEdit *>(QStringLiteral("requestsFind"))->text(), requestId);
    QTRY_COMPARE_WITH_TIMEOUT(window.findChild<QLabel *>(QStringLiteral("requestId"))->text(), requestId, 5000);

    // Its hold: the ledger, filtered by the request id, on the list that holds it (posted).
    window.followLink(QStringLiteral("holds:") + requestId);
    QCOMPARE(current(), "bytespike::LedgerPage");
    QCOMPARE(window.findChild<QLineEdit *>(QStringLiteral("ledgerSearch"))->text(), requestId);
    QTRY_COMPARE_WITH_TIMEOUT(
        window.findChild<QTabWidget *>(QStringLiteral("ledgerTabs"))->currentWidget()->objectName(),
        QStringLiteral("recentDebits"), 5000);
    QCOMPARE(selectedRow("recentDebits"), 0);

    // Its customer and its channel: their pages with them selected.
    window.followLink(QStringLiteral("customer:cus_demo"));
    QCOMPARE(current(), "bytespike::CustomersPage");
    QTRY_VERIFY(selectedRow("customerList") >= 0);
    QTRY_VERIFY(window.findChild<QTableView *>(QStringLiteral("statementLines"))->model()->rowCount() > 0);
    window.followLink(QStringLiteral("channel:simulator"));
    QCOMPARE(current(), "bytespike::ChannelsPage");
    QTRY_VERIFY(selectedRow("channelList") >= 0);

    // Back from a statement line (Enter on it) to its request.
    window.followLink(QStringLiteral("customer:cus_demo"));
    auto *lines = window.findChild<QTableView *>(QStringLiteral("statementLines"));
    QTRY_VERIFY(lines->model()->rowCount() >= 2); // the demo credit and the debit
    int debit = -1;
    for (int row = 0; row < lines->model()->rowCount(); ++row) {
        if (lines->model()->index(row, 3).data().toString() == requestId)
            debit = row;
    }
    QVERIFY(debit >= 0);
    Q_EMIT lines->activated(lines->model()->index(debit, 0));
    QCOMPARE(current(), "bytespike::RequestsPage");
    QCOMPARE(window.findChild<QLineEdit *>(QStringLiteral("requestsFind"))->text(), requestId);

    // Names that are not links go nowhere.
    window.followLink(QStringLiteral("nonsense:x"));
    window.followLink(QStringLiteral("customer:"));
    QCOMPARE(current(), "bytespike::RequestsPage");
}

QTEST_MAIN(TestShell)
#include "tst_shell.moc"
