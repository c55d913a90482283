// Where channels may point (case 10 of the security suite). At every connect the gateway refuses
// unspecified, link-local and cloud-metadata addresses and its own listener (and, with
// BYTESPIKE_UPSTREAM_DENY_PRIVATE=1, loopback and private ranges) unless BYTESPIKE_UPSTREAM_ALLOW
// holds them; a request that comes back to the gateway that sent it is answered 508.
//
// The channels are saved while a permissive policy is in force and the daemon is then restarted
// with the policy under test: what is tested is the check at connect time, whatever the channel
// API accepts at save time. The process runs in a network namespace of its own (where it may, as
// root in CI), holding only a loopback interface: even a policy that failed could send nothing
// beyond this machine.
#include "SecurityHarness.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTest>

#include <cstring>

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace bytespike::testing;

namespace {

bool g_isolated = false;

// A network namespace with only "lo", brought up. Called before any thread starts, so the
// whole process (and every child it starts) lives in it.
bool isolateNetwork()
{
    if (::unshare(CLONE_NEWNET) != 0)
        return false;
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ifreq request {};
    std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
    const bool up = fd >= 0 && ::ioctl(fd, SIOCGIFFLAGS, &request) == 0
        && (request.ifr_flags |= IFF_UP, ::ioctl(fd, SIOCSIFFLAGS, &request) == 0);
    if (fd >= 0)
        ::close(fd);
    return up;
}

QJsonObject channelTo(const QString &name, const QString &baseUrl, const QString &model)
{
    QJsonObject channel = mockChannel(name, baseUrl, {{model, model}});
    return channel;
}

QJsonObject requestRow(HttpClient &http, GatewayProcess &gateway, const QByteArray &requestId)
{
    QJsonArray rows;
    for (int attempt = 0; attempt < 100 && rows.isEmpty(); ++attempt) {
        rows = http.get(gateway.url() + QStringLiteral("/admin/requests?request=") + QString::fromLatin1(requestId),
                       gateway.adminHeaders())
                   .json()
                   .value(QStringLiteral("requests"))
                   .toArray();
        if (rows.isEmpty())
            QTest::qWait(20);
    }
    return rows.isEmpty() ? QJsonObject() : rows.first().toObject();
}

} // namespace

class TestUpstreamPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void refusedTargetsFailUnbilled_data();
    void refusedTargetsFailUnbilled();
    void loopGuardRefusesTheReturningRequest();
    void loopThroughAnotherGatewayIsRefused();
    void denyPrivateRefusesLoopbackUpstream();
};

void TestUpstreamPolicy::initTestCase()
{
    if (!g_isolated)
        qWarning("no network namespace of our own (not root?): the cases aimed beyond loopback cannot run");
}

void TestUpstreamPolicy::refusedTargetsFailUnbilled_data()
{
    QTest::addColumn<QString>("baseUrl"); // %1 is the gateway's own port
    QTest::addColumn<QString>("why"); // what the request log must say
    QTest::addColumn<bool>("beyondLoopback"); // aimed, or listening, beyond loopback
    QTest::addColumn<QString>("listenHost");
    const QString loopback = QStringLiteral("127.0.0.1");
    QTest::newRow("cloud metadata") << QStringLiteral("http://169.254.169.254") << QStringLiteral("cloud metadata")
                                    << true << loopback;
    QTest::newRow("link-local IPv6") << QStringLiteral("http://[fe80::1]:9") << QStringLiteral("link-local") << true
                                     << loopback;
    // The same targets written otherwise.
    QTest::newRow("metadata as IPv4-mapped IPv6")
        << QStringLiteral("http://[::ffff:169.254.169.254]") << QStringLiteral("cloud metadata") << true << loopback;
    QTest::newRow("metadata as one decimal number")
        << QStringLiteral("http://2852039166") << QStringLiteral("cloud metadata") << true << loopback;
    QTest::newRow("link-local IPv4") << QStringLiteral("http://169.254.1.1:8080") << QStringLiteral("link-local")
                                     << true << loopback;
    QTest::newRow("multicast") << QStringLiteral("http://224.0.0.251:80") << QStringLiteral("multicast") << true
                               << loopback;
    QTest::newRow("unspecified") << QStringLiteral("http://0.0.0.0:80") << QStringLiteral("unspecified") << false
                                 << loopback;
    QTest::newRow("own listener") << QStringLiteral("http://127.0.0.1:%1") << QStringLiteral("own listener") << false
                                  << loopback;
    QTest::newRow("own listener by name")
        << QStringLiteral("http://localhost:%1") << QStringLiteral("own listener") << false << loopback;
    QTest::newRow("own listener as IPv4-mapped IPv6")
        << QStringLiteral("http://[::ffff:127.0.0.1]:%1") << QStringLiteral("own listener") << false << loopback;
    // A gateway listening on every address answers on 127.0.0.1 too.
    QTest::newRow("own listener on 0.0.0.0")
        << QStringLiteral("http://127.0.0.1:%1") << QStringLiteral("own listener") << true << QStringLiteral("0.0.0.0");
}

