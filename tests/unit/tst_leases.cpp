// Balance leases in the database (ledger/Leases, and Settlement on a lease) on a real PostgreSQL
// database of the test cluster: grants bounded by the instance's share, direct holds for small
// balances, refusals that say whether a recall may help, debits counted against their lease or,
// once it ended, against the free balance or not at all, renewal, shrinking and return, the reaper,
// and the auditor's lease checks. Leases exist on PostgreSQL only: without the cluster (the plain
// run of this test) every function skips; the _postgres variant runs them.
#include "LedgerFixture.h"
#include "ledger/Leases.h"
#include "ledger/Ledger.h"
#include "ledger/Settlement.h"
#include "store/CustomerStore.h"
#include "store/Database.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

using namespace bytespike;

class TestLeases : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void grantIsTheInstancesShare();
    void smallBalanceTakesDirectHolds();
    void refusalSaysWhetherOthersLease();
    void debitIsSpentFromTheLease();
    void debitAfterTheLeaseEndedTakesTheFreeBalance();
    void manyDebitsMoveEachLeaseOnce();
    void debitAfterTheLeaseEndedIsNotBilledWithoutBalance();
    void keepShrinksReturnsAndLosesExpiredLeases();
    void reaperVoidsAStoppedInstancesHolds();
    void auditorFindsLeasedSumsThatDiffer();

private:
    QString instance(const QString &name);
    Leases::Answer ask(const QString &instance, qint64 need, qint64 wanted, qint64 holdAmount = 10);
    qint64 value(const QByteArray &sql);
    SettlementRecord posted(const QString &instance, qint64 leaseId, qint64 amount, qint64 cost);
    SettlementResult settle(const QString &instance, qint64 leaseId, qint64 amount, qint64 cost)
    {
        return Settlement::write(*m_db, posted(instance, leaseId, amount, cost));
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    qint64 m_nextHold = 1;
};

void TestLeases::init()
{
    if (!test::onPostgres())
        QSKIP("leases exist on PostgreSQL only: the _postgres variant runs this");
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>();
    QString error;
    QVERIFY2(test::openLedgerWithCustomer(*m_dir, *m_db, &error), qPrintable(error));
}

void TestLeases::cleanup()
{
    if (!m_db)
        return;
    QVERIFY2(Ledger::audit(*m_db).isEmpty(), qPrintable(Ledger::audit(*m_db).join(QLatin1Char('\n'))));
    m_db.reset();
    m_dir.reset();
}

QString TestLeases::instance(const QString &name)
{
    // Each start is a new process epoch, also a restart under the same name.
    Leases::Instance self {name + QString::number(m_nextHold++), 0, name, QStringLiteral("test"), 0, 0, 0};
    QString error;
    if (!Leases::registerInstance(*m_db, &self, &error))
        qWarning() << error;
    return self.id;
}

Leases::Answer TestLeases::ask(const QString &instance, qint64 need, qint64 wanted, qint64 holdAmount)
{
    Leases::Ask question;
    question.customerId = QStringLiteral("c1");
    question.instance = instance;
    question.needMicros = need;
    question.wantedMicros = wanted;
    question.ttlMs = 10000;
    question.staleMs = 10000;
    const qint64 id = m_nextHold++;
    question.direct = HoldBook::Hold {id, QStringLiteral("c1"), QStringLiteral("r%1").arg(id), QStringLiteral("ch/m"),
        1, holdAmount, instance, QDateTime::currentMSecsSinceEpoch(), true};
    return Leases::acquire(*m_db, question);
}

qint64 TestLeases::value(const QByteArray &sql)
{
    Statement st = m_db->prepare(sql.constData());
    return st.next() ? st.int64(0) : -1;
}

SettlementRecord TestLeases::posted(const QString &instance, qint64 leaseId, qint64 amount, qint64 cost)
{
    SettlementRecord record;
    const qint64 id = m_nextHold++;
    HoldBook::Hold hold {id, QStringLiteral("c1"), QStringLiteral("r%1").arg(id), QStringLiteral("ch/m"), 1, amount,
        instance, QDateTime::currentMSecsSinceEpoch(), false};
    hold.leaseId = leaseId;
    record.resolution.hold = hold;
    record.resolution.state = QStringLiteral("posted");
    record.resolution.costMicros = cost;
    record.row.id = hold.requestId;
    record.row.customerId = hold.customerId;
    record.row.protocol = QStringLiteral("anthropic");
    record.row.model = QStringLiteral("m");
    record.row.endpoint = hold.endpoint;
    record.row.status = 200;
    record.row.holdId = id;
    record.row.holdMicros = amount;
    return record;
}

