#pragma once

#include <QString>

namespace bytespike {

class Database;

// One all-or-nothing piece of work on a connection, begun when constructed. What it is depends
// on where it starts, and kind() says which:
// - Transaction: on an idle connection, BEGIN IMMEDIATE ... COMMIT;
// - Savepoint: inside another transaction, a SAVEPOINT, durable with the outer COMMIT;
// - GroupMember: inside the writer's group commit (WriteGroup), no statement of its own: its
//   work joins the group's, and undoing it spoils the group, which the writer then rolls back
//   and runs again job by job.
// commit() makes the work count; destroying the object uncommitted undoes it.
class UnitOfWork
{
public:
    enum class Kind { Transaction, Savepoint, GroupMember };

    explicit UnitOfWork(Database &db);
    ~UnitOfWork();
    UnitOfWork(const UnitOfWork &) = delete;
    UnitOfWork &operator=(const UnitOfWork &) = delete;

    // False when the unit could not begin (the connection is busy or broken); error() says why.
    bool isOpen() const { return m_open; }
    QString error() const { return m_error; }
    Kind kind() const { return m_kind; }

    // isOpen(), copying error() into *error when it is not.
    bool begun(QString *error) const;
    // True when the work now counts (for a group member: will count when the group commits).
    // On false, error() says why and the work is undone.
    bool commit();
    bool commit(QString *error);
    void rollback();

private:
    Database &m_db;
    Kind m_kind = Kind::Transaction;
    bool m_open = false;
    QString m_error;
};

// The writer's group commit: one BEGIN IMMEDIATE ... COMMIT around the units of work of many
// jobs (StoreWriter), which saves a journal copy of every page a SAVEPOINT per job would take.
// While it is open, every UnitOfWork begun on the connection is a GroupMember.
class WriteGroup
{
public:
    explicit WriteGroup(Database &db);
    ~WriteGroup();
    WriteGroup(const WriteGroup &) = delete;
    WriteGroup &operator=(const WriteGroup &) = delete;

    bool isOpen() const { return m_open; }
    // A member's work was undone: the group holds part of it and must be rolled back.
    bool spoiled() const { return m_spoiled; }
    // Commits every member's work; on false, error says why and rollback() is still due.
    bool commit(QString *error);
    void rollback();

private:
    friend class UnitOfWork;
    void detach();

    Database &m_db;
    bool m_open = false;
    bool m_spoiled = false;
};

} // namespace bytespike
