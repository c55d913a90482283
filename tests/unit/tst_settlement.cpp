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

namespace {
// The messages logged while it lives (on top of Qt Test's own handler): whether a batch of
// settlements was written whole or one by one shows only there.
class LogCapture
{
public:
    LogCapture()
    {
        s_lines.clear();
        s_previous = qInstallMessageHandler(&LogCapture::handle);
    }
    ~LogCapture() { qInstallMessageHandler(s_previous); }
    static bool saw(const QString &text)
    {
        return std::any_of(s_lines.begin(), s_lines.end(), [&](const QString &line) { return line.contains(text); });
    }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        s_lines.append(message);
        s_previous(type, context, message);
    }
    static inline QStringList s_lines;
    static inline QtMessageHandler s_previous = nullptr;
};
} // namespace

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
    void manyWriteWhatOneByOneWrites();
    void manyFallBackOneByOne();
    void manyEqualOneByOneRowForRow();
    void manyOnAFullDatabase();

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

void TestSettlement::manyWriteWhatOneByOneWrites()
{
    // These go together (Settlement::writeMany: one statement on PostgreSQL, a multi-row insert
    // per table on SQLite); each row must read as write() would have written it, text of every
    // kind included.
    const QString awkward = QStringLiteral("quote \" backslash \\ newline \n tab \t \u65e5\u672c \U0001F600 \x01");
    std::vector<SettlementRecord> records;
    records.push_back(
        record(reserve(300, QStringLiteral("m1")), QStringLiteral("posted"), QStringLiteral("m1"), {}, 120));
    records.push_back(
        record(reserve(200, QStringLiteral("m2")), QStringLiteral("voided"), QStringLiteral("m2"), awkward));
    records.push_back(
        record(reserve(100, QStringLiteral("m3")), QStringLiteral("posted"), QStringLiteral("m3"), {}, 150));
    records.back().resolution.estimated = true;
    records.back().row.body = awkward;
    records.push_back(record(reserve(50, QStringLiteral("m4")), QStringLiteral("posted"), QStringLiteral("m4"), {}, 0));
    records.back().resolution.hold.keyId = QStringLiteral("key_1");
    LogCapture log;
    const std::vector<SettlementResult> results = Settlement::writeMany(*m_db, records);
    QVERIFY(!LogCapture::saw(QStringLiteral("one by one"))); // the batch did it all
    QCOMPARE(results.size(), size_t(4));
    for (size_t i = 0; i < results.size(); ++i) {
        QVERIFY2(!results[i].retry, qPrintable(results[i].error));
        QCOMPARE(results[i].holdId, records[i].resolution.hold.id);
    }
    QVERIFY(results[0].billed && results[2].billed && results[3].billed && !results[1].billed);
    QCOMPARE(results[0].debitMicros, 120);
    QCOMPARE(results[2].debitMicros, 100); // the cost above the hold is the operator's loss
    QCOMPARE(results[3].debitMicros, 0);
    QCOMPARE(posted(), 1000 - 120 - 100);
    QCOMPARE(row(QStringLiteral("m1")).value(QStringLiteral("cost_micros")).toInteger(), 120);
    QVERIFY(row(QStringLiteral("m1")).value(QStringLiteral("entry_id")).toInteger() > 0);
    const QJsonObject voided = row(QStringLiteral("m2"));
    QCOMPARE(voided.value(QStringLiteral("billed")).toBool(), false);
    QCOMPARE(voided.value(QStringLiteral("not_billed_reason")).toString(), awkward);
    QVERIFY(voided.value(QStringLiteral("entry_id")).isNull());
    const QJsonObject estimated = row(QStringLiteral("m3"));
    QCOMPARE(estimated.value(QStringLiteral("cost_micros")).toInteger(), 100);
    QCOMPARE(estimated.value(QStringLiteral("request_body")).toString(), awkward);
    QCOMPARE(row(QStringLiteral("m4")).value(QStringLiteral("billed")).toBool(), true);
    Statement debits = m_db->prepare("SELECT count(*), sum(amount_micros), max(memo), max(key_id), max(output_tokens)"
                                     " FROM ledger_entries WHERE kind = 'debit'");
    QVERIFY2(debits.next(), qPrintable(debits.error()));
    QCOMPARE(debits.int64(0), 3);
    QCOMPARE(debits.int64(1), 220);
    QCOMPARE(debits.text(2), QStringLiteral("usage estimated (upstream reported none)"));
    QCOMPARE(debits.text(3), QStringLiteral("key_1"));
    QCOMPARE(debits.int64(4), 16);
}

