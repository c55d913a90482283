#pragma once

#include "Database.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>
#include <memory>

namespace bytespike {

// The ledger writer: one thread owns the single SQLite write connection and runs every job
// posted to it in order, so writes are serialised without locks. Results travel back to the
// caller's thread through its context object (queued), so no caller ever waits on the disk.
class StoreWriter : public QObject
{
    Q_OBJECT
public:
    explicit StoreWriter(std::unique_ptr<Database> db, QObject *parent = nullptr);
    ~StoreWriter() override;

    // Fire and forget: job runs on the writer thread.
    void post(std::function<void(Database &)> job);

    // job runs on the writer thread; done(result) then runs on context's thread, unless context
    // was destroyed in the meantime.
    template <typename Result>
    void submit(QObject *context, std::function<Result(Database &)> job, std::function<void(Result)> done)
    {
        QPointer<QObject> guard(context);
        post([guard, job = std::move(job), done = std::move(done)](Database &db) mutable {
            auto result = std::make_shared<Result>(job(db));
            if (!guard)
                return;
            QMetaObject::invokeMethod(
                guard.data(),
                [done = std::move(done), result] { done(std::move(*result)); },
                Qt::QueuedConnection);
        });
    }

    // Blocks until every job posted so far has run. For shutdown and tests only.
    void drain();

private:
    QThread m_thread;
    QObject *m_worker = nullptr;
    std::unique_ptr<Database> m_db;
};

} // namespace bytespike
