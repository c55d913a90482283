// https upstreams and proxies, end to end: bytespike-gatewayd against the mock upstream serving TLS
// with certificates made for the run. A certificate that must not be trusted (an unknown CA, a
// wrong host name, an expired one) fails the attempt with the reason in the channel's state, and
// the request fails over or fails, never billed; a TLS connection reset or cut short mid-stream
// ends the client's stream with an in-band error and voids the hold; pooled connections the server
// closed are replaced without a failed request, and new ones resume the TLS session; a rotated
// certificate is verified on new connections; ca_file trusts exactly its CA; requests reach the
// upstream through a CONNECT proxy, with and without credentials, from the channel or from the
// environment (HTTPS_PROXY, NO_PROXY).
#include "GatewayHarness.h"

#include <QJsonDocument>
#include <QTest>

using namespace bytespike::testing;

namespace {
const QStringList kLocalNames {QStringLiteral("DNS:localhost"), QStringLiteral("IP:127.0.0.1")};

// tests/fixtures/connect-proxy/proxy.js under node.
class ConnectProxy
{
public:
    ~ConnectProxy()
    {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
    bool start(const QStringList &options, QString *error)
    {
        m_process.start(QStringLiteral("node"),
            QStringList {QStringLiteral(BYTESPIKE_SOURCE_DIR "/tests/fixtures/connect-proxy/proxy.js")} + options);
        QByteArray out;
        while (m_process.waitForReadyRead(10000)) {
            out += m_process.readAllStandardOutput();
            if (const qsizetype at = out.indexOf("listening on "); at >= 0 && out.endsWith('\n')) {
                m_url = QString::fromUtf8(out.mid(at + 13)).trimmed();
                // A TLS proxy's stats come from its plain-http control port.
                const qsizetype control = out.indexOf("control on ");
                m_controlUrl = control < 0
                    ? m_url
                    : QString::fromUtf8(out.mid(control + 11, out.indexOf('\n', control) - control - 11));
                return true;
            }
        }
        *error
            = QStringLiteral("the proxy did not start: ") + QString::fromUtf8(out + m_process.readAllStandardError());
        return false;
    }
    QString url() const { return m_url; }
    QJsonObject stats()
    {
        HttpClient http;
        return http.get(m_controlUrl + QStringLiteral("/_proxy/stats")).json();
    }

private:
    QProcess m_process;
    QString m_url;
    QString m_controlUrl;
};
} // namespace

class TestTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void badCertificatesFailOver_data();
    void badCertificatesFailOver();
    void caFileTrustsExactlyThatCa();
    void unusableCaFileIsRefused();
    void brokenStreamVoidsTheHold_data();
    void brokenStreamVoidsTheHold();
    void closedPooledConnectionsAreReplaced();
    void throughConnectProxy_data();
    void throughConnectProxy();
    void environmentProxyAndNoProxy();
    void rotatedCertificateIsVerified();

private:
    QString addChannel(
        const QString &name, const QString &baseUrl, const QString &model, int priority, const QJsonObject &extra = {});
    HttpResult ask(const QString &model, bool stream = false);
    QJsonObject breaker(const QString &channelName);
    int debitsFor(const QByteArray &requestId);

    MockUpstream m_good;
    GatewayProcess m_gateway;
    HttpClient m_http;
    QString m_customer;
    QByteArray m_key;
};

void TestTls::initTestCase()
{
    m_good.tls = true;
    QString error;
    QVERIFY2(m_good.start(&error), qPrintable(error));
    m_gateway.env.insert(QStringLiteral("MOCK_UPSTREAM_KEY"), QStringLiteral("sk-mock-secret"));
    m_gateway.env.insert(QStringLiteral("PROXY_CREDENTIALS"), QStringLiteral("relay:proxy-pass-7f3a"));
    m_gateway.env.insert(QStringLiteral("BYTESPIKE_CONNECT_TIMEOUT_MS"), QStringLiteral("3000"));
    // The system's trusted CAs, for this gateway, are the good mock's CA alone: what an https://
    // proxy's certificate is verified against (channels name their own ca_file).
    m_gateway.env.insert(QStringLiteral("SSL_CERT_FILE"), m_good.caFile());
    QVERIFY2(m_gateway.start(&error), qPrintable(error));
    m_customer = createCustomer(m_http, m_gateway, 100'000'000, &m_key);
}

