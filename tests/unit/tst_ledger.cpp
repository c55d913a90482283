// Ledger semantics at the SQL level, with the in-memory hold book in front as the gateway uses
// it: holds taken in the book, each written once as it ends (or as pending first), debits
// exactly once, voids, the reaper, statements and the auditor, on a real SQLite file.
#include "LedgerFixture.h"
#include "ledger/HoldBook.h"
#include "ledger/Ledger.h"
#include "store/CustomerStore.h"
#include "store/Database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace bytespike;

class TestLedger : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void reserveTakesFromAvailable();
    void insufficientLeavesNothing();
    void exactlyTenOfTwoHundred();
    void postDebitsOnceAndNeverAboveHold();
    void longHoldWrittenPendingThenPosted();
    void pendingRowNotWrittenForAnEndedHold();
    void endFollowsWhatWasQueued();
    void releaseEndsOnce();
    void holdsOfOneRequest();
    void reaperVoidsEarlierEpochsOnly();
    void statementBalances();
    void bookStartsFromTheCommittedBalances();
    void auditorFindsTampering();
    void negativeAvailableRefusedByTrigger();
    void creditsStopAtTheMoneyLimit();
    void bookRefusesAnOverflowingCredit();

private:
    CustomerRecord customer();
    HoldBook::Reservation reserve(qint64 amount, const QString &requestId, const QString &epoch = QStringLiteral("e1"));
    // Writes the hold's end and, once committed, drops it from the book as the gateway does.
    Ledger::ResolveResult end(qint64 holdId, const QString &state, const QString &reason, qint64 costMicros = 0,
        TokenCounts usage = {}, qint64 priceVersion = 1);
    bool writePending(const QList<qint64> &holdIds);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    HoldBook m_book;
    QHash<qint64, HoldBook::Hold> m_taken; // every hold taken, to end one twice
};

void TestLedger::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>();
    QString error;
    QVERIFY2(test::openLedgerWithCustomer(*m_dir, *m_db, &error), qPrintable(error));
    QHash<QString, qint64> balances;
    qint64 nextHold = 0;
    QVERIFY2(Ledger::loadBalances(*m_db, &balances, &nextHold, &error), qPrintable(error));
    m_book.reset(balances, nextHold);
    m_taken.clear();
}

void TestLedger::cleanup()
{
    QVERIFY2(Ledger::audit(*m_db).isEmpty(), qPrintable(Ledger::audit(*m_db).join(QLatin1Char('\n'))));
    m_db.reset();
    m_dir.reset();
}

CustomerRecord TestLedger::customer()
{
    CustomerRecord c;
    QString error;
    CustomerStore::findCustomer(*m_db, QStringLiteral("c1"), &c, &error);
    return c;
}

HoldBook::Reservation TestLedger::reserve(qint64 amount, const QString &requestId, const QString &epoch)
{
    const HoldBook::Reservation r = m_book.reserve(
        QStringLiteral("c1"), requestId, QStringLiteral("ch/m"), 1, amount, epoch, QDateTime::currentMSecsSinceEpoch());
    if (r.outcome == HoldBook::Reservation::Outcome::Ok)
        m_taken.insert(r.holdId, *m_book.find(r.holdId));
    return r;
}

Ledger::ResolveResult TestLedger::end(qint64 holdId, const QString &state, const QString &reason, qint64 costMicros,
    TokenCounts usage, qint64 priceVersion)
{
    Ledger::Resolution r;
    r.hold = m_taken.value(holdId);
    r.hold.priceVersion = priceVersion;
    r.state = state;
    r.reason = reason;
    r.usage = usage;
    r.costMicros = costMicros;
    const Ledger::ResolveResult result = Ledger::resolve(*m_db, r);
    if (result.outcome == Ledger::ResolveResult::Outcome::Ok)
        m_book.resolved(holdId, state == QLatin1String("posted") ? result.debitMicros : 0);
    return result;
}

bool TestLedger::writePending(const QList<qint64> &holdIds)
{
    QList<HoldBook::Hold> holds;
    for (qint64 id : holdIds)
        holds << m_taken.value(id);
    QString error;
    const bool ok = Ledger::writePending(*m_db, holds, &error);
    if (!ok)
        qWarning() << error;
    return ok;
}