// Case 10. A channel aimed at a metadata address, at fe80::1, at 0.0.0.0 or at the gateway's own
// --listen address (127.0.0.1:PORT, also with the gateway on 0.0.0.0:PORT): a request for its model fails (529, no
// channel could serve it), its request log row says "refused by the upstream policy" and why, nothing is billed, no
// hold is left pending and the customer's balance is unchanged.
void TestUpstreamPolicy::refusedTargetsFailUnbilled()
{
    QFETCH(QString, baseUrl);
    QFETCH(QString, why);
    QFETCH(bool, beyondLoopback);
    QFETCH(QString, listenHost);
    if (beyondLoopback && !g_isolated) {
        // CI runs as root and can always make the namespace; elsewhere the row is skipped.
        if (qEnvironmentVariable("CI") == QLatin1String("true"))
            QFAIL("cannot create a network namespace of our own, which this row needs");
        QSKIP("beyond loopback: runs only inside a network namespace of its own");
    }
    const quint16 port = freeLoopbackPort();
    GatewayProcess gateway;
    HttpClient http;
    gateway.extraArgs = {QStringLiteral("--listen"), QStringLiteral("%1:%2").arg(listenHost).arg(port)};
    gateway.env.insert(QStringLiteral("MOCK_UPSTREAM_KEY"), QStringLiteral("sk-mock-secret"));
    // Saved under a policy that allows it; no request is sent while it is in force.
    gateway.env.insert(QStringLiteral("BYTESPIKE_UPSTREAM_ALLOW"),
        QStringLiteral("169.254.0.0/16,fe80::/10,0.0.0.0/8,127.0.0.0/8,224.0.0.0/4"));
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    QByteArray key;
    const QString customer = createCustomer(http, gateway, 10'000'000, &key);
    const QString target = baseUrl.contains(QLatin1String("%1")) ? baseUrl.arg(port) : baseUrl;
    QVERIFY(
        !gateway.addChannel(http, channelTo(QStringLiteral("aimed"), target, QStringLiteral("aimed-model"))).isEmpty());
    QCOMPARE(gateway.terminate(), 0);

    // The default policy.
    gateway.env.remove(QStringLiteral("BYTESPIKE_UPSTREAM_ALLOW"));
    QVERIFY2(gateway.start(&error), qPrintable(error));
    QCOMPARE(gateway.url(), QStringLiteral("http://%1:%2").arg(listenHost).arg(port));
    const Balance before = customerBalance(http, gateway, customer);
    const HttpResult r = http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(key),
        messagesBody(QStringLiteral("aimed-model")));
    QCOMPARE(r.status, 529);
    QVERIFY2(r.body.contains("no channel could serve this model right now"), r.body.constData());
    QVERIFY2(!r.body.contains(target.toUtf8()), r.body.constData());
    const QJsonObject row = requestRow(http, gateway, r.header("request-id"));
    const QString reason = row.value(QStringLiteral("not_billed_reason")).toString();
    qInfo("%s: %d; request log: %s", qPrintable(target), r.status, qPrintable(reason));
    QVERIFY2(reason.contains(QLatin1String("refused by the upstream policy")), qPrintable(reason));
    QVERIFY2(reason.contains(why), qPrintable(reason));
    QCOMPARE(row.value(QStringLiteral("billed")).toBool(), false);
    QVERIFY(customerHolds(http, gateway, customer, QStringLiteral("pending")).isEmpty());
    QVERIFY(customerHolds(http, gateway, customer, QStringLiteral("posted")).isEmpty());
    const Balance after = customerBalance(http, gateway, customer);
    QCOMPARE(after.posted, before.posted);
    QCOMPARE(after.pending, 0);
    QCOMPARE(gateway.terminate(), 0);
}

