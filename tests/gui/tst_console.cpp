// The console's first window against a real embedded gateway: state, address, start/stop.
#include "GatewayCalls.h"
#include "Language.h"
#include "MainWindow.h"
#include "Theme.h"
#include "bytespike/DesignTokens.h"
#include "bytespike/GatewayService.h"
#include "bytespike/MoneyFormat.h"
#include "models/JsonTableModel.h"
#include "pages/CustomersPage.h"
#include "pages/RequestsPage.h"

#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace bytespike;

namespace {

// A console gateway on a free port in its own data directory, with an instant simulator.
GatewayConfig testConfig(const QTemporaryDir &dir)
{
    GatewayConfig config;
    config.dataDir = dir.path();
    config.listenPort = 0;
    config.simulatorLatencyScale = 0;
    return config;
}

// The console's window on an embedded gateway that has started; url is its public address and
// key the demo customer's key.
struct LiveConsole
{
    QTemporaryDir dir;
    EmbeddedGateway gateway {testConfig(dir)};
    MainWindow window {gateway};
    QString url;
    QByteArray key;

    bool start()
    {
        window.show();
        QObject::connect(
            &gateway, &EmbeddedGateway::started, &window, [this](const QString &publicUrl) { url = publicUrl; });
        gateway.start();
        if (!QTest::qWaitFor([this] { return !url.isEmpty(); }, 15000))
            return false;
        QFile keyFile(dir.filePath(QStringLiteral("demo-key")));
        if (!keyFile.open(QIODevice::ReadOnly))
            return false;
        key = keyFile.readAll().trimmed();
        return !key.isEmpty();
    }
};

} // namespace

class TestConsole : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void overviewFollowsTheGateway();
    void takesTheGatewayFlags();
    void languageSwitchesAtRunTime();
    void noTextIsClippedInGermanOrJapanese_data();
    void noTextIsClippedInGermanOrJapanese();
    void apiWordsAndDatesFollowTheLanguage();
    void themesComeFromTheTokens();
    void headlineFiguresFollowTheMetrics();
    void themeSwitchesUnderLiveSnapshots();
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
    EmbeddedGateway gateway(testConfig(dir));
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

void TestConsole::languageSwitchesAtRunTime()
{
    QTemporaryDir dir;
    EmbeddedGateway gateway(testConfig(dir));
    MainWindow window(gateway);
    window.show();
    auto *start = window.findChild<QPushButton *>(QStringLiteral("startButton"));
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    auto *state = window.findChild<QLabel *>(QStringLiteral("stateLabel"));
    auto *language = window.findChild<QComboBox *>(QStringLiteral("languageBox"));
    QVERIFY(start && pages && state && language);
    QCOMPARE(language->count(), 4); // en, de, ja, zh_CN

    Language::apply(QStringLiteral("de"));
    QTRY_COMPARE(start->text(), QStringLiteral("&Starten"));
    QCOMPARE(pages->tabText(0), QStringLiteral("Übersicht"));
    QCOMPARE(state->text(), QStringLiteral("Gestoppt"));
    QCOMPARE(language->currentData().toString(), QStringLiteral("de"));
    // Qt's own catalogue comes along.
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Abbrechen"));
    QCOMPARE(QLocale().name(), QStringLiteral("de_DE"));

    // Through the language box, as an operator does it.
    language->setCurrentIndex(language->findData(QStringLiteral("ja")));
    Q_EMIT language->activated(language->currentIndex());
    QTRY_COMPARE(start->text(), QStringLiteral("起動(&S)"));
    QCOMPARE(window.windowTitle(), QStringLiteral("ByteSpike"));

    Language::apply(QStringLiteral("en"));
    QTRY_COMPARE(start->text(), QStringLiteral("&Start"));
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancel"));
}

void TestConsole::noTextIsClippedInGermanOrJapanese_data()
{
    QTest::addColumn<QString>("locale");
    QTest::newRow("de") << QStringLiteral("de");
    QTest::newRow("ja") << QStringLiteral("ja");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
}