void TestLedger::reserveTakesFromAvailable()
{
    const auto r = reserve(400, QStringLiteral("r1"));
    QCOMPARE(r.outcome, HoldBook::Reservation::Outcome::Ok);
    QCOMPARE(m_book.postedMicros(QStringLiteral("c1")), 1000);
    QCOMPARE(m_book.pendingMicros(QStringLiteral("c1")), 400);
    QCOMPARE(customer().pendingMicros, 0); // no row yet: a short request writes its hold once, ended
    QCOMPARE(
        end(r.holdId, QStringLiteral("voided"), QStringLiteral("test")).outcome, Ledger::ResolveResult::Outcome::Ok);
    QCOMPARE(m_book.pendingMicros(QStringLiteral("c1")), 0);
    QCOMPARE(m_book.openCount(), 0);
    QCOMPARE(customer().postedMicros, 1000);
}

void TestLedger::insufficientLeavesNothing()
{
    const auto r = reserve(1001, QStringLiteral("r1"));
    QCOMPARE(r.outcome, HoldBook::Reservation::Outcome::Insufficient);
    QCOMPARE(r.availableMicros, 1000);
    QCOMPARE(m_book.pendingMicros(QStringLiteral("c1")), 0);
    QCOMPARE(m_book.openCount(), 0);
    QCOMPARE(m_book
                 .reserve(QStringLiteral("nobody"), QStringLiteral("r2"), QStringLiteral("ch/m"), 1, 1,
                     QStringLiteral("e1"), 0)
                 .outcome,
        HoldBook::Reservation::Outcome::NoCustomer);
    m_book.setFailing(true);
    QCOMPARE(reserve(1, QStringLiteral("r3")).outcome, HoldBook::Reservation::Outcome::LedgerFailing);
    m_book.setFailing(false);
    QString error;
    QCOMPARE(Ledger::holds(*m_db, QString(), 10, &error).value(QStringLiteral("holds")).toArray().size(), 0);
}

void TestLedger::exactlyTenOfTwoHundred()
{
    int admitted = 0;
    QList<qint64> holds;
    for (int i = 0; i < 200; ++i) {
        const auto r = reserve(100, QStringLiteral("r%1").arg(i));
        if (r.outcome == HoldBook::Reservation::Outcome::Ok) {
            ++admitted;
            holds << r.holdId;
        }
        QVERIFY(m_book.postedMicros(QStringLiteral("c1")) - m_book.pendingMicros(QStringLiteral("c1")) >= 0);
    }
    QCOMPARE(admitted, 10);
    QVERIFY(writePending(holds.mid(0, 5))); // half of them ran long
    QCOMPARE(customer().pendingMicros, 500);
    for (qint64 id : holds)
        QCOMPARE(end(id, QStringLiteral("voided"), QStringLiteral("test")).outcome, Ledger::ResolveResult::Outcome::Ok);
    QCOMPARE(customer().pendingMicros, 0);
    QCOMPARE(m_book.pendingMicros(QStringLiteral("c1")), 0);
}

void TestLedger::postDebitsOnceAndNeverAboveHold()
{
    const auto r = reserve(300, QStringLiteral("r1"));
    const auto posted = end(r.holdId, QStringLiteral("posted"), QString(), 450, TokenCounts {10, 20, 0, 0});
    QCOMPARE(posted.outcome, Ledger::ResolveResult::Outcome::Ok);
    QCOMPARE(posted.debitMicros, 300);
    QCOMPARE(posted.shortfallMicros, 150);
    QCOMPARE(customer().postedMicros, 700);
    QCOMPARE(customer().pendingMicros, 0);
    QCOMPARE(m_book.postedMicros(QStringLiteral("c1")), 700);
    QCOMPARE(m_book.pendingMicros(QStringLiteral("c1")), 0);
    // Exactly once: a second end of the same hold, posted or voided, writes nothing.
    QCOMPARE(end(r.holdId, QStringLiteral("posted"), QString(), 450).outcome, Ledger::ResolveResult::Outcome::Rejected);
    QCOMPARE(end(r.holdId, QStringLiteral("voided"), QStringLiteral("late")).outcome,
        Ledger::ResolveResult::Outcome::Rejected);
    QCOMPARE(customer().postedMicros, 700);
}

