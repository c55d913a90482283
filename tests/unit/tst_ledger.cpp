// Ledger semantics at the SQL level: holds, debits exactly once, voids, the reaper, statements
// and the auditor, on a real SQLite file.
#include "ledger/Ledger.h"
#include "store/CustomerStore.h"
#include "store/Database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

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
    void releaseEndsOnce();
    void holdsOfOneRequest();
    void reaperVoidsEarlierEpochsOnly();
    void statementBalances();
    void auditorFindsTampering();
    void negativeAvailableRefusedByTrigger();

private:
    CustomerRecord customer();
    Ledger::ReserveResult reserve(qint64 amount, const QString &requestId, const QString &epoch = QStringLiteral("e1"));

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
};

void TestLedger::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>();
    QString error;
    QVERIFY2(m_db->open(m_dir->filePath(QStringLiteral("ledger.db")), &error), qPrintable(error));
    QVERIFY(CustomerStore::insertCustomer(*m_db, QStringLiteral("c1"), QStringLiteral("Customer"), &error));
    LedgerEntryRecord entry;
    QVERIFY(CustomerStore::addCredit(*m_db, QStringLiteral("c1"), 1000, QStringLiteral("top-up"), &entry, &error));
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

Ledger::ReserveResult TestLedger::reserve(qint64 amount, const QString &requestId, const QString &epoch)
{
    return Ledger::reserve(
        *m_db, Ledger::HoldRequest {QStringLiteral("c1"), requestId, QStringLiteral("ch/m"), 1, amount, epoch});
}

void TestLedger::reserveTakesFromAvailable()
{
    const auto r = reserve(400, QStringLiteral("r1"));
    QCOMPARE(r.outcome, Ledger::ReserveResult::Outcome::Ok);
    QCOMPARE(customer().postedMicros, 1000);
    QCOMPARE(customer().pendingMicros, 400);
    QString error;
    QVERIFY(Ledger::release(*m_db, r.holdId, QStringLiteral("voided"), QStringLiteral("test"), &error));
}

void TestLedger::insufficientLeavesNothing()
{
    const auto r = reserve(1001, QStringLiteral("r1"));
    QCOMPARE(r.outcome, Ledger::ReserveResult::Outcome::Insufficient);
    QCOMPARE(r.availableMicros, 1000);
    QCOMPARE(customer().pendingMicros, 0);
    QString error;
    QCOMPARE(Ledger::holds(*m_db, QString(), 10, &error).value(QStringLiteral("holds")).toArray().size(), 0);
}

void TestLedger::exactlyTenOfTwoHundred()
{
    int admitted = 0;
    QList<qint64> holds;
    for (int i = 0; i < 200; ++i) {
        const auto r = reserve(100, QStringLiteral("r%1").arg(i));
        if (r.outcome == Ledger::ReserveResult::Outcome::Ok) {
            ++admitted;
            holds << r.holdId;
        }
        QVERIFY(customer().postedMicros - customer().pendingMicros >= 0);
    }
    QCOMPARE(admitted, 10);
    QString error;
    for (qint64 id : holds)
        QVERIFY(Ledger::release(*m_db, id, QStringLiteral("voided"), QStringLiteral("test"), &error));
}

void TestLedger::postDebitsOnceAndNeverAboveHold()
{
    const auto r = reserve(300, QStringLiteral("r1"));
    Ledger::Settlement s {r.holdId, QStringLiteral("c1"), QStringLiteral("r1"), QStringLiteral("ch/m"), 1,
        TokenCounts {10, 20, 0, 0}, 450, false};
    const auto posted = Ledger::post(*m_db, s);
    QVERIFY2(posted.ok, qPrintable(posted.error));
    QCOMPARE(posted.debitMicros, 300);
    QCOMPARE(posted.shortfallMicros, 150);
    QCOMPARE(customer().postedMicros, 700);
    QCOMPARE(customer().pendingMicros, 0);
    QVERIFY(!Ledger::post(*m_db, s).ok); // exactly once
    QString error;
    QVERIFY(!Ledger::release(*m_db, r.holdId, QStringLiteral("voided"), QStringLiteral("late"), &error));
    QCOMPARE(customer().postedMicros, 700);
}

void TestLedger::releaseEndsOnce()
{
    const auto r = reserve(300, QStringLiteral("r1"));
    QString error;
    QVERIFY(Ledger::release(*m_db, r.holdId, QStringLiteral("expired"), QStringLiteral("deadline"), &error));
    QVERIFY(!Ledger::release(*m_db, r.holdId, QStringLiteral("voided"), QStringLiteral("again"), &error));
    QVERIFY(!Ledger::post(*m_db,
        Ledger::Settlement {
            r.holdId, QStringLiteral("c1"), QStringLiteral("r1"), QStringLiteral("ch/m"), 1, {}, 10, false})
                 .ok);
    QCOMPARE(customer().pendingMicros, 0);
    QCOMPARE(customer().postedMicros, 1000);
    const QJsonArray holds
        = Ledger::holds(*m_db, QStringLiteral("expired"), 10, &error).value(QStringLiteral("holds")).toArray();
    QCOMPARE(holds.size(), 1);
    QCOMPARE(holds.first().toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("deadline"));
}

void TestLedger::holdsOfOneRequest()
{
    const auto first = reserve(100, QStringLiteral("r1"));
    const auto second = reserve(200, QStringLiteral("r2"));
    QString error;
    QVERIFY(Ledger::release(*m_db, first.holdId, QStringLiteral("voided"), QStringLiteral("test"), &error));
    QVERIFY(Ledger::release(*m_db, second.holdId, QStringLiteral("voided"), QStringLiteral("test"), &error));
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
    reserve(100, QStringLiteral("old1"), QStringLiteral("old"));
    reserve(200, QStringLiteral("old2"), QStringLiteral("old"));
    const auto mine = reserve(300, QStringLiteral("new1"), QStringLiteral("current"));
    QString error;
    QCOMPARE(Ledger::reap(*m_db, QStringLiteral("current"), &error), 2);
    QCOMPARE(customer().pendingMicros, 300);
    QCOMPARE(Ledger::reap(*m_db, QStringLiteral("current"), &error), 0);
    QVERIFY(Ledger::release(*m_db, mine.holdId, QStringLiteral("voided"), QStringLiteral("test"), &error));
}

void TestLedger::statementBalances()
{
    const auto r = reserve(500, QStringLiteral("r1"));
    QVERIFY(Ledger::post(*m_db,
        Ledger::Settlement {r.holdId, QStringLiteral("c1"), QStringLiteral("r1"), QStringLiteral("ch/m"), 7,
            TokenCounts {1, 2, 3, 4}, 123, false})
                .ok);
    const auto voided = reserve(50, QStringLiteral("r2"));
    QString error;
    QVERIFY(Ledger::release(*m_db, voided.holdId, QStringLiteral("voided"), QStringLiteral("5xx"), &error));
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

QTEST_GUILESS_MAIN(TestLedger)
#include "tst_ledger.moc"
