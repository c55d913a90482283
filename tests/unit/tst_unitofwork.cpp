// UnitOfWork and WriteGroup: each unit is all or nothing whatever it runs inside, says which kind
// it is, and a failed unit inside a group spoils the group instead of undoing the others' work.
// Also CachedSql: one prepared statement per handle and connection, not per text.
#include "TestDatabase.h"
#include "store/Database.h"
#include "store/UnitOfWork.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace bytespike;

class TestUnitOfWork : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void transactionCommitsOrRollsBack();
    void nestedUnitIsASavepoint();
    void unitInAGroupJoinsIt();
    void spoiledGroupRollsBackEverything();
    void failedBeginIsReported();
    void stalledTransactionFreesItsLocks();
    void cachedHandlesAreDistinctSlots();

private:
    qint64 count();
    bool insert(qint64 v);
    QTemporaryDir m_dir;
    QString m_location;
    std::unique_ptr<Database> m_db;
};

void TestUnitOfWork::init()
{
    m_db = std::make_unique<Database>();
    QString error;
    m_location = test::databaseLocation(m_dir, QStringLiteral("u.db"), &error);
    QVERIFY2(!m_location.isEmpty(), qPrintable(error));
    QVERIFY2(m_db->open(m_location, &error), qPrintable(error));
    QVERIFY2(m_db->exec("DROP TABLE IF EXISTS t; CREATE TABLE t (v BIGINT PRIMARY KEY)", &error), qPrintable(error));
}

qint64 TestUnitOfWork::count()
{
    Statement st = m_db->prepare("SELECT count(*) FROM t");
    return st.next() ? st.int64(0) : -1;
}

bool TestUnitOfWork::insert(qint64 v)
{
    return m_db->prepare("INSERT INTO t (v) VALUES (?1)").bind(1, v).exec();
}

void TestUnitOfWork::transactionCommitsOrRollsBack()
{
    {
        UnitOfWork work(*m_db);
        QVERIFY(work.isOpen());
        QCOMPARE(work.kind(), UnitOfWork::Kind::Transaction);
        QVERIFY(m_db->inTransaction());
        QVERIFY(insert(1));
        QVERIFY(work.commit());
    }
    QVERIFY(!m_db->inTransaction());
    {
        UnitOfWork work(*m_db);
        QVERIFY(insert(2));
        // Left without commit: undone.
    }
    QVERIFY(!m_db->inTransaction());
    QCOMPARE(count(), 1);
    UnitOfWork work(*m_db);
    QVERIFY(insert(3));
    work.rollback();
    QVERIFY(!work.commit());
    QCOMPARE(count(), 1);
}

void TestUnitOfWork::nestedUnitIsASavepoint()
{
    UnitOfWork outer(*m_db);
    QVERIFY(insert(1));
    {
        UnitOfWork inner(*m_db);
        QCOMPARE(inner.kind(), UnitOfWork::Kind::Savepoint);
        QVERIFY(insert(2));
    }
    {
        UnitOfWork inner(*m_db);
        QVERIFY(insert(3));
        QVERIFY(inner.commit());
    }
    QVERIFY(m_db->inTransaction());
    QVERIFY(outer.commit());
    QCOMPARE(count(), 2);
    Statement st = m_db->prepare("SELECT v FROM t ORDER BY v");
    QList<qint64> kept;
    while (st.next())
        kept << st.int64(0);
    QCOMPARE(kept, (QList<qint64> {1, 3}));
}

void TestUnitOfWork::unitInAGroupJoinsIt()
{
    WriteGroup group(*m_db);
    QVERIFY(group.isOpen());
    QCOMPARE(m_db->writeGroup(), &group);
    for (qint64 v = 1; v <= 3; ++v) {
        UnitOfWork work(*m_db);
        QCOMPARE(work.kind(), UnitOfWork::Kind::GroupMember);
        QVERIFY(insert(v));
        QVERIFY(work.commit());
    }
    QVERIFY(!group.spoiled());
    QString error;
    QVERIFY2(group.commit(&error), qPrintable(error));
    QCOMPARE(m_db->writeGroup(), nullptr);
    QVERIFY(!m_db->inTransaction());
    QCOMPARE(count(), 3);
    // After the group, a unit is a transaction of its own again.
    UnitOfWork after(*m_db);
    QCOMPARE(after.kind(), UnitOfWork::Kind::Transaction);
}

