// Issue 5, item 7: channel secrets by reference in the real Secret Service (the test command runs
// under dbus-run-session with gnome-keyring unlocked). A keychain secret reaches the upstream; a
// missing one, or an unreachable keychain, is a visible channel state, the channel is skipped
// before any hold, and there is never a plaintext fallback; the value never appears in a
// response, a log line or the database. And the hardening of every kind of reference: a file:
// reference into the gateway's data directory (its key pepper, its admin token) is refused when
// saved and again when resolved, a secret with a control character is never sent upstream
// ("invalid characters"), and a file that cannot be read gets one reason whatever the cause.
#include "GatewayHarness.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace bytespike::testing;

class TestSecrets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void keychainSecretReachesTheUpstream();
    void missingSecretIsVisibleAndSkippedBeforeAnyHold();
    void secretNeverLeaks();
    void unreachableKeychainHasNoPlaintextFallback();
    void dataDirectoryFilesAreRefusedAtSave_data();
    void dataDirectoryFilesAreRefusedAtSave();
    void dataDirectoryFileIsRefusedWhenResolved();
    void controlCharactersMakeTheChannelUnavailable_data();
    void controlCharactersMakeTheChannelUnavailable();
    void storingAValueWithALineBreakIsRefused();
    void unreadableSecretFilesShareOneReason();

