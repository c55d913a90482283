// bytespike-gatewayd as docs/api.md describes it: flags, the ready line, the admin token, the
// separate admin listener, SIGTERM drain, and clear failures.
#include "GatewayHarness.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include <csignal>

using namespace bytespike::testing;

class TestGatewayd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void versionAndHelp();
    void readyLineHealthAndPrivateFiles();
    void generatedAdminToken();
    void separateAdminListener();
    void sigtermDrainsInFlight();
    void badFlagFails();
    void badEnvironmentFails();
    void corruptDatabaseFailsClearly();
    void onlineBackupWhileServing();
    void logLevelSilencesTheAccessLine_data();
    void logLevelSilencesTheAccessLine();
};

void TestGatewayd::versionAndHelp()
{
    int code = 0;
    const QByteArray version = runGatewayd({QStringLiteral("--version")}, &code);
    QCOMPARE(code, 0);
    QVERIFY2(version.startsWith("bytespike-gatewayd 0."), version.constData());
    const QByteArray help = runGatewayd({QStringLiteral("--help")}, &code);
    QCOMPARE(code, 0);
    for (const char *flag : {"--data-dir", "--listen", "--admin-listen", "--log-level", "--check-ledger", "--backup"})
        QVERIFY2(help.contains(flag), flag);
}

void TestGatewayd::readyLineHealthAndPrivateFiles()
{
    GatewayProcess gateway;
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    QVERIFY(QRegularExpression(QStringLiteral("^http://127\\.0\\.0\\.1:[1-9][0-9]*$")).match(gateway.url()).hasMatch());
    QCOMPARE(gateway.stdoutText().count('\n'), 1); // exactly one ready line
    HttpClient http;
    const HttpResult health = http.get(gateway.url() + QStringLiteral("/healthz"));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    for (const char *name : {"demo-key", "key-pepper", "bytespike.db"}) {
        const QFileInfo info(gateway.dataDir() + QLatin1Char('/') + QLatin1String(name));
        QVERIFY2(info.exists(), name);
        QCOMPARE(info.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
            QFile::Permissions());
    }
    QVERIFY(gateway.demoKey().startsWith("bsk-"));
    QCOMPARE(gateway.terminate(), 0);
}

void TestGatewayd::generatedAdminToken()
{
    GatewayProcess gateway;
    QString error;
    gateway.env.insert(QStringLiteral("BYTESPIKE_ADMIN_TOKEN"), QString()); // empty: generate one
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const QString path = gateway.dataDir() + QStringLiteral("/admin-token");
    QTRY_VERIFY(QFile::exists(path));
    QCOMPARE(QFileInfo(path).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray token = file.readAll().trimmed();
    QVERIFY(token.size() >= 32);
    QVERIFY2(gateway.stderrText().contains(path.toUtf8()), "the token's path is logged");
    QVERIFY2(!gateway.stderrText().contains(token), "the token itself is never logged");
    HttpClient http;
    QCOMPARE(http.get(gateway.url() + QStringLiteral("/admin/channels"), {{"authorization", "Bearer " + token}}).status,
        200);
    QCOMPARE(http.get(gateway.url() + QStringLiteral("/admin/channels")).status, 401);
    QCOMPARE(gateway.terminate(), 0);
}

void TestGatewayd::separateAdminListener()
{
    GatewayProcess gateway;
    gateway.extraArgs = {QStringLiteral("--admin-listen"), QStringLiteral("127.0.0.1:0")};
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    QVERIFY(gateway.stdoutText().contains("admin on http://127.0.0.1:"));
    QVERIFY(gateway.adminUrl() != gateway.url());
    HttpClient http;
    QCOMPARE(http.get(gateway.adminUrl() + QStringLiteral("/admin/channels"), gateway.adminHeaders()).status, 200);
    QCOMPARE(http.get(gateway.url() + QStringLiteral("/admin/channels"), gateway.adminHeaders()).status, 404);
    QCOMPARE(http.get(gateway.adminUrl() + QStringLiteral("/v1/models"), gateway.customerHeaders()).status, 404);
    QCOMPARE(gateway.terminate(), 0);
}

void TestGatewayd::sigtermDrainsInFlight()
{
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("BYTESPIKE_SIMULATOR_LATENCY_SCALE"), QStringLiteral("1"));
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    HttpClient http;
    // A simulator stream takes about a second at realistic latency.
    std::unique_ptr<QNetworkReply> reply(http.start("POST", gateway.url() + QStringLiteral("/v1/messages"),
        gateway.customerHeaders(), messagesBody(QStringLiteral("bytespike-simulator"), true)));
    QSignalSpy ready(reply.get(), &QNetworkReply::readyRead);
    QVERIFY(ready.wait(10000));
    ::kill(pid_t(gateway.process().processId()), SIGTERM);
    // New connections are refused while the stream finishes.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QTcpSocket probe;
            probe.connectToHost(QUrl(gateway.url()).host(), quint16(QUrl(gateway.url()).port()));
            return !probe.waitForConnected(500);
        }(),
        5000);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    const QList<SseEvent> events = sseEvents(reply->readAll());
    QVERIFY(!events.isEmpty());
    QCOMPARE(events.last().event, QByteArray("message_stop"));
    QVERIFY(gateway.process().state() == QProcess::NotRunning || gateway.process().waitForFinished(20000));
    QCOMPARE(gateway.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(gateway.process().exitCode(), 0);
}

