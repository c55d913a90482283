#include "StoreWriter.h"

#include <QSemaphore>

namespace bytespike {

StoreWriter::StoreWriter(std::unique_ptr<Database> db, QObject *parent)
    : QObject(parent)
    , m_db(std::move(db))
{
    m_thread.setObjectName(QStringLiteral("bytespike-ledger-writer"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

StoreWriter::~StoreWriter()
{
    drain();
    m_thread.quit();
    m_thread.wait();
    m_db.reset();
}

void StoreWriter::post(std::function<void(Database &)> job)
{
    Database *db = m_db.get();
    QMetaObject::invokeMethod(m_worker, [db, job = std::move(job)] { job(*db); }, Qt::QueuedConnection);
}

void StoreWriter::drain()
{
    if (!m_thread.isRunning())
        return;
    QSemaphore done;
    post([&done](Database &) { done.release(); });
    done.acquire();
}

} // namespace bytespike