private:
    static bool hasSessionBus() { return !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"); }
    HttpResult admin(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    QString fileChannel(const QString &model, const QString &ref); // its id
    QJsonObject waitForState(GatewayProcess &gateway, const QString &channelId, const QString &status);
    int holdCount();
    QJsonObject keychainChannel(const QString &model, const QString &ref);

    MockUpstream m_mock;
    GatewayProcess m_gateway;
    HttpClient m_http;
    QString m_name = QStringLiteral("bytespike-test-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    QByteArray m_secret = "sk-keychain-" + QUuid::createUuid().toString(QUuid::Id128).toLatin1();
    QTemporaryDir m_outside; // where an operator keeps secret files, outside the data directory
    QString m_badKeychainName;
};

void TestSecrets::initTestCase()
{
    // The keychain tests need the Secret Service; the file and environment ones do not.
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") && qEnvironmentVariable("CI") == QLatin1String("true"))
        QFAIL("no D-Bus session: the test command must start dbus-run-session and gnome-keyring");
    QVERIFY(m_outside.isValid());
    // An environment secret with a line break and a header after it.
    m_gateway.env.insert(QStringLiteral("TEST_SPLIT_KEY"), QStringLiteral("sk-env-split\r\nx-injected: 1"));
    QString error;
    QVERIFY2(startWithMockChannel(m_mock, m_gateway, m_http, &error), qPrintable(error));
}

HttpResult TestSecrets::admin(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    return m_http.send(method, m_gateway.url() + path, m_gateway.adminHeaders(),
        body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QString TestSecrets::fileChannel(const QString &model, const QString &ref)
{
    QJsonObject channel = mockChannel(model, m_mock.url(), {{model, QStringLiteral("mock-model")}});
    channel.insert(QStringLiteral("secret_ref"), ref);
    return m_gateway.addChannel(m_http, channel).value(QStringLiteral("id")).toString();
}

void TestSecrets::cleanupTestCase()
{
    if (hasSessionBus())
        m_http.send("DELETE", m_gateway.url() + QStringLiteral("/admin/secrets/") + m_name, m_gateway.adminHeaders());
    if (!m_badKeychainName.isEmpty())
        QProcess::execute(QStringLiteral("secret-tool"),
            {QStringLiteral("clear"), QStringLiteral("user"), m_badKeychainName, QStringLiteral("server"),
                QStringLiteral("bytespike")});
    QCOMPARE(m_gateway.terminate(), 0);
}

QJsonObject TestSecrets::keychainChannel(const QString &model, const QString &ref)
{
    QJsonObject channel = mockChannel(model, m_mock.url(), {{model, QStringLiteral("mock-model")}});
    channel.insert(QStringLiteral("secret_ref"), ref);
    return channel;
}

QJsonObject TestSecrets::waitForState(GatewayProcess &gateway, const QString &channelId, const QString &status)
{
    QJsonObject state;
    for (int attempt = 0; attempt < 250; ++attempt) {
        state = m_http.get(gateway.url() + QStringLiteral("/admin/channels/") + channelId, gateway.adminHeaders())
                    .json()
                    .value(QStringLiteral("state"))
                    .toObject();
        if (state.value(QStringLiteral("status")).toString() == status)
            return state;
        QTest::qWait(20);
    }
    return state;
}

int TestSecrets::holdCount()
{
    return int(m_http.get(m_gateway.url() + QStringLiteral("/admin/ledger/holds"), m_gateway.adminHeaders())
                   .json()
                   .value(QStringLiteral("holds"))
                   .toArray()
                   .size());
}

void TestSecrets::keychainSecretReachesTheUpstream()
{
    if (!hasSessionBus())
        QSKIP("no D-Bus session bus (run through installer/bytespike-setup.sh test)");
    const HttpResult stored
        = m_http.send("PUT", m_gateway.url() + QStringLiteral("/admin/secrets/") + m_name, m_gateway.adminHeaders(),
            QJsonDocument(QJsonObject {{QStringLiteral("value"), QString::fromLatin1(m_secret)}}).toJson());
    QCOMPARE(stored.status, 200);
    QVERIFY(!stored.body.contains(m_secret));
    const QJsonObject channel = m_gateway.addChannel(
        m_http, keychainChannel(QStringLiteral("kc-model"), QStringLiteral("keychain:") + m_name));
    const QString id = channel.value(QStringLiteral("id")).toString();
    QCOMPARE(waitForState(m_gateway, id, QStringLiteral("ready")).value(QStringLiteral("status")).toString(),
        QStringLiteral("ready"));
    m_mock.clearRequests();
    QCOMPARE(m_http
                 .send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(),
                     messagesBody(QStringLiteral("kc-model")))
                 .status,
        200);
    const QJsonObject headers = m_mock.requests().last().toObject().value(QStringLiteral("headers")).toObject();
    QCOMPARE(headers.value(QStringLiteral("x-api-key")).toString().toLatin1(), m_secret);
    // The reader is really the Secret Service: the entry is there for any other client too.
    // (QtKeychain stores it under the service "bytespike" and the key name.)
    QVERIFY(
        m_http.get(m_gateway.url() + QStringLiteral("/admin/audit?target=secret/") + m_name, m_gateway.adminHeaders())
            .body.contains("secret.store"));
}

void TestSecrets::missingSecretIsVisibleAndSkippedBeforeAnyHold()
{
    if (!hasSessionBus())
        QSKIP("no D-Bus session bus (run through installer/bytespike-setup.sh test)");
    const QString absent = m_name + QStringLiteral("-absent");
    const QJsonObject channel = m_gateway.addChannel(
        m_http, keychainChannel(QStringLiteral("kc-missing"), QStringLiteral("keychain:") + absent));
    const QString id = channel.value(QStringLiteral("id")).toString();
    const QJsonObject state = waitForState(m_gateway, id, QStringLiteral("unavailable"));
    QCOMPARE(state.value(QStringLiteral("status")).toString(), QStringLiteral("unavailable"));
    QVERIFY2(state.value(QStringLiteral("reason")).toString().contains(QStringLiteral("no secret named ") + absent),
        qPrintable(state.value(QStringLiteral("reason")).toString()));
    const int holdsBefore = holdCount();
    m_mock.clearRequests();
    const HttpResult r = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"),
        m_gateway.customerHeaders(), messagesBody(QStringLiteral("kc-missing")));
    QCOMPARE(r.status, 529);
    QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(),
        QStringLiteral("overloaded_error"));
    QCOMPARE(holdCount(), holdsBefore);
    QCOMPARE(m_mock.requests().size(), 0);
    // Storing the secret afterwards brings the channel up without a restart.
    QCOMPARE(m_http
                 .send("PUT", m_gateway.url() + QStringLiteral("/admin/secrets/") + absent, m_gateway.adminHeaders(),
                     QJsonDocument(QJsonObject {{QStringLiteral("value"), QString::fromLatin1(m_secret)}}).toJson())
                 .status,
        200);
    QCOMPARE(waitForState(m_gateway, id, QStringLiteral("ready")).value(QStringLiteral("status")).toString(),
        QStringLiteral("ready"));
    QCOMPARE(m_http
                 .send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(),
                     messagesBody(QStringLiteral("kc-missing")))
                 .status,
        200);
    QCOMPARE(
        m_http.send("DELETE", m_gateway.url() + QStringLiteral("/admin/secrets/") + absent, m_gateway.adminHeaders())
            .status,
        200);
    QCOMPARE(waitForState(m_gateway, id, QStringLiteral("unavailable")).value(QStringLiteral("status")).toString(),
        QStringLiteral("unavailable"));
}