void TestGatewayd::logLevelSilencesTheAccessLine_data()
{
    QTest::addColumn<QString>("level");
    QTest::addColumn<bool>("accessLine");
    QTest::newRow("debug") << QStringLiteral("debug") << true;
    QTest::newRow("info") << QStringLiteral("info") << true;
    QTest::newRow("warn") << QStringLiteral("warn") << false;
    QTest::newRow("error") << QStringLiteral("error") << false;
}

// Each request's access line is logged at info; below that level it is neither written nor
// formatted (the category's info level is off, not only filtered when written).
void TestGatewayd::logLevelSilencesTheAccessLine()
{
    QFETCH(QString, level);
    QFETCH(bool, accessLine);
    GatewayProcess gateway;
    gateway.extraArgs = {QStringLiteral("--log-level"), level};
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    HttpClient http;
    const HttpResult ok = http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(),
        messagesBody(QStringLiteral("bytespike-simulator"), false));
    QCOMPARE(ok.status, 200);
    QCOMPARE(gateway.terminate(), 0);
    const QByteArray log = gateway.stderrText();
    QCOMPARE(log.contains("bytespike.requests: req_"), accessLine);
    QCOMPARE(log.contains(" info "), accessLine);
}

void TestGatewayd::badFlagFails()
{
    int code = 0;
    const QByteArray out = runGatewayd({QStringLiteral("--listen"), QStringLiteral("nonsense")}, &code);
    QVERIFY(code != 0);
    QVERIFY2(out.contains("HOST:PORT"), out.constData());
    const QByteArray level = runGatewayd({QStringLiteral("--log-level"), QStringLiteral("loud"),
                                             QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")},
        &code);
    QVERIFY(code != 0);
    QVERIFY(level.contains("--log-level"));
}

// The knobs read from the environment are checked at start like the flags: a typo stops the
// start with the variable named, before any file is opened.
void TestGatewayd::badEnvironmentFails()
{
    const QList<QPair<QString, QByteArray>> cases {
        {QStringLiteral("HTTPS_PROXY=socks5://127.0.0.1:1080"), "HTTPS_PROXY must be an http:// or https:// proxy"},
        {QStringLiteral("http_proxy=http://proxy.example:3128/path"), "http_proxy must be http://host:port"},
        {QStringLiteral("BYTESPIKE_DB_MAX_PAGES=-3"), "BYTESPIKE_DB_MAX_PAGES must be a positive integer"},
        {QStringLiteral("BYTESPIKE_DB_BUSY_TIMEOUT_MS=soon"),
            "BYTESPIKE_DB_BUSY_TIMEOUT_MS must be a positive integer"}};
    for (const auto &[assignment, message] : cases) {
        QTemporaryDir dir;
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(assignment.section(QLatin1Char('='), 0, 0), assignment.section(QLatin1Char('='), 1));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(BYTESPIKE_GATEWAYD_PATH),
            {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QVERIFY(p.waitForFinished(20000));
        QVERIFY2(p.exitCode() != 0, qPrintable(assignment));
        const QByteArray out = p.readAllStandardOutput() + p.readAllStandardError();
        QVERIFY2(out.contains(message), out.constData());
        QVERIFY2(QDir(dir.path()).isEmpty(), qPrintable(assignment + QStringLiteral(" left files behind")));
    }
}

void TestGatewayd::corruptDatabaseFailsClearly()
{
    GatewayProcess gateway;
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    QCOMPARE(gateway.terminate(), 0);
    {
        QFile db(gateway.dataDir() + QStringLiteral("/bytespike.db"));
        QVERIFY(db.open(QIODevice::ReadWrite));
        QVERIFY(db.size() > 8192);
        db.seek(4096);
        db.write(QByteArray(4096, '\xA5'));
    }
    QFile::remove(gateway.dataDir() + QStringLiteral("/bytespike.db-wal"));
    int code = 0;
    const QByteArray out = runGatewayd(
        {QStringLiteral("--data-dir"), gateway.dataDir(), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")},
        &code);
    QVERIFY(code != 0);
    QVERIFY2(out.contains("bytespike.db"), out.constData());
    QVERIFY2(
        out.contains("quick_check") || out.contains("malformed") || out.contains("not a database"), out.constData());
}

void TestGatewayd::onlineBackupWhileServing()
{
    MockUpstream mock;
    GatewayProcess gateway;
    HttpClient http;
    QString error;
    QVERIFY2(startWithMockChannel(mock, gateway, http, &error), qPrintable(error));
    // Requests keep flowing (and the ledger keeps writing) while the backup runs.
    std::vector<std::unique_ptr<QNetworkReply>> load;
    for (int i = 0; i < 30; ++i)
        load.emplace_back(http.start("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(),
            messagesBody(QStringLiteral("claude-mock"), false,
                {{QStringLiteral("mock"),
                    QJsonObject {{QStringLiteral("fault"), QStringLiteral("delay:%1").arg(i * 60)}}}})));
    QTRY_VERIFY_WITH_TIMEOUT(
        std::any_of(load.begin(), load.end(), [](const auto &r) { return r->isFinished(); }), 5000);
    QTemporaryDir restored;
    const QString file = restored.filePath(QStringLiteral("bytespike.db"));
    QProcess backup;
    backup.start(QStringLiteral(BYTESPIKE_GATEWAYD_PATH),
        {QStringLiteral("--data-dir"), gateway.dataDir(), QStringLiteral("--backup"), file});
    QVERIFY(backup.waitForFinished(30000));
    QVERIFY2(backup.exitCode() == 0, backup.readAllStandardError().constData());
    QVERIFY(backup.readAllStandardOutput().startsWith("backup written to"));
    QVERIFY(!std::all_of(load.begin(), load.end(), [](const auto &r) { return r->isFinished(); })); // really online
    QCOMPARE(QFile(file).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
    for (auto &r : load)
        QTRY_VERIFY_WITH_TIMEOUT(r->isFinished(), 10000);

    // The copy is a consistent ledger: the auditor passes on it as it stands.
    QProcess audit;
    audit.start(QStringLiteral(BYTESPIKE_GATEWAYD_PATH),
        {QStringLiteral("--data-dir"), restored.path(), QStringLiteral("--check-ledger")});
    QVERIFY(audit.waitForFinished(30000));
    QVERIFY2(
        audit.exitCode() == 0, QByteArray(audit.readAllStandardOutput() + audit.readAllStandardError()).constData());

    // Never over an existing file.
    QProcess again;
    again.start(QStringLiteral(BYTESPIKE_GATEWAYD_PATH),
        {QStringLiteral("--data-dir"), gateway.dataDir(), QStringLiteral("--backup"), file});
    QVERIFY(again.waitForFinished(30000));
    QCOMPARE(again.exitCode(), 2);
    QVERIFY(again.readAllStandardError().contains("exists"));
    QCOMPARE(gateway.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestGatewayd)
#include "tst_gatewayd.moc"