void TestTls::cleanupTestCase()
{
    QByteArray report;
    QVERIFY2(m_gateway.ledgerClean(&report), report.constData());
    const QByteArray log = m_gateway.stderrText() + m_gateway.stdoutText();
    QVERIFY2(!log.contains("proxy-pass-7f3a") && !log.contains("sk-mock-secret"), "a secret reached the log");
    QCOMPARE(m_gateway.terminate(), 0);
}

// A channel on baseUrl serving model as the mock's model; its name.
QString TestTls::addChannel(
    const QString &name, const QString &baseUrl, const QString &model, int priority, const QJsonObject &extra)
{
    QJsonObject channel = mockChannel(name, baseUrl, {{model, QStringLiteral("mock-model")}}, priority);
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        if (it.value().isNull())
            channel.remove(it.key());
        else
            channel.insert(it.key(), it.value());
    }
    const QJsonObject created = m_gateway.addChannel(m_http, channel);
    return created.isEmpty() ? QString() : name;
}

HttpResult TestTls::ask(const QString &model, bool stream)
{
    return m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(m_key),
        messagesBody(model, stream), 30000);
}

QJsonObject TestTls::breaker(const QString &channelName)
{
    const QJsonArray channels
        = m_http.get(m_gateway.url() + QStringLiteral("/admin/channels"), m_gateway.adminHeaders())
              .json()
              .value(QStringLiteral("channels"))
              .toArray();
    for (const QJsonValue &c : channels) {
        if (c[QStringLiteral("name")].toString() == channelName)
            return c[QStringLiteral("state")][QStringLiteral("breaker")].toObject();
    }
    return {};
}

int TestTls::debitsFor(const QByteArray &requestId)
{
    int debits = 0;
    const QJsonArray lines = customerStatement(m_http, m_gateway, m_customer).value(QStringLiteral("lines")).toArray();
    for (const QJsonValue &line : lines)
        debits += line[QStringLiteral("request_id")].toString().toLatin1() == requestId ? 1 : 0;
    return debits;
}

void TestTls::badCertificatesFailOver_data()
{
    QTest::addColumn<QString>("certificate"); // what the bad mock serves
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<qint64>("notAfter");
    QTest::addColumn<bool>("trusted"); // the channel names the mock's CA in ca_file
    QTest::addColumn<QString>("reason");
    QTest::newRow("unknown CA") << QString() << kLocalNames << qint64(86400) << false
                                << QStringLiteral("unable to get local issuer certificate");
    QTest::newRow("wrong host name") << QStringLiteral("elsewhere")
                                     << QStringList {QStringLiteral("DNS:elsewhere.test")} << qint64(86400) << true
                                     << QStringLiteral("hostname mismatch");
    QTest::newRow("expired") << QStringLiteral("expired") << kLocalNames << qint64(-86400) << true
                             << QStringLiteral("certificate has expired");
}