void TestConsole::noTextIsClippedInGermanOrJapanese()
{
    QFETCH(QString, locale);
    QTemporaryDir dir;
    EmbeddedGateway gateway(testConfig(dir));
    MainWindow window(gateway);
    Language::apply(locale);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    int checked = 0;
    // Every page in turn, laid out as the operator sees it.
    for (int page = 0; page < pages->count(); ++page) {
        pages->setCurrentIndex(page);
        QCoreApplication::processEvents();
        for (QLabel *label : window.findChildren<QLabel *>()) {
            if (!label->isVisible() || label->text().isEmpty() || label->wordWrap())
                continue;
            const int needed = label->fontMetrics().horizontalAdvance(QString(label->text()).remove(QLatin1Char('&')));
            QVERIFY2(needed <= label->contentsRect().width(),
                qPrintable(QStringLiteral("%1 \"%2\" needs %3 px, has %4")
                               .arg(label->objectName(), label->text())
                               .arg(needed)
                               .arg(label->contentsRect().width())));
            ++checked;
        }
        for (QPushButton *button : window.findChildren<QPushButton *>()) {
            if (!button->isVisible())
                continue;
            QVERIFY2(button->width() >= button->sizeHint().width(), qPrintable(button->text()));
            ++checked;
        }
        const QString tab = pages->tabText(page).remove(QLatin1Char('&'));
        QVERIFY2(!tab.isEmpty(), qPrintable(QStringLiteral("page %1 has no title").arg(page)));
        QVERIFY2(pages->tabBar()->tabRect(page).width() > pages->tabBar()->fontMetrics().horizontalAdvance(tab),
            qPrintable(tab));
    }
    QVERIFY(checked >= 30);
    // The customer list's columns fit beside the statement, for a long name and an eight-figure
    // balance too: no sideways scrolling to reach a balance.
    QSignalSpy started(&gateway, &EmbeddedGateway::started);
    gateway.start();
    QVERIFY(started.wait(20000) || !started.isEmpty());
    const auto admin = [&gateway](const QString &path, const QByteArray &body, const QByteArray &customerKey = {}) {
        QJsonObject answer;
        QList<QPair<QByteArray, QByteArray>> headers {{"content-type", "application/json"}};
        if (!customerKey.isEmpty())
            headers.append({"x-api-key", customerKey});
        ServiceCall *c = gateway.call("POST", path, body, headers);
        bool done = false;
        QObject::connect(c, &ServiceCall::finished, c, [&] {
            answer = QJsonDocument::fromJson(c->body()).object();
            done = true;
        });
        return QTest::qWaitFor([&] { return done; }, 10000) ? answer : QJsonObject();
    };
    const QString id = admin(
        QStringLiteral("/admin/customers"), R"({"name":"Müller Industrieanlagen und Maschinenbau GmbH & Co. KG"})")
                           .value(QStringLiteral("id"))
                           .toString();
    QVERIFY(!id.isEmpty());
    QVERIFY(!admin(
        QStringLiteral("/admin/customers/%1/credits").arg(id), R"({"amount_micros":12345678901234,"memo":"prepaid"})")
                 .isEmpty());
    auto *customers = window.findChild<QTableView *>(QStringLiteral("customerList"));
    pages->setCurrentWidget(window.findChild<CustomersPage *>());
    QTRY_VERIFY_WITH_TIMEOUT(customers->model()->rowCount() >= 2, 5000);
    QCoreApplication::processEvents();
    QVERIFY2(customers->horizontalScrollBar()->maximum() == 0,
        qPrintable(QStringLiteral("the customer list scrolls sideways by %1 px")
                       .arg(customers->horizontalScrollBar()->maximum())));
    // A statement line's amount and a request's cost are in view, not behind sideways scrolling
    // (the model's columns 7 and 9).
    const auto inView = [](QTableView *view, int column) {
        QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() >= 1, 5000);
        QCoreApplication::processEvents();
        const int end = view->columnViewportPosition(column) + view->columnWidth(column);
        QVERIFY2(end <= view->viewport()->width(),
            qPrintable(QStringLiteral("%1: column %2 ends at %3 px of %4")
                           .arg(view->objectName())
                           .arg(column)
                           .arg(end)
                           .arg(view->viewport()->width())));
    };
    inView(window.findChild<QTableView *>(QStringLiteral("statementLines")), 7);
    if (QTest::currentTestFailed())
        return;
    QFile keyFile(dir.filePath(QStringLiteral("demo-key")));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    QVERIFY(!admin(QStringLiteral("/v1/messages"),
        R"({"model":"bytespike-simulator","max_tokens":32,"messages":[{"role":"user","content":"hi"}]})",
        keyFile.readAll().trimmed())
                 .isEmpty());
    pages->setCurrentWidget(window.findChild<RequestsPage *>());
    inView(window.findChild<QTableView *>(QStringLiteral("requestsTable")), 9);
    if (QTest::currentTestFailed())
        return;
    Language::apply(QStringLiteral("en"));
}

