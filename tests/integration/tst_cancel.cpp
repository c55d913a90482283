// A client that goes away cancels the upstream request at once (within 100 ms), before the
// first byte and mid-stream.
#include "GatewayHarness.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace bytespike::testing;

class TestCancel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void abortPropagates_data();
    void abortPropagates();

private:
    MockUpstream m_mock;
    GatewayProcess m_gateway;
    HttpClient m_http;
};

void TestCancel::initTestCase()
{
    QString error;
    QVERIFY2(startWithMockChannel(m_mock, m_gateway, m_http, &error), qPrintable(error));
}

void TestCancel::cleanupTestCase()
{
    QCOMPARE(m_gateway.terminate(), 0);
}

void TestCancel::abortPropagates_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<bool>("waitForFirstEvent");
    QTest::newRow("before the first byte") << QStringLiteral("hang") << false;
    QTest::newRow("mid-stream") << QStringLiteral("trickle:200") << true;
}

void TestCancel::abortPropagates()
{
    QFETCH(QString, fault);
    QFETCH(bool, waitForFirstEvent);
    m_mock.clearRequests();
    const QByteArray body = messagesBody(QStringLiteral("claude-mock"), true,
        {{QStringLiteral("mock"), QJsonObject {{QStringLiteral("fault"), fault}}}});
    std::unique_ptr<QNetworkReply> reply(
        m_http.start("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(), body));
    if (waitForFirstEvent) {
        QSignalSpy ready(reply.get(), &QNetworkReply::readyRead);
        QVERIFY(ready.wait(10000));
    } else {
        QTRY_COMPARE_WITH_TIMEOUT(m_mock.requests().size(), 1, 10000);
    }
    // The mock's clock is read just before the abort, so aborted_ms - now_ms bounds the delay.
    const double before = m_http.get(m_mock.controlUrl() + QStringLiteral("/_mock/now"))
                              .json()
                              .value(QStringLiteral("now_ms"))
                              .toDouble();
    reply->abort();
    QJsonObject upstream;
    QTRY_VERIFY_WITH_TIMEOUT(
        (upstream = m_mock.requests().first().toObject()).value(QStringLiteral("aborted")).toBool(), 5000);
    const double delayMs = upstream.value(QStringLiteral("aborted_ms")).toDouble() - before;
    QVERIFY2(
        delayMs < 100.0, qPrintable(QStringLiteral("upstream cancelled %1 ms after the client left").arg(delayMs)));
}

QTEST_GUILESS_MAIN(TestCancel)
#include "tst_cancel.moc"