void TestTls::badCertificatesFailOver()
{
    QFETCH(QString, certificate);
    QFETCH(QStringList, names);
    QFETCH(qint64, notAfter);
    QFETCH(bool, trusted);
    QFETCH(QString, reason);
    MockUpstream bad;
    bad.tls = true;
    QString error;
    TestCertificates *pki = bad.certificates(&error);
    QVERIFY2(pki, qPrintable(error));
    if (!certificate.isEmpty()) {
        QVERIFY2(
            pki->makeServer(certificate, QStringLiteral("ca"), names, &error, -2 * 86400, notAfter), qPrintable(error));
        bad.serve = certificate;
    }
    QVERIFY2(bad.start(&error), qPrintable(error));
    // By name, so that the host name is what is verified (127.0.0.1 would be checked as an address).
    const QString base = QString(bad.url()).replace(QStringLiteral("127.0.0.1"), QStringLiteral("localhost"));
    const QJsonObject trust = trusted ? QJsonObject {{QStringLiteral("ca_file"), bad.caFile()}}
                                      : QJsonObject {{QStringLiteral("ca_file"), QJsonValue::Null}};
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
    const QString model = QStringLiteral("fo-") + tag;
    const QString badChannel = addChannel(QStringLiteral("bad-") + tag, base, model, 10, trust);
    QVERIFY(!badChannel.isEmpty());
    QVERIFY(!addChannel(QStringLiteral("good-") + tag, m_good.url(), model, 0).isEmpty());

    // Failed over: answered by the good channel, billed once, the bad mock never saw a request.
    const HttpResult r = ask(model);
    QCOMPARE(r.status, 200);
    QCOMPARE(bad.requests().size(), 0);
    const QJsonObject state = breaker(badChannel);
    QVERIFY2(
        state[QStringLiteral("last_failure")].toString().contains(reason), QJsonDocument(state).toJson().constData());
    // The request's log row is written with its debit, after the response: waited for first.
    QCOMPARE(requestLogEntry(m_http, m_gateway, r.header("request-id"))[QStringLiteral("billed")].toBool(), true);
    QCOMPARE(debitsFor(r.header("request-id")), 1);

    // Alone, the channel fails the request, unbilled.
    const QString solo = QStringLiteral("solo-") + tag;
    QVERIFY(!addChannel(QStringLiteral("solo-") + tag, base, solo, 0, trust).isEmpty());
    const HttpResult failed = ask(solo);
    QVERIFY2(failed.status >= 500, failed.body.constData());
    QVERIFY(failed.body.contains("\"type\":\"error\""));
    QCOMPARE(requestLogEntry(m_http, m_gateway, failed.header("request-id"))[QStringLiteral("billed")].toBool(), false);
    QCOMPARE(debitsFor(failed.header("request-id")), 0);
}

void TestTls::caFileTrustsExactlyThatCa()
{
    // Another mock's CA is not this one's: verification fails although both are test CAs the
    // gateway has been told about in other channels.
    MockUpstream other;
    other.tls = true;
    QString error;
    QVERIFY2(other.start(&error), qPrintable(error));
    const QString wrong = addChannel(QStringLiteral("other-ca"), m_good.url(), QStringLiteral("ca-wrong"), 0,
        {{QStringLiteral("ca_file"), other.caFile()}});
    const HttpResult refused = ask(QStringLiteral("ca-wrong"));
    QVERIFY(refused.status >= 500);
    QVERIFY2(
        breaker(wrong)[QStringLiteral("last_failure")].toString().contains(QStringLiteral("certificate verify failed")),
        QJsonDocument(breaker(wrong)).toJson().constData());
    QCOMPARE(breaker(wrong)[QStringLiteral("last_failure_code")].toString(), QStringLiteral("tls_certificate"));
    // Its own CA is.
    addChannel(QStringLiteral("own-ca"), m_good.url(), QStringLiteral("ca-right"), 0,
        {{QStringLiteral("ca_file"), m_good.caFile()}});
    QCOMPARE(ask(QStringLiteral("ca-right")).status, 200);
}

