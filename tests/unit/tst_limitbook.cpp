// The limit book with an injected clock: every limit with its number, the sliding window's
// edges, token corrections, budgets reserved like balances, and period rollover at the UTC
// boundary (day, week, month) with nothing but the clock moving.
#include "base/CivilTime.h"
#include "bytespike/AdminTypes.h"
#include "limits/LimitBook.h"
#include "service/LimitGate.h"

#include <QDateTime>
#include <QTest>

using namespace bytespike;

namespace {

qint64 at(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}

const QString kKey = QStringLiteral("key_a");

std::function<QHostAddress()> from(const QHostAddress &address)
{
    return [address] { return address; };
}
const QString kCustomer = QStringLiteral("cus_a");

KeyLimits rpm(qint64 n)
{
    KeyLimits limits;
    limits.rpm = n;
    return limits;
}

KeyLimits budget(qint64 micros, KeyLimits::Period period)
{
    KeyLimits limits;
    limits.budgetMicros = micros;
    limits.budgetPeriod = period;
    return limits;
}

} // namespace

class TestLimitBook : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rpmRefusesTheSixthInAMinute();
    void rpmWindowSlidesBySecond();
    void tpmIsCorrectedToRealUsage();
    void tpmRefusesARequestLargerThanTheLimit();
    void concurrencyCountsRequestsInFlight();
    void customerLimitsSpanKeys();
    void headersReportTheTighterLimit();
    void budgetAdmitsExactlyNHolds();
    void budgetRollsOverAtTheBoundary_data();
    void budgetRollsOverAtTheBoundary();
    void reservationCrossingABoundaryIsChargedToTheNewPeriod();
    void expiryAndAddressList();
    void allowListAndKeysWithoutLimits();
    void replacingLimitsKeepsUsage();
    void calendarMatchesQt();
};

void TestLimitBook::rpmRefusesTheSixthInAMinute()
{
    LimitBook book;
    book.setKey(kKey, kCustomer, rpm(5));
    const qint64 t0 = at("2026-12-06T10:00:00.200Z");
    for (int i = 0; i < 5; ++i) {
        LimitBook::Ticket ticket;
        const LimitBook::Admission a = book.admit(kKey, kCustomer, 10, t0 + i * 1000, &ticket);
        QCOMPARE(a.refusal, LimitBook::Refusal::None);
        QCOMPARE(a.view.requests.remaining, 4 - i);
        book.finish(ticket, 10, t0 + i * 1000 + 10);
    }
    LimitBook::Ticket ticket;
    const LimitBook::Admission sixth = book.admit(kKey, kCustomer, 10, t0 + 10000, &ticket);
    QCOMPARE(sixth.refusal, LimitBook::Refusal::Rpm);
    QVERIFY(!ticket.counted);
    // The first request (second 10:00:00) leaves the window when 10:01:00 begins: 50 s after
    // 10:00:10.
    QCOMPARE(sixth.retryAfterSeconds, 50);
    QCOMPARE(sixth.view.requests.remaining, 0);
    QCOMPARE(sixth.view.requests.resetMs, at("2026-12-06T10:01:04Z"));
}

void TestLimitBook::rpmWindowSlidesBySecond()
{
    LimitBook book;
    book.setKey(kKey, kCustomer, rpm(2));
    const qint64 t0 = at("2026-12-06T10:00:00.900Z");
    LimitBook::Ticket a;
    LimitBook::Ticket b;
    QCOMPARE(book.admit(kKey, kCustomer, 1, t0, &a).refusal, LimitBook::Refusal::None);
    QCOMPARE(book.admit(kKey, kCustomer, 1, t0 + 30000, &b).refusal, LimitBook::Refusal::None);
    LimitBook::Ticket c;
    QCOMPARE(book.admit(kKey, kCustomer, 1, at("2026-12-06T10:00:59.999Z"), &c).refusal, LimitBook::Refusal::Rpm);
    QCOMPARE(book.admit(kKey, kCustomer, 1, at("2026-12-06T10:01:00.000Z"), &c).refusal, LimitBook::Refusal::None);
    QCOMPARE(book.admit(kKey, kCustomer, 1, at("2026-12-06T10:01:00.500Z"), &c).refusal, LimitBook::Refusal::Rpm);
    // An hour later the whole window is empty again.
    QCOMPARE(book.admit(kKey, kCustomer, 1, t0 + 3600000, &c).view.requests.remaining, 1);
}

