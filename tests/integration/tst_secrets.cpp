// Issue 5, item 7: channel secrets by reference in the real Secret Service (the test command runs
// under dbus-run-session with gnome-keyring unlocked). A keychain secret reaches the upstream; a
// missing one, or an unreachable keychain, is a visible channel state, the channel is skipped
// before any hold, and there is never a plaintext fallback; the value never appears in a
// response, a log line or the database.
#include "GatewayHarness.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
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

private:
    QJsonObject waitForState(GatewayProcess &gateway, const QString &channelId, const QString &status);
    int holdCount();
    QJsonObject keychainChannel(const QString &model, const QString &ref);

    MockUpstream m_mock;
    GatewayProcess m_gateway;
    HttpClient m_http;
    QString m_name = QStringLiteral("bytespike-test-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    QByteArray m_secret = "sk-keychain-" + QUuid::createUuid().toString(QUuid::Id128).toLatin1();
};

void TestSecrets::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
        if (qEnvironmentVariable("CI") == QLatin1String("true"))
            QFAIL("no D-Bus session: the test command must start dbus-run-session and gnome-keyring");
        QSKIP("no D-Bus session bus (run through installer/bytespike-setup.sh test)");
    }
    QString error;
    QVERIFY2(startWithMockChannel(m_mock, m_gateway, m_http, &error), qPrintable(error));
}

void TestSecrets::cleanupTestCase()
{
    m_http.send("DELETE", m_gateway.url() + QStringLiteral("/admin/secrets/") + m_name, m_gateway.adminHeaders());
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

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