void TestTls::unusableCaFileIsRefused()
{
    QTemporaryDir dir;
    const QString empty = dir.filePath(QStringLiteral("empty-ca.pem"));
    QVERIFY(QFile(empty).open(QIODevice::WriteOnly));
    for (const QString &path : {QStringLiteral("/nonexistent/ca.pem"), empty, QStringLiteral("relative/ca.pem")}) {
        QJsonObject channel = mockChannel(
            QStringLiteral("bad-ca-file"), m_good.url(), {{QStringLiteral("x"), QStringLiteral("mock-model")}});
        channel.insert(QStringLiteral("ca_file"), path);
        const HttpResult r = m_http.send("POST", m_gateway.url() + QStringLiteral("/admin/channels"),
            m_gateway.adminHeaders(), QJsonDocument(channel).toJson());
        QCOMPARE(r.status, 400);
        QVERIFY2(r.body.contains("ca_file"), r.body.constData());
    }
}

void TestTls::brokenStreamVoidsTheHold_data()
{
    QTest::addColumn<QString>("fault");
    QTest::newRow("TCP reset") << QStringLiteral("reset_after:3");
    QTest::newRow("cut without close_notify") << QStringLiteral("drop_after:3");
}

void TestTls::brokenStreamVoidsTheHold()
{
    QFETCH(QString, fault);
    const QString model = QStringLiteral("broken-") + fault.section(QLatin1Char('_'), 0, 0);
    QJsonObject channel = mockChannel(
        QStringLiteral("broken-%1").arg(model), m_good.url(), {{model, QStringLiteral("mock-model+fault=") + fault}});
    QVERIFY(!m_gateway.addChannel(m_http, channel).isEmpty());
    const HttpResult r = ask(model, true);
    QCOMPARE(r.status, 200); // the stream had begun
    const QList<SseEvent> events = sseEvents(r.body);
    QVERIFY(!events.isEmpty());
    QCOMPARE(events.first().event, QByteArray("message_start"));
    QCOMPARE(events.last().event, QByteArray("error"));
    const QByteArray id = r.header("request-id");
    const QJsonObject row = requestLogEntry(m_http, m_gateway, id);
    QCOMPARE(row[QStringLiteral("billed")].toBool(), false);
    QCOMPARE(debitsFor(id), 0);
    const QJsonArray holds
        = m_http
              .get(m_gateway.url() + QStringLiteral("/admin/ledger/holds?request=") + QString::fromLatin1(id),
                  m_gateway.adminHeaders())
              .json()
              .value(QStringLiteral("holds"))
              .toArray();
    QCOMPARE(holds.size(), 1);
    QCOMPARE(holds.first()[QStringLiteral("state")].toString(), QStringLiteral("voided"));
}

void TestTls::closedPooledConnectionsAreReplaced()
{
    addChannel(QStringLiteral("pooled"), m_good.url(), QStringLiteral("pooled"), 0);
    const auto stats = [this] { return m_http.get(m_good.controlUrl() + QStringLiteral("/_mock/tls")).json(); };
    const QList<Header> headers = m_gateway.customerHeaders(m_key);
    const QString url = m_gateway.url() + QStringLiteral("/v1/messages");
    for (int round = 0; round < 5; ++round) {
        for (const HttpResult &r : burst(url, headers, messagesBody(QStringLiteral("pooled")), 8))
            QCOMPARE(r.status, 200);
        // The server closes every idle connection; the next requests go out at once, some onto
        // connections whose close is still on its way.
        const qint64 before = stats()[QStringLiteral("handshakes")].toInteger();
        m_http.send("POST", m_good.controlUrl() + QStringLiteral("/_mock/close-idle"));
        for (int i = 0; i < 10; ++i)
            QCOMPARE(ask(QStringLiteral("pooled")).status, 200);
        QVERIFY(stats()[QStringLiteral("handshakes")].toInteger() > before);
    }
    // New connections to a known origin resume its TLS session instead of a full handshake.
    QVERIFY2(stats()[QStringLiteral("resumed")].toInteger() > 0, QJsonDocument(stats()).toJson().constData());
}

