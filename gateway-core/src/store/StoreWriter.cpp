#include "StoreWriter.h"

#include <QLoggingCategory>
#include <QSemaphore>

Q_LOGGING_CATEGORY(lcStore, "bytespike.store")

namespace bytespike {

namespace {
constexpr size_t kMaxBatch = 512;
}

StoreWriter::StoreWriter(std::unique_ptr<Database> db, QObject *parent)
    : QObject(parent)
    , m_db(std::move(db))
{
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("bytespike-ledger-writer"));
    m_thread->start();
}

StoreWriter::~StoreWriter()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
    m_db.reset();
}

void StoreWriter::enqueue(Job job)
{
    QMutexLocker lock(&m_mutex);
    m_queue.push_back(std::move(job));
    m_wake.wakeOne();
}

void StoreWriter::post(std::function<void(Database &)> job)
{
    enqueue([job = std::move(job)](Database &db) -> std::function<void()> {
        job(db);
        return {};
    });
}

void StoreWriter::drain()
{
    QSemaphore done;
    enqueue([&done](Database &) -> std::function<void()> { return [&done] { done.release(); }; });
    done.acquire();
}

void StoreWriter::run()
{
    std::deque<Job> batch;
    while (true) {
        {
            QMutexLocker lock(&m_mutex);
            while (m_queue.empty() && !m_stopping)
                m_wake.wait(&m_mutex);
            if (m_queue.empty() && m_stopping)
                return;
            while (!m_queue.empty() && batch.size() < kMaxBatch) {
                batch.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
        }
        runBatch(batch);
        batch.clear();
    }
}

void StoreWriter::runBatch(std::deque<Job> &batch)
{
    std::vector<std::function<void()>> completions;
    completions.reserve(batch.size());
    QString error;
    if (batch.size() > 1 && m_db->exec("BEGIN IMMEDIATE", &error)) {
        bool intact = true;
        for (Job &job : batch) {
            completions.push_back(job(*m_db));
            m_db->resetCached();
            // SQLITE_FULL, IOERR and the like can roll the whole transaction back on their own;
            // then nothing of this group is written and it must be run again job by job.
            if (!m_db->inTransaction()) {
                intact = false;
                error = QStringLiteral("the transaction was rolled back by SQLite");
                break;
            }
        }
        if (intact && m_db->exec("COMMIT", &error)) {
            for (auto &completion : completions) {
                if (completion)
                    completion();
            }
            return;
        }
        // The group could not commit: undo it and run each job alone, so each caller learns
        // the truth about its own work.
        qCWarning(lcStore).noquote() << "group commit failed, retrying one by one:" << error;
        if (m_db->inTransaction())
            m_db->exec("ROLLBACK");
        completions.clear();
    }
    for (Job &job : batch) {
        const std::function<void()> completion = job(*m_db);
        m_db->resetCached();
        if (completion)
            completion();
    }
}

} // namespace bytespike
