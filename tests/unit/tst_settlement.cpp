// The settlement of a finished request (ledger/Settlement) on a real SQLite file: the hold's end
// and the request's log row are written together or not at all; only a posted hold bills, once;
// a hold that had ended already writes a row that is not billed and says why.
#include "LedgerFixture.h"
#include "ledger/HoldBook.h"
#include "ledger/Settlement.h"
#include "store/CustomerStore.h"
#include "store/Database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace bytespike;

class TestSettlement : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void postedBillsOnce();
    void voidedBillsNothing();
    void withoutHold();
    void endedTwiceIsNotBilledAgain();
    void refusedRowWritesNothing();

private:
    // A hold of amount for requestId, taken in the book as the gateway takes it.
    HoldBook::Hold reserve(qint64 amount, const QString &requestId);
    SettlementRecord record(const HoldBook::Hold &hold, const QString &state, const QString &rowId,
        const QString &reason = {}, qint64 costMicros = 0) const;
    QJsonObject row(const QString &requestId) const;
    qint64 posted() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    HoldBook m_book;
};

void TestSettlement::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>();
    QString error;
    QVERIFY2(test::openLedgerWithCustomer(*m_dir, *m_db, &error), qPrintable(error));
    QHash<QString, qint64> balances;
    qint64 nextHold = 0;
    QVERIFY2(Ledger::loadBalances(*m_db, &balances, &nextHold, &error), qPrintable(error));
    m_book.reset(balances, nextHold);
}

void TestSettlement::cleanup()
{
    QVERIFY2(Ledger::audit(*m_db).isEmpty(), qPrintable(Ledger::audit(*m_db).join(QLatin1Char('\n'))));
    m_db.reset();
    m_dir.reset();
}

HoldBook::Hold TestSettlement::reserve(qint64 amount, const QString &requestId)
{
    const HoldBook::Reservation r = m_book.reserve(QStringLiteral("c1"), requestId, QStringLiteral("ch/m"), 1, amount,
        QStringLiteral("e1"), QDateTime::currentMSecsSinceEpoch());
    if (r.outcome != HoldBook::Reservation::Outcome::Ok)
        return {};
    return *m_book.find(r.holdId);
}

SettlementRecord TestSettlement::record(const HoldBook::Hold &hold, const QString &state, const QString &rowId,
    const QString &reason, qint64 costMicros) const
{
    SettlementRecord out;
    out.resolution.hold = hold;
    out.resolution.state = state;
    out.resolution.reason = reason;
    out.resolution.usage = {9, 16, 0, 0};
    out.resolution.costMicros = costMicros;
    RequestRow &r = out.row;
    r.id = rowId;
    r.customerId = QStringLiteral("c1");
    r.protocol = QStringLiteral("anthropic");
    r.model = QStringLiteral("m");
    r.endpoint = QStringLiteral("ch/m");
    r.status = 200;
    r.notBilledReason = reason;
    r.usage = {9, 16, 0, 0};
    r.latencyMs = 12;
    r.ttfbMs = 3;
    r.holdId = hold.id;
    r.holdMicros = hold.amountMicros;
    r.priceVersion = 1;
    return out;
}

QJsonObject TestSettlement::row(const QString &requestId) const
{
    RequestFilter filter;
    filter.requestId = requestId;
    const QList<RequestLogItem> rows = RequestLog::query(*m_db, filter);
    return rows.size() == 1 ? rows.first().toJson() : QJsonObject();
}

qint64 TestSettlement::posted() const
{
    CustomerRecord c;
    QString error;
    CustomerStore::findCustomer(*m_db, QStringLiteral("c1"), &c, &error);
    return c.postedMicros;
}

void TestSettlement::postedBillsOnce()
{
    const HoldBook::Hold hold = reserve(400, QStringLiteral("r1"));
    QVERIFY(hold.id);
    const SettlementResult result
        = Settlement::write(*m_db, record(hold, QStringLiteral("posted"), QStringLiteral("r1"), {}, 250));
    QVERIFY2(!result.retry, qPrintable(result.error));
    QCOMPARE(result.holdId, hold.id);
    QVERIFY(result.billed);
    QCOMPARE(result.debitMicros, 250);
    QCOMPARE(posted(), 750);
    const QJsonObject r = row(QStringLiteral("r1"));
    QCOMPARE(r.value(QStringLiteral("billed")).toBool(), true);
    QCOMPARE(r.value(QStringLiteral("not_billed_reason")).toString(), QString());
    QCOMPARE(r.value(QStringLiteral("cost_micros")).toInteger(), 250);
    QCOMPARE(r.value(QStringLiteral("hold_micros")).toInteger(), 400);
    QCOMPARE(r.value(QStringLiteral("hold_id")).toInteger(), hold.id);
    QVERIFY(r.value(QStringLiteral("entry_id")).toInteger() > 0);
    QCOMPARE(r.value(QStringLiteral("usage")).toObject().value(QStringLiteral("output_tokens")).toInteger(), 16);
    QCOMPARE(r.value(QStringLiteral("protocol")).toString(), QStringLiteral("anthropic"));
    QCOMPARE(r.value(QStringLiteral("latency_ms")).toInteger(), 12);
    // The settlement writes its own time.
    QVERIFY(r.value(QStringLiteral("time")).toString().startsWith(QString::number(QDate::currentDate().year())));
}

