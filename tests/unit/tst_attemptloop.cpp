// The attempt loop of a Messages request (service/AttemptLoop), without sockets: given how each
// attempt ends, which candidates are tried, what their circuit breakers learn, and the give-up
// answer when none answers (in the gateway's words; the detail is the request log's).
#include "protocol/UpstreamErrors.h"
#include "routing/CircuitBreakers.h"
#include "service/AttemptLoop.h"

#include <QRegularExpression>
#include <QTest>

using namespace bytespike;

namespace {

const QByteArray kRequestId = "req_1";

// An upstream error body that names what a customer must never see.
QByteArray upstreamBody(const char *type)
{
    return QByteArray(R"({"type":"error","error":{"type":")") + type
        + R"(","message":"account acct-secret-7 on 10.0.0.5 is busy"}})";
}

// How one attempt ends: "answered", "connect", "first-byte", "dropped", "http NNN" (an answer
// with that failover status, read whole) or "cut NNN" (such an answer cut short).
AttemptFailure failure(const QString &outcome)
{
    if (outcome == QLatin1String("connect"))
        return {QStringLiteral("connect error: refused"), UpstreamFailure::Connect, false, std::nullopt};
    if (outcome == QLatin1String("first-byte"))
        return {QStringLiteral("first-byte timeout: 60000 ms"), UpstreamFailure::FirstByteTimeout, false, std::nullopt};
    if (outcome == QLatin1String("dropped"))
        return {
            QStringLiteral("upstream dropped the connection: reset"), UpstreamFailure::Dropped, false, std::nullopt};
    const int status = outcome.mid(5).toInt();
    if (outcome.startsWith(QLatin1String("cut ")))
        return {QStringLiteral("upstream dropped the connection: reset"), UpstreamFailure::Dropped, true, std::nullopt};
    const QByteArray body = upstreamBody(status == 529 ? "overloaded_error" : "api_error");
    return {QStringLiteral("upstream HTTP %1: busy").arg(status), UpstreamFailure::Connect, true,
        UpstreamAnswer {status, body, {{"retry-after", "1"}}}};
}

} // namespace

class TestAttemptLoop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decisions_data();
    void decisions();
};

void TestAttemptLoop::decisions_data()
{
    QTest::addColumn<QStringList>("opened"); // channels whose breaker is open before the request
    QTest::addColumn<QStringList>("outcomes"); // one per attempt made, in order
    QTest::addColumn<QStringList>("tried");
    QTest::addColumn<int>("status"); // of the give-up answer; 0: an attempt answered
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("detail");
    const QString overloaded = QStringLiteral("no channel could serve this model right now; request-id req_1");
    const QString timeout = QStringLiteral("the model provider did not answer in time; request-id req_1");
    QTest::newRow("first answers") << QStringList() << QStringList {QStringLiteral("answered")}
                                   << QStringList {QStringLiteral("ch0/m")} << 0 << QByteArray() << QString()
                                   << QString();
    QTest::newRow("failover, then an answer")
        << QStringList() << QStringList {QStringLiteral("connect"), QStringLiteral("answered")}
        << QStringList {QStringLiteral("ch0/m"), QStringLiteral("ch1/m")} << 0 << QByteArray() << QString()
        << QString();
    QTest::newRow("every candidate refuses to connect")
        << QStringList()
        << QStringList {QStringLiteral("connect"), QStringLiteral("connect"), QStringLiteral("connect")}
        << QStringList {QStringLiteral("ch0/m"), QStringLiteral("ch1/m"), QStringLiteral("ch2/m")} << 529
        << QByteArray("overloaded_error") << overloaded
        << QStringLiteral("all channels failed: ch0/m: connect error: refused; ch1/m: connect error: refused; "
                          "ch2/m: connect error: refused");
    QTest::newRow("the last a first-byte timeout")
        << QStringList()
        << QStringList {QStringLiteral("connect"), QStringLiteral("dropped"), QStringLiteral("first-byte")}
        << QStringList {QStringLiteral("ch0/m"), QStringLiteral("ch1/m"), QStringLiteral("ch2/m")} << 504
        << QByteArray("timeout_error") << timeout
        << QStringLiteral("all channels failed: ch0/m: connect error: refused; ch1/m: upstream dropped the "
                          "connection: reset; ch2/m: first-byte timeout: 60000 ms");
    QTest::newRow("a timeout, then a connect error")
        << QStringList()
        << QStringList {QStringLiteral("first-byte"), QStringLiteral("connect"), QStringLiteral("connect")}
        << QStringList {QStringLiteral("ch0/m"), QStringLiteral("ch1/m"), QStringLiteral("ch2/m")} << 529
        << QByteArray("overloaded_error") << overloaded
        << QStringLiteral("all channels failed: ch0/m: first-byte timeout: 60000 ms; ch1/m: connect error: refused; "
                          "ch2/m: connect error: refused");
    QTest::newRow("the last error answer is relayed")
        << QStringList()
        << QStringList {QStringLiteral("connect"), QStringLiteral("http 429"), QStringLiteral("http 503")}
        << QStringList {QStringLiteral("ch0/m"), QStringLiteral("ch1/m"), QStringLiteral("ch2/m")} << 503
        << QByteArray("api_error") << QStringLiteral("the model provider failed to answer (HTTP 503); request-id req_1")
        << QStringLiteral("all channels failed: ch0/m: connect error: refused; ch1/m: upstream HTTP 429: busy; "
                          "ch2/m: upstream HTTP 503: busy");
    QTest::newRow("a later connect error forgets the answer")
        << QStringList()
        << QStringList {QStringLiteral("http 529"), QStringLiteral("connect"), QStringLiteral("connect")}
        << QStringList {QStringLiteral("ch0/m"), QStringLiteral("ch1/m"), QStringLiteral("ch2/m")} << 529
        << QByteArray("overloaded_error") << overloaded
        << QStringLiteral("all channels failed: ch0/m: upstream HTTP 529: busy; ch1/m: connect error: refused; "
                          "ch2/m: connect error: refused");
    QTest::newRow("an answer cut short keeps the one before")
        << QStringList()
        << QStringList {QStringLiteral("http 529"), QStringLiteral("cut 503"), QStringLiteral("cut 503")}
        << QStringList {QStringLiteral("ch0/m"), QStringLiteral("ch1/m"), QStringLiteral("ch2/m")} << 529
        << QByteArray("overloaded_error")
        << QStringLiteral("the model provider is overloaded; try again shortly; request-id req_1")
        << QStringLiteral("all channels failed: ch0/m: upstream HTTP 529: busy; ch1/m: upstream dropped the "
                          "connection: reset; ch2/m: upstream dropped the connection: reset");
    QTest::newRow("an open circuit is skipped")
        << QStringList {QStringLiteral("ch0")} << QStringList {QStringLiteral("connect"), QStringLiteral("answered")}
        << QStringList {QStringLiteral("ch1/m"), QStringLiteral("ch2/m")} << 0 << QByteArray() << QString()
        << QString();
    QTest::newRow("every circuit open")
        << QStringList {QStringLiteral("ch0"), QStringLiteral("ch1"), QStringLiteral("ch2")} << QStringList()
        << QStringList() << 529 << QByteArray("overloaded_error") << overloaded
        << QStringLiteral("all channels failed: ch0/m: circuit open; ch1/m: circuit open; ch2/m: circuit open");
}

