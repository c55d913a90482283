#include "UnitOfWork.h"

#include "Database.h"

namespace bytespike {

namespace {
const CachedSql kBegin("BEGIN IMMEDIATE");
const CachedSql kCommit("COMMIT");
const CachedSql kRollback("ROLLBACK");
const CachedSql kSavepoint("SAVEPOINT unit");
const CachedSql kRelease("RELEASE unit");
const CachedSql kRollbackToSavepoint("ROLLBACK TO unit");
} // namespace

UnitOfWork::UnitOfWork(Database &db)
    : m_db(db)
{
    if (!db.inTransaction()) {
        m_open = db.reconnectIfLost(&m_error) && db.execCached(kBegin, &m_error);
        return;
    }
    if (db.writeGroup()) {
        m_kind = Kind::GroupMember;
        m_open = true;
        return;
    }
    m_kind = Kind::Savepoint;
    m_open = db.execCached(kSavepoint, &m_error);
}

UnitOfWork::~UnitOfWork()
{
    rollback();
}

bool UnitOfWork::commit()
{
    if (!m_open)
        return false;
    switch (m_kind) {
    case Kind::GroupMember: m_open = false; return true;
    case Kind::Savepoint:
        if (!m_db.execCached(kRelease, &m_error)) {
            rollback();
            return false;
        }
        break;
    case Kind::Transaction:
        if (!m_db.execCached(kCommit, &m_error)) {
            rollback();
            return false;
        }
        break;
    }
    m_open = false;
    return true;
}

bool UnitOfWork::begun(QString *error) const
{
    if (!m_open && error)
        *error = m_error;
    return m_open;
}

bool UnitOfWork::commit(QString *error)
{
    if (commit())
        return true;
    if (error && !m_error.isEmpty())
        *error = m_error;
    return false;
}

void UnitOfWork::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    switch (m_kind) {
    case Kind::GroupMember:
        if (WriteGroup *group = m_db.writeGroup())
            group->m_spoiled = true;
        break;
    case Kind::Savepoint:
        m_db.execCached(kRollbackToSavepoint);
        m_db.execCached(kRelease);
        break;
    case Kind::Transaction:
        // SQLite may have rolled back on its own (SQLITE_FULL, IOERR).
        if (m_db.inTransaction())
            m_db.execCached(kRollback);
        break;
    }
}

WriteGroup::WriteGroup(Database &db)
    : m_db(db)
{
    if (db.inTransaction() || db.writeGroup())
        return;
    m_open = db.reconnectIfLost() && db.execCached(kBegin);
    if (m_open)
        db.m_writeGroup = this;
}

WriteGroup::~WriteGroup()
{
    rollback();
}

void WriteGroup::detach()
{
    if (m_db.m_writeGroup == this)
        m_db.m_writeGroup = nullptr;
}

bool WriteGroup::commit(QString *error)
{
    detach();
    if (!m_open)
        return false;
    if (!m_db.execCached(kCommit, error))
        return false;
    m_open = false;
    return true;
}

void WriteGroup::rollback()
{
    detach();
    if (!m_open)
        return;
    m_open = false;
    if (m_db.inTransaction())
        m_db.execCached(kRollback);
}

} // namespace bytespike