void TestSecrets::secretNeverLeaks()
{
    QByteArray seen = m_http.get(m_gateway.url() + QStringLiteral("/admin/channels"), m_gateway.adminHeaders()).body;
    seen += m_http.get(m_gateway.url() + QStringLiteral("/admin/audit?limit=1000"), m_gateway.adminHeaders()).body;
    seen += m_http.get(m_gateway.url() + QStringLiteral("/admin/requests?limit=500"), m_gateway.adminHeaders()).body;
    seen += m_gateway.stderrText() + m_gateway.stdoutText();
    const QDir data(m_gateway.dataDir());
    for (const QString &file : data.entryList({QStringLiteral("bytespike.db*")}, QDir::Files)) {
        QFile f(data.filePath(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        seen += f.readAll();
    }
    QVERIFY(!seen.isEmpty());
    QVERIFY2(!seen.contains(m_secret), "the keychain secret leaked");
    QVERIFY2(!seen.contains("sk-mock-secret"), "the env secret leaked");
}

void TestSecrets::unreachableKeychainHasNoPlaintextFallback()
{
    if (!hasSessionBus())
        QSKIP("no D-Bus session bus (run through installer/bytespike-setup.sh test)");
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus"));
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const QJsonObject channel
        = gateway.addChannel(m_http, keychainChannel(QStringLiteral("kc-nobus"), QStringLiteral("keychain:") + m_name));
    const QString id = channel.value(QStringLiteral("id")).toString();
    const QJsonObject state = waitForState(gateway, id, QStringLiteral("unavailable"));
    QCOMPARE(state.value(QStringLiteral("status")).toString(), QStringLiteral("unavailable"));
    QVERIFY2(state.value(QStringLiteral("reason")).toString().contains(QLatin1String("keychain")),
        qPrintable(state.value(QStringLiteral("reason")).toString()));
    QCOMPARE(m_http
                 .send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(),
                     messagesBody(QStringLiteral("kc-nobus")))
                 .status,
        529);
    // Storing is refused too, rather than kept anywhere else.
    const HttpResult store
        = m_http.send("PUT", gateway.url() + QStringLiteral("/admin/secrets/") + m_name, gateway.adminHeaders(),
            QJsonDocument(QJsonObject {{QStringLiteral("value"), QStringLiteral("sk-nowhere")}}).toJson());
    QCOMPARE(store.status, 503);
    QVERIFY(!store.body.contains("sk-nowhere"));
    QDir data(gateway.dataDir());
    for (const QString &file : data.entryList(QDir::Files)) {
        QFile f(data.filePath(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains("sk-nowhere"), qPrintable(file));
    }
    QCOMPARE(gateway.terminate(), 0);
}

void TestSecrets::dataDirectoryFilesAreRefusedAtSave_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("the key pepper") << QStringLiteral("pepper");
    QTest::newRow("the admin token file") << QStringLiteral("token");
    QTest::newRow("the database") << QStringLiteral("database");
    QTest::newRow("through ..") << QStringLiteral("dotdot");
    QTest::newRow("a symlink outside pointing in") << QStringLiteral("symlink");
    QTest::newRow("through a symlink to the directory") << QStringLiteral("linked-dir");
}

// Before, the gateway's own key pepper was accepted as a channel's secret and sent upstream as
// x-api-key. Now a reference into the data directory is refused when saved, on create and on
// replace, naming secret_ref; the channel stays as it was.
void TestSecrets::dataDirectoryFilesAreRefusedAtSave()
{
    QFETCH(QString, how);
    const QString data = m_gateway.dataDir();
    QString path;
    if (how == QLatin1String("pepper"))
        path = data + QStringLiteral("/key-pepper");
    else if (how == QLatin1String("token"))
        path = data + QStringLiteral("/admin-token");
    else if (how == QLatin1String("database"))
        path = data + QStringLiteral("/bytespike.db");
    else if (how == QLatin1String("dotdot"))
        path = data + QStringLiteral("/../") + QDir(data).dirName() + QStringLiteral("/./key-pepper");
    else if (how == QLatin1String("symlink")) {
        path = m_outside.filePath(QStringLiteral("upstream-key"));
        QFile::remove(path);
        QVERIFY(QFile::link(data + QStringLiteral("/key-pepper"), path));
    } else {
        QFile::remove(m_outside.filePath(QStringLiteral("d")));
        QVERIFY(QFile::link(data, m_outside.filePath(QStringLiteral("d"))));
        path = m_outside.filePath(QStringLiteral("d/key-pepper"));
    }
    QJsonObject channel = mockChannel(
        QStringLiteral("pepper"), m_mock.url(), {{QStringLiteral("pepper-model"), QStringLiteral("mock-model")}});
    channel.insert(QStringLiteral("secret_ref"), QString(QStringLiteral("file:") + path));
    HttpResult r = admin("POST", QStringLiteral("/admin/channels"), channel);
    QCOMPARE(r.status, 400);
    const auto message = [](const HttpResult &result) {
        return result.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    };
    QVERIFY2(
        message(r).startsWith(QLatin1String("secret_ref must not name a file inside the gateway's data directory")),
        qPrintable(message(r)));
    // Replacing an existing channel with such a reference is refused the same way.
    const QString id = lastChannelId(m_http, m_gateway);
    QJsonObject existing = admin("GET", QStringLiteral("/admin/channels/") + id).json();
    const QString before = existing.value(QStringLiteral("secret_ref")).toString();
    existing.insert(QStringLiteral("secret_ref"), QString(QStringLiteral("file:") + path));
    r = admin("PUT", QStringLiteral("/admin/channels/") + id, existing);
    QCOMPARE(r.status, 400);
    QVERIFY2(message(r).startsWith(QLatin1String("secret_ref")), qPrintable(message(r)));
    QCOMPARE(
        admin("GET", QStringLiteral("/admin/channels/") + id).json().value(QStringLiteral("secret_ref")).toString(),
        before);
}

// A reference saved while it pointed nowhere, made to point into the data directory afterwards
// (a symlink): when the secrets are resolved again the channel is unavailable, and the pepper
// never reaches the upstream.
void TestSecrets::dataDirectoryFileIsRefusedWhenResolved()
{
    const QString link = m_outside.filePath(QStringLiteral("later-key"));
    const QString id = fileChannel(QStringLiteral("later-model"), QStringLiteral("file:") + link);
    QVERIFY(!id.isEmpty());
    QCOMPARE(waitForState(m_gateway, id, QStringLiteral("unavailable")).value(QStringLiteral("status")).toString(),
        QStringLiteral("unavailable"));
    QVERIFY(QFile::link(m_gateway.dataDir() + QStringLiteral("/key-pepper"), link));
    // Any channel edit resolves every secret again.
    const QString other = fileChannel(QStringLiteral("later-trigger"), QString());
    QVERIFY(!other.isEmpty());
    const QJsonObject state = waitForState(m_gateway, id, QStringLiteral("unavailable"));
    QVERIFY2(state.value(QStringLiteral("reason"))
                 .toString()
                 .startsWith(QLatin1String("secret file is inside the gateway's data directory")),
        qPrintable(state.value(QStringLiteral("reason")).toString()));
    m_mock.clearRequests();
    QCOMPARE(m_http
                 .send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(),
                     messagesBody(QStringLiteral("later-model")))
                 .status,
        529);
    QCOMPARE(m_mock.requests().size(), 0);
    QFile pepperFile(m_gateway.dataDir() + QStringLiteral("/key-pepper"));
    QVERIFY(pepperFile.open(QIODevice::ReadOnly));
    const QByteArray pepper = pepperFile.readAll().trimmed();
    QVERIFY(!pepper.isEmpty());
    QVERIFY(!admin("GET", QStringLiteral("/admin/channels")).body.contains(pepper));
    QVERIFY(!m_gateway.stderrText().contains(pepper));
    QCOMPARE(admin("DELETE", QStringLiteral("/admin/channels/") + id).status, 200);
    QCOMPARE(admin("DELETE", QStringLiteral("/admin/channels/") + other).status, 200);
}

