// The hold stage of a Messages request (service/RequestHold), without sockets: the worst case
// over the candidates, and the answers to a reservation the hold book does not grant.
#include "service/RequestHold.h"

#include <QTest>

using namespace bytespike;

namespace {

// One candidate per price row: input, output, cache write, cache read (micro-dollars per MTok).
struct Fixture
{
    QList<ChannelRuntime> channels;
    std::unique_ptr<RoutingSnapshot> snapshot;
    QList<Endpoint> candidates;

    explicit Fixture(const QList<QList<qint64>> &prices)
    {
        for (qsizetype i = 0; i < prices.size(); ++i) {
            ChannelRuntime runtime;
            runtime.channel.id = QStringLiteral("ch%1").arg(i);
            ModelRoute route;
            route.model = QStringLiteral("m");
            route.inputMicrosPerMtok = prices[i][0];
            route.outputMicrosPerMtok = prices[i][1];
            route.cacheWriteMicrosPerMtok = prices[i][2];
            route.cacheReadMicrosPerMtok = prices[i][3];
            runtime.channel.models = {route};
            channels.append(runtime);
        }
        snapshot = std::make_unique<RoutingSnapshot>(channels);
        for (const ChannelRuntime &c : snapshot->channels())
            candidates.append(Endpoint(&c, &c.channel.models.first()));
    }
};

} // namespace

class TestRequestHold : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void quote_data();
    void quote();
    void refusal_data();
    void refusal();
};

void TestRequestHold::quote_data()
{
    QTest::addColumn<QList<QList<qint64>>>("prices");
    QTest::addColumn<qint64>("promptTokens");
    QTest::addColumn<qint64>("maxTokens");
    QTest::addColumn<qint64>("hold"); // -1: refused as too large to price
    // cost = ceil((prompt x dearest input + max_tokens x output) / 1e6)
    QTest::newRow("one candidate") << QList<QList<qint64>> {{3000000, 15000000, 0, 0}} << qint64(1000) << qint64(100)
                                   << qint64(4500);
    QTest::newRow("cache write is the dearest input")
        << QList<QList<qint64>> {{3000000, 15000000, 3750000, 300000}} << qint64(1000) << qint64(100) << qint64(5250);
    QTest::newRow("largest over the candidates")
        << QList<QList<qint64>> {{1000000, 1000000, 0, 0}, {2000000, 10000000, 0, 0}, {1, 1, 1, 1}} << qint64(1000)
        << qint64(100) << qint64(3000);
    QTest::newRow("rounded up") << QList<QList<qint64>> {{1, 1, 1, 1}} << qint64(10) << qint64(10) << qint64(1);
    QTest::newRow("free") << QList<QList<qint64>> {{0, 0, 0, 0}} << qint64(10) << qint64(10) << qint64(0);
    QTest::newRow("too large to price") << QList<QList<qint64>> {{1, 1000000000000, 0, 0}} << qint64(10)
                                        << std::numeric_limits<qint64>::max() / 2 << qint64(-1);
}

void TestRequestHold::quote()
{
    QFETCH(QList<QList<qint64>>, prices);
    QFETCH(qint64, promptTokens);
    QFETCH(qint64, maxTokens);
    QFETCH(qint64, hold);
    const Fixture fixture(prices);
    const RequestHold::Quote quote = RequestHold::quote(promptTokens, maxTokens, fixture.candidates);
    if (hold < 0) {
        QCOMPARE(quote.error.status, 400);
        QCOMPARE(quote.error.message, QStringLiteral("max_tokens is too large to price"));
        return;
    }
    QVERIFY(!quote.error.isError());
    QCOMPARE(quote.micros, hold);
}

void TestRequestHold::refusal_data()
{
    QTest::addColumn<qint64>("balance"); // -1: no such customer
    QTest::addColumn<bool>("ledgerFailing");
    QTest::addColumn<qint64>("hold");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("granted") << qint64(5000) << false << qint64(4000) << 0 << QString();
    QTest::newRow("exactly the balance") << qint64(4000) << false << qint64(4000) << 0 << QString();
    QTest::newRow("short") << qint64(3999) << false << qint64(4000) << 402
                           << QStringLiteral("insufficient balance: this request needs a hold of $0.004000 and "
                                             "$0.003999 is available");
    QTest::newRow("no customer") << qint64(-1) << false << qint64(1) << 401
                                 << QStringLiteral("the customer of this key no longer exists");
    QTest::newRow("ledger failing") << qint64(5000) << true << qint64(1) << 503
                                    << QStringLiteral("the ledger is unavailable right now (database busy or disk "
                                                      "full); nothing was charged, try again shortly");
}

void TestRequestHold::refusal()
{
    QFETCH(qint64, balance);
    QFETCH(bool, ledgerFailing);
    QFETCH(qint64, hold);
    QFETCH(int, status);
    QFETCH(QString, message);
    HoldBook book;
    QHash<QString, qint64> balances;
    if (balance >= 0)
        balances.insert(QStringLiteral("cus"), balance);
    book.reset(balances, 1);
    book.setFailing(ledgerFailing);
    const HoldBook::Reservation reserved = book.reserve(
        QStringLiteral("cus"), QStringLiteral("req"), QStringLiteral("ch/m"), 1, hold, QStringLiteral("e"), 0);
    const ApiError error = RequestHold::refusal(reserved, hold);
    QCOMPARE(error.status, status);
    QCOMPARE(error.message, message);
    if (status == 402)
        QCOMPARE(error.type, QByteArray("billing_error"));
    // Only a granted reservation holds anything.
    QCOMPARE(book.pendingMicros(QStringLiteral("cus")), status == 0 ? hold : 0);
}

QTEST_GUILESS_MAIN(TestRequestHold)
#include "tst_requesthold.moc"