void TestLeases::grantIsTheInstancesShare()
{
    const QString a = instance(QStringLiteral("a"));
    const QString b = instance(QStringLiteral("b"));
    // Two live instances: a's share is half of the 1000 free; whole holds of 10 beyond the need.
    const Leases::Answer first = ask(a, 15, 1000);
    QCOMPARE(first.kind, Leases::Answer::Kind::Lease);
    QCOMPARE(first.grantedMicros, 495);
    const Leases::Answer second = ask(b, 10, 1000);
    QCOMPARE(second.kind, Leases::Answer::Kind::Lease);
    QCOMPARE(second.grantedMicros, 250); // half of the 505 left, in whole holds
    // A top-up of a's lease keeps its id.
    const Leases::Answer topUp = ask(a, 10, 20);
    QCOMPARE(topUp.kind, Leases::Answer::Kind::Lease);
    QCOMPARE(topUp.leaseId, first.leaseId);
    QCOMPARE(topUp.grantedMicros, 515);
    QCOMPARE(value("SELECT leased_micros FROM customers"), 765);
}

void TestLeases::smallBalanceTakesDirectHolds()
{
    const QString a = instance(QStringLiteral("a"));
    instance(QStringLiteral("b"));
    instance(QStringLiteral("c"));
    QVERIFY(m_db->exec("UPDATE customers SET posted_micros = 25"));
    QVERIFY(m_db->exec("DELETE FROM ledger_entries"));
    QVERIFY(m_db->exec("INSERT INTO ledger_entries (customer_id, kind, amount_micros, memo, created_at)"
                       " VALUES ('c1', 'credit', 25, '', 1)"));
    // A share of 8 cannot cover a hold of 10: the hold is taken in the database.
    const Leases::Answer direct = ask(a, 10, 40);
    QCOMPARE(direct.kind, Leases::Answer::Kind::Direct);
    QCOMPARE(value("SELECT pending_micros FROM customers"), 10);
    QCOMPARE(value("SELECT count(*) FROM holds WHERE state = 'pending' AND lease_id IS NULL"), 1);
}

void TestLeases::refusalSaysWhetherOthersLease()
{
    const QString a = instance(QStringLiteral("a"));
    QCOMPARE(ask(a, 1000, 1000).grantedMicros, 1000); // the only instance: all of it is its share
    const QString b = instance(QStringLiteral("b"));
    const Leases::Answer refused = ask(b, 10, 10);
    QCOMPARE(refused.kind, Leases::Answer::Kind::Insufficient);
    QCOMPARE(refused.freeMicros, 0);
    QCOMPARE(refused.othersLeasing, QStringList {a}); // a's lease could be recalled
    // An instance not seen for the stale time does not answer a recall: it is not waited for.
    QVERIFY(m_db->prepare("UPDATE instances SET last_seen = 0 WHERE id = ?1").bind(1, a).exec());
    const Leases::Answer unanswered = ask(b, 10, 10);
    QCOMPARE(unanswered.kind, Leases::Answer::Kind::Insufficient);
    QCOMPARE(unanswered.othersLeasing, QStringList());
}

void TestLeases::debitIsSpentFromTheLease()
{
    const QString a = instance(QStringLiteral("a"));
    const Leases::Answer lease = ask(a, 100, 100);
    QCOMPARE(lease.grantedMicros, 100);
    const SettlementResult settled = settle(a, lease.leaseId, 40, 30);
    QVERIFY2(!settled.retry, qPrintable(settled.error));
    QVERIFY(settled.billed);
    QVERIFY(settled.leaseCharged);
    QCOMPARE(settled.debitMicros, 30);
    QCOMPARE(value("SELECT spent_micros FROM leases"), 30);
    QCOMPARE(value("SELECT posted_micros FROM customers"), 970);
    QCOMPARE(value("SELECT leased_micros FROM customers"), 70);
}

