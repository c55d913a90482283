// The ledger writer's two waits: a Durable result is released only after the syncer made the WAL
// durable; a Committed result as soon as its transaction committed (visible to other connections).
// And what the writer costs the threads that hand it work: results for one context come back as
// one queued call per group, and steady batched work does not wake the writer.
#include "TestDatabase.h"
#include "store/Database.h"
#include "store/StoreWriter.h"
#include "store/UnitOfWork.h"

#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace bytespike;

class TestStoreWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void durableResultsWaitForTheSync();
    void committedResultsAreVisibleAtOnce();
    void drainLeavesEverythingOnDisk();
    void fullModeCommitsAtSynchronousFull();
    void resultsForOneContextArriveAsOneCall();
    void resultsForADestroyedContextAreDropped();
    void steadyBatchedWorkDoesNotWakeTheWriter();
    void aFailedUnitInAGroupIsUndoneAlone();

private:
    std::unique_ptr<StoreWriter> openWriter(StoreWriter::Sync sync = StoreWriter::Sync::Split);
    qint64 countRows();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_location;
};

void TestStoreWriter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    Database db;
    QString error;
    m_location = test::databaseLocation(*m_dir, QStringLiteral("w.db"), &error);
    QVERIFY2(!m_location.isEmpty(), qPrintable(error));
    QVERIFY2(db.open(m_location, &error), qPrintable(error));
    QVERIFY2(db.exec("CREATE TABLE t (v BIGINT NOT NULL)", &error), qPrintable(error));
}

std::unique_ptr<StoreWriter> TestStoreWriter::openWriter(StoreWriter::Sync sync)
{
    auto db = std::make_unique<Database>();
    QString error;
    if (!db->open(m_location, &error))
        qFatal("%s", qPrintable(error));
    return std::make_unique<StoreWriter>(std::move(db), sync);
}

qint64 TestStoreWriter::countRows()
{
    Database reader;
    QString error;
    if (!reader.open(m_location, &error))
        return -1;
    Statement count = reader.prepare("SELECT count(*) FROM t");
    return count.next() ? count.int64(0) : -1;
}

void TestStoreWriter::durableResultsWaitForTheSync()
{
    if (test::onPostgres())
        QSKIP("the syncer makes SQLite's WAL durable; on PostgreSQL a COMMIT is durable when the server says so");
    auto writer = openWriter();
    StoreWriter *w = writer.get();
    int checked = 0;
    for (int i = 0; i < 50; ++i) {
        writer->submit<quint64>(
            this,
            [w, i](Database &db) {
                db.prepare("INSERT INTO t (v) VALUES (?1)").bind(1, qint64(i)).exec();
                return w->syncCount();
            },
            [w, &checked](quint64 syncsAtCommit) {
                // At least one fdatasync of the WAL began after this job's commit and ended
                // before its result was released.
                QVERIFY(w->syncCount() > syncsAtCommit);
                ++checked;
            });
    }
    QTRY_COMPARE(checked, 50);
    QCOMPARE(countRows(), 50);
}

void TestStoreWriter::committedResultsAreVisibleAtOnce()
{
    auto writer = openWriter();
    qint64 seen = -1;
    writer->submit<bool>(
        this, [](Database &db) { return db.prepare("INSERT INTO t (v) VALUES (7)").exec(); },
        [this, &seen](bool ok) {
            QVERIFY(ok);
            seen = countRows();
        },
        StoreWriter::Wait::Committed);
    QTRY_COMPARE(seen, qint64(1));
}

void TestStoreWriter::drainLeavesEverythingOnDisk()
{
    auto writer = openWriter();
    for (int i = 0; i < 100; ++i)
        writer->post([i](Database &db) { db.prepare("INSERT INTO t (v) VALUES (?1)").bind(1, qint64(i)).exec(); });
    const quint64 before = writer->syncCount();
    writer->drain();
    if (!test::onPostgres()) // there the server's COMMIT is the sync
        QVERIFY(writer->syncCount() > before);
    writer.reset();
    QCOMPARE(countRows(), 100);
}