void TestLedger::longHoldWrittenPendingThenPosted()
{
    const auto r = reserve(300, QStringLiteral("r1"));
    QVERIFY(writePending({r.holdId}));
    QCOMPARE(customer().pendingMicros, 300);
    QString error;
    const QJsonArray pending
        = Ledger::holds(*m_db, QStringLiteral("pending"), 10, &error).value(QStringLiteral("holds")).toArray();
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.first().toObject().value(QStringLiteral("id")).toInteger(), r.holdId);
    QVERIFY(writePending({r.holdId})); // written twice: still one row, reserved once
    QCOMPARE(customer().pendingMicros, 300);
    const auto posted = end(r.holdId, QStringLiteral("posted"), QString(), 120, TokenCounts {1, 2, 0, 0}, 4);
    QCOMPARE(posted.outcome, Ledger::ResolveResult::Outcome::Ok);
    QCOMPARE(posted.debitMicros, 120);
    QCOMPARE(customer().pendingMicros, 0);
    QCOMPARE(customer().postedMicros, 880);
    const QJsonObject hold = Ledger::holds(*m_db, QString(), 10, &error, QString(), QStringLiteral("r1"))
                                 .value(QStringLiteral("holds"))
                                 .toArray()
                                 .first()
                                 .toObject();
    QCOMPARE(hold.value(QStringLiteral("state")).toString(), QStringLiteral("posted"));
    QCOMPARE(hold.value(QStringLiteral("price_version")).toInteger(), 4);
    QCOMPARE(hold.value(QStringLiteral("debit_micros")).toInteger(), 120);
}

void TestLedger::pendingRowNotWrittenForAnEndedHold()
{
    const auto r = reserve(300, QStringLiteral("r1"));
    QCOMPARE(
        end(r.holdId, QStringLiteral("voided"), QStringLiteral("5xx")).outcome, Ledger::ResolveResult::Outcome::Ok);
    // The pending write was queued before the end committed: it finds the row ended and skips it.
    QVERIFY(writePending({r.holdId}));
    QCOMPARE(customer().pendingMicros, 0);
    QString error;
    QCOMPARE(
        Ledger::holds(*m_db, QStringLiteral("pending"), 10, &error).value(QStringLiteral("holds")).toArray().size(), 0);
}

// The end of a hold takes the UPDATE first only when its copy says a pending row was queued, and
// the INSERT first otherwise; either way it falls back to the other, so a stale copy (the pending
// row was written while a failed end waited for its retry) and a pending write that failed both
// end with exactly one row in its final state.
void TestLedger::endFollowsWhatWasQueued()
{
    QString error;
    const auto rowOf = [&](const QString &requestId) {
        const QJsonArray rows = Ledger::holds(*m_db, QString(), 10, &error, QString(), requestId)
                                    .value(QStringLiteral("holds"))
                                    .toArray();
        return rows.size() == 1 ? rows.first().toObject() : QJsonObject();
    };
    // Queued and written: the UPDATE ends the pending row.
    const auto queued = reserve(100, QStringLiteral("queued"));
    QVERIFY(writePending({queued.holdId}));
    m_taken[queued.holdId].written = true;
    QCOMPARE(end(queued.holdId, QStringLiteral("posted"), QString(), 40).outcome, Ledger::ResolveResult::Outcome::Ok);
    QCOMPARE(rowOf(QStringLiteral("queued")).value(QStringLiteral("state")).toString(), QStringLiteral("posted"));
    // Queued, but the pending write never happened: the UPDATE finds nothing, the INSERT writes it.
    const auto lost = reserve(100, QStringLiteral("lost"));
    m_taken[lost.holdId].written = true;
    QCOMPARE(
        end(lost.holdId, QStringLiteral("voided"), QStringLiteral("5xx")).outcome, Ledger::ResolveResult::Outcome::Ok);
    QCOMPARE(rowOf(QStringLiteral("lost")).value(QStringLiteral("state")).toString(), QStringLiteral("voided"));
    // Not queued when the copy was taken, pending row written since: the INSERT fails, the UPDATE ends it.
    const auto stale = reserve(100, QStringLiteral("stale"));
    QVERIFY(writePending({stale.holdId}));
    QVERIFY(!m_taken.value(stale.holdId).written);
    QCOMPARE(end(stale.holdId, QStringLiteral("posted"), QString(), 30).outcome, Ledger::ResolveResult::Outcome::Ok);
    QCOMPARE(rowOf(QStringLiteral("stale")).value(QStringLiteral("debit_micros")).toInteger(), 30);
    QCOMPARE(customer().pendingMicros, 0);
    QCOMPARE(customer().postedMicros, 1000 - 40 - 30);
}

