// The console attached to a running bytespike-gatewayd over its admin API (bytespike-console
// --attach, the Connect dialog, the data directory's own gateway run as a service): the pages
// read and change that gateway, live rates come from its /admin/events, the playground sends
// with a customer key, exports come from it; a refused token, a lost gateway and a typo each
// say so; the token is kept in the keychain.
#include "Attach.h"
#include "ConsoleFixture.h"
#include "GatewayCalls.h"
#include "GatewayHarness.h"
#include "MainWindow.h"
#include "pages/PlaygroundPage.h"
#include "widgets/ConnectDialog.h"

#include <QAbstractItemModel>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>

using namespace bytespike;
using namespace bytespike::testing;

namespace {

template <typename T> T *find(QWidget &window, const char *name)
{
    return window.findChild<T *>(QLatin1String(name));
}

// Waits for one callback of the client, returning its result.
template <typename T, typename Call> std::optional<ClientResult<T>> waitFor(Call call)
{
    std::optional<ClientResult<T>> result;
    QObject context;
    call(&context, [&](const ClientResult<T> &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000))
        qWarning("the call did not finish");
    return result;
}

} // namespace

class TestAttach : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theConsoleManagesAGatewayThatRunsElsewhere();
    void aRefusedTokenSaysSoAndIsNotRetried();
    void aLostGatewayIsReportedAndReattached();
    void theDataDirectorysOwnGatewayIsFound();
    void theConnectDialogChecksItsFieldsAndKeepsTheToken();
    void badAttachFlagsAreRefused();
};

void TestAttach::theConsoleManagesAGatewayThatRunsElsewhere()
{
    GatewayProcess daemon;
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    QTemporaryDir own;
    EmbeddedGateway gateway(testConfig(own));
    MainWindow window(gateway);
    window.resize(1280, 800);
    window.show();
    QSignalSpy started(&gateway, &EmbeddedGateway::started);
    QSignalSpy states(&gateway, &EmbeddedGateway::stateChanged);
    QSignalSpy snapshots(&gateway, &EmbeddedGateway::metricsSnapshot);
    gateway.attach(daemon.url(), daemon.adminToken());
    gateway.start();
    QVERIFY(started.wait(10000));
    QCOMPARE(started.first().at(0).toString(), daemon.url());
    QCOMPARE(states.last().first().value<GatewayService::State>(), GatewayService::State::Running);

    // The Overview: no start or stop for a gateway that runs elsewhere, and where it is.
    QVERIFY(find<QPushButton>(window, "startButton")->isHidden());
    QVERIFY(find<QPushButton>(window, "stopButton")->isHidden());
    QVERIFY(find<QLabel>(window, "dataDirLabel")->text().contains(daemon.url()));
    QCOMPARE(find<QLabel>(window, "publicUrlLabel")->text(), daemon.url());

    // Live rates from /admin/events: the snapshot at once, then one a second.
    QVERIFY(QTest::qWaitFor([&] { return snapshots.size() >= 2; }, 5000));
    QVERIFY(snapshots.last().first().toJsonObject().contains(QStringLiteral("endpoints")));

    // The pages list the daemon's channels and customers (its simulator and demo customer).
    auto *channels = find<QTableView>(window, "channelList");
    QVERIFY(QTest::qWaitFor([&] { return channels->model() && channels->model()->rowCount() >= 1; }, 5000));
    auto *customers = find<QTableView>(window, "customerList");
    QVERIFY(QTest::qWaitFor([&] { return customers->model() && customers->model()->rowCount() >= 1; }, 5000));

    // A change made from the console lands in the daemon, under the operator's token.
    const auto created = waitFor<Customer>([&](QObject *context, auto done) {
        adminClient(gateway).createCustomer(context, NewCustomer {QStringLiteral("Attached Ltd")}, done);
    });
    QVERIFY(created && created->ok());
    HttpClient http;
    QVERIFY(http.get(daemon.url() + QStringLiteral("/admin/customers"), daemon.adminHeaders())
                .body.contains("Attached Ltd"));

    // The playground sends with the daemon's customer key (typed: the console's own data
    // directory holds none of it) and the request is billed there.
    auto *playground = window.findChild<PlaygroundPage *>();
    window.findChild<QTabWidget *>(QStringLiteral("pages"))->setCurrentWidget(playground);
    auto *key = find<QLineEdit>(window, "keyEdit");
    QVERIFY(key->text().isEmpty());
    key->setText(QString::fromLatin1(daemon.demoKey()));
    auto *model = find<QComboBox>(window, "modelBox");
    QVERIFY(QTest::qWaitFor([&] { return model->count() > 0; }, 5000));
    QSignalSpy settled(playground, &PlaygroundPage::settled);
    QTest::mouseClick(find<QPushButton>(window, "sendButton"), Qt::LeftButton);
    QVERIFY(settled.wait(10000));
    QVERIFY2(find<QLabel>(window, "outcomeLabel")->text().contains(QLatin1String("req_")),
        qPrintable(find<QLabel>(window, "outcomeLabel")->text()));
    const auto requests = waitFor<QList<RequestLogItem>>(
        [&](QObject *context, auto done) { adminClient(gateway).requests(context, RequestQuery {}, done); });
    QVERIFY(requests && requests->ok());
    QCOMPARE(requests->value().size(), 1);
    QVERIFY(requests->value().first().billed);

    // An export comes from the daemon too.
    const auto csv = waitFor<QByteArray>([&](QObject *context, auto done) {
        adminClient(gateway).statementDocument(
            context, QStringLiteral("cus_demo"), StatementQuery {}, QStringLiteral("csv"), QString(), done);
    });
    QVERIFY(csv && csv->ok());
    QVERIFY(csv->value().contains("debit"));

    // The console's own gateway never ran: its data directory has no database.
    QVERIFY(!QFile::exists(own.filePath(QStringLiteral("bytespike.db"))));
}