// BYTESPIKE_LEDGER_SYNCHRONOUS=FULL (the benchmark's comparison): the writer's connection stays at
// synchronous=FULL (2), so each COMMIT is durable itself, and Durable results come back with it.
void TestStoreWriter::fullModeCommitsAtSynchronousFull()
{
    if (test::onPostgres())
        QSKIP("SQLite's synchronous mode; on PostgreSQL every COMMIT is durable when the server says so");
    auto writer = openWriter(StoreWriter::Sync::Full);
    qint64 mode = -1;
    int done = 0;
    for (int i = 0; i < 20; ++i) {
        writer->submit<qint64>(
            this,
            [i](Database &db) {
                db.prepare("INSERT INTO t (v) VALUES (?1)").bind(1, qint64(i)).exec();
                Statement pragma = db.prepare("PRAGMA synchronous");
                return pragma.next() ? pragma.int64(0) : qint64(-1);
            },
            [&mode, &done](qint64 synchronous) {
                mode = synchronous;
                ++done;
            });
    }
    QTRY_COMPARE(done, 20);
    QCOMPARE(mode, qint64(2));
    QCOMPARE(countRows(), 20);
}

namespace {
// Counts the queued calls (QEvent::MetaCall) delivered to the object it watches.
class MetaCallCounter : public QObject
{
public:
    int calls = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::MetaCall)
            ++calls;
        return QObject::eventFilter(watched, event);
    }
};
} // namespace

// Fifty finished requests committed in one group come back to the gateway thread as one queued
// call (one lock of its event queue, one wake-up), in the order they were submitted.
void TestStoreWriter::resultsForOneContextArriveAsOneCall()
{
    auto writer = openWriter();
    QObject context;
    MetaCallCounter counter;
    context.installEventFilter(&counter);
    QList<int> order;
    for (int i = 0; i < 50; ++i) {
        writer->submit<int>(
            &context,
            [i](Database &db) {
                db.prepare("INSERT INTO t (v) VALUES (?1)").bind(1, qint64(i)).exec();
                return i;
            },
            [&order](int i) { order << i; }, StoreWriter::Wait::Durable, StoreWriter::Pace::Batched);
    }
    QTRY_COMPARE(order.size(), 50);
    for (int i = 0; i < 50; ++i)
        QCOMPARE(order.at(i), i);
    // One call per group (the fifty are queued within the writer's linger, so normally one group;
    // a stalled test thread may split them). One call per result would be 50.
    QVERIFY2(counter.calls <= 3, qPrintable(QString::number(counter.calls)));
    QCOMPARE(countRows(), 50);
}

void TestStoreWriter::resultsForADestroyedContextAreDropped()
{
    auto writer = openWriter();
    auto context = std::make_unique<QObject>();
    int delivered = 0;
    for (int i = 0; i < 10; ++i) {
        writer->submit<int>(
            context.get(), [](Database &db) { return int(db.prepare("INSERT INTO t (v) VALUES (1)").exec()); },
            [&delivered](int) { ++delivered; });
    }
    context.reset();
    writer->drain();
    QCoreApplication::processEvents(); // anything still posted for the dead context goes nowhere
    QCOMPARE(delivered, 0);
    QCOMPARE(countRows(), 10);
}

// A request's records are batched work: a caller wakes the writer only when it sleeps. A writer
// busy with a group is never woken by batched jobs, however many come; while records keep
// arriving (one about every millisecond here), the writer comes back for them after each group
// by itself, and falls asleep only when a whole linger passed without any (a gap in the traffic,
// here a test thread that was not scheduled). So each wake-up must be paid for by one of the
// writer's own sleeps: counted by the writer, not guessed from the test's clock.
void TestStoreWriter::steadyBatchedWorkDoesNotWakeTheWriter()
{
    auto writer = openWriter();
    std::atomic<int> ran {0}; // jobs the writer has run
    const auto insert = [&ran](Database &db) {
        db.prepare("INSERT INTO t (v) VALUES (1)").exec();
        ++ran;
    };
    QTRY_VERIFY_WITH_TIMEOUT(writer->asleep(), 10000); // the writer thread has started and sleeps
    writer->post(insert, StoreWriter::Pace::Batched);
    int posted = 1;
    QCOMPARE(writer->wakeCount(), quint64(1)); // the idle writer was woken

    // Busy: the writer is held inside a job (work someone waits for, which always wakes it) while
    // a hundred batched jobs queue behind it. Not one of them wakes it.
    QSemaphore started;
    QSemaphore gate;
    writer->post([&](Database &) {
        started.release();
        gate.acquire();
    });
    started.acquire();
    const quint64 busyWakes = writer->wakeCount();
    for (int i = 0; i < 100; ++i, ++posted)
        writer->post(insert, StoreWriter::Pace::Batched);
    const quint64 busyAfter = writer->wakeCount();
    gate.release(); // first, so that a failure below does not leave the writer held
    QCOMPARE(busyAfter, busyWakes);

    // Steady traffic from an idle start: the first job wakes the writer, then at most one wake-up
    // per time it fell asleep again. After a job that woke it, the next is posted only once the
    // writer has run it (so it is up): callers meeting a writer that was woken but not yet
    // scheduled would each count one more, which measures the scheduler, not the rule.
    QTRY_VERIFY_WITH_TIMEOUT(writer->asleep(), 10000);
    const quint64 wakesBefore = writer->wakeCount();
    const quint64 sleepsBefore = writer->sleepCount();
    for (int i = 0; i < 200; ++i, ++posted) {
        QThread::msleep(1); // the pace of the traffic, not a wait for anything
        const quint64 wakes = writer->wakeCount();
        writer->post(insert, StoreWriter::Pace::Batched);
        if (writer->wakeCount() != wakes)
            QVERIFY(QTest::qWaitFor([&] { return ran.load() == posted + 1; }, 10000));
    }
    const quint64 wakes = writer->wakeCount() - wakesBefore;
    const quint64 sleeps = writer->sleepCount() - sleepsBefore;
    // Without the rule every one of the 200 jobs woke it (or, in an older form, the first job of
    // each group: about one in twenty).
    QVERIFY2(wakes >= 1 && wakes <= 1 + sleeps,
        qPrintable(QStringLiteral("%1 wake-ups for 200 jobs, and the writer fell asleep %2 times in between")
                       .arg(wakes)
                       .arg(sleeps)));

    writer->drain(); // work someone waits for always wakes the writer
    QTRY_VERIFY_WITH_TIMEOUT(writer->asleep(), 10000); // idle: the writer sleeps
    const quint64 before = writer->wakeCount();
    writer->post(insert, StoreWriter::Pace::Batched);
    ++posted;
    QCOMPARE(writer->wakeCount(), before + 1);
    writer->drain();
    QCOMPARE(countRows(), qint64(posted));
}

