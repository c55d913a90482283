// Where an upstream connection goes: proxy URLs (http:// only, credentials only from the
// environment), the environment's proxies and their NO_PROXY exceptions, the origin key that keeps
// connections with different trust or proxies apart, and the channel fields that choose them.
#include "bytespike/Channel.h"
#include "wire/UpstreamOrigin.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace bytespike;

class TestUpstreamOrigin : public QObject
{
    Q_OBJECT

private slots:
    void proxyUrls_data();
    void proxyUrls();
    void environmentProxies();
    void noProxyRules_data();
    void noProxyRules();
    void originKeys();
    void channelTransportFields_data();
    void channelTransportFields();
};

void TestUpstreamOrigin::proxyUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowCredentials");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("host and port") << QStringLiteral("http://proxy.internal:3128") << false << true
                                   << QStringLiteral("proxy.internal") << 3128 << QByteArray();
    QTest::newRow("default port") << QStringLiteral("http://10.0.0.1") << false << true << QStringLiteral("10.0.0.1")
                                  << 80 << QByteArray();
    QTest::newRow("trailing slash") << QStringLiteral("http://p:8080/") << false << true << QStringLiteral("p") << 8080
                                    << QByteArray();
    QTest::newRow("ipv6") << QStringLiteral("http://[::1]:3128") << false << true << QStringLiteral("::1") << 3128
                          << QByteArray();
    QTest::newRow("credentials from the environment")
        << QStringLiteral("http://us%40er:p%3Ass@proxy:3128") << true << true << QStringLiteral("proxy") << 3128
        << QByteArray("Basic dXNAZXI6cDpzcw==");
    QTest::newRow("credentials in a channel")
        << QStringLiteral("http://user:pass@proxy:3128") << false << false << QStringLiteral("") << 0 << QByteArray();
    QTest::newRow("https proxy") << QStringLiteral("https://proxy.internal") << false << true
                                 << QStringLiteral("proxy.internal") << 443 << QByteArray();
    QTest::newRow("socks") << QStringLiteral("socks5://proxy:1080") << false << false << QStringLiteral("") << 0
                           << QByteArray();
    QTest::newRow("no scheme") << QStringLiteral("proxy:3128") << false << false << QStringLiteral("") << 0
                               << QByteArray();
    QTest::newRow("path") << QStringLiteral("http://proxy:3128/x") << false << false << QStringLiteral("") << 0
                          << QByteArray();
    QTest::newRow("query") << QStringLiteral("http://proxy:3128?a=b") << false << false << QStringLiteral("") << 0
                           << QByteArray();
    QTest::newRow("too long") << QStringLiteral("http://") + QString(3000, QLatin1Char('a')) + QStringLiteral(":1")
                              << false << false << QStringLiteral("") << 0 << QByteArray();
}

void TestUpstreamOrigin::proxyUrls()
{
    QFETCH(QString, url);
    QFETCH(bool, allowCredentials);
    QFETCH(bool, ok);
    ProxyEndpoint proxy;
    QString error;
    QCOMPARE(parseProxyUrl(url, allowCredentials, &proxy, &error), ok);
    if (!ok) {
        QVERIFY(!error.isEmpty());
        QVERIFY2(!error.contains(QLatin1String("pass")), qPrintable(error)); // never echoes a password
        return;
    }
    QTEST(proxy.host, "host");
    QTEST(int(proxy.port), "port");
    QTEST(proxy.authorization, "authorization");
    QCOMPARE(proxy.tls, url.startsWith(QLatin1String("https:")));
}

