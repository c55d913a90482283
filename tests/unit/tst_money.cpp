// The one cost function: ceil(sum(tokens x price) / 1e6) in integers, at its boundaries.
#include "base/Money.h"

#include <QTest>

#include <limits>

using namespace bytespike;

class TestMoney : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cost_data();
    void cost();
    void overflowIsRejected();
    void negativeIsRejected();
    void formatDollars_data();
    void formatDollars();
};

void TestMoney::cost_data()
{
    QTest::addColumn<qint64>("input");
    QTest::addColumn<qint64>("output");
    QTest::addColumn<qint64>("cacheWrite");
    QTest::addColumn<qint64>("cacheRead");
    QTest::addColumn<qint64>("expected");
    // Sonnet-like prices: $3 in, $15 out, $3.75 cache write, $0.30 cache read per Mtok.
    QTest::newRow("zero tokens") << 0LL << 0LL << 0LL << 0LL << 0LL;
    QTest::newRow("one input token rounds up") << 1LL << 0LL << 0LL << 0LL << 3LL;
    QTest::newRow("one output token") << 0LL << 1LL << 0LL << 0LL << 15LL;
    QTest::newRow("one cache read token rounds 0.3 up to 1") << 0LL << 0LL << 0LL << 1LL << 1LL;
    QTest::newRow("ten cache read tokens are exactly 3") << 0LL << 0LL << 0LL << 10LL << 3LL;
    QTest::newRow("mixed") << 10LL << 5LL << 0LL << 0LL << 105LL;
    QTest::newRow("all categories") << 1000LL << 100LL << 2000LL << 4000LL << 3000LL + 1500LL + 7500LL + 1200LL;
    QTest::newRow("one million input tokens is $3") << 1000000LL << 0LL << 0LL << 0LL << 3000000LL;
    QTest::newRow("huge but representable") << 1000000000000LL << 0LL << 0LL << 0LL << 3000000000000LL;
    // Rounding is applied once to the sum, not per category: 0.3 + 0.3 + 0.3 -> 0.9 -> 1.
    QTest::newRow("rounding once on the sum") << 0LL << 0LL << 0LL << 3LL << 1LL;
}

void TestMoney::cost()
{
    QFETCH(qint64, input);
    QFETCH(qint64, output);
    QFETCH(qint64, cacheWrite);
    QFETCH(qint64, cacheRead);
    QFETCH(qint64, expected);
    const Prices prices {3000000, 15000000, 3750000, 300000};
    const std::optional<qint64> cost = costMicros(TokenCounts {input, output, cacheWrite, cacheRead}, prices);
    QVERIFY(cost.has_value());
    QCOMPARE(*cost, expected);
}

void TestMoney::overflowIsRejected()
{
    const qint64 max = std::numeric_limits<qint64>::max();
    QVERIFY(!costMicros(TokenCounts {max, 0, 0, 0}, Prices {max, 0, 0, 0}).has_value());
    QVERIFY(!costMicros(TokenCounts {max, max, max, max}, Prices {max, max, max, max}).has_value());
    // The largest count that still fits: price 1 per Mtok means cost = ceil(tokens / 1e6).
    QCOMPARE(*costMicros(TokenCounts {max, 0, 0, 0}, Prices {1, 0, 0, 0}), 9223372036855LL);
    // Just below the boundary: tokens x price / 1e6 == INT64_MAX exactly is accepted.
    QVERIFY(costMicros(TokenCounts {max, 0, 0, 0}, Prices {1000000, 0, 0, 0}).has_value());
    QVERIFY(!costMicros(TokenCounts {max, 1, 0, 0}, Prices {1000000, 1000000, 0, 0}).has_value());
}

void TestMoney::negativeIsRejected()
{
    QVERIFY(!costMicros(TokenCounts {-1, 0, 0, 0}, Prices {1, 1, 1, 1}).has_value());
    QVERIFY(!costMicros(TokenCounts {1, 0, 0, 0}, Prices {-1, 1, 1, 1}).has_value());
}

void TestMoney::formatDollars_data()
{
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0LL << QStringLiteral("$0.000000");
    QTest::newRow("one micro") << 1LL << QStringLiteral("$0.000001");
    QTest::newRow("five dollars") << 5000000LL << QStringLiteral("$5.000000");
    QTest::newRow("negative") << -1500000LL << QStringLiteral("-$1.500000");
    QTest::newRow("min") << std::numeric_limits<qint64>::min() << QStringLiteral("-$9223372036854.775808");
}

void TestMoney::formatDollars()
{
    QFETCH(qint64, micros);
    QFETCH(QString, text);
    QCOMPARE(bytespike::formatDollars(micros), text);
}

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"