void TestSettlement::manyFallBackOneByOne()
{
    // A hold that ended before and a row the database refuses: the batch is undone and each is
    // written alone; the one refused is to be tried again, the others count once.
    const HoldBook::Hold ended = reserve(100, QStringLiteral("f1"));
    QVERIFY(Settlement::write(*m_db, record(ended, QStringLiteral("posted"), QStringLiteral("f1"), {}, 40)).billed);
    std::vector<SettlementRecord> records;
    records.push_back(
        record(reserve(300, QStringLiteral("f2")), QStringLiteral("posted"), QStringLiteral("f2"), {}, 30));
    records.push_back(record(ended, QStringLiteral("posted"), QStringLiteral("f1-again"), {}, 40));
    records.push_back(
        record(reserve(200, QStringLiteral("f3")), QStringLiteral("posted"), QStringLiteral("f1"), {}, 20));
    records.push_back(
        record(reserve(200, QStringLiteral("f4")), QStringLiteral("voided"), QStringLiteral("f4"), u"x"_qs));
    LogCapture log;
    const std::vector<SettlementResult> results = Settlement::writeMany(*m_db, records);
    QVERIFY(LogCapture::saw(QStringLiteral("one by one")));
    QCOMPARE(results.size(), size_t(4));
    QVERIFY2(!results[0].retry && results[0].billed, qPrintable(results[0].error));
    QVERIFY2(!results[1].retry && !results[1].billed, qPrintable(results[1].error));
    QVERIFY(results[2].retry);
    QVERIFY2(!results[3].retry && !results[3].billed, qPrintable(results[3].error));
    QCOMPARE(posted(), 1000 - 40 - 30);
    QVERIFY(row(QStringLiteral("f1-again"))
                .value(QStringLiteral("not_billed_reason"))
                .toString()
                .startsWith(QStringLiteral("debit failed: ")));
    QCOMPARE(row(QStringLiteral("f4")).value(QStringLiteral("not_billed_reason")).toString(), QStringLiteral("x"));
    // Tried again under its own id, it counts.
    records[2].row.id = QStringLiteral("f3");
    const std::vector<SettlementResult> again = Settlement::writeMany(*m_db, {records[2]});
    QVERIFY2(!again.front().retry && again.front().billed, qPrintable(again.front().error));
    QCOMPARE(posted(), 1000 - 40 - 30 - 20);
}

namespace {
// Every row the settlements wrote, but for the times they were written at.
QStringList ledgerRows(Database &db)
{
    const std::pair<const char *, int> queries[]
        = {{"SELECT id, customer_id, request_id, endpoint, price_version, amount_micros, state, epoch, reason,"
            " COALESCE(debit_micros, -1), shortfall_micros, created_at, COALESCE(lease_id, -1) FROM holds ORDER BY id",
               13},
            {"SELECT id, customer_id, kind, amount_micros, memo, request_id, COALESCE(hold_id, -1), endpoint,"
             " price_version, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens, estimated,"
             " COALESCE(key_id, '-') FROM ledger_entries ORDER BY id",
                15},
            {"SELECT id, COALESCE(customer_id, '-'), protocol, model, endpoint, status, billed, not_billed_reason,"
             " input_tokens, output_tokens, cache_write_tokens, cache_read_tokens, latency_ms, ttfb_ms,"
             " COALESCE(hold_id, -1), COALESCE(entry_id, -1), hold_micros, cost_micros, price_version,"
             " usage_estimated, COALESCE(request_body, '-') FROM requests ORDER BY id",
                21},
            {"SELECT id, posted_micros, pending_micros FROM customers ORDER BY id", 3}};
    QStringList out;
    for (const auto &[sql, columns] : queries) {
        Statement st = db.prepare(sql);
        while (st.next()) {
            QStringList values;
            for (int column = 0; column < columns; ++column)
                values.append(st.text(column));
            out.append(values.join(u'|'));
        }
        if (!st.error().isEmpty())
            out.append(QStringLiteral("error: ") + st.error());
    }
    return out;
}
} // namespace