void TestLedger::releaseEndsOnce()
{
    const auto r = reserve(300, QStringLiteral("r1"));
    QCOMPARE(end(r.holdId, QStringLiteral("expired"), QStringLiteral("deadline")).outcome,
        Ledger::ResolveResult::Outcome::Ok);
    QCOMPARE(end(r.holdId, QStringLiteral("voided"), QStringLiteral("again")).outcome,
        Ledger::ResolveResult::Outcome::Rejected);
    QCOMPARE(end(r.holdId, QStringLiteral("posted"), QString(), 10).outcome, Ledger::ResolveResult::Outcome::Rejected);
    QCOMPARE(customer().pendingMicros, 0);
    QCOMPARE(customer().postedMicros, 1000);
    QString error;
    const QJsonArray holds
        = Ledger::holds(*m_db, QStringLiteral("expired"), 10, &error).value(QStringLiteral("holds")).toArray();
    QCOMPARE(holds.size(), 1);
    QCOMPARE(holds.first().toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("deadline"));
}

void TestLedger::holdsOfOneRequest()
{
    const auto first = reserve(100, QStringLiteral("r1"));
    const auto second = reserve(200, QStringLiteral("r2"));
    QCOMPARE(end(first.holdId, QStringLiteral("voided"), QStringLiteral("test")).outcome,
        Ledger::ResolveResult::Outcome::Ok);
    QCOMPARE(end(second.holdId, QStringLiteral("voided"), QStringLiteral("test")).outcome,
        Ledger::ResolveResult::Outcome::Ok);
    QString error;
    const QJsonArray holds = Ledger::holds(*m_db, QString(), 10, &error, QString(), QStringLiteral("r2"))
                                 .value(QStringLiteral("holds"))
                                 .toArray();
    QCOMPARE(holds.size(), 1);
    QCOMPARE(holds.first().toObject().value(QStringLiteral("id")).toInteger(), second.holdId);
    QCOMPARE(Ledger::holds(*m_db, QString(), 10, &error, QStringLiteral("c2"), QStringLiteral("r2"))
                 .value(QStringLiteral("holds"))
                 .toArray()
                 .size(),
        0);
}

void TestLedger::reaperVoidsEarlierEpochsOnly()
{
    const auto old1 = reserve(100, QStringLiteral("old1"), QStringLiteral("old"));
    const auto old2 = reserve(200, QStringLiteral("old2"), QStringLiteral("old"));
    const auto mine = reserve(300, QStringLiteral("new1"), QStringLiteral("current"));
    QVERIFY(writePending({old1.holdId, old2.holdId, mine.holdId}));
    QString error;
    QCOMPARE(Ledger::reap(*m_db, QStringLiteral("current"), &error), 2);
    QCOMPARE(customer().pendingMicros, 300);
    QCOMPARE(Ledger::reap(*m_db, QStringLiteral("current"), &error), 0);
    QCOMPARE(
        end(mine.holdId, QStringLiteral("voided"), QStringLiteral("test")).outcome, Ledger::ResolveResult::Outcome::Ok);
    const QJsonArray reaped
        = Ledger::holds(*m_db, QStringLiteral("voided"), 10, &error).value(QStringLiteral("holds")).toArray();
    QCOMPARE(reaped.size(), 3);
}