void TestTls::throughConnectProxy_data()
{
    QTest::addColumn<QStringList>("proxyOptions");
    QTest::addColumn<bool>("withCredentials");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<int>("status");
    QTest::newRow("https, open proxy") << QStringList() << false << true << 200;
    QTest::newRow("http, open proxy") << QStringList() << false << false << 200;
    QTest::newRow("https, https proxy") << QStringList {QStringLiteral("tls")} << false << true << 200;
    QTest::newRow("http, https proxy with credentials")
        << QStringList {QStringLiteral("tls"), QStringLiteral("--auth"), QStringLiteral("relay:proxy-pass-7f3a")}
        << true << false << 200;
    QTest::newRow("https, proxy credentials")
        << QStringList {QStringLiteral("--auth"), QStringLiteral("relay:proxy-pass-7f3a")} << true << true << 200;
    QTest::newRow("https, credentials missing")
        << QStringList {QStringLiteral("--auth"), QStringLiteral("relay:proxy-pass-7f3a")} << false << true << 0;
}

void TestTls::throughConnectProxy()
{
    QFETCH(QStringList, proxyOptions);
    QFETCH(bool, withCredentials);
    QFETCH(bool, tls);
    QFETCH(int, status);
    ConnectProxy proxy;
    MockUpstream plain;
    QString error;
    // "tls": an https:// proxy, serving the good mock's certificate (which SSL_CERT_FILE trusts).
    if (proxyOptions.removeAll(QStringLiteral("tls")) > 0)
        proxyOptions << QStringLiteral("--tls-cert")
                     << m_good.certificates(&error)->certificate(QStringLiteral("localhost"))
                     << QStringLiteral("--tls-key") << m_good.certificates(&error)->key(QStringLiteral("localhost"));
    QVERIFY2(proxy.start(proxyOptions, &error), qPrintable(error));
    if (!tls) {
        plain.tls = false;
        QVERIFY2(plain.start(&error), qPrintable(error));
    }
    const QString upstream = tls ? m_good.url() : plain.url();
    const QString model = QStringLiteral("via-")
        + QString::fromLatin1(QTest::currentDataTag())
              .replace(QLatin1String(", "), QLatin1String("-"))
              .replace(QLatin1Char(' '), QLatin1Char('-'));
    QJsonObject extra {{QStringLiteral("proxy"), proxy.url()}};
    if (withCredentials)
        extra.insert(QStringLiteral("proxy_secret_ref"), QStringLiteral("env:PROXY_CREDENTIALS"));
    const QString channel = addChannel(model, upstream, model, 0, extra);
    QVERIFY(!channel.isEmpty());
    const HttpResult r = ask(model);
    const QJsonObject seen = proxy.stats();
    if (status == 200) {
        QCOMPARE(r.status, 200);
        QVERIFY2(seen[QStringLiteral("targets")].toArray().contains(QString(upstream).section(QLatin1String("//"), 1)),
            QJsonDocument(seen).toJson().constData());
    } else {
        QVERIFY(r.status >= 500);
        QCOMPARE(seen[QStringLiteral("refused")].toInt(), 1);
        QVERIFY2(breaker(channel)[QStringLiteral("last_failure")].toString().contains(QStringLiteral("407")),
            QJsonDocument(breaker(channel)).toJson().constData());
        QCOMPARE(breaker(channel)[QStringLiteral("last_failure_code")].toString(), QStringLiteral("proxy"));
    }
    const QByteArray listed
        = m_http.get(m_gateway.url() + QStringLiteral("/admin/channels"), m_gateway.adminHeaders()).body;
    QVERIFY(!listed.contains("proxy-pass-7f3a"));
}

