// The charts' axes (widgets/ChartStyle): round 1-2-5 ticks over any range, and one tick per day
// on daily axes up to two weeks.
#include "widgets/ChartStyle.h"

#include <QDateTimeAxis>
#include <QTest>
#include <QValueAxis>

#include <cmath>

using namespace bytespike;

class TestChartScale : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ticksAreRound_data();
    void ticksAreRound();
    void labelsShowTheStepsDecimals();
    void dailyAxesTickEveryDay();
    void shortSpansTickAtRoundTimes();
};

void TestChartScale::ticksAreRound_data()
{
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    QTest::addColumn<double>("step");
    QTest::addColumn<double>("max");
    QTest::newRow("a statement's day: $0.0203") << 0.0 << 0.020271 << 0.005 << 0.025;
    QTest::newRow("balance $4.98") << 0.0 << 4.979729 << 1.0 << 5.0;
    QTest::newRow("rates 1.82") << 0.0 << 1.82 << 0.5 << 2.0;
    QTest::newRow("latency 937 ms") << 0.0 << 937.0 << 200.0 << 1000.0;
    QTest::newRow("idle: nothing yet") << 0.0 << 0.0 << 0.2 << 1.0;
    QTest::newRow("below zero") << -3.2 << 7.1 << 5.0 << 10.0;
    QTest::newRow("a large balance") << 0.0 << 123456.0 << 50000.0 << 150000.0;
}

void TestChartScale::ticksAreRound()
{
    QFETCH(double, low);
    QFETCH(double, high);
    QFETCH(double, step);
    QFETCH(double, max);
    const AxisScale scale = niceScale(low, high);
    QCOMPARE(scale.step, step);
    QCOMPARE(scale.max, max);
    QVERIFY(scale.min <= low && scale.max >= high);
    QVERIFY(scale.ticks >= 2 && scale.ticks <= 6);
    QCOMPARE(scale.min + (scale.ticks - 1) * scale.step, scale.max);
    // Every tick is a whole multiple of the step, and the step is 1, 2 or 5 times a power of ten.
    QCOMPARE(std::remainder(scale.min, scale.step), 0.0);
    const double mantissa = scale.step / std::pow(10.0, std::floor(std::log10(scale.step) + 1e-9));
    QVERIFY2(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 || std::abs(mantissa - 5) < 1e-9,
        qPrintable(QString::number(mantissa)));
}

void TestChartScale::labelsShowTheStepsDecimals()
{
    QValueAxis axis;
    setNiceRange(&axis, 0, 0.020271, QStringLiteral("$"));
    QCOMPARE(axis.labelFormat(), QStringLiteral("$%.3f"));
    QCOMPARE(axis.tickCount(), 6);
    QCOMPARE(axis.max(), 0.025);
    setNiceRange(&axis, 0, 4.98, QStringLiteral("$"));
    QCOMPARE(axis.labelFormat(), QStringLiteral("$%.0f"));
    setNiceRange(&axis, 0, 0.75);
    QCOMPARE(axis.labelFormat(), QStringLiteral("%.1f"));
}

void TestChartScale::dailyAxesTickEveryDay()
{
    QDateTimeAxis axis;
    const QDate first(2026, 12, 1);
    setDayRange(&axis, first, QDate(2026, 12, 7));
    QCOMPARE(axis.min(), first.startOfDay());
    QCOMPARE(axis.max(), QDate(2026, 12, 8).startOfDay()); // the last day is whole, today included
    QCOMPARE(axis.tickCount(), 8); // a tick at every midnight
    setDayRange(&axis, first, QDate(2026, 12, 31));
    // 31 days: a tick every third day, the range run on to the next tick.
    QCOMPARE(axis.tickCount(), 12);
    QCOMPARE(axis.max(), first.addDays(33).startOfDay());
}

void TestChartScale::shortSpansTickAtRoundTimes()
{
    const QDateTime day = QDate(2026, 12, 7).startOfDay();
    const auto at = [&day](int h, int m, int s) { return day.addSecs(h * 3600 + m * 60 + s).toMSecsSinceEpoch(); };
    QDateTimeAxis axis;
    // A minute of activity: every 15 s from the quarter-minute before to the one after.
    QCOMPARE(setTimeRange(&axis, at(8, 8, 51), at(8, 9, 58)), at(8, 8, 45));
    QCOMPARE(axis.min().toMSecsSinceEpoch(), at(8, 8, 45));
    QCOMPARE(axis.max().toMSecsSinceEpoch(), at(8, 10, 0));
    QCOMPARE(axis.tickCount(), 6);
    QCOMPARE(axis.format(), QStringLiteral("HH:mm:ss"));
    // Ten hours: every two hours, on the hour.
    setTimeRange(&axis, at(10, 0, 0), at(19, 30, 0));
    QCOMPARE(axis.min().toMSecsSinceEpoch(), at(10, 0, 0));
    QCOMPARE(axis.max().toMSecsSinceEpoch(), at(20, 0, 0));
    QCOMPARE(axis.tickCount(), 6);
    QCOMPARE(axis.format(), QStringLiteral("HH:mm"));
    // No span at all still has one interval.
    setTimeRange(&axis, at(9, 0, 0), at(9, 0, 0));
    QCOMPARE(axis.min().toMSecsSinceEpoch(), at(9, 0, 0));
    QCOMPARE(axis.max().toMSecsSinceEpoch(), at(9, 0, 10));
}

QTEST_MAIN(TestChartScale)
#include "tst_chartscale.moc"