void TestAttach::aRefusedTokenSaysSoAndIsNotRetried()
{
    GatewayProcess daemon;
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    QTemporaryDir own;
    EmbeddedGateway gateway(testConfig(own));
    QSignalSpy failed(&gateway, &EmbeddedGateway::startFailed);
    QSignalSpy states(&gateway, &EmbeddedGateway::stateChanged);
    gateway.attach(daemon.url(), "bsa-not-the-token");
    gateway.start();
    QVERIFY(failed.wait(10000));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(daemon.url()) && message.contains(QLatin1String("admin token")), qPrintable(message));
    QVERIFY(!message.contains(QLatin1String("bsa-not-the-token")));
    QCOMPARE(states.last().first().value<GatewayService::State>(), GatewayService::State::Failed);
    // Not asked again: the daemon counted one refused admin token in all.
    QTest::qWait(EmbeddedGateway::kReattachMs + 500);
    QCOMPARE(failed.size(), 1);
    HttpClient http;
    const QJsonObject metrics = http.get(daemon.url() + QStringLiteral("/admin/metrics"), daemon.adminHeaders()).json();
    QCOMPARE(metrics.value(QStringLiteral("refused")).toObject().value(QStringLiteral("admin_token")).toInteger(), 1);
}

void TestAttach::aLostGatewayIsReportedAndReattached()
{
    const quint16 port = freePort();
    GatewayProcess daemon;
    daemon.extraArgs << QStringLiteral("--listen") << QStringLiteral("127.0.0.1:%1").arg(port);
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    QTemporaryDir own;
    EmbeddedGateway gateway(testConfig(own));
    QSignalSpy started(&gateway, &EmbeddedGateway::started);
    QSignalSpy failed(&gateway, &EmbeddedGateway::startFailed);
    gateway.attach(daemon.url(), daemon.adminToken());
    gateway.start();
    QVERIFY(started.wait(10000));

    QCOMPARE(daemon.terminate(), 0);
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.first().first().toString().startsWith(QLatin1String("Lost the connection")),
        qPrintable(failed.first().first().toString()));
    // Back on the same address: the console finds it again and the pages reload.
    QVERIFY2(daemon.start(&error), qPrintable(error));
    QVERIFY(QTest::qWaitFor([&] { return started.size() == 2; }, 10000));
}

void TestAttach::theDataDirectorysOwnGatewayIsFound()
{
    const quint16 port = freePort();
    GatewayProcess daemon;
    daemon.env.insert(QStringLiteral("BYTESPIKE_ADMIN_TOKEN"), QString()); // it writes DATA_DIR/admin-token
    daemon.extraArgs << QStringLiteral("--listen") << QStringLiteral("127.0.0.1:%1").arg(port);
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    QFile tokenFile(daemon.dataDir() + QStringLiteral("/admin-token"));
    QVERIFY(tokenFile.open(QIODevice::ReadOnly));
    const QByteArray token = tokenFile.readAll().trimmed();

    GatewayConfig config;
    config.dataDir = daemon.dataDir();
    config.listenHost = QStringLiteral("0.0.0.0"); // reached on loopback
    config.listenPort = port;
    QObject context;
    std::optional<std::pair<QString, QByteArray>> found;
    Attach::findRunningGateway(config, &context, [&](const QString &url, const QByteArray &t) { found = {url, t}; });
    QVERIFY(QTest::qWaitFor([&] { return found.has_value(); }, 5000));
    QCOMPARE(found->first, QStringLiteral("http://127.0.0.1:%1").arg(port));
    QCOMPARE(found->second, token);

    // The console then manages it, and its playground has the demo key of that data directory.
    EmbeddedGateway gateway(config);
    PlaygroundPage playground(gateway);
    QSignalSpy started(&gateway, &EmbeddedGateway::started);
    gateway.attach(found->first, found->second, true);
    gateway.start();
    QVERIFY(started.wait(10000));
    auto *key = playground.findChild<QLineEdit *>(QStringLiteral("keyEdit"));
    QVERIFY(QTest::qWaitFor([&] { return key->text().toLatin1() == daemon.demoKey(); }, 5000));

    // Another data directory (no token) or a port where nothing answers: start the embedded one.
    QTemporaryDir fresh;
    GatewayConfig other = testConfig(fresh);
    other.listenPort = port;
    found.reset();
    Attach::findRunningGateway(other, &context, [&](const QString &url, const QByteArray &t) { found = {url, t}; });
    QVERIFY(QTest::qWaitFor([&] { return found.has_value(); }, 5000));
    QVERIFY(found->first.isEmpty());
    config.listenPort = freePort();
    found.reset();
    Attach::findRunningGateway(config, &context, [&](const QString &url, const QByteArray &t) { found = {url, t}; });
    QVERIFY(QTest::qWaitFor([&] { return found.has_value(); }, Attach::kProbeMs + 3000));
    QVERIFY(found->first.isEmpty());
}