void TestTls::environmentProxyAndNoProxy()
{
    // A host name only the proxy can resolve: reached through HTTPS_PROXY, and not when NO_PROXY
    // exempts it (the gateway then looks it up itself, and fails).
    ConnectProxy proxy;
    QString error;
    QVERIFY2(proxy.start({QStringLiteral("--resolve"), QStringLiteral("upstream.bytespike.test=127.0.0.1")}, &error),
        qPrintable(error));
    MockUpstream named;
    named.tls = true;
    TestCertificates *pki = named.certificates(&error);
    QVERIFY2(pki, qPrintable(error));
    QVERIFY2(pki->makeServer(QStringLiteral("named"), QStringLiteral("ca"),
                 {QStringLiteral("DNS:upstream.bytespike.test")}, &error),
        qPrintable(error));
    named.serve = QStringLiteral("named");
    QVERIFY2(named.start(&error), qPrintable(error));
    const QString base
        = QString(named.url()).replace(QStringLiteral("127.0.0.1"), QStringLiteral("upstream.bytespike.test"));
    for (const bool exempt : {false, true}) {
        GatewayProcess gateway;
        gateway.env.insert(QStringLiteral("MOCK_UPSTREAM_KEY"), QStringLiteral("sk-mock-secret"));
        gateway.env.insert(QStringLiteral("HTTPS_PROXY"), proxy.url());
        if (exempt)
            gateway.env.insert(QStringLiteral("NO_PROXY"), QStringLiteral("localhost,.bytespike.test"));
        QVERIFY2(gateway.start(&error), qPrintable(error));
        QJsonObject channel
            = mockChannel(QStringLiteral("named"), base, {{QStringLiteral("named"), QStringLiteral("mock-model")}});
        channel.insert(QStringLiteral("ca_file"), named.caFile());
        QVERIFY(!gateway.addChannel(m_http, channel).isEmpty());
        const HttpResult r = m_http.send("POST", gateway.url() + QStringLiteral("/v1/messages"),
            gateway.customerHeaders(), messagesBody(QStringLiteral("named")));
        QVERIFY2(exempt ? r.status >= 500 : r.status == 200, r.body.constData());
        QCOMPARE(named.requests().size(), exempt ? 0 : 1);
        named.clearRequests();
        QCOMPARE(gateway.terminate(), 0);
    }
    QCOMPARE(proxy.stats()[QStringLiteral("tunnels")].toInt(), 1);
}

void TestTls::rotatedCertificateIsVerified()
{
    // The mock's certificate is replaced by an expired one and then by a valid new one; each time
    // the server drops its idle connections. New connections verify what the server now sends.
    addChannel(QStringLiteral("rotating"), m_good.url(), QStringLiteral("rotating"), 0);
    QCOMPARE(ask(QStringLiteral("rotating")).status, 200);
    QString error;
    TestCertificates *pki = m_good.certificates(&error);
    QVERIFY(pki->makeServer(QStringLiteral("stale"), QStringLiteral("ca"), kLocalNames, &error, -2 * 86400, -86400));
    QVERIFY(pki->makeServer(QStringLiteral("fresh"), QStringLiteral("ca"), kLocalNames, &error));
    const auto rotate = [&](const QString &name) {
        const QJsonObject files {
            {QStringLiteral("cert"), pki->certificate(name)}, {QStringLiteral("key"), pki->key(name)}};
        QCOMPARE(
            m_http.send("POST", m_good.controlUrl() + QStringLiteral("/_mock/tls"), {}, QJsonDocument(files).toJson())
                .status,
            200);
        m_http.send("POST", m_good.controlUrl() + QStringLiteral("/_mock/close-idle"));
        QTest::qWait(100);
    };
    rotate(QStringLiteral("stale"));
    QVERIFY(ask(QStringLiteral("rotating")).status >= 500);
    QVERIFY2(breaker(QStringLiteral("rotating"))[QStringLiteral("last_failure")].toString().contains(
                 QStringLiteral("certificate has expired")),
        QJsonDocument(breaker(QStringLiteral("rotating"))).toJson().constData());
    rotate(QStringLiteral("fresh"));
    QCOMPARE(ask(QStringLiteral("rotating")).status, 200);
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