void TestLimitBook::tpmIsCorrectedToRealUsage()
{
    LimitBook book;
    KeyLimits limits;
    limits.tpm = 1500;
    book.setKey(kKey, kCustomer, limits);
    const qint64 t0 = at("2026-12-06T10:00:00Z");
    LimitBook::Ticket first;
    QCOMPARE(book.admit(kKey, kCustomer, 1100, t0, &first).view.tokens.remaining, 400);
    LimitBook::Ticket second;
    // While the first holds its bound, a second of the same bound does not fit...
    const LimitBook::Admission refused = book.admit(kKey, kCustomer, 1100, t0 + 500, &second);
    QCOMPARE(refused.refusal, LimitBook::Refusal::Tpm);
    QCOMPARE(refused.retryAfterSeconds, 60);
    // ...and once it is corrected to the 40 tokens it used, it does.
    book.finish(first, 40, t0 + 800);
    QCOMPARE(book.usage(kKey, t0 + 900)->tpm, 40);
    const LimitBook::Admission admitted = book.admit(kKey, kCustomer, 1100, t0 + 1000, &second);
    QCOMPARE(admitted.refusal, LimitBook::Refusal::None);
    QCOMPARE(admitted.view.tokens.remaining, 1500 - 40 - 1100);
    // A correction after the count has left the window changes nothing.
    book.finish(second, 1000, t0 + 70000);
    QCOMPARE(book.usage(kKey, t0 + 70000)->tpm, 0);
}

void TestLimitBook::tpmRefusesARequestLargerThanTheLimit()
{
    LimitBook book;
    KeyLimits limits;
    limits.tpm = 100;
    book.setKey(kKey, kCustomer, limits);
    LimitBook::Ticket ticket;
    const LimitBook::Admission a = book.admit(kKey, kCustomer, 101, at("2026-12-06T10:00:00Z"), &ticket);
    QCOMPARE(a.refusal, LimitBook::Refusal::Tpm);
    QVERIFY(a.message.contains(QStringLiteral("lower max_tokens")));
}

void TestLimitBook::concurrencyCountsRequestsInFlight()
{
    LimitBook book;
    KeyLimits limits;
    limits.maxConcurrent = 2;
    book.setKey(kKey, kCustomer, limits);
    const qint64 t0 = at("2026-12-06T10:00:00Z");
    LimitBook::Ticket a;
    LimitBook::Ticket b;
    LimitBook::Ticket c;
    QCOMPARE(book.admit(kKey, kCustomer, 1, t0, &a).refusal, LimitBook::Refusal::None);
    QCOMPARE(book.admit(kKey, kCustomer, 1, t0, &b).refusal, LimitBook::Refusal::None);
    const LimitBook::Admission third = book.admit(kKey, kCustomer, 1, t0, &c);
    QCOMPARE(third.refusal, LimitBook::Refusal::Concurrent);
    QCOMPARE(third.retryAfterSeconds, 1);
    QCOMPARE(book.usage(kKey, t0)->concurrent, 2);
    book.finish(a, 1, t0 + 5);
    book.finish(a, 1, t0 + 5); // a ticket is given back once
    QCOMPARE(book.usage(kKey, t0)->concurrent, 1);
    QCOMPARE(book.admit(kKey, kCustomer, 1, t0 + 10, &c).refusal, LimitBook::Refusal::None);
}

