// The ledger cannot take a hold (another process holds the database's write lock): the request
// fails closed with a clear 5xx in the Anthropic envelope, nothing reaches the upstream, nothing
// is half-written, and service resumes once the lock is gone.
#include "GatewayHarness.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QTest>

#include <sqlite3.h>

using namespace bytespike::testing;

class TestDbFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lockedDatabaseFailsClosed();
    void fullDiskFailsClosed();
};

void TestDbFaults::lockedDatabaseFailsClosed()
{
    MockUpstream mock;
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("BYTESPIKE_DB_BUSY_TIMEOUT_MS"), QStringLiteral("300"));
    // The failed write, not the wait before it (tst_database has the 529 of a writer behind).
    gateway.env.insert(QStringLiteral("BYTESPIKE_SETTLE_BACKLOG_MS"), QStringLiteral("60000"));
    HttpClient http;
    QString error;
    QVERIFY2(startWithMockChannel(mock, gateway, http, &error), qPrintable(error));
    QCOMPARE(http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(),
                     messagesBody(QStringLiteral("claude-mock")))
                 .status,
        200);
    mock.clearRequests();

    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open((gateway.dataDir() + QStringLiteral("/bytespike.db")).toUtf8().constData(), &db), SQLITE_OK);
    // The gateway may still be committing the previous request's debit: wait for it.
    sqlite3_busy_timeout(db, 10000);
    QCOMPARE(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);

    // Holds are taken in memory, so the gateway learns that the ledger is locked when it tries to
    // record the first request that finishes: that one is served, and its record waits.
    const HttpResult first = http.send("POST", gateway.url() + QStringLiteral("/v1/messages"),
        gateway.customerHeaders(), messagesBody(QStringLiteral("claude-mock")));
    QCOMPARE(first.status, 200);
    const QByteArray firstId = first.header("request-id");
    QVERIFY(!firstId.isEmpty());
    QCOMPARE(mock.requests().size(), 1);

    // From then on it fails closed: a clear 503 in the Anthropic envelope, no upstream call.
    HttpResult locked;
    QDeadlineTimer patience(10000);
    while (!patience.hasExpired()) {
        locked = http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(),
            messagesBody(QStringLiteral("claude-mock")));
        if (locked.status != 200)
            break;
        QTest::qWait(100);
    }
    QCOMPARE(locked.status, 503);
    QCOMPARE(locked.json().value(QStringLiteral("type")).toString(), QStringLiteral("error"));
    QCOMPARE(locked.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(),
        QStringLiteral("api_error"));
    QVERIFY(locked.json()
                .value(QStringLiteral("error"))
                .toObject()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QLatin1String("nothing was charged")));
    const qsizetype reached = mock.requests().size();
    QCOMPARE(http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(),
                     messagesBody(QStringLiteral("claude-mock")))
                 .status,
        503);
    QCOMPARE(mock.requests().size(), reached); // refused requests never reach the upstream

    QCOMPARE(sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);

    // The lock is gone: the waiting record is written (nothing lost) and service resumes.
    QTRY_VERIFY_WITH_TIMEOUT(http.send("POST", gateway.url() + QStringLiteral("/v1/messages"),
                                     gateway.customerHeaders(), messagesBody(QStringLiteral("claude-mock")))
                                 .status
            == 200,
        10000);
    const QJsonArray logged
        = http.get(gateway.url() + QStringLiteral("/admin/requests?request=") + QString::fromLatin1(firstId),
                  gateway.adminHeaders())
              .json()
              .value(QStringLiteral("requests"))
              .toArray();
    QCOMPARE(logged.size(), 1);
    QCOMPARE(logged.first().toObject().value(QStringLiteral("billed")).toBool(), true);
    const QJsonArray pending
        = http.get(gateway.url() + QStringLiteral("/admin/ledger/holds?state=pending"), gateway.adminHeaders())
              .json()
              .value(QStringLiteral("holds"))
              .toArray();
    QCOMPARE(pending.size(), 0);
    QCOMPARE(gateway.terminate(), 0);
    QByteArray report;
    QVERIFY2(gateway.ledgerClean(&report), report.constData());
}

void TestDbFaults::fullDiskFailsClosed()
{
    MockUpstream mock;
    GatewayProcess gateway;
    HttpClient http;
    QString error;
    QVERIFY2(startWithMockChannel(mock, gateway, http, &error), qPrintable(error));
    QCOMPARE(gateway.terminate(), 0);
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open((gateway.dataDir() + QStringLiteral("/bytespike.db")).toUtf8().constData(), &db), SQLITE_OK);
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, nullptr);
    QCOMPARE(sqlite3_step(st), SQLITE_ROW);
    const int pages = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);

    // The database may not grow: SQLite answers SQLITE_FULL, as on a full disk.
    gateway.env.insert(QStringLiteral("BYTESPIKE_DB_MAX_PAGES"), QString::number(pages));
    QVERIFY2(gateway.start(&error), qPrintable(error));
    mock.clearRequests();
    int served = 0;
    HttpResult full;
    for (int i = 0; i < 500; ++i) {
        const HttpResult r = http.send("POST", gateway.url() + QStringLiteral("/v1/messages"),
            gateway.customerHeaders(), messagesBody(QStringLiteral("claude-mock")));
        if (r.status != 200) {
            full = r;
            break;
        }
        ++served;
    }
    QCOMPARE(full.status, 503);
    QCOMPARE(full.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(),
        QStringLiteral("api_error"));
    QCOMPARE(mock.requests().size(), served); // the refused request never reached the upstream
    QCOMPARE(gateway.terminate(), 0);

    // Space again: service resumes, nothing was half-written.
    gateway.env.remove(QStringLiteral("BYTESPIKE_DB_MAX_PAGES"));
    QVERIFY2(gateway.start(&error), qPrintable(error));
    QCOMPARE(http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(),
                     messagesBody(QStringLiteral("claude-mock")))
                 .status,
        200);
    QCOMPARE(gateway.terminate(), 0);
    QByteArray report;
    QVERIFY2(gateway.ledgerClean(&report), report.constData());
}

QTEST_GUILESS_MAIN(TestDbFaults)
#include "tst_dbfaults.moc"