void TestSettlement::manyEqualOneByOneRowForRow()
{
    // Thirty-seven settlements of every usual kind (billed within and above the hold, at no cost,
    // voided; with and without a key, a body, estimated usage) written together (more than one
    // batch's worth) and, into a second ledger, one by one: the same rows, ids included.
    std::vector<SettlementRecord> records;
    for (int i = 0; i < 37; ++i) {
        const QString id = QStringLiteral("d%1").arg(i, 2, 10, QLatin1Char('0'));
        const HoldBook::Hold hold = reserve(20, id);
        QVERIFY(hold.id);
        const bool voided = i % 5 == 3;
        records.push_back(record(hold, voided ? QStringLiteral("voided") : QStringLiteral("posted"), id,
            voided ? QStringLiteral("upstream returned 529") : QString(), i % 4 == 0 ? 25 : i % 7));
        SettlementRecord &r = records.back();
        r.resolution.estimated = i % 6 == 1;
        if (i % 3 == 0)
            r.resolution.hold.keyId = QStringLiteral("key_%1").arg(i % 2);
        if (i % 8 == 2)
            r.row.body = QStringLiteral("{\"n\":%1}").arg(i);
        r.row.usage = r.resolution.usage = {i, 2 * i, i % 3, i % 2};
    }
    QTemporaryDir otherDir;
    Database other;
    QString error;
    QVERIFY2(test::openLedgerWithCustomer(otherDir, other, &error), qPrintable(error));
    for (const SettlementRecord &r : records)
        QVERIFY(!Settlement::write(other, r).retry);
    LogCapture log;
    const std::vector<SettlementResult> results = Settlement::writeMany(*m_db, records);
    QVERIFY(!LogCapture::saw(QStringLiteral("one by one")));
    for (size_t i = 0; i < results.size(); ++i) {
        QVERIFY2(!results[i].retry, qPrintable(results[i].error));
        QCOMPARE(results[i].billed, records[i].resolution.state == u"posted");
    }
    const QStringList together = ledgerRows(*m_db);
    QCOMPARE(together.size(), 37 + 31 + 37 + 1); // holds, the credit and 30 debits, log rows, the customer
    QCOMPARE(together, ledgerRows(other));
    QVERIFY2(Ledger::audit(other).isEmpty(), qPrintable(Ledger::audit(other).join(QLatin1Char('\n'))));
}

void TestSettlement::manyOnAFullDatabase()
{
    // The database may not grow (SQLITE_FULL, as on a full disk) while settlements that need new
    // pages are written together: each is written whole or is to be tried again, and tried again
    // once there is room, each counts once.
    if (m_db->engine() != Database::Engine::Sqlite)
        QSKIP("SQLite's page limit");
    Statement pages = m_db->prepare("PRAGMA page_count");
    QVERIFY(pages.next());
    const qint64 full = pages.int64(0);
    pages.reset();
    QVERIFY(m_db->exec(QByteArray("PRAGMA max_page_count=" + QByteArray::number(full)).constData()));
    std::vector<SettlementRecord> records;
    for (int i = 0; i < 20; ++i) {
        const QString id = QStringLiteral("full%1").arg(i);
        records.push_back(record(reserve(20, id), QStringLiteral("posted"), id, {}, 10));
        records.back().row.body = QString(3000, QLatin1Char('a' + i % 26));
    }
    const std::vector<SettlementResult> first = Settlement::writeMany(*m_db, records);
    std::vector<SettlementRecord> again;
    for (size_t i = 0; i < first.size(); ++i) {
        if (first[i].retry)
            again.push_back(records[i]);
        else
            QVERIFY(first[i].billed);
    }
    QVERIFY(!again.empty()); // the page limit was met
    QVERIFY(!m_db->inTransaction());
    QVERIFY(m_db->exec("PRAGMA max_page_count=1000000"));
    for (const SettlementResult &result : Settlement::writeMany(*m_db, again))
        QVERIFY2(!result.retry && result.billed, qPrintable(result.error));
    Statement count = m_db->prepare("SELECT (SELECT count(*) FROM requests WHERE id LIKE 'full%'),"
                                    " (SELECT count(*) FROM ledger_entries WHERE request_id LIKE 'full%')");
    QVERIFY(count.next());
    QCOMPARE(count.int64(0), 20);
    QCOMPARE(count.int64(1), 20);
    QCOMPARE(posted(), 1000 - 20 * 10);
}

QTEST_GUILESS_MAIN(TestSettlement)
#include "tst_settlement.moc"