void TestUnitOfWork::spoiledGroupRollsBackEverything()
{
    {
        WriteGroup group(*m_db);
        {
            UnitOfWork good(*m_db);
            QVERIFY(insert(1));
            QVERIFY(good.commit());
        }
        {
            UnitOfWork bad(*m_db);
            QVERIFY(insert(2));
            // Undone: the group now holds half of this unit's work.
        }
        QVERIFY(group.spoiled());
        QVERIFY(m_db->inTransaction());
        // The group is destroyed without commit: everything is rolled back.
    }
    QVERIFY(!m_db->inTransaction());
    QCOMPARE(m_db->writeGroup(), nullptr);
    QCOMPARE(count(), 0);
}

void TestUnitOfWork::failedBeginIsReported()
{
    // On SQLite a second connection holding the write lock makes BEGIN IMMEDIATE fail with
    // SQLITE_BUSY; on PostgreSQL, where BEGIN takes no lock, a connection the server ended (a
    // restart, an administrator's pg_terminate_backend).
    QString error;
    m_db->close();
    QVERIFY2(m_db->open(m_location, &error, -1, {50, 0}), qPrintable(error));
    static const CachedSql kCount("SELECT count(*) FROM t");
    QVERIFY(m_db->cached(kCount).next()); // prepared on the server, on PostgreSQL
    Database other;
    QVERIFY2(other.open(m_location, &error), qPrintable(error));
    const bool postgres = other.engine() == Database::Engine::Postgres;
    QVERIFY2(other.exec(postgres ? "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname ="
                                   " current_database() AND pid <> pg_backend_pid()"
                                 : "BEGIN IMMEDIATE",
                 &error),
        qPrintable(error));
    UnitOfWork work(*m_db);
    QVERIFY(!work.isOpen());
    QVERIFY(!work.error().isEmpty());
    QVERIFY(!work.commit());
    if (!postgres) { // on PostgreSQL the failed BEGIN found the connection gone: the next one makes it again
        WriteGroup group(*m_db);
        QVERIFY(!group.isOpen());
        QCOMPARE(m_db->writeGroup(), nullptr);
        QVERIFY(other.exec("ROLLBACK", &error));
    }
    // The next unit begins again: on PostgreSQL on a new connection, where the cached statement
    // prepares itself again.
    UnitOfWork again(*m_db);
    QVERIFY2(again.isOpen(), qPrintable(again.error()));
    QVERIFY(insert(5));
    Statement &count = m_db->cached(kCount);
    QVERIFY2(count.next(), qPrintable(count.error()));
    QCOMPARE(count.int64(0), 1);
    count.reset();
    QVERIFY(again.commit());
}

// PostgreSQL: a connection left inside a transaction (its process frozen) for longer than
// idleInTransactionMs is ended by the server, so a row it locked is free again for others well
// within their lock timeout; its own next unit runs on a new connection.
void TestUnitOfWork::stalledTransactionFreesItsLocks()
{
    if (m_db->engine() != Database::Engine::Postgres)
        QSKIP("SQLite has one writer; nothing is left locked by another process's transaction");
    QString error;
    m_db->close();
    QVERIFY2(m_db->open(m_location, &error, -1, {5000, 0, 300}), qPrintable(error));
    QVERIFY(insert(1));
    Database other;
    QVERIFY2(other.open(m_location, &error, -1, {3000, 0, 0}), qPrintable(error));
    auto stalled = std::make_unique<UnitOfWork>(*m_db);
    QVERIFY(m_db->prepare("UPDATE t SET v = 2 WHERE v = 1").exec());
    // m_db's process now does nothing: other's update waits for the row only until the server
    // ends m_db's session.
    QElapsedTimer waited;
    waited.start();
    QVERIFY2(other.prepare("UPDATE t SET v = 3 WHERE v = 1").exec(), qPrintable(other.lastError()));
    QVERIFY2(waited.elapsed() < 2000, qPrintable(QString::number(waited.elapsed())));
    QVERIFY(!stalled->commit());
    stalled.reset();
    UnitOfWork again(*m_db);
    QVERIFY2(again.isOpen(), qPrintable(again.error()));
    Statement st = m_db->prepare("SELECT v FROM t");
    QVERIFY(st.next());
    QCOMPARE(st.int64(0), 3);
}

void TestUnitOfWork::cachedHandlesAreDistinctSlots()
{
    static const CachedSql first("SELECT 1");
    static const CachedSql second("SELECT 1");
    QVERIFY(first.slot() != second.slot());
    Statement &a = m_db->cached(first);
    Statement &b = m_db->cached(second);
    QVERIFY(&a != &b);
    QCOMPARE(&m_db->cached(first), &a);
    QVERIFY(a.next());
    QCOMPARE(a.int64(0), 1);
}

QTEST_GUILESS_MAIN(TestUnitOfWork)
#include "tst_unitofwork.moc"
