// The hold book's lease side (ledger/HoldBook with setLeased): holds are taken against the
// instance's lease only, never past its deadline; debits count as spent from the lease they were
// taken on; a recall gives back exactly what open holds do not use; idle leases are given back by
// the periodic pass; a lost lease takes no more holds; the demand a lease is sized by.
#include "ledger/HoldBook.h"

#include <QTest>

using namespace bytespike;

namespace {
const QString kCustomer = QStringLiteral("c1");
using Outcome = HoldBook::Reservation::Outcome;
} // namespace

class TestHoldBookLease : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void holdsNeedALease();
    void holdsStayWithinTheLease();
    void noHoldPastTheDeadline();
    void recallGivesBackWhatIsUnused();
    void idleLeasesAreGivenBack();
    void lostLeaseTakesNoHold();
    void directHoldsLeaveTheLeaseAlone();
    void demandIsPerPeriod();

private:
    HoldBook::Reservation take(qint64 amount);
    qint64 later(qint64 ms) const { return HoldBook::leaseClockMs() + ms; }

    HoldBook m_book;
    int m_requests = 0;
};

void TestHoldBookLease::init()
{
    m_book = HoldBook();
    m_book.setLeased(true);
    m_book.reset({{kCustomer, 1000}}, 1);
}

HoldBook::Reservation TestHoldBookLease::take(qint64 amount)
{
    return m_book.reserve(
        kCustomer, QStringLiteral("r%1").arg(++m_requests), QStringLiteral("ch/m"), 1, amount, QStringLiteral("e1"), 0);
}

void TestHoldBookLease::holdsNeedALease()
{
    // The posted balance is other instances' too: without a lease nothing is taken against it.
    QCOMPARE(take(10).outcome, Outcome::NeedsLease);
    QCOMPARE(m_book.leaseUnused(kCustomer), 0);
}

void TestHoldBookLease::holdsStayWithinTheLease()
{
    m_book.leaseGranted(kCustomer, 7, 100, later(10000));
    const HoldBook::Reservation first = take(60);
    QCOMPARE(first.outcome, Outcome::Ok);
    QCOMPARE(m_book.find(first.holdId)->leaseId, 7);
    QCOMPARE(m_book.leaseUnused(kCustomer), 40);
    QCOMPARE(take(50).outcome, Outcome::NeedsLease);
    m_book.resolved(first.holdId, 45, true); // 45 of the 60 spent
    QCOMPARE(m_book.leaseUnused(kCustomer), 55);
    QCOMPARE(take(55).outcome, Outcome::Ok);
    QCOMPARE(m_book.leaseUnused(kCustomer), 0);
    // A top-up of the same lease keeps what it has spent and holds.
    m_book.leaseGranted(kCustomer, 7, 130, later(10000));
    QCOMPARE(m_book.leaseUnused(kCustomer), 30);
}

void TestHoldBookLease::noHoldPastTheDeadline()
{
    m_book.leaseGranted(kCustomer, 7, 100, later(-1));
    QCOMPARE(take(10).outcome, Outcome::NeedsLease);
    QCOMPARE(m_book.leaseUnused(kCustomer), 0);
    m_book.leaseRenewed(7, later(10000));
    QCOMPARE(take(10).outcome, Outcome::Ok);
}

void TestHoldBookLease::recallGivesBackWhatIsUnused()
{
    m_book.leaseGranted(kCustomer, 7, 100, later(10000));
    const HoldBook::Reservation open = take(30);
    const std::optional<HoldBook::LeaseCare> part = m_book.recall(kCustomer);
    QVERIFY(part);
    QCOMPARE(part->shrinkMicros, 70);
    QVERIFY(!part->giveBack);
    QCOMPARE(m_book.leaseUnused(kCustomer), 0);
    QVERIFY(!m_book.recall(kCustomer)); // nothing unused is left
    m_book.resolved(open.holdId, 30, true);
    QCOMPARE(m_book.leaseUnused(kCustomer), 0);
    // With no open hold, a recall gives the whole lease back.
    m_book.leaseGranted(kCustomer, 8, 50, later(10000));
    const std::optional<HoldBook::LeaseCare> all = m_book.recall(kCustomer);
    QVERIFY(all && all->giveBack);
    QCOMPARE(take(1).outcome, Outcome::NeedsLease);
}

void TestHoldBookLease::idleLeasesAreGivenBack()
{
    m_book.leaseGranted(kCustomer, 7, 100, later(10000));
    const HoldBook::Reservation open = take(10);
    // In use: renewed, even when it has not taken a hold for a while.
    QList<HoldBook::LeaseCare> care = m_book.leaseCare(later(1000));
    QCOMPARE(care.size(), 1);
    QVERIFY(!care.first().giveBack);
    m_book.resolved(open.holdId, 10, true);
    care = m_book.leaseCare(later(1000));
    QCOMPARE(care.size(), 1);
    QVERIFY(care.first().giveBack);
    QVERIFY(m_book.leaseCare(later(1000)).isEmpty());
    QCOMPARE(take(1).outcome, Outcome::NeedsLease);
}

void TestHoldBookLease::lostLeaseTakesNoHold()
{
    m_book.leaseGranted(kCustomer, 7, 100, later(10000));
    const HoldBook::Reservation open = take(10);
    m_book.leaseLost(7);
    QCOMPARE(take(10).outcome, Outcome::NeedsLease);
    // A new lease does not count the holds of the lost one.
    m_book.leaseGranted(kCustomer, 9, 20, later(10000));
    QCOMPARE(m_book.leaseUnused(kCustomer), 20);
    m_book.resolved(open.holdId, 10, false);
    QCOMPARE(m_book.leaseUnused(kCustomer), 20);
}

void TestHoldBookLease::directHoldsLeaveTheLeaseAlone()
{
    m_book.leaseGranted(kCustomer, 7, 100, later(10000));
    HoldBook::Hold direct {m_book.takeHoldId(), kCustomer, QStringLiteral("direct"), QStringLiteral("ch/m"), 1, 500,
        QStringLiteral("e1"), 0, true};
    m_book.addDirect(direct);
    QVERIFY(m_book.find(direct.id)->direct);
    QCOMPARE(m_book.leaseUnused(kCustomer), 100);
    QCOMPARE(m_book.openCount(), 1);
    m_book.resolved(direct.id, 400);
    QCOMPARE(m_book.leaseUnused(kCustomer), 100);
    QCOMPARE(m_book.openCount(), 0);
}

void TestHoldBookLease::demandIsPerPeriod()
{
    QCOMPARE(m_book.recentDemand(kCustomer, 60000), 0); // opens the first window
    m_book.noteDemand(kCustomer, 30);
    m_book.noteDemand(kCustomer, 20);
    QCOMPARE(m_book.recentDemand(kCustomer, 60000), 50);
    QTest::qWait(120); // a window of 50 ms closed more than two periods later: spread over them
    const qint64 spread = m_book.recentDemand(kCustomer, 50);
    QVERIFY2(spread > 0 && spread <= 25, qPrintable(QString::number(spread)));
}

QTEST_GUILESS_MAIN(TestHoldBookLease)
#include "tst_holdbooklease.moc"