void TestAttemptLoop::decisions()
{
    QFETCH(QStringList, opened);
    QFETCH(QStringList, outcomes);
    QFETCH(QStringList, tried);
    QFETCH(int, status);
    QFETCH(QByteArray, type);
    QFETCH(QString, message);
    QFETCH(QString, detail);

    QList<ChannelRuntime> channels;
    for (int i = 0; i < 3; ++i) {
        ChannelRuntime runtime;
        runtime.channel.id = QStringLiteral("ch%1").arg(i);
        ModelRoute route;
        route.model = QStringLiteral("m");
        runtime.channel.models = {route};
        channels.append(runtime);
    }
    const RoutingSnapshot snapshot(channels);
    QList<Endpoint> candidates;
    for (const ChannelRuntime &c : snapshot.channels())
        candidates.append(Endpoint(&c, &c.channel.models.first()));
    CircuitBreakers breakers(1, 60000); // one failure opens a breaker
    for (const QString &id : opened)
        breakers.failed(id, QStringLiteral("test failure"));

    AttemptLoop loop(candidates);
    QVERIFY(!loop.current().channel);
    QStringList attempts;
    bool answered = false;
    for (const QString &outcome : outcomes) {
        const Endpoint *endpoint = loop.next(breakers);
        QVERIFY2(endpoint, qPrintable(QStringLiteral("no candidate left for ") + outcome));
        QCOMPARE(&loop.current(), endpoint);
        attempts.append(endpoint->name());
        if (outcome == QLatin1String("answered")) {
            loop.answered(breakers);
            QVERIFY(breakers.routable(endpoint->channel->channel.id));
            answered = true;
            break;
        }
        loop.failed(failure(outcome), breakers);
        QVERIFY(!breakers.routable(endpoint->channel->channel.id)); // the failure was counted
    }
    QCOMPARE(attempts, tried);
    if (answered) {
        QCOMPARE(status, 0);
        return;
    }
    QCOMPARE(loop.next(breakers), nullptr);
    const AttemptLoop::GiveUp given = loop.giveUp(kRequestId);
    QCOMPARE(given.detail, detail);
    const ApiError error
        = given.answer ? UpstreamErrors::forAnswer(given.answer->status, given.answer->body, kRequestId) : given.error;
    QCOMPARE(error.status, status);
    QCOMPARE(error.type, type);
    QCOMPARE(error.message, message);
    // The customer never hears a channel id or the upstream's own words.
    QVERIFY(!error.message.contains(QRegularExpression(QStringLiteral("ch[0-9]"))));
    QVERIFY(!error.message.contains(QLatin1String("acct-secret")));
    if (given.answer)
        QCOMPARE(given.answer->headers, (HeaderPairs {{"retry-after", "1"}}));
}

QTEST_GUILESS_MAIN(TestAttemptLoop)
#include "tst_attemptloop.moc"