void TestLimitBook::customerLimitsSpanKeys()
{
    LimitBook book;
    book.setCustomer(kCustomer, CustomerLimits {3, 0, 0});
    const qint64 t0 = at("2026-12-06T10:00:00Z");
    LimitBook::Ticket t;
    QCOMPARE(book.admit(QStringLiteral("key_1"), kCustomer, 1, t0, &t).refusal, LimitBook::Refusal::None);
    QCOMPARE(book.admit(QStringLiteral("key_2"), kCustomer, 1, t0, &t).refusal, LimitBook::Refusal::None);
    QCOMPARE(book.admit(QStringLiteral("key_3"), kCustomer, 1, t0, &t).refusal, LimitBook::Refusal::None);
    const LimitBook::Admission fourth = book.admit(QStringLiteral("key_1"), kCustomer, 1, t0, &t);
    QCOMPARE(fourth.refusal, LimitBook::Refusal::Rpm);
    QVERIFY(fourth.message.contains(QStringLiteral("customer")));
    // Another customer is not affected, and keys without limits are not in the book.
    QVERIFY(!book.admit(QStringLiteral("key_9"), QStringLiteral("cus_b"), 1, t0, &t).reported);
    QVERIFY(!book.hasKey(QStringLiteral("key_1")));
}

void TestLimitBook::headersReportTheTighterLimit()
{
    LimitBook book;
    book.setKey(kKey, kCustomer, rpm(10));
    book.setCustomer(kCustomer, CustomerLimits {3, 0, 0});
    LimitBook::Ticket t;
    const qint64 now = at("2026-12-06T10:00:00Z");
    const LimitBook::Admission a = book.admit(kKey, kCustomer, 1, now, &t);
    QCOMPARE(a.view.requests.limit, 3);
    QCOMPARE(a.view.requests.remaining, 2);
    const HeaderPairs anthropic = LimitGate::rateHeaders(a.view, false, now);
    QCOMPARE(anthropic.size(), 3);
    QCOMPARE(anthropic[0], (QPair<QByteArray, QByteArray>("anthropic-ratelimit-requests-limit", "3")));
    QCOMPARE(anthropic[1], (QPair<QByteArray, QByteArray>("anthropic-ratelimit-requests-remaining", "2")));
    QCOMPARE(
        anthropic[2], (QPair<QByteArray, QByteArray>("anthropic-ratelimit-requests-reset", "2026-12-06T10:01:00Z")));
    const HeaderPairs openAi = LimitGate::rateHeaders(a.view, true, now);
    QCOMPARE(openAi[0].first, QByteArray("x-ratelimit-limit-requests"));
    QCOMPARE(openAi[2], (QPair<QByteArray, QByteArray>("x-ratelimit-reset-requests", "60s")));
}

void TestLimitBook::budgetAdmitsExactlyNHolds()
{
    LimitBook book;
    book.setKey(kKey, kCustomer, budget(10 * 700, KeyLimits::Period::Total));
    book.setBudgetSpent(kKey, 0, 0);
    const qint64 now = at("2026-12-06T10:00:00Z");
    int admitted = 0;
    QString message;
    for (int i = 0; i < 200; ++i) {
        bool reserved = false;
        if (book.reserveBudget(kKey, 700, now, &reserved, &message)) {
            QVERIFY(reserved);
            ++admitted;
        }
    }
    QCOMPARE(admitted, 10);
    QVERIFY(message.contains(QStringLiteral("budget")));
    // Voided holds give their reservation back; posted ones spend what they cost.
    for (int i = 0; i < 5; ++i)
        book.budgetResolved(kKey, 700, 0, now);
    for (int i = 0; i < 5; ++i)
        book.budgetResolved(kKey, 700, 300, now);
    const KeyUsage usage = *book.usage(kKey, now);
    QCOMPARE(usage.budgetSpentMicros, 1500);
    QCOMPARE(usage.budgetReservedMicros, 0);
    admitted = 0;
    for (int i = 0; i < 200; ++i) {
        bool reserved = false;
        admitted += book.reserveBudget(kKey, 700, now, &reserved, &message) ? 1 : 0;
    }
    QCOMPARE(admitted, (7000 - 1500) / 700);
}