// Case 10, the loop guard. With BYTESPIKE_UPSTREAM_ALLOW=127.0.0.0/8 a channel may point at the
// gateway itself (its key is a second customer's, so a forwarded request would be served and
// forwarded again). The request that comes back carries the gateway's own bytespike-via mark
// and is answered 508 before authentication: exactly one nested request (one "HTTP 508" attempt
// in the customer's row, no row and no charge for the second customer, no refusal counted), and
// the customer's request ends with an error, nothing billed.
void TestUpstreamPolicy::loopGuardRefusesTheReturningRequest()
{
    const quint16 port = freeLoopbackPort();
    GatewayProcess gateway;
    HttpClient http;
    gateway.extraArgs = {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)};
    gateway.env.insert(QStringLiteral("BYTESPIKE_UPSTREAM_ALLOW"), QStringLiteral("127.0.0.0/8"));
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    QByteArray key;
    const QString customer = createCustomer(http, gateway, 10'000'000, &key);
    QByteArray loopKey;
    const QString loopCustomer = createCustomer(http, gateway, 10'000'000, &loopKey);
    QJsonObject channel = channelTo(
        QStringLiteral("loop"), QStringLiteral("http://127.0.0.1:%1").arg(port), QStringLiteral("loop-model"));
    channel.insert(QStringLiteral("secret_ref"), QStringLiteral("env:LOOP_KEY"));
    QVERIFY(!gateway.addChannel(http, channel).isEmpty());
    QCOMPARE(gateway.terminate(), 0);
    gateway.env.insert(QStringLiteral("LOOP_KEY"), QString::fromLatin1(loopKey));
    QVERIFY2(gateway.start(&error), qPrintable(error));
    QCOMPARE(gateway.url(), QStringLiteral("http://127.0.0.1:%1").arg(port));

    const Balance before = customerBalance(http, gateway, customer);
    const Balance loopBefore = customerBalance(http, gateway, loopCustomer);
    const HttpResult r = http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(key),
        messagesBody(QStringLiteral("loop-model")));
    QVERIFY2(r.status >= 400, r.body.constData());
    const QJsonObject row = requestRow(http, gateway, r.header("request-id"));
    const QString reason = row.value(QStringLiteral("not_billed_reason")).toString();
    qInfo("looping request: %d; request log: %s", r.status, qPrintable(reason));
    QCOMPARE(row.value(QStringLiteral("billed")).toBool(), false);
    QCOMPARE(reason.count(QLatin1String("508")), 1);
    QVERIFY2(reason.contains(QLatin1String("request loop")), qPrintable(reason));
    QTest::qWait(300); // any row a nested request would have left is written by now
    QCOMPARE(requestLogRows(http, gateway), 1);
    QCOMPARE(requestLogRows(http, gateway, QStringLiteral("&customer=") + loopCustomer), 0);
    const QJsonObject refused = http.get(gateway.url() + QStringLiteral("/admin/metrics"), gateway.adminHeaders())
                                    .json()
                                    .value(QStringLiteral("refused"))
                                    .toObject();
    for (auto it = refused.begin(); it != refused.end(); ++it)
        QCOMPARE(it.value().toInteger(), 0);
    QVERIFY(customerHolds(http, gateway, customer, QStringLiteral("pending")).isEmpty());
    const Balance after = customerBalance(http, gateway, customer);
    QCOMPARE(after.posted, before.posted);
    QCOMPARE(after.pending, 0);
    const Balance loopAfter = customerBalance(http, gateway, loopCustomer);
    QCOMPARE(loopAfter.posted, loopBefore.posted);
    QCOMPARE(loopAfter.pending, 0);
    QCOMPARE(gateway.terminate(), 0);
}

