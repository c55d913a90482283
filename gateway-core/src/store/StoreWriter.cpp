#include "StoreWriter.h"

#include "UnitOfWork.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QSemaphore>

#include <sqlite3.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcStore, "bytespike.store")

namespace bytespike {

namespace {
constexpr size_t kMaxBatch = 512;
// Batched jobs wait this long, or until this many are queued, before their group starts. A
// request's records touch about a dozen B-tree pages however many share the commit, so the pages
// written (and synced) per request fall with the group's size, and with them the writer's and
// syncer's CPU per request, which the request's chain shares the cores with (docs/BENCHMARKS.md,
// "Design choices"). Nothing on a request's path waits for it; the hold book's release does.
constexpr int kLingerMs = 20;
constexpr size_t kLingerBatch = 256;
// A group offers its core to waiting threads this often (see runBatch).
constexpr std::chrono::microseconds kYieldEvery {100};
// The syncer's pause between two fdatasyncs (group durability).
constexpr int kSyncIntervalMs = 10;
} // namespace

StoreWriter::StoreWriter(std::unique_ptr<Database> db, QObject *parent)
    : StoreWriter(std::move(db), Sync::Split, parent)
{ }

StoreWriter::StoreWriter(std::unique_ptr<Database> db, Sync sync, QObject *parent)
    : QObject(parent)
    , m_db(std::move(db))
    // On PostgreSQL a COMMIT is durable when the server says so (its synchronous_commit): there
    // is no file of ours to sync.
    , m_sync(m_db->engine() == Database::Engine::Postgres ? Sync::Full : sync)
{
    // Durability is the syncer's job from here on (see the class comment), unless every commit
    // is to fsync itself (Database opens at synchronous=FULL).
    QString error;
    if (m_db->engine() == Database::Engine::Sqlite) {
        if (m_sync == Sync::Full && !m_db->exec("PRAGMA synchronous=FULL", &error))
            qCWarning(lcStore).noquote() << "cannot set synchronous=FULL:" << error;
        if (m_sync == Sync::Split && !m_db->exec("PRAGMA synchronous=NORMAL", &error))
            qCWarning(lcStore).noquote() << "cannot set synchronous=NORMAL, commits stay synchronous:" << error;
        if (const char *wal = sqlite3_filename_wal(sqlite3_db_filename(m_db->handle(), "main")))
            m_walPath = wal;
    }
    m_syncThread.reset(QThread::create([this] { runSyncer(); }));
    // Names of at most 15 characters, so top -H, perf and /proc show them whole.
    m_syncThread->setObjectName(QStringLiteral("ledger-syncer"));
    m_syncThread->start();
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("ledger-writer"));
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
    {
        QMutexLocker lock(&m_syncMutex);
        m_syncStopping = true;
        m_syncWake.wakeAll();
    }
    m_syncThread->wait();
    if (m_walFd >= 0)
        ::close(m_walFd);
    m_db.reset();
}

void StoreWriter::enqueue(Wait wait, Pace pace, Job job)
{
    bool wake = false;
    {
        QMutexLocker lock(&m_mutex);
        m_queue.push_back({wait, pace, std::move(job)});
        if (pace == Pace::Now)
            ++m_queuedNow;
        // A batched job joins a group that is gathering, or the next one, without waking the
        // writer (one futex call less on the caller's thread, which is the request path).
        wake = pace == Pace::Now || m_sleeping || m_queue.size() >= kLingerBatch;
        m_wakes += wake ? 1 : 0;
    }
    // Woken after the lock is released, so that the writer does not wake up into a held mutex.
    if (wake)
        m_wake.wakeOne();
}

void StoreWriter::hurry()
{
    {
        QMutexLocker lock(&m_mutex);
        m_hurry = true;
        ++m_wakes;
    }
    m_wake.wakeOne();
}

void StoreWriter::post(std::function<void(Database &)> job, Pace pace)
{
    enqueue(Wait::Durable, pace, [job = std::move(job)](Database &db) -> Completion {
        job(db);
        return {};
    });
}