// A group commit takes no SAVEPOINT per job. When one job's unit of work fails after writing,
// the writer rolls the group back and runs its jobs again one at a time: the failed work is
// undone, the others' is written once, and every caller gets the result of the run that counted.
// A group in which nothing failed runs each job once.
void TestStoreWriter::aFailedUnitInAGroupIsUndoneAlone()
{
    auto writer = openWriter();
    QSemaphore started;
    QSemaphore gate;
    // Holds the writer, in a group of its own, while the next jobs queue, so they run as one group.
    auto holdTheWriter = [&] {
        writer->post([&](Database &) {
            started.release();
            gate.acquire();
        });
        started.acquire();
    };
    QHash<int, int> runs; // job -> how many times it ran (on the writer thread, read after drain)
    QHash<int, bool> results;
    QHash<int, bool> spoiledWhenRun; // did this job see its group spoiled before it ran?
    auto submitUnit = [&](int v, bool fails) {
        writer->submit<bool>(
            this,
            [&runs, &spoiledWhenRun, v, fails](Database &db) {
                ++runs[v];
                spoiledWhenRun[v] = db.writeGroup() && db.writeGroup()->spoiled();
                UnitOfWork work(db);
                return work.isOpen() && db.prepare("INSERT INTO t (v) VALUES (?1)").bind(1, qint64(v)).exec() && !fails
                    && work.commit();
            },
            [&results, v](bool ok) { results[v] = ok; });
    };
    holdTheWriter();
    submitUnit(1, false);
    submitUnit(2, true);
    submitUnit(3, false);
    gate.release();
    writer->drain();
    QTRY_COMPARE(results.size(), 3);
    QCOMPARE(results, (QHash<int, bool> {{1, true}, {2, false}, {3, true}}));
    QCOMPARE(runs, (QHash<int, int> {{1, 2}, {2, 2}, {3, 1}})); // 3 never ran in the spoiled group
    QVERIFY(!spoiledWhenRun.value(1) && !spoiledWhenRun.value(2) && !spoiledWhenRun.value(3));
    Database reader;
    QString error;
    QVERIFY2(reader.open(m_location, &error), qPrintable(error));
    Statement rows = reader.prepare("SELECT v FROM t ORDER BY v");
    QList<qint64> kept;
    while (rows.next())
        kept << rows.int64(0);
    QCOMPARE(kept, (QList<qint64> {1, 3}));

    holdTheWriter();
    submitUnit(4, false);
    submitUnit(5, false);
    gate.release();
    writer->drain();
    QTRY_COMPARE(results.size(), 5);
    QCOMPARE(runs.value(4), 1);
    QCOMPARE(runs.value(5), 1);
    QCOMPARE(countRows(), 4);
}

QTEST_GUILESS_MAIN(TestStoreWriter)
#include "tst_storewriter.moc"
