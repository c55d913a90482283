#pragma once

#include "Database.h"

#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QWaitCondition>

#include <deque>
#include <functional>
#include <memory>

namespace bytespike {

// The ledger writer: one thread owns the single SQLite write connection and runs every job in
// order, so writes are serialised without locks. Jobs that queue up while the previous group
// was committing run together in one transaction (group commit; if one job's work fails, the
// group is rolled back and run again job by job).
//
// Commit and durability are two steps (docs/RELIABILITY.md, "Durability"). The connection runs
// at synchronous=NORMAL, so a COMMIT is atomic and survives a crash of the process but is not yet
// on stable storage; a second thread, the syncer, then fdatasync()s the WAL, which makes every
// commit before it survive a power cut too. A job chooses which of the two its caller waits for:
// Durable (the default: credits, admin edits, anything a caller reports as done) or Committed
// (holds: losing one to a power cut is the same as voiding it, because the upstream call it
// covered dies with the machine). So a hold never queues behind a debit's fsync. No caller ever
// waits on the disk itself: results travel back queued to its context object.
class StoreWriter : public QObject
{
    Q_OBJECT
public:
    enum class Wait { Durable, Committed };

    // Split: the scheme above (the default). Full: the connection stays at synchronous=FULL, so
    // every COMMIT fsyncs on the writer thread and completions run as soon as it returns; for the
    // benchmark that compares the two (BYTESPIKE_LEDGER_SYNCHRONOUS=FULL).
    enum class Sync { Split, Full };

    explicit StoreWriter(std::unique_ptr<Database> db, QObject *parent = nullptr);
    StoreWriter(std::unique_ptr<Database> db, Sync sync, QObject *parent = nullptr);
    ~StoreWriter() override;

    // Now: the writer starts a group at once. Batched: work nobody is waiting for (a finished
    // request's records); the writer lets it wait a few milliseconds for more, so that at low
    // load several requests still share one transaction and one set of written pages. While
    // work keeps coming, batched jobs do not wake the writer: after each group it looks at the
    // queue again once that time has passed, and only an idle writer is woken.
    enum class Pace { Now, Batched };

    // Fire and forget: job runs on the writer thread.
    void post(std::function<void(Database &)> job, Pace pace = Pace::Now);

    // job runs on the writer thread; after its transaction committed, done(result) runs on
    // context's thread, unless context was destroyed in the meantime.
    template <typename Result>
    void submit(QObject *context, std::function<Result(Database &)> job, std::function<void(Result)> done,
        Wait wait = Wait::Durable, Pace pace = Pace::Now)
    {
        enqueue(wait, pace,
            [context = QPointer<QObject>(context), job = std::move(job), done = std::move(done)](
                Database &db) -> Completion {
                return {
                    context, false, [done, result = std::make_shared<Result>(job(db))] { done(std::move(*result)); }};
            });
    }

    // Work a queued batched job is to take is gathering outside the queue (the runtime's settlements
    // on PostgreSQL), and a group's worth of it is there: the writer stops lingering.
    void hurry();

    // Blocks until every job posted so far has run and is durable. For shutdown and tests only.
    void drain();

    // How many times the syncer has made the WAL durable (for tests).
    quint64 syncCount() const;
    // How many times a caller had to wake the writer (for tests).
    quint64 wakeCount() const;
    // For tests: whether the writer is asleep until a caller wakes it (idle, not lingering after
    // a group), and how many times it fell asleep so far.
    bool asleep() const;
    quint64 sleepCount() const;

private:
    // What a job leaves to do once its work is committed or durable, as its Wait says: run on
    // context's thread (dropped if context is gone by then), or on the ledger thread itself.
    struct Completion
    {
        QPointer<QObject> context;
        bool onLedgerThread = false;
        std::function<void()> run;
    };
    using Job = std::function<Completion(Database &)>;
    struct Queued
    {
        Wait wait;
        Pace pace;
        Job job;
    };
    void enqueue(Wait wait, Pace pace, Job job);
    void run();
    void runBatch(std::deque<Queued> &batch);
    // Runs the batch as one group commit (WriteGroup); false when it must be run again job by job
    // (the group never began, could not commit, or a job's failed work must be undone).
    bool runGroup(std::deque<Queued> &batch, std::vector<std::pair<Wait, Completion>> &completions);
    void release(std::vector<std::pair<Wait, Completion>> &completions);
    static void deliver(std::vector<Completion> &completions);
    void runSyncer();
    bool syncWal(QString *error);

    std::unique_ptr<Database> m_db;
    Sync m_sync = Sync::Split;
    QByteArray m_walPath;
    int m_walFd = -1; // the syncer's descriptor on the WAL file
    std::unique_ptr<QThread> m_thread;
    std::unique_ptr<QThread> m_syncThread;
    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    std::deque<Queued> m_queue;
    int m_queuedNow = 0; // jobs in m_queue with Pace::Now
    bool m_sleeping = false; // the writer waits for a wake-up, not for its linger to pass
    bool m_stopping = false;
    bool m_hurry = false; // hurry() was called since the last group began
    quint64 m_wakes = 0;
    quint64 m_sleeps = 0;

    // The syncer's side: completions waiting for the next fdatasync, and whether anything was
    // committed since the last one.
    mutable QMutex m_syncMutex;
    QWaitCondition m_syncWake;
    std::vector<Completion> m_awaitingSync;
    bool m_dirty = false;
    bool m_syncIdle = false; // the syncer waits for a commit, not for its pause to pass
    bool m_syncStopping = false;
    quint64 m_syncs = 0;
};

} // namespace bytespike
