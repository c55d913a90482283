// What a customer learns when an upstream fails (case 9 of the security suite): the status, the
// error type and a plain message with the request-id. The upstream's own words (which may carry a
// secret), the channel's id and its base URL stay in the request log, for the operator.
#include "SecurityHarness.h"

#include <QJsonDocument>
#include <QTest>

using namespace bytespike::testing;

namespace {

// The mock listens on this loopback address, so the base URL is easy to look for.
const QString kMockHost = QStringLiteral("127.77.13.42");

// The secret-looking text the upstream's error carries; status 0 is an error event mid-stream.
QString marker(int status)
{
    return QStringLiteral("sk-live-LEAKED-UPSTREAM-SECRET-%1")
        .arg(status ? QString::number(status) : QStringLiteral("EVENT"));
}

} // namespace

class TestErrorLeaks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void upstreamErrorsDoNotLeak_data();
    void upstreamErrorsDoNotLeak();

private:
    MockOnHost m_mock;
    GatewayProcess m_gateway;
    HttpClient m_http;
    QHash<QString, QString> m_channelIds; // channel protocol -> id
};

void TestErrorLeaks::initTestCase()
{
    QString error;
    QVERIFY2(m_mock.start(kMockHost, &error), qPrintable(error));
    QVERIFY(m_mock.url().contains(kMockHost));
    m_gateway.env.insert(QStringLiteral("MOCK_UPSTREAM_KEY"), QStringLiteral("sk-mock-secret"));
    QVERIFY2(m_gateway.start(&error), qPrintable(error));
    // One channel per upstream protocol; the public model names the status the mock answers with,
    // the upstream model carries the fault (and so the marker) in its name.
    for (const QString &protocol : {QStringLiteral("anthropic"), QStringLiteral("openai")}) {
        QList<QPair<QString, QString>> models {
            {QStringLiteral("fail-500"), QStringLiteral("mock-model+fault=status:500,error_text:") + marker(500)},
            {QStringLiteral("fail-400"), QStringLiteral("mock-model+fault=status:400,error_text:") + marker(400)}};
        if (protocol == QLatin1String("anthropic")) // the mock sends error events in Anthropic streams
            models.append(
                {QStringLiteral("fail-0"), QStringLiteral("mock-model+fault=error_event:4,error_text:") + marker(0)});
        // (An OpenAI channel's base URL ends in /v1, as OpenAI's own does.)
        const QString base = m_mock.url() + (protocol == QLatin1String("openai") ? QStringLiteral("/v1") : QString());
        QJsonObject channel = mockChannel(QStringLiteral("leaky-") + protocol, base, models);
        channel.insert(QStringLiteral("protocol"), protocol);
        // Distinct public names per channel: each request goes to the channel its row names.
        QJsonArray routes = channel.value(QStringLiteral("models")).toArray();
        for (qsizetype i = 0; i < routes.size(); ++i) {
            QJsonObject m = routes[i].toObject();
            const QString name = protocol + QLatin1Char('-') + m.value(QStringLiteral("model")).toString();
            m.insert(QStringLiteral("model"), name);
            routes[i] = m;
        }
        channel.insert(QStringLiteral("models"), routes);
        const QString id = m_gateway.addChannel(m_http, channel).value(QStringLiteral("id")).toString();
        QVERIFY2(!id.isEmpty(), "could not create the channel");
        m_channelIds.insert(protocol, id);
    }
}

void TestErrorLeaks::cleanupTestCase()
{
    QCOMPARE(m_gateway.terminate(), 0);
}

void TestErrorLeaks::upstreamErrorsDoNotLeak_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<bool>("openAiClient");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<int>("status");
    for (const QString &channel : {QStringLiteral("anthropic"), QStringLiteral("openai")}) {
        for (const bool openAi : {false, true}) {
            for (const bool stream : {false, true}) {
                for (const int status : {500, 400}) {
                    QTest::addRow("%s channel, %s client, %s, upstream %d", qPrintable(channel),
                        openAi ? "openai" : "anthropic", stream ? "stream" : "non-stream", status)
                        << channel << openAi << stream << status;
                }
            }
        }
    }
    // Status 0: the answer starts (200) and the upstream sends an error event in the middle.
    QTest::newRow("anthropic channel, anthropic client, error event mid-stream")
        << QStringLiteral("anthropic") << false << true << 0;
    QTest::newRow("anthropic channel, openai client, error event mid-stream")
        << QStringLiteral("anthropic") << true << true << 0;
}

