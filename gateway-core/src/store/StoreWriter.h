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
// order, so writes are serialised without locks. Jobs that queue up while a commit is on disk
// run together in one transaction (group commit, each job in its own SAVEPOINT) and become
// durable with a single synchronous=FULL COMMIT; only then are their results released to the
// callers. So a caller never sees a hold or a debit that a power cut could still undo, and no
// caller ever waits on the disk: results travel back queued to its context object.
class StoreWriter : public QObject
{
    Q_OBJECT
public:
    // A job does its database work and may return a completion to run once that work is durable.
    using Job = std::function<std::function<void()>(Database &)>;

    explicit StoreWriter(std::unique_ptr<Database> db, QObject *parent = nullptr);
    ~StoreWriter() override;

    // Fire and forget: job runs on the writer thread.
    void post(std::function<void(Database &)> job);

    // job runs on the writer thread; after its transaction committed, done(result) runs on
    // context's thread, unless context was destroyed in the meantime.
    template <typename Result>
    void submit(QObject *context, std::function<Result(Database &)> job, std::function<void(Result)> done)
    {
        QPointer<QObject> guard(context);
        enqueue([guard, job = std::move(job), done = std::move(done)](Database &db) -> std::function<void()> {
            auto result = std::make_shared<Result>(job(db));
            return [guard, done, result] {
                if (guard)
                    QMetaObject::invokeMethod(
                        guard.data(), [done, result] { done(std::move(*result)); }, Qt::QueuedConnection);
            };
        });
    }

    // Blocks until every job posted so far has run and committed. For shutdown and tests only.
    void drain();

private:
    void enqueue(Job job);
    void run();
    void runBatch(std::deque<Job> &batch);

    std::unique_ptr<Database> m_db;
    std::unique_ptr<QThread> m_thread;
    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    std::deque<Job> m_queue;
    bool m_stopping = false;
};

} // namespace bytespike