// Case 10, the loop guard through another gateway (each marks what it forwards, and keeps the
// marks it received): gateway A's channel points at gateway B and B's at A, with loopback allowed
// as by default. A request to A goes to B, comes back to A with A's mark and is answered 508;
// each gateway logs exactly one row, nothing is billed on either, and the customer gets an error.
void TestUpstreamPolicy::loopThroughAnotherGatewayIsRefused()
{
    GatewayProcess a;
    GatewayProcess b;
    HttpClient http;
    QString error;
    QVERIFY2(a.start(&error), qPrintable(error));
    QVERIFY2(b.start(&error), qPrintable(error));
    QByteArray customerKey;
    const QString customer = createCustomer(http, a, 10'000'000, &customerKey);
    QByteArray aKeyOnB;
    const QString aOnB = createCustomer(http, b, 10'000'000, &aKeyOnB);
    QByteArray bKeyOnA;
    const QString bOnA = createCustomer(http, a, 10'000'000, &bKeyOnA);
    // The keys are stored as files: secret_ref file:PATH, read when the channel is used (outside
    // the data directories, which no secret may come from).
    QTemporaryDir keys;
    const auto keyFile = [&keys](GatewayProcess &gateway, const QByteArray &key) {
        const QString path = keys.filePath(QFileInfo(gateway.dataDir()).fileName() + QStringLiteral("-peer-key"));
        QFile file(path);
        file.open(QIODevice::WriteOnly);
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner); // as the resolver demands
        file.write(key);
        return path;
    };
    QJsonObject toB = channelTo(QStringLiteral("to-b"), b.url(), QStringLiteral("ping-pong"));
    toB.insert(QStringLiteral("secret_ref"), QString(QStringLiteral("file:") + keyFile(a, aKeyOnB)));
    QVERIFY(!a.addChannel(http, toB).isEmpty());
    QJsonObject toA = channelTo(QStringLiteral("to-a"), a.url(), QStringLiteral("ping-pong"));
    toA.insert(QStringLiteral("secret_ref"), QString(QStringLiteral("file:") + keyFile(b, bKeyOnA)));
    QVERIFY(!b.addChannel(http, toA).isEmpty());

    const Balance before = customerBalance(http, a, customer);
    const HttpResult r = http.send("POST", a.url() + QStringLiteral("/v1/messages"), a.customerHeaders(customerKey),
        messagesBody(QStringLiteral("ping-pong")));
    QVERIFY2(r.status >= 400, r.body.constData());
    const QJsonObject row = requestRow(http, a, r.header("request-id"));
    qInfo("A -> B -> A: %d; A's request log: %s", r.status,
        qPrintable(row.value(QStringLiteral("not_billed_reason")).toString()));
    QCOMPARE(row.value(QStringLiteral("billed")).toBool(), false);
    QTest::qWait(300);
    QCOMPARE(requestLogRows(http, a), 1);
    QCOMPARE(requestLogRows(http, b), 1);
    QCOMPARE(requestLogRows(http, a, QStringLiteral("&customer=") + bOnA), 0); // the return never got in
    QCOMPARE(requestLogRows(http, b, QStringLiteral("&billed=true")), 0);
    const QJsonArray bRows = http.get(b.url() + QStringLiteral("/admin/requests?limit=5"), b.adminHeaders())
                                 .json()
                                 .value(QStringLiteral("requests"))
                                 .toArray();
    QVERIFY2(
        bRows.first().toObject().value(QStringLiteral("not_billed_reason")).toString().contains(QLatin1String("508")),
        QJsonDocument(bRows).toJson().constData());
    const Balance after = customerBalance(http, a, customer);
    QCOMPARE(after.posted, before.posted);
    QCOMPARE(after.pending, 0);
    QCOMPARE(customerBalance(http, b, aOnB).pending, 0);
    QCOMPARE(a.terminate(), 0);
    QCOMPARE(b.terminate(), 0);
}

// Case 10, BYTESPIKE_UPSTREAM_DENY_PRIVATE=1: a channel to the mock on 127.0.0.1, which served a
// request under the default policy (with a bytespike-via header), is refused at connect time: the request fails
// unbilled with the policy named in its row, and the mock sees no request.
void TestUpstreamPolicy::denyPrivateRefusesLoopbackUpstream()
{
    MockUpstream mock;
    GatewayProcess gateway;
    HttpClient http;
    QString error;
    QVERIFY2(startWithMockChannel(mock, gateway, http, &error), qPrintable(error));
    QByteArray key;
    const QString customer = createCustomer(http, gateway, 10'000'000, &key);
    QCOMPARE(http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(key),
                     messagesBody(QStringLiteral("claude-mock")))
                 .status,
        200);
    QCOMPARE(mock.requests().size(), 1);
    // Every upstream request carries the gateway's mark (what the loop guard looks for).
    QVERIFY(!mock.requests()
                 .first()
                 .toObject()
                 .value(QStringLiteral("headers"))
                 .toObject()
                 .value(QStringLiteral("bytespike-via"))
                 .toString()
                 .isEmpty());
    QCOMPARE(gateway.terminate(), 0);

    gateway.env.insert(QStringLiteral("BYTESPIKE_UPSTREAM_DENY_PRIVATE"), QStringLiteral("1"));
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const Balance before = customerBalance(http, gateway, customer);
    const HttpResult r = http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(key),
        messagesBody(QStringLiteral("claude-mock")));
    QCOMPARE(r.status, 529);
    const QJsonObject row = requestRow(http, gateway, r.header("request-id"));
    const QString reason = row.value(QStringLiteral("not_billed_reason")).toString();
    qInfo("mock on 127.0.0.1 with DENY_PRIVATE=1: %d; request log: %s", r.status, qPrintable(reason));
    QVERIFY2(reason.contains(QLatin1String("refused by the upstream policy")), qPrintable(reason));
    QVERIFY2(reason.contains(QLatin1String("BYTESPIKE_UPSTREAM_DENY_PRIVATE")), qPrintable(reason));
    QCOMPARE(row.value(QStringLiteral("billed")).toBool(), false);
    QCOMPARE(mock.requests().size(), 1); // only the one from before
    QVERIFY(customerHolds(http, gateway, customer, QStringLiteral("pending")).isEmpty());
    const Balance after = customerBalance(http, gateway, customer);
    QCOMPARE(after.posted, before.posted);
    QCOMPARE(after.pending, 0);
    QCOMPARE(gateway.terminate(), 0);
}

int main(int argc, char **argv)
{
    // Before QCoreApplication: no thread exists yet, so the whole process moves.
    g_isolated = isolateNetwork();
    QCoreApplication app(argc, argv);
    TestUpstreamPolicy test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_upstreampolicy.moc"