// Case 9. An upstream answers 500 or 400 with an error body holding a secret-looking marker; for
// an Anthropic and an OpenAI channel, an Anthropic (/v1/messages) and an OpenAI
// (/v1/chat/completions) client, stream and non-stream, and an error event in the middle of an
// Anthropic stream (status 0 in the rows): the customer's error (body and headers)
// holds neither the marker, nor the channel id, nor the base URL (nor its host or port), but does
// hold "request-id"; GET /admin/requests?request=<id> shows the marker in not_billed_reason.
void TestErrorLeaks::upstreamErrorsDoNotLeak()
{
    QFETCH(QString, channel);
    QFETCH(bool, openAiClient);
    QFETCH(bool, stream);
    QFETCH(int, status);
    const QString model = channel + QStringLiteral("-fail-") + QString::number(status);
    HttpResult r;
    if (openAiClient) {
        const QJsonObject body {{QStringLiteral("model"), model}, {QStringLiteral("stream"), stream},
            {QStringLiteral("messages"),
                QJsonArray {QJsonObject {{QStringLiteral("role"), QStringLiteral("user")},
                    {QStringLiteral("content"), QStringLiteral("hi")}}}}};
        r = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/chat/completions"),
            {{"authorization", "Bearer " + m_gateway.demoKey()}, {"content-type", "application/json"}},
            QJsonDocument(body).toJson(QJsonDocument::Compact));
    } else {
        r = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(),
            messagesBody(model, stream));
    }
    const QByteArray id = r.header("request-id");
    qInfo("%d %s", r.status, r.body.constData());
    QVERIFY2(status == 0 ? r.status == 200 : r.status >= 400, r.body.constData());
    QVERIFY(!id.isEmpty());
    const QByteArray port = QByteArray::number(endpointOf(m_mock.url()).port);
    QByteArray headers;
    for (const auto &h : r.headers)
        headers += h.first + ": " + h.second + "\n";
    const QByteArray secret = marker(status).toUtf8();
    for (const QByteArray &leak : {secret, QByteArray("LEAKED-UPSTREAM-SECRET"), m_channelIds.value(channel).toUtf8(),
             m_mock.url().toUtf8(), kMockHost.toUtf8(), QByteArray(":" + port)}) {
        QVERIFY2(!r.body.contains(leak),
            qPrintable(
                QStringLiteral("the body shows %1: %2").arg(QString::fromUtf8(leak), QString::fromUtf8(r.body))));
    }
    for (const QByteArray &leak :
        {secret, QByteArray("LEAKED-UPSTREAM-SECRET"), m_mock.url().toUtf8(), kMockHost.toUtf8()}) {
        QVERIFY2(!headers.contains(leak),
            qPrintable(
                QStringLiteral("the headers show %1: %2").arg(QString::fromUtf8(leak), QString::fromUtf8(headers))));
    }
    QVERIFY2(r.body.contains("request-id"), r.body.constData());
    const QJsonObject json = r.json();
    if (status == 0) {
        // An event stream: the error frame is there, with the request-id and without the words.
        QVERIFY2(r.body.contains(openAiClient ? "\"error\"" : "event: error"), r.body.constData());
    } else if (openAiClient) {
        QVERIFY2(json.value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("message"))
                     .toString()
                     .contains(QLatin1String("request-id")),
            r.body.constData());
    } else {
        QCOMPARE(json.value(QStringLiteral("type")).toString(), QStringLiteral("error"));
        QVERIFY2(json.value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("message"))
                     .toString()
                     .contains(QLatin1String("request-id")),
            r.body.constData());
    }
    // The operator sees what happened.
    QJsonArray rows;
    QTRY_VERIFY((rows = m_http
                            .get(m_gateway.url() + QStringLiteral("/admin/requests?request=") + QString::fromLatin1(id),
                                m_gateway.adminHeaders())
                            .json()
                            .value(QStringLiteral("requests"))
                            .toArray())
                    .size()
        == 1);
    const QJsonObject row = rows.first().toObject();
    QVERIFY2(row.value(QStringLiteral("not_billed_reason")).toString().contains(marker(status)),
        QJsonDocument(row).toJson().constData());
    if (status != 0)
        QCOMPARE(row.value(QStringLiteral("billed")).toBool(), false);
}

QTEST_GUILESS_MAIN(TestErrorLeaks)
#include "tst_errorleaks.moc"