void TestLeases::debitAfterTheLeaseEndedTakesTheFreeBalance()
{
    const QString a = instance(QStringLiteral("a"));
    const Leases::Answer lease = ask(a, 100, 100);
    QVERIFY(m_db->exec("UPDATE leases SET expires_at = 0"));
    QString error;
    QCOMPARE(Leases::reap(*m_db, 10000, &error), 1);
    QCOMPARE(value("SELECT leased_micros FROM customers"), 0);
    const SettlementResult settled = settle(a, lease.leaseId, 40, 30);
    QVERIFY2(!settled.retry, qPrintable(settled.error));
    QVERIFY(settled.billed);
    QVERIFY(!settled.leaseCharged);
    QCOMPARE(value("SELECT posted_micros FROM customers"), 970);
    QCOMPARE(value("SELECT spent_micros FROM leases"), 0); // nothing is charged to an ended lease
}

void TestLeases::manyDebitsMoveEachLeaseOnce()
{
    // Settlement::writeMany: debits on two instances' leases in one statement; then a batch with a
    // lease that ended meanwhile, which is undone and written one by one (the free balance pays).
    const QString a = instance(QStringLiteral("a"));
    const QString b = instance(QStringLiteral("b"));
    const Leases::Answer leaseA = ask(a, 100, 100);
    const Leases::Answer leaseB = ask(b, 100, 100);
    QCOMPARE(leaseA.kind, Leases::Answer::Kind::Lease);
    QCOMPARE(leaseB.kind, Leases::Answer::Kind::Lease);
    const std::vector<SettlementResult> first = Settlement::writeMany(*m_db,
        {posted(a, leaseA.leaseId, 40, 30), posted(a, leaseA.leaseId, 20, 25), posted(b, leaseB.leaseId, 10, 10)});
    for (const SettlementResult &r : first) {
        QVERIFY2(!r.retry && r.billed && r.leaseCharged, qPrintable(r.error));
    }
    QCOMPARE(first[1].debitMicros, 20);
    QCOMPARE(value("SELECT spent_micros FROM leases WHERE instance = (SELECT id FROM instances WHERE name = 'a')"), 50);
    QCOMPARE(value("SELECT spent_micros FROM leases WHERE instance = (SELECT id FROM instances WHERE name = 'b')"), 10);
    QCOMPARE(value("SELECT posted_micros FROM customers"), 940);
    QCOMPARE(value("SELECT leased_micros FROM customers"), 140);
    QCOMPARE(value("SELECT count(*) FROM ledger_entries WHERE kind = 'debit'"), 3);

    const QByteArray expire = "UPDATE leases SET expires_at = 0 WHERE id = " + QByteArray::number(leaseB.leaseId);
    QVERIFY(m_db->exec(expire.constData()));
    QString error;
    QCOMPARE(Leases::reap(*m_db, 10000, &error), 1);
    const std::vector<SettlementResult> second
        = Settlement::writeMany(*m_db, {posted(a, leaseA.leaseId, 10, 10), posted(b, leaseB.leaseId, 10, 5)});
    QVERIFY2(!second[0].retry && second[0].leaseCharged, qPrintable(second[0].error));
    QVERIFY2(!second[1].retry && second[1].billed && !second[1].leaseCharged, qPrintable(second[1].error));
    QCOMPARE(value(QByteArray("SELECT spent_micros FROM leases WHERE id = ") + QByteArray::number(leaseA.leaseId)), 60);
    QCOMPARE(value("SELECT posted_micros FROM customers"), 925);
    QCOMPARE(value("SELECT leased_micros FROM customers"), 40);
}

void TestLeases::debitAfterTheLeaseEndedIsNotBilledWithoutBalance()
{
    const QString a = instance(QStringLiteral("a"));
    const Leases::Answer lease = ask(a, 1000, 1000);
    QVERIFY(m_db->exec("UPDATE leases SET expires_at = 0"));
    QString error;
    QCOMPARE(Leases::reap(*m_db, 10000, &error), 1);
    const QString b = instance(QStringLiteral("b"));
    QCOMPARE(ask(b, 1000, 1000, 1000).kind, Leases::Answer::Kind::Direct); // b holds everything free
    const SettlementResult settled = settle(a, lease.leaseId, 40, 30);
    QVERIFY2(!settled.retry, qPrintable(settled.error));
    QVERIFY(!settled.billed); // delivered, but nothing is left to pay it: the operator's loss
    QCOMPARE(value("SELECT posted_micros FROM customers"), 1000);
    QCOMPARE(value("SELECT count(*) FROM holds WHERE state = 'voided' AND shortfall_micros = 30"), 1);
    Statement row = m_db->prepare("SELECT billed, not_billed_reason FROM requests");
    QVERIFY(row.next());
    QCOMPARE(row.int64(0), 0);
    QVERIFY2(row.text(1).contains(QLatin1String("lease ended")), qPrintable(row.text(1)));
}