void StoreWriter::drain()
{
    QSemaphore done;
    enqueue(Wait::Durable, Pace::Now, [&done](Database &) -> Completion {
        return {nullptr, true, [&done] { done.release(); }};
    });
    done.acquire();
}

quint64 StoreWriter::syncCount() const
{
    QMutexLocker lock(&m_syncMutex);
    return m_syncs;
}

quint64 StoreWriter::wakeCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_wakes;
}

bool StoreWriter::asleep() const
{
    QMutexLocker lock(&m_mutex);
    return m_sleeping;
}

quint64 StoreWriter::sleepCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_sleeps;
}

void StoreWriter::run()
{
    std::deque<Queued> batch;
    bool ranGroup = false;
    while (true) {
        {
            QMutexLocker lock(&m_mutex);
            // Idle: sleep until a job wakes us. Right after a group the writer does not sleep
            // but lingers below, so that steady traffic never has to wake it.
            if (!ranGroup) {
                m_sleeping = true;
                m_sleeps += m_queue.empty() && !m_stopping ? 1 : 0;
                while (m_queue.empty() && !m_stopping)
                    m_wake.wait(&m_mutex);
                m_sleeping = false;
            }
            // Unless a job is waited for, let the group gather company for a moment.
            const QDeadlineTimer linger(kLingerMs);
            while (m_queuedNow == 0 && !m_stopping && !m_hurry && m_queue.size() < kLingerBatch && !linger.hasExpired())
                m_wake.wait(&m_mutex, linger);
            m_hurry = false;
            if (m_queue.empty()) {
                if (m_stopping)
                    return;
                ranGroup = false;
                continue;
            }
            while (!m_queue.empty() && batch.size() < kMaxBatch) {
                if (m_queue.front().pace == Pace::Now)
                    --m_queuedNow;
                batch.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
        }
        runBatch(batch);
        batch.clear();
        ranGroup = true;
    }
}

void StoreWriter::runBatch(std::deque<Queued> &batch)
{
    std::vector<std::pair<Wait, Completion>> completions;
    completions.reserve(batch.size());
    if (batch.size() > 1 && runGroup(batch, completions)) {
        release(completions);
        return;
    }
    for (Queued &queued : batch) {
        completions.emplace_back(queued.wait, queued.job(*m_db));
        m_db->resetCached();
    }
    release(completions);
}

bool StoreWriter::runGroup(std::deque<Queued> &batch, std::vector<std::pair<Wait, Completion>> &completions)
{
    WriteGroup group(*m_db);
    if (!group.isOpen())
        return false;
    QString error;
    bool intact = true;
    auto slice = std::chrono::steady_clock::now();
    for (Queued &queued : batch) {
        completions.emplace_back(queued.wait, queued.job(*m_db));
        m_db->resetCached();
        // A group of a hundred jobs keeps a core for a millisecond or more. Now and then it
        // lets a thread waiting for that core run first (at one connection, the request's
        // own chain, woken onto it); when none waits, that costs one system call.
        if (const auto now = std::chrono::steady_clock::now(); now - slice >= kYieldEvery) {
            QThread::yieldCurrentThread();
            slice = std::chrono::steady_clock::now();
        }
        // SQLITE_FULL, IOERR and the like can roll the whole transaction back on their own;
        // then nothing of this group is written and it must be run again job by job.
        if (!m_db->inTransaction()) {
            intact = false;
            error = QStringLiteral("the transaction was rolled back by SQLite");
            break;
        }
        // A job's unit of work failed, and the group holds what it wrote before it did.
        if (group.spoiled()) {
            intact = false;
            break;
        }
    }
    if (intact && group.commit(&error))
        return true;
    // The group could not commit, or one job's failed work must be undone: undo the group and run
    // each job alone, so each caller learns the truth about its own work.
    if (group.spoiled())
        qCDebug(lcStore) << "a job failed within a group commit; running the group one by one";
    else
        qCWarning(lcStore).noquote() << "group commit failed, retrying one by one:" << error;
    group.rollback();
    completions.clear();
    return false;
}

void StoreWriter::release(std::vector<std::pair<Wait, Completion>> &completions)
{
    std::vector<Completion> now, durable;
    for (auto &[wait, completion] : completions) {
        if (!completion.run)
            continue;
        if (wait == Wait::Committed || m_sync == Sync::Full) // at FULL the COMMIT was durable
            now.push_back(std::move(completion));
        else
            durable.push_back(std::move(completion));
    }
    deliver(now);
    if (m_sync == Sync::Full)
        return; // every COMMIT was durable already: nothing for the syncer
    bool wake = false;
    {
        QMutexLocker lock(&m_syncMutex);
        for (auto &completion : durable)
            m_awaitingSync.push_back(std::move(completion));
        m_dirty = true;
        wake = m_syncIdle; // else it is pausing between two rounds and will find this one
    }
    if (wake)
        m_syncWake.wakeOne();
}

void StoreWriter::deliver(std::vector<Completion> &completions)
{
    // Consecutive completions for one context travel as one queued call: one lock of that
    // thread's event queue and one wake-up for a group of requests instead of one each.
    for (size_t i = 0; i < completions.size();) {
        if (completions[i].onLedgerThread) {
            completions[i++].run();
            continue;
        }
        QObject *context = completions[i].context.data();
        std::vector<std::function<void()>> runs;
        for (; i < completions.size() && !completions[i].onLedgerThread && completions[i].context.data() == context;
             ++i)
            runs.push_back(std::move(completions[i].run));
        if (context) // else the context was destroyed: nobody is left to tell
            QMetaObject::invokeMethod(
                context,
                [runs = std::move(runs)] {
                    for (const auto &run : runs)
                        run();
                },
                Qt::QueuedConnection);
    }
}

void StoreWriter::runSyncer()
{
    while (true) {
        std::vector<Completion> completions;
        {
            QMutexLocker lock(&m_syncMutex);
            m_syncIdle = true;
            while (!m_dirty && !m_syncStopping)
                m_syncWake.wait(&m_syncMutex);
            m_syncIdle = false;
            if (!m_dirty)
                return;
            m_dirty = false;
            completions.swap(m_awaitingSync);
        }
        // Everything committed before this point is in the WAL's page cache; one fdatasync makes
        // all of it durable. Commits that land meanwhile wait for the next round.
        QString error;
        if (!syncWal(&error))
            qCCritical(lcStore).noquote() << "cannot make the ledger durable:" << error;
        {
            QMutexLocker lock(&m_syncMutex);
            ++m_syncs;
        }
        deliver(completions);
        // Group durability: the next round waits a little, so one fdatasync covers the commits
        // of that interval instead of one each. Nothing on a request's path waits for it.
        const QDeadlineTimer pause(kSyncIntervalMs);
        QMutexLocker lock(&m_syncMutex);
        while (!m_syncStopping && !pause.hasExpired())
            m_syncWake.wait(&m_syncMutex, pause);
    }
}

bool StoreWriter::syncWal(QString *error)
{
    if (m_walPath.isEmpty())
        return true;
    // The WAL file lives as long as the writer's connection (SQLite removes it only when the last
    // connection closes), so one descriptor serves every sync.
    if (m_walFd < 0) {
        m_walFd = ::open(m_walPath.constData(), O_RDONLY | O_CLOEXEC);
        if (m_walFd < 0) {
            // No WAL file yet: nothing was committed into one.
            if (errno == ENOENT)
                return true;
            *error = QString::fromLocal8Bit(std::strerror(errno));
            return false;
        }
    }
    if (::fdatasync(m_walFd) == 0)
        return true;
    *error = QString::fromLocal8Bit(std::strerror(errno));
    return false;
}

} // namespace bytespike