void TestUpstreamOrigin::environmentProxies()
{
    qputenv("HTTPS_PROXY", "http://upper:1");
    qputenv("https_proxy", "http://lower:2"); // the lower-case name wins, as in curl
    qputenv("HTTP_PROXY", "http://plain:3");
    qputenv("NO_PROXY", " internal.example , 10.0.0.0/8 ,");
    ProxySettings settings;
    QString error;
    QVERIFY2(ProxySettings::fromEnvironment(&settings, &error), qPrintable(error));
    QCOMPARE(settings.https->host, QStringLiteral("lower"));
    QCOMPARE(settings.http->host, QStringLiteral("plain"));
    QCOMPARE(settings.noProxy, (QStringList {QStringLiteral("internal.example"), QStringLiteral("10.0.0.0/8")}));
    QCOMPARE(settings.forTarget(UpstreamTarget(QUrl(QStringLiteral("https://api.example/v1"))))->host,
        QStringLiteral("lower"));
    QCOMPARE(settings.forTarget(UpstreamTarget(QUrl(QStringLiteral("http://api.example/v1"))))->host,
        QStringLiteral("plain"));
    QVERIFY(!settings.forTarget(UpstreamTarget(QUrl(QStringLiteral("https://a.internal.example/")))));
    QVERIFY(!settings.forTarget(UpstreamTarget(QUrl(QStringLiteral("https://10.1.2.3/")))));
    QVERIFY(!settings.forTarget(UpstreamTarget(QUrl(QStringLiteral("http://127.0.0.1:8080/")))));

    qputenv("https_proxy", "ftp://x");
    QVERIFY(!ProxySettings::fromEnvironment(&settings, &error));
    QVERIFY2(error.startsWith(QLatin1String("https_proxy ")), qPrintable(error));
    for (const char *name : {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "NO_PROXY"})
        qunsetenv(name);
    QVERIFY(ProxySettings::fromEnvironment(&settings, &error));
    QVERIFY(!settings.http && !settings.https);
}

void TestUpstreamOrigin::noProxyRules_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("bypassed");
    QTest::newRow("exact") << QStringLiteral("example.com") << QStringLiteral("example.com") << true;
    QTest::newRow("subdomain") << QStringLiteral("example.com") << QStringLiteral("api.example.com") << true;
    QTest::newRow("leading dot") << QStringLiteral(".example.com") << QStringLiteral("api.example.com") << true;
    QTest::newRow("leading star") << QStringLiteral("*.example.com") << QStringLiteral("example.com") << true;
    QTest::newRow("case") << QStringLiteral("Example.COM") << QStringLiteral("api.example.com") << true;
    QTest::newRow("not a suffix match") << QStringLiteral("example.com") << QStringLiteral("badexample.com") << false;
    QTest::newRow("other host") << QStringLiteral("example.com") << QStringLiteral("example.org") << false;
    QTest::newRow("port ignored") << QStringLiteral("example.com:443") << QStringLiteral("example.com") << true;
    QTest::newRow("everything") << QStringLiteral("*") << QStringLiteral("anything.test") << true;
    QTest::newRow("address") << QStringLiteral("192.0.2.7") << QStringLiteral("192.0.2.7") << true;
    QTest::newRow("other address") << QStringLiteral("192.0.2.7") << QStringLiteral("192.0.2.8") << false;
    QTest::newRow("subnet") << QStringLiteral("192.0.2.0/24") << QStringLiteral("192.0.2.200") << true;
    QTest::newRow("ipv6 subnet") << QStringLiteral("2001:db8::/32") << QStringLiteral("2001:db8::1") << true;
    QTest::newRow("subnet and name") << QStringLiteral("192.0.2.0/24") << QStringLiteral("example.com") << false;
    QTest::newRow("loopback always") << QStringLiteral("") << QStringLiteral("localhost") << true;
    QTest::newRow("loopback address always") << QStringLiteral("") << QStringLiteral("::1") << true;
}

void TestUpstreamOrigin::noProxyRules()
{
    QFETCH(QString, rule);
    QFETCH(QString, host);
    ProxySettings settings;
    if (!rule.isEmpty())
        settings.noProxy = {rule};
    QTEST(settings.bypasses(host), "bypassed");
}

void TestUpstreamOrigin::originKeys()
{
    const UpstreamTarget target(QUrl(QStringLiteral("https://api.example:8443/v1/messages")));
    const auto plain = UpstreamOrigin::make(target);
    QCOMPARE(plain->host, QStringLiteral("api.example"));
    QCOMPARE(plain->port, quint16(8443));
    QVERIFY(plain->tls);
    const auto withCa = UpstreamOrigin::make(target, QStringLiteral("/etc/ca.pem"));
    const ProxyEndpoint proxy {QStringLiteral("proxy"), 3128, "Basic c2VjcmV0"};
    const auto proxied = UpstreamOrigin::make(target, {}, proxy);
    ProxyEndpoint otherCredentials = proxy;
    otherCredentials.authorization = "Basic b3RoZXI=";
    const auto proxiedOther = UpstreamOrigin::make(target, {}, otherCredentials);
    ProxyEndpoint tlsProxy = proxy;
    tlsProxy.tls = true;
    const auto proxiedTls = UpstreamOrigin::make(target, {}, tlsProxy);
    const QSet<QString> keys {plain->key, withCa->key, proxied->key, proxiedOther->key, proxiedTls->key};
    QCOMPARE(keys.size(), 5);
    QVERIFY(!proxied->key.contains(QLatin1String("c2VjcmV0"))); // credentials only as a digest
    QCOMPARE(UpstreamOrigin::make(target)->key, plain->key);
    // http:// has no trust to tell apart.
    const auto http = UpstreamOrigin::make(UpstreamTarget(QUrl(QStringLiteral("http://h/x"))), QStringLiteral("/ca"));
    QVERIFY(!http->tls);
    QVERIFY(http->caFile.isEmpty());
    QCOMPARE(http->port, quint16(80));
}