void TestSettlement::voidedBillsNothing()
{
    const HoldBook::Hold hold = reserve(400, QStringLiteral("r1"));
    const SettlementResult result = Settlement::write(*m_db,
        record(hold, QStringLiteral("voided"), QStringLiteral("r1"), QStringLiteral("upstream stream truncated")));
    QVERIFY2(!result.retry, qPrintable(result.error));
    QVERIFY(!result.billed);
    QCOMPARE(result.debitMicros, 0);
    QCOMPARE(posted(), 1000);
    const QJsonObject r = row(QStringLiteral("r1"));
    QCOMPARE(r.value(QStringLiteral("billed")).toBool(), false);
    QCOMPARE(r.value(QStringLiteral("not_billed_reason")).toString(), QStringLiteral("upstream stream truncated"));
    QVERIFY(r.value(QStringLiteral("entry_id")).isNull());
    QCOMPARE(r.value(QStringLiteral("hold_id")).toInteger(), hold.id);
}

void TestSettlement::withoutHold()
{
    SettlementRecord refused = record({}, QString(), QStringLiteral("r1"), QStringLiteral("invalid x-api-key"));
    refused.row.customerId.clear();
    refused.row.status = 401;
    const SettlementResult result = Settlement::write(*m_db, refused);
    QVERIFY2(!result.retry, qPrintable(result.error));
    QCOMPARE(result.holdId, 0);
    QVERIFY(!result.billed);
    const QJsonObject r = row(QStringLiteral("r1"));
    QCOMPARE(r.value(QStringLiteral("status")).toInteger(), 401);
    QVERIFY(r.value(QStringLiteral("hold_id")).isNull());
    QVERIFY(r.value(QStringLiteral("customer")).toString().isEmpty());
    QCOMPARE(r.value(QStringLiteral("not_billed_reason")).toString(), QStringLiteral("invalid x-api-key"));
    QCOMPARE(posted(), 1000);
}

void TestSettlement::endedTwiceIsNotBilledAgain()
{
    const HoldBook::Hold hold = reserve(400, QStringLiteral("r1"));
    QVERIFY(Settlement::write(*m_db, record(hold, QStringLiteral("posted"), QStringLiteral("r1"), {}, 250)).billed);
    const SettlementResult again
        = Settlement::write(*m_db, record(hold, QStringLiteral("posted"), QStringLiteral("r1-again"), {}, 250));
    QVERIFY2(!again.retry, qPrintable(again.error));
    QVERIFY(!again.billed);
    QCOMPARE(again.debitMicros, 0);
    QCOMPARE(posted(), 750);
    const QJsonObject r = row(QStringLiteral("r1-again"));
    QCOMPARE(r.value(QStringLiteral("billed")).toBool(), false);
    QVERIFY2(r.value(QStringLiteral("not_billed_reason")).toString().startsWith(QStringLiteral("debit failed: ")),
        qPrintable(r.value(QStringLiteral("not_billed_reason")).toString()));
}

void TestSettlement::refusedRowWritesNothing()
{
    // A row the database refuses (here: its request-id is taken) takes the hold's end with it:
    // nothing is written, and the settlement can be tried again.
    const HoldBook::Hold first = reserve(100, QStringLiteral("r1"));
    QVERIFY(
        !Settlement::write(*m_db, record(first, QStringLiteral("voided"), QStringLiteral("r1"), QStringLiteral("x")))
             .retry);
    const HoldBook::Hold hold = reserve(400, QStringLiteral("r2"));
    const SettlementResult refused
        = Settlement::write(*m_db, record(hold, QStringLiteral("posted"), QStringLiteral("r1"), {}, 250));
    QVERIFY(refused.retry);
    QVERIFY(!refused.error.isEmpty());
    QCOMPARE(posted(), 1000);
    const SettlementResult retried
        = Settlement::write(*m_db, record(hold, QStringLiteral("posted"), QStringLiteral("r2"), {}, 250));
    QVERIFY2(!retried.retry, qPrintable(retried.error));
    QVERIFY(retried.billed);
    QCOMPARE(posted(), 750);
}

QTEST_GUILESS_MAIN(TestSettlement)
#include "tst_settlement.moc"