void TestSecrets::controlCharactersMakeTheChannelUnavailable_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("file, CR LF and a header") << QStringLiteral("file") << QByteArray("sk-file\r\nx-injected: 1\n");
    QTest::newRow("file, LF") << QStringLiteral("file") << QByteArray("sk-file\nsecond-line");
    QTest::newRow("file, NUL") << QStringLiteral("file") << QByteArray("sk-file\0tail", 12);
    QTest::newRow("file, U+2028") << QStringLiteral("file") << QByteArray("sk-file\xe2\x80\xa8tail");
    QTest::newRow("env, CR LF and a header") << QStringLiteral("env") << QByteArray();
    QTest::newRow("keychain, LF") << QStringLiteral("keychain") << QByteArray("sk-keychain\nx-injected: 1");
}

// A secret value with a control character (after trimming) is never sent: the channel is
// unavailable with the reason "invalid characters", routing skips it before any hold and the
// upstream sees nothing, whichever of the three sources it came from.
void TestSecrets::controlCharactersMakeTheChannelUnavailable()
{
    QFETCH(QString, source);
    QFETCH(QByteArray, value);
    const QString model = QStringLiteral("bad-%1-%2")
                              .arg(source)
                              .arg(QString::fromUtf8(QTest::currentDataTag()))
                              .replace(QLatin1Char(' '), QLatin1Char('-'));
    QString ref;
    if (source == QLatin1String("file")) {
        const QString path = m_outside.filePath(model);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(value);
        file.close();
        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
        ref = QStringLiteral("file:") + path;
    } else if (source == QLatin1String("env")) {
        ref = QStringLiteral("env:TEST_SPLIT_KEY");
    } else {
        if (!hasSessionBus())
            QSKIP("no D-Bus session bus (run through installer/bytespike-setup.sh test)");
        if (QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty())
            QSKIP("secret-tool (libsecret-tools) writes the keychain entry behind the gateway's back");
        m_badKeychainName = QStringLiteral("bytespike-test-bad-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
        // Stored as QtKeychain stores a plain text entry: the admin API refuses such a value.
        QProcess store;
        store.start(QStringLiteral("secret-tool"),
            {QStringLiteral("store"), QStringLiteral("--label=bytespike test"), QStringLiteral("user"),
                m_badKeychainName, QStringLiteral("server"), QStringLiteral("bytespike"), QStringLiteral("type"),
                QStringLiteral("plaintext")});
        QVERIFY(store.waitForStarted());
        store.write(value);
        store.closeWriteChannel();
        QVERIFY(store.waitForFinished());
        QCOMPARE(store.exitCode(), 0);
        ref = QStringLiteral("keychain:") + m_badKeychainName;
    }
    const QString id = fileChannel(model, ref);
    QVERIFY(!id.isEmpty());
    const QJsonObject state = waitForState(m_gateway, id, QStringLiteral("unavailable"));
    QCOMPARE(state.value(QStringLiteral("status")).toString(), QStringLiteral("unavailable"));
    QCOMPARE(state.value(QStringLiteral("reason")).toString(), QStringLiteral("invalid characters"));
    const int holdsBefore = holdCount();
    m_mock.clearRequests();
    QCOMPARE(m_http
                 .send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(),
                     messagesBody(model))
                 .status,
        529);
    QCOMPARE(m_mock.requests().size(), 0);
    QCOMPARE(holdCount(), holdsBefore);
    QCOMPARE(admin("DELETE", QStringLiteral("/admin/channels/") + id).status, 200);
}