void TestLedger::statementBalances()
{
    const auto r = reserve(500, QStringLiteral("r1"));
    QCOMPARE(end(r.holdId, QStringLiteral("posted"), QString(), 123, TokenCounts {1, 2, 3, 4}, 7).outcome,
        Ledger::ResolveResult::Outcome::Ok);
    const auto voided = reserve(50, QStringLiteral("r2"));
    QCOMPARE(end(voided.holdId, QStringLiteral("voided"), QStringLiteral("5xx")).outcome,
        Ledger::ResolveResult::Outcome::Ok);
    QString error;
    const QJsonObject st
        = Ledger::statement(*m_db, QStringLiteral("c1"), 0, QDateTime::currentMSecsSinceEpoch() + 1, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QJsonArray lines = st.value(QStringLiteral("lines")).toArray();
    QCOMPARE(lines.size(), 2); // the credit and one debit; the voided request has no line
    qint64 credits = 0;
    qint64 debits = 0;
    for (const QJsonValue &v : lines) {
        const QJsonObject line = v.toObject();
        const QString kind = line.value(QStringLiteral("kind")).toString();
        QVERIFY(kind == QLatin1String("credit") || kind == QLatin1String("debit"));
        (kind == QLatin1String("credit") ? credits : debits)
            += qint64(line.value(QStringLiteral("amount_micros")).toDouble());
        if (kind == QLatin1String("debit")) {
            QCOMPARE(line.value(QStringLiteral("price_version")).toInt(), 7);
            QCOMPARE(line.value(QStringLiteral("request_id")).toString(), QStringLiteral("r1"));
            QCOMPARE(line.value(QStringLiteral("cache_read_tokens")).toInt(), 4);
        }
    }
    const qint64 opening = qint64(st.value(QStringLiteral("opening_micros")).toDouble());
    const qint64 closing = qint64(st.value(QStringLiteral("closing_micros")).toDouble());
    QCOMPARE(opening, 0);
    QCOMPARE(closing, opening + credits - debits);
    QCOMPARE(closing, customer().postedMicros);
    // A period after everything: opening equals the closing above, no lines.
    const qint64 later = QDateTime::currentMSecsSinceEpoch() + 1000;
    const QJsonObject after = Ledger::statement(*m_db, QStringLiteral("c1"), later, later + 1000, &error);
    QCOMPARE(qint64(after.value(QStringLiteral("opening_micros")).toDouble()), closing);
    QCOMPARE(after.value(QStringLiteral("lines")).toArray().size(), 0);
}

void TestLedger::bookStartsFromTheCommittedBalances()
{
    const auto r = reserve(250, QStringLiteral("r1"));
    QCOMPARE(end(r.holdId, QStringLiteral("posted"), QString(), 250).outcome, Ledger::ResolveResult::Outcome::Ok);
    QHash<QString, qint64> balances;
    qint64 nextHold = 0;
    QString error;
    QVERIFY(Ledger::loadBalances(*m_db, &balances, &nextHold, &error));
    QCOMPARE(balances.value(QStringLiteral("c1")), 750);
    QCOMPARE(nextHold, r.holdId + 1); // ids are never reused after a restart
}

void TestLedger::auditorFindsTampering()
{
    QVERIFY(m_db->exec("UPDATE customers SET posted_micros = posted_micros + 1 WHERE id = 'c1'"));
    const QStringList findings = Ledger::audit(*m_db);
    QCOMPARE(findings.size(), 1);
    QVERIFY(findings.first().startsWith(QLatin1String("conservation")));
    QVERIFY(m_db->exec("UPDATE customers SET posted_micros = posted_micros - 1 WHERE id = 'c1'"));
}

void TestLedger::negativeAvailableRefusedByTrigger()
{
    QString error;
    QVERIFY(!m_db->exec("UPDATE customers SET pending_micros = 1001 WHERE id = 'c1'", &error));
    QVERIFY2(error.contains(QLatin1String("negative")), qPrintable(error));
    QCOMPARE(customer().pendingMicros, 0);
}

// No balance and no lifetime credited total passes 2^53 - 1 micro-dollars: the credit that would
// is refused whole (no entry, the balance unchanged), one exactly at the limit is taken; after a
// debit, the lifetime total still bounds the next credit (a statement sums every credit).
void TestLedger::creditsStopAtTheMoneyLimit()
{
    const QString c1 = QStringLiteral("c1");
    const auto entries = [this] {
        Statement st = m_db->prepare("SELECT COUNT(*) FROM ledger_entries");
        return st.next() ? st.int64(0) : -1;
    };
    const qint64 before = entries();
    LedgerEntryRecord entry;
    QString error;
    bool overLimit = false;
    // 1000 credited in init(); this leaves 5 of room.
    QVERIFY2(CustomerStore::addCredit(*m_db, c1, kMaxMoneyMicros - 1005, QString(), &entry, &error, &overLimit),
        qPrintable(error));
    QCOMPARE(customer().postedMicros, kMaxMoneyMicros - 5);
    qint64 room = 0;
    QVERIFY(CustomerStore::creditRoom(*m_db, c1, &room, &error));
    QCOMPARE(room, 5);
    QVERIFY(!CustomerStore::addCredit(*m_db, c1, 6, QString(), &entry, &error, &overLimit));
    QVERIFY(overLimit);
    QVERIFY2(error.contains(QLatin1String("9007199254740991")), qPrintable(error));
    QCOMPARE(customer().postedMicros, kMaxMoneyMicros - 5);
    QCOMPARE(entries(), before + 1);
    overLimit = false;
    QVERIFY(CustomerStore::addCredit(*m_db, c1, 5, QString(), &entry, &error, &overLimit));
    QVERIFY(!overLimit);
    QCOMPARE(customer().postedMicros, kMaxMoneyMicros);
    QVERIFY(!CustomerStore::addCredit(*m_db, c1, 1, QString(), &entry, &error, &overLimit));
    QVERIFY(overLimit);
    // A debit of 700 lowers the balance, not the credited total: still no room.
    QHash<QString, qint64> balances;
    qint64 nextHold = 0;
    QVERIFY(Ledger::loadBalances(*m_db, &balances, &nextHold, &error));
    m_book.reset(balances, nextHold);
    const auto r = reserve(1000, QStringLiteral("r1"));
    QCOMPARE(r.outcome, HoldBook::Reservation::Outcome::Ok);
    QCOMPARE(end(r.holdId, QStringLiteral("posted"), QString(), 700).outcome, Ledger::ResolveResult::Outcome::Ok);
    QCOMPARE(customer().postedMicros, kMaxMoneyMicros - 700);
    QVERIFY(CustomerStore::creditRoom(*m_db, c1, &room, &error));
    QCOMPARE(room, 0);
    overLimit = false;
    QVERIFY(!CustomerStore::addCredit(*m_db, c1, 700, QString(), &entry, &error, &overLimit));
    QVERIFY(overLimit);
    QCOMPARE(customer().postedMicros, kMaxMoneyMicros - 700);
    // The statement's sums are exact.
    const QJsonObject statement = Ledger::statement(*m_db, c1, 0, QDateTime::currentMSecsSinceEpoch() + 1, &error);
    QCOMPARE(statement.value(QStringLiteral("closing_micros")).toInteger(), kMaxMoneyMicros - 700);
}

void TestLedger::bookRefusesAnOverflowingCredit()
{
    HoldBook book;
    book.reset({{QStringLiteral("c"), kMaxMoneyMicros - 10}}, 1);
    QVERIFY(!book.credited(QStringLiteral("c"), 11));
    QCOMPARE(book.postedMicros(QStringLiteral("c")), kMaxMoneyMicros - 10);
    QVERIFY(!book.credited(QStringLiteral("c"), std::numeric_limits<qint64>::max()));
    QVERIFY(!book.credited(QStringLiteral("c"), 0));
    QVERIFY(!book.credited(QStringLiteral("c"), -5));
    QCOMPARE(book.postedMicros(QStringLiteral("c")), kMaxMoneyMicros - 10);
    QVERIFY(book.credited(QStringLiteral("c"), 10));
    QCOMPARE(book.postedMicros(QStringLiteral("c")), kMaxMoneyMicros);
    QVERIFY(!book.credited(QStringLiteral("c"), 1));
    QCOMPARE(book.postedMicros(QStringLiteral("c")), kMaxMoneyMicros);
}

QTEST_GUILESS_MAIN(TestLedger)
#include "tst_ledger.moc"