void TestConsole::apiWordsAndDatesFollowTheLanguage()
{
    QTemporaryDir dir;
    EmbeddedGateway gateway(testConfig(dir));
    MainWindow window(gateway);
    Language::apply(QStringLiteral("de"));
    QCOMPARE(JsonTableModel::codeText(QStringLiteral("debit")), QStringLiteral("Belastung"));
    QCOMPARE(JsonTableModel::codeText(QStringLiteral("voided")), QStringLiteral("storniert"));
    QCOMPARE(JsonTableModel::codeText(QStringLiteral("half_open")), QStringLiteral("halb offen"));
    QCOMPARE(JsonTableModel::cell(JsonTableModel::Kind::Code, QStringLiteral("debit"), Qt::ToolTipRole).toString(),
        QStringLiteral("debit"));
    QCOMPARE(JsonTableModel::codeText(QStringLiteral("something_new")), QStringLiteral("something_new"));
    // A reason by its code, with the server's own words as the detail; a code the console does
    // not know shows those words.
    const QVariant gone
        = JsonTableModel::reason(QStringLiteral("client_disconnected"), QStringLiteral("client disconnected"));
    QCOMPARE(JsonTableModel::cell(JsonTableModel::Kind::Reason, gone, Qt::DisplayRole).toString(),
        QStringLiteral("der Client hat die Verbindung getrennt"));
    QCOMPARE(JsonTableModel::cell(JsonTableModel::Kind::Reason, gone, Qt::ToolTipRole).toString(),
        QStringLiteral("client disconnected"));
    QCOMPARE(JsonTableModel::reasonText(QStringLiteral("other"), QStringLiteral("teapot")), QStringLiteral("teapot"));
    // A failed admin call in the language too, by its kind; a refused input keeps the gateway's
    // sentence, which names the field.
    QCOMPARE(errorText(ClientError {401, QStringLiteral("authentication_error"), QStringLiteral("bad token")}),
        QStringLiteral("das Gateway hat das Admin-Token abgelehnt"));
    QCOMPARE(errorText(ClientError {0, QString(), QStringLiteral("connection refused")}),
        QStringLiteral("das Gateway ist nicht erreichbar"));
    QCOMPARE(errorText(ClientError {400, QStringLiteral("invalid_request_error"), QStringLiteral("name: too long")}),
        QStringLiteral("name: too long"));
    auto *from = window.findChild<QDateEdit *>(QStringLiteral("statementFrom"));
    QVERIFY(from);
    QTRY_COMPARE(from->displayFormat(), QLocale(QStringLiteral("de")).dateFormat(QLocale::ShortFormat));
    QVERIFY2(from->text().contains(QLatin1Char('.')), qPrintable(from->text()));
    Language::apply(QStringLiteral("en"));
    QCOMPARE(JsonTableModel::codeText(QStringLiteral("debit")), QStringLiteral("debit"));
    QTRY_VERIFY2(
        !from->text().contains(QLatin1Char('.')), qPrintable(from->text() + QLatin1Char(' ') + from->displayFormat()));
}

void TestConsole::themesComeFromTheTokens()
{
    const DesignTokens &tokens = DesignTokens::builtIn();
    for (const QString &theme : tokens.themes()) {
        applyTheme(theme);
        const QPalette palette = QApplication::palette();
        QCOMPARE(palette.color(QPalette::Window).name(), tokens.color(theme, QStringLiteral("background")));
        QCOMPARE(palette.color(QPalette::WindowText).name(), tokens.color(theme, QStringLiteral("text")));
        QCOMPARE(palette.color(QPalette::Highlight).name(), tokens.color(theme, QStringLiteral("accent")));
        QCOMPARE(palette.color(QPalette::Base).name(), tokens.color(theme, QStringLiteral("surface")));
        QVERIFY(qApp->styleSheet().contains(tokens.color(theme, QStringLiteral("border"))));
    }
    applyTheme(QStringLiteral("light"));
}