void TestSecrets::storingAValueWithALineBreakIsRefused()
{
    // Checked before the keychain is asked, so no Secret Service is needed to see it refused.
    const HttpResult r = admin("PUT", QStringLiteral("/admin/secrets/") + m_name + QStringLiteral("-split"),
        {{QStringLiteral("value"), QStringLiteral("sk-split-value\r\nx-injected: 1")}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(),
        QStringLiteral("value must not contain control characters or line breaks"));
    QVERIFY(!r.body.contains("sk-split-value"));
}

// Missing, a directory, empty, readable by the group or by others: one reason for all, so a
// channel's state cannot be used to find out which paths exist on the gateway's machine.
void TestSecrets::unreadableSecretFilesShareOneReason()
{
    const auto write = [this](const QString &name, const QByteArray &content, QFile::Permissions permissions) {
        QFile file(m_outside.filePath(name));
        if (file.open(QIODevice::WriteOnly))
            file.write(content);
        file.close();
        file.setPermissions(permissions);
        return file.fileName();
    };
    const auto owner = QFile::ReadOwner | QFile::WriteOwner;
    const QStringList paths {m_outside.filePath(QStringLiteral("absent")), QStringLiteral("/nonexistent/key"),
        m_outside.path(), QStringLiteral("/etc/passwd"), write(QStringLiteral("empty"), QByteArray(), owner),
        write(QStringLiteral("group"), "sk-group", owner | QFile::ReadGroup),
        write(QStringLiteral("others"), "sk-others", owner | QFile::ReadOther)};
    QSet<QString> reasons;
    QStringList ids;
    for (const QString &path : paths) {
        const QString id = fileChannel(QStringLiteral("unreadable-%1").arg(ids.size()), QStringLiteral("file:") + path);
        QVERIFY2(!id.isEmpty(), qPrintable(path));
        ids << id;
        const QJsonObject state = waitForState(m_gateway, id, QStringLiteral("unavailable"));
        QCOMPARE(state.value(QStringLiteral("status")).toString(), QStringLiteral("unavailable"));
        reasons.insert(state.value(QStringLiteral("reason")).toString());
    }
    QCOMPARE(reasons.size(), 1);
    QVERIFY2(reasons.begin()->startsWith(QLatin1String("secret file cannot be read")), qPrintable(*reasons.begin()));
    for (const QString &id : std::as_const(ids))
        QCOMPARE(admin("DELETE", QStringLiteral("/admin/channels/") + id).status, 200);
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