void TestLimitBook::budgetRollsOverAtTheBoundary_data()
{
    QTest::addColumn<int>("period");
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QString>("periodStart");
    QTest::newRow("day") << int(KeyLimits::Period::Day) << "2026-12-06T23:59:59.999Z"
                         << "2026-12-07T00:00:00.000Z"
                         << "2026-12-07T00:00:00.000Z";
    // 2026-12-06 is a Sunday: the week ends with it.
    QTest::newRow("week") << int(KeyLimits::Period::Week) << "2026-12-06T23:59:59.999Z"
                          << "2026-12-07T00:00:00.000Z"
                          << "2026-12-07T00:00:00.000Z";
    QTest::newRow("month") << int(KeyLimits::Period::Month) << "2026-12-31T23:59:59.999Z"
                           << "2027-01-01T00:00:00.000Z"
                           << "2027-01-01T00:00:00.000Z";
    QTest::newRow("february") << int(KeyLimits::Period::Month) << "2028-02-29T12:00:00.000Z"
                              << "2028-03-01T00:00:00.000Z"
                              << "2028-03-01T00:00:00.000Z";
}

void TestLimitBook::budgetRollsOverAtTheBoundary()
{
    QFETCH(int, period);
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(QString, periodStart);
    const auto p = KeyLimits::Period(period);
    const qint64 last = at(before.toLatin1().constData());
    const qint64 next = at(after.toLatin1().constData());
    LimitBook book;
    book.setKey(kKey, kCustomer, budget(1000, p));
    book.setBudgetSpent(kKey, LimitBook::periodStartMs(p, last), 1000);
    bool reserved = false;
    QString message;
    QVERIFY(!book.reserveBudget(kKey, 1, last, &reserved, &message));
    QVERIFY(LimitBook::periodStartMs(p, last) < next);
    // Nothing but the clock moves: the first request after the boundary finds the budget whole.
    QVERIFY(book.reserveBudget(kKey, 1000, next, &reserved, &message));
    const KeyUsage usage = *book.usage(kKey, next);
    QCOMPARE(usage.budgetSpentMicros, 0);
    QCOMPARE(usage.budgetReservedMicros, 1000);
    QCOMPARE(adminTime(usage.budgetPeriodStartMs), adminTime(at(periodStart.toLatin1().constData())));
    QCOMPARE(LimitBook::periodStartMs(KeyLimits::Period::Total, next), 0);
}

void TestLimitBook::reservationCrossingABoundaryIsChargedToTheNewPeriod()
{
    LimitBook book;
    book.setKey(kKey, kCustomer, budget(1000, KeyLimits::Period::Day));
    const qint64 evening = at("2026-12-06T23:59:59Z");
    book.setBudgetSpent(kKey, LimitBook::periodStartMs(KeyLimits::Period::Day, evening), 200);
    bool reserved = false;
    QString message;
    QVERIFY(book.reserveBudget(kKey, 800, evening, &reserved, &message));
    QVERIFY(!book.reserveBudget(kKey, 1, evening, &reserved, &message));
    // It ends after midnight: its debit is written then, so it belongs to the new day.
    const qint64 morning = at("2026-12-07T00:00:01Z");
    book.budgetResolved(kKey, 800, 500, morning);
    const KeyUsage usage = *book.usage(kKey, morning);
    QCOMPARE(usage.budgetSpentMicros, 500);
    QCOMPARE(usage.budgetReservedMicros, 0);
}

void TestLimitBook::expiryAndAddressList()
{
    LimitBook book;
    KeyLimits limits;
    limits.expiresAtMs = at("2027-01-31T00:00:00Z");
    limits.ipAllow
        = QStringList {QStringLiteral("10.0.0.0/8"), QStringLiteral("2001:db8::/32"), QStringLiteral("203.0.113.7")};
    book.setKey(kKey, kCustomer, limits);
    QString message;
    const qint64 now = at("2027-01-30T23:59:59Z");
    QCOMPARE(
        book.checkKey(kKey, from(QHostAddress(QStringLiteral("10.1.2.3"))), now, &message), LimitBook::Refusal::None);
    QCOMPARE(book.checkKey(kKey, from(QHostAddress(QStringLiteral("::ffff:10.1.2.3"))), now, &message),
        LimitBook::Refusal::None);
    QCOMPARE(book.checkKey(kKey, from(QHostAddress(QStringLiteral("2001:db8::5"))), now, &message),
        LimitBook::Refusal::None);
    QCOMPARE(book.checkKey(kKey, from(QHostAddress(QStringLiteral("203.0.113.7"))), now, &message),
        LimitBook::Refusal::None);
    QCOMPARE(book.checkKey(kKey, from(QHostAddress(QStringLiteral("203.0.113.8"))), now, &message),
        LimitBook::Refusal::IpNotAllowed);
    QCOMPARE(book.checkKey(kKey, from(QHostAddress(QStringLiteral("127.0.0.1"))), now, &message),
        LimitBook::Refusal::IpNotAllowed);
    QCOMPARE(book.checkKey(kKey, from(QHostAddress()), now, &message), LimitBook::Refusal::IpNotAllowed);
    QCOMPARE(book.checkKey(kKey, from(QHostAddress(QStringLiteral("10.1.2.3"))), at("2027-01-31T00:00:00Z"), &message),
        LimitBook::Refusal::Expired);
    QCOMPARE(message, QStringLiteral("key expired"));
}