void TestAttach::theConnectDialogChecksItsFieldsAndKeepsTheToken()
{
    GatewayProcess daemon;
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    QTemporaryDir own;
    EmbeddedGateway gateway(testConfig(own));
    MainWindow window(gateway);
    window.show();
    QSignalSpy started(&gateway, &EmbeddedGateway::started);

    QTest::mouseClick(find<QPushButton>(window, "connectButton"), Qt::LeftButton);
    auto *dialog = window.findChild<ConnectDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    auto *url = find<QComboBox>(*dialog, "connectUrlBox");
    auto *token = find<QLineEdit>(*dialog, "connectTokenEdit");
    auto *problem = find<QLabel>(*dialog, "connectProblem");
    // A typo in the address, then a token with a space: each says why, and the dialog stays.
    url->setCurrentText(QStringLiteral("ftp://127.0.0.1"));
    token->setText(QString::fromLatin1(daemon.adminToken()));
    dialog->accept();
    QVERIFY(dialog->isVisible());
    QVERIFY2(problem->text().contains(QLatin1String("http://")), qPrintable(problem->text()));
    url->setCurrentText(daemon.url() + QLatin1Char('/'));
    token->setText(QStringLiteral("bsa one"));
    dialog->accept();
    QVERIFY(dialog->isVisible());
    QVERIFY(problem->text().contains(QLatin1String("admin token")));
    token->setText(QString::fromLatin1(daemon.adminToken()));
    QVERIFY(find<QCheckBox>(*dialog, "keepTokenCheck")->isChecked());
    dialog->accept();
    QVERIFY(started.wait(10000));
    QCOMPARE(gateway.attachedUrl(), daemon.url());

    // The token went to the keychain under the address; the next connect finds it there.
    const auto keptToken = [&] {
        // The answer may come after this wait gave up: it goes to a value that outlives it.
        auto kept = std::make_shared<std::optional<QByteArray>>();
        Attach::loadToken(daemon.url(), &window, [kept](const QByteArray &t) { *kept = t; });
        if (!QTest::qWaitFor([&] { return kept->has_value(); }, 5000))
            return QByteArray();
        return kept->value_or(QByteArray());
    };
    QVERIFY(QTest::qWaitFor([&] { return keptToken() == daemon.adminToken(); }, 10000));
    QVERIFY(QTest::qWaitFor([&] { return window.findChildren<ConnectDialog *>().isEmpty(); }, 5000));
    started.clear();
    window.connectTo(daemon.url());
    QVERIFY(started.wait(10000));
    QVERIFY(window.findChildren<ConnectDialog *>().isEmpty()); // the keychain answered, nothing asked

    // The dialog offers the recent gateways, newest first.
    window.openConnectDialog(QString());
    auto *again = window.findChild<ConnectDialog *>();
    QVERIFY(again);
    QCOMPARE(find<QComboBox>(*again, "connectUrlBox")->currentText(), daemon.url());
    again->reject();
}

void TestAttach::badAttachFlagsAreRefused()
{
    const QList<QStringList> cases {{QStringLiteral("--attach"), QStringLiteral("ftp://127.0.0.1:1")},
        {QStringLiteral("--attach"), QStringLiteral("http://user:pw@127.0.0.1:1")},
        {QStringLiteral("--admin-token-file"), QStringLiteral("/nonexistent")},
        {QStringLiteral("--attach"), QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--admin-token-file"),
            QStringLiteral("/nonexistent/token")}};
    for (const QStringList &args : cases) {
        QProcess console;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        console.setProcessEnvironment(env);
        console.start(QStringLiteral(BYTESPIKE_CONSOLE_PATH), args);
        QVERIFY(console.waitForFinished(20000));
        QCOMPARE(console.exitCode(), 2);
        const QByteArray said = console.readAllStandardError();
        QVERIFY2(said.contains("bytespike-console: "), said.constData());
        QVERIFY(!said.contains("pw"));
    }
}

QTEST_MAIN(TestAttach)
#include "tst_attach.moc"