void TestUpstreamOrigin::channelTransportFields_data()
{
    QTest::addColumn<QJsonObject>("fields");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::newRow("none") << QJsonObject {} << QString();
    QTest::newRow("ca_file") << QJsonObject {{QStringLiteral("ca_file"), QStringLiteral("/etc/ssl/private-ca.pem")}}
                             << QString();
    QTest::newRow("relative ca_file") << QJsonObject {{QStringLiteral("ca_file"), QStringLiteral("ca.pem")}}
                                      << QStringLiteral("ca_file must be an absolute path");
    QTest::newRow("ca_file control character")
        << QJsonObject {{QStringLiteral("ca_file"), QStringLiteral("/etc/ca\n.pem")}}
        << QStringLiteral("ca_file must be an absolute path");
    QTest::newRow("ca_file on http") << QJsonObject {{QStringLiteral("base_url"), QStringLiteral("http://api.example")},
        {QStringLiteral("ca_file"), QStringLiteral("/ca.pem")}}
                                     << QStringLiteral("ca_file applies to https:// base URLs only");
    QTest::newRow("proxy") << QJsonObject {{QStringLiteral("proxy"), QStringLiteral("http://proxy:3128")}} << QString();
    QTest::newRow("direct") << QJsonObject {{QStringLiteral("proxy"), QStringLiteral("direct")}} << QString();
    QTest::newRow("proxy with credentials")
        << QJsonObject {{QStringLiteral("proxy"), QStringLiteral("http://u:p@proxy:3128")}}
        << QStringLiteral("must not carry credentials");
    QTest::newRow("proxy typo") << QJsonObject {{QStringLiteral("proxy"), QStringLiteral("htp://proxy")}}
                                << QStringLiteral("proxy must be an http:// or https:// proxy");
    QTest::newRow("proxy secret") << QJsonObject {{QStringLiteral("proxy"), QStringLiteral("http://proxy:3128")},
        {QStringLiteral("proxy_secret_ref"), QStringLiteral("env:P")}}
                                  << QString();
    QTest::newRow("proxy secret without proxy")
        << QJsonObject {{QStringLiteral("proxy_secret_ref"), QStringLiteral("env:P")}}
        << QStringLiteral("proxy_secret_ref needs a proxy URL");
    QTest::newRow("bad proxy secret") << QJsonObject {{QStringLiteral("proxy"), QStringLiteral("http://proxy:3128")},
        {QStringLiteral("proxy_secret_ref"), QStringLiteral("vault:x")}}
                                      << QStringLiteral("proxy_secret_ref must be empty or");
    QTest::newRow("wrong type") << QJsonObject {{QStringLiteral("proxy"), 3128}}
                                << QStringLiteral("proxy must be a string");
}

void TestUpstreamOrigin::channelTransportFields()
{
    QFETCH(QJsonObject, fields);
    QFETCH(QString, error);
    QJsonObject json {{QStringLiteral("name"), QStringLiteral("c")},
        {QStringLiteral("protocol"), QStringLiteral("anthropic")},
        {QStringLiteral("base_url"), QStringLiteral("https://api.example")}, {QStringLiteral("models"), QJsonArray {}}};
    for (auto it = fields.begin(); it != fields.end(); ++it)
        json.insert(it.key(), it.value());
    Channel channel;
    QString why;
    const bool ok = channelFromJson(json, &channel, &why);
    QVERIFY2(ok == error.isEmpty(), qPrintable(why));
    if (!ok) {
        QVERIFY2(why.contains(error), qPrintable(why));
        return;
    }
    const QJsonObject back = channelToJson(channel);
    for (auto it = fields.begin(); it != fields.end(); ++it)
        QCOMPARE(back.value(it.key()), it.value());
}

QTEST_GUILESS_MAIN(TestUpstreamOrigin)
#include "tst_upstreamorigin.moc"