void TestLeases::keepShrinksReturnsAndLosesExpiredLeases()
{
    const QString a = instance(QStringLiteral("a"));
    const Leases::Answer lease = ask(a, 100, 100);
    QList<qint64> lost;
    QString error;
    using Keep = Leases::Keep;
    QVERIFY2(Leases::keep(*m_db, a, 10000, {Keep {lease.leaseId, QStringLiteral("c1"), Keep::Action::Shrink, 40}},
                 &lost, &error),
        qPrintable(error));
    QVERIFY(lost.isEmpty());
    QCOMPARE(value("SELECT granted_micros FROM leases"), 60);
    QCOMPARE(value("SELECT leased_micros FROM customers"), 60);
    QVERIFY(Leases::keep(
        *m_db, a, 10000, {Keep {lease.leaseId, QStringLiteral("c1"), Keep::Action::Return, 0}}, &lost, &error));
    QCOMPARE(value("SELECT count(*) FROM leases WHERE state = 'returned'"), 1);
    QCOMPARE(value("SELECT leased_micros FROM customers"), 0);
    // A lease past its expiry is not renewed: the instance learns it has lost it.
    const Leases::Answer again = ask(a, 100, 100);
    QVERIFY(m_db->exec("UPDATE leases SET expires_at = 0 WHERE state = 'active'"));
    QVERIFY(Leases::keep(
        *m_db, a, 10000, {Keep {again.leaseId, QStringLiteral("c1"), Keep::Action::Renew, 0}}, &lost, &error));
    QCOMPARE(lost, QList<qint64> {again.leaseId});
    QCOMPARE(Leases::reap(*m_db, 10000, &error), 1);
}

void TestLeases::reaperVoidsAStoppedInstancesHolds()
{
    const QString a = instance(QStringLiteral("a"));
    QCOMPARE(ask(a, 100, 100).kind, Leases::Answer::Kind::Lease);
    const QString b = instance(QStringLiteral("b"));
    QVERIFY(m_db->exec("UPDATE instances SET last_seen = 0 WHERE name = 'b'")); // b stopped answering
    const Leases::Answer direct = ask(b, 2000, 2000, 50); // beyond what is free: a direct hold of 50
    QCOMPARE(direct.kind, Leases::Answer::Kind::Direct);
    QCOMPARE(value("SELECT pending_micros FROM customers"), 50);
    // a's own restart under the same name ends a's lease at once; b's hold goes once b is stale.
    instance(QStringLiteral("a"));
    QString error;
    QCOMPARE(Leases::reap(*m_db, 10000, &error), 2);
    QCOMPARE(value("SELECT pending_micros FROM customers"), 0);
    QCOMPARE(value("SELECT leased_micros FROM customers"), 0);
    QCOMPARE(value("SELECT count(*) FROM holds WHERE state = 'voided'"), 1);
    QCOMPARE(value("SELECT count(*) FROM instances WHERE stopped_at IS NULL"), 1); // the new a
}

void TestLeases::auditorFindsLeasedSumsThatDiffer()
{
    const QString a = instance(QStringLiteral("a"));
    QCOMPARE(ask(a, 100, 100).kind, Leases::Answer::Kind::Lease);
    QVERIFY(m_db->exec("UPDATE customers SET leased_micros = 90"));
    const QStringList findings = Ledger::audit(*m_db);
    QVERIFY2(
        findings.join(QLatin1Char('\n')).contains(QLatin1String("leased_micros 90 but its active leases have 100")),
        qPrintable(findings.join(QLatin1Char('\n'))));
    QVERIFY(m_db->exec("UPDATE customers SET leased_micros = 100"));
}

QTEST_GUILESS_MAIN(TestLeases)
#include "tst_leases.moc"