void TestConsole::headlineFiguresFollowTheMetrics()
{
    LiveConsole console;
    QVERIFY(console.start());
    EmbeddedGateway &gateway = console.gateway;
    MainWindow &window = console.window;

    // One billed request through the simulator with the demo key.
    QNetworkRequest request(QUrl(console.url + QStringLiteral("/v1/messages")));
    request.setRawHeader("x-api-key", console.key);
    request.setRawHeader("content-type", "application/json");
    QNetworkAccessManager network;
    std::unique_ptr<QNetworkReply> reply(network.post(request,
        QByteArray(R"({"model":"bytespike-simulator","max_tokens":32,"messages":[{"role":"user","content":"hi"}]})")));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const qint64 cost = reply->rawHeader("bytespike-cost").toLongLong();
    QVERIFY(cost > 0);

    auto *requests = window.findChild<QLabel *>(QStringLiteral("requestsLabel"));
    auto *spend = window.findChild<QLabel *>(QStringLiteral("spendLabel"));
    auto *errors = window.findChild<QLabel *>(QStringLiteral("errorsLabel"));
    auto *holds = window.findChild<QLabel *>(QStringLiteral("pendingHoldsLabel"));
    auto *uptime = window.findChild<QLabel *>(QStringLiteral("uptimeLabel"));
    QVERIFY(requests && spend && errors && holds && uptime);
    // The once-a-second snapshot brings the request in; the money is the debit, per locale.
    QTRY_COMPARE_WITH_TIMEOUT(requests->text(), QStringLiteral("1"), 5000);
    QCOMPARE(spend->text(), formatMoney(cost, QLocale()));
    QCOMPARE(errors->text(), QStringLiteral("0 (0.0%)"));
    QCOMPARE(holds->text(), QStringLiteral("0"));
    QVERIFY(uptime->text().contains(QLatin1Char(':')));
    Language::apply(QStringLiteral("de"));
    QTRY_VERIFY(spend->text().contains(QLatin1Char(',')));
    QVERIFY(spend->text().endsWith(QLatin1Char('$')));
    QCOMPARE(spend->text(), formatMoney(cost, QLocale(QStringLiteral("de"))));
    QCOMPARE(errors->text(), QStringLiteral("0 (0,0") + QLocale(QStringLiteral("de")).percent() + QStringLiteral(")"));
    Language::apply(QStringLiteral("en"));
    gateway.stop();
    QTRY_VERIFY_WITH_TIMEOUT(requests->text().isEmpty(), 15000);
}

// The figure labels are selectable, so each owns a text control (and a text document). Snapshots
// arrive every second while the operator may switch the theme; the labels are updated in place,
// their controls kept, not destroyed and rebuilt per snapshot.
void TestConsole::themeSwitchesUnderLiveSnapshots()
{
    LiveConsole console;
    QVERIFY(console.start());
    EmbeddedGateway &gateway = console.gateway;
    MainWindow &window = console.window;
    const QString &url = console.url;
    const QByteArray &key = console.key;

    auto *requests = window.findChild<QLabel *>(QStringLiteral("requestsLabel"));
    QVERIFY(requests);
    QTRY_COMPARE_WITH_TIMEOUT(requests->text(), QStringLiteral("0"), 5000); // the first snapshot
    QList<QPointer<QObject>> controls;
    for (const char *name : {"uptimeLabel", "requestsLabel", "spendLabel", "errorsLabel", "pendingHoldsLabel"}) {
        auto *label = window.findChild<QLabel *>(QString::fromLatin1(name));
        QVERIFY(label);
        QObject *control = nullptr;
        for (QObject *child : label->children())
            if (qstrcmp(child->metaObject()->className(), "QWidgetTextControl") == 0)
                control = child;
        QVERIFY2(control, name);
        controls.append(control);
    }

    QNetworkAccessManager network;
    QSignalSpy snapshots(&gateway, &EmbeddedGateway::metricsSnapshot);
    int sent = 0;
    const QStringList themes = DesignTokens::builtIn().themes();
    QVERIFY(themes.size() >= 2);
    while (snapshots.size() < 4) {
        QNetworkRequest request(QUrl(url + QStringLiteral("/v1/messages")));
        request.setRawHeader("x-api-key", key);
        request.setRawHeader("content-type", "application/json");
        QNetworkReply *reply = network.post(request,
            QByteArray(
                R"({"model":"bytespike-simulator","max_tokens":8,"messages":[{"role":"user","content":"hi"}]})"));
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        ++sent;
        applyTheme(themes[sent % themes.size()]);
        QTest::qWait(20);
    }
    QTRY_COMPARE_WITH_TIMEOUT(requests->text(), QLocale().toString(sent), 5000);
    for (const QPointer<QObject> &control : controls)
        QVERIFY2(control, "a figure label's text control was destroyed by a snapshot");
    applyTheme(QStringLiteral("light"));
    gateway.stop();
    QTRY_VERIFY_WITH_TIMEOUT(requests->text().isEmpty(), 15000);
    for (const QPointer<QObject> &control : controls)
        QVERIFY(control);
}

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
