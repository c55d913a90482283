// The ledger writer's two waits: a Durable result is released only after the syncer made the WAL
// durable; a Committed result as soon as its transaction committed (visible to other connections).
#include "store/Database.h"
#include "store/StoreWriter.h"

#include <QTemporaryDir>
#include <QTest>

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

private:
    std::unique_ptr<StoreWriter> openWriter(StoreWriter::Sync sync = StoreWriter::Sync::Split);
    qint64 countRows();

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestStoreWriter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    Database db;
    QString error;
    QVERIFY2(db.open(m_dir->filePath(QStringLiteral("w.db")), &error), qPrintable(error));
    QVERIFY2(db.exec("CREATE TABLE t (v INTEGER NOT NULL)", &error), qPrintable(error));
}

std::unique_ptr<StoreWriter> TestStoreWriter::openWriter(StoreWriter::Sync sync)
{
    auto db = std::make_unique<Database>();
    QString error;
    if (!db->open(m_dir->filePath(QStringLiteral("w.db")), &error))
        qFatal("%s", qPrintable(error));
    return std::make_unique<StoreWriter>(std::move(db), sync);
}

qint64 TestStoreWriter::countRows()
{
    Database reader;
    QString error;
    if (!reader.open(m_dir->filePath(QStringLiteral("w.db")), &error))
        return -1;
    Statement count = reader.prepare("SELECT count(*) FROM t");
    return count.next() ? count.int64(0) : -1;
}

void TestStoreWriter::durableResultsWaitForTheSync()
{
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
    QVERIFY(writer->syncCount() > before);
    writer.reset();
    QCOMPARE(countRows(), 100);
}

// BYTESPIKE_LEDGER_SYNCHRONOUS=FULL (the benchmark's comparison): the writer's connection stays at
// synchronous=FULL (2), so each COMMIT is durable itself, and Durable results come back with it.
void TestStoreWriter::fullModeCommitsAtSynchronousFull()
{
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

QTEST_GUILESS_MAIN(TestStoreWriter)
#include "tst_storewriter.moc"