void TestLimitBook::allowListAndKeysWithoutLimits()
{
    LimitBook book;
    QVERIFY(book.empty());
    KeyLimits limits;
    limits.models = QStringList {QStringLiteral("claude-mock")};
    book.setKey(kKey, kCustomer, limits);
    QVERIFY(!book.empty());
    QVERIFY(book.modelAllowed(kKey, QStringLiteral("claude-mock")));
    QVERIFY(!book.modelAllowed(kKey, QStringLiteral("gpt-mock")));
    QVERIFY(book.modelAllowed(QStringLiteral("key_other"), QStringLiteral("gpt-mock")));
    // Setting no limits takes the key out of the book.
    book.setKey(kKey, kCustomer, KeyLimits {});
    QVERIFY(book.empty());
    QVERIFY(!book.usage(kKey, 0));
}

void TestLimitBook::replacingLimitsKeepsUsage()
{
    LimitBook book;
    book.setKey(kKey, kCustomer, rpm(5));
    const qint64 now = at("2026-12-06T10:00:00Z");
    LimitBook::Ticket t;
    for (int i = 0; i < 3; ++i)
        book.admit(kKey, kCustomer, 1, now, &t);
    book.setKey(kKey, kCustomer, rpm(3));
    QCOMPARE(book.admit(kKey, kCustomer, 1, now, &t).refusal, LimitBook::Refusal::Rpm);
    QCOMPARE(book.usage(kKey, now)->rpm, 3);
}

void TestLimitBook::calendarMatchesQt()
{
    // Every day from 1900 to 2200 (leap centuries included), and instants inside them, against
    // QDateTime: the date, the RFC 3339 text and the day, week and month starts.
    const QDateTime first(QDate(1900, 1, 1), QTime(0, 0), Qt::UTC);
    for (qint64 day = 0; day < 300 * 366; ++day) {
        const QDateTime t = first.addDays(day).addMSecs((day * 7919) % CivilTime::kMsPerDay);
        const qint64 ms = t.toMSecsSinceEpoch();
        const QDate date = t.date();
        const CivilTime::Date civil = CivilTime::civilFromDays(CivilTime::dayOf(ms));
        QCOMPARE(civil.year, qint64(date.year()));
        QCOMPARE(civil.month, date.month());
        QCOMPARE(civil.day, date.day());
        if (date.year() >= 1970 || day % 97 == 0)
            QCOMPARE(CivilTime::rfc3339(ms), t.toString(Qt::ISODate).toLatin1());
        const auto startOf = [](const QDate &d) { return QDateTime(d, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch(); };
        QCOMPARE(CivilTime::startOfDay(ms), startOf(date));
        QCOMPARE(CivilTime::startOfWeek(ms), startOf(date.addDays(1 - date.dayOfWeek())));
        QCOMPARE(CivilTime::startOfMonth(ms), startOf(QDate(date.year(), date.month(), 1)));
        QCOMPARE(CivilTime::startOfNextMonth(ms), startOf(QDate(date.year(), date.month(), 1).addMonths(1)));
    }
}

QTEST_GUILESS_MAIN(TestLimitBook)
#include "tst_limitbook.moc"
