#pragma once

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <deque>
#include <memory>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;
struct pg_conn;

namespace bytespike {

class PostgresStatement;

// Whether an INSERT is to give the new row's id (Statement::insertedId). SQLite keeps it for free;
// PostgreSQL is asked with RETURNING id, which SQLite's statement would pay a quarter more for.
enum class Returns { Nothing, Id };

// One prepared statement; finalised on destruction. Bind indices are 1-based as in SQLite. On
// PostgreSQL the same SQL runs through PostgresStatement (see there for what is translated).
class Statement
{
public:
    Statement() = default;
    Statement(sqlite3 *db, const char *sql);
    explicit Statement(std::unique_ptr<PostgresStatement> statement);
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    bool isValid() const { return m_stmt != nullptr || m_pg != nullptr; }
    Statement &bind(int index, qint64 value);
    Statement &bind(int index, const QString &value);
    Statement &bind(int index, const QByteArray &blob);
    // Text given as its UTF-8 bytes (a document built as bytes), bound as text, not as a blob.
    Statement &bindUtf8(int index, const QByteArray &utf8);
    Statement &bindNull(int index);

    // Returns true when a row is available, false when done; errors are reported by error().
    bool next();
    // Runs a statement that returns no rows; true on success.
    bool exec();
    void reset();

    qint64 int64(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    bool isNull(int column) const;

    int changes() const;
    // The id of the row the last exec() inserted, for a statement prepared with Returns::Id.
    qint64 insertedId() const;
    QString error() const { return m_error; }
    // SQLite's extended result code of the last failed step (0 when none failed).
    int errorCode() const { return m_errorCode; }
    // The last step was refused by a PRIMARY KEY or UNIQUE constraint.
    bool isUniqueViolation() const;

private:
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    std::unique_ptr<PostgresStatement> m_pg;
    QString m_error;
    int m_errorCode = 0;
    QByteArray m_sqlState; // PostgreSQL's SQLSTATE of the last failed run
    // The UTF-8 of each bound text parameter, which SQLite reads in place (SQLITE_STATIC) until
    // the parameter is bound again or the statement is finalised. A cached statement reuses
    // these buffers, so binding text allocates nothing once they have grown. A deque: growing it
    // never moves the strings, whose short values sit inside them.
    std::deque<std::string> m_text;
};

// Connection settings that are not part of the schema (GatewayConfig carries them).
struct DatabaseOptions
{
    // How long a write waits for a lock held elsewhere before it fails.
    int busyTimeoutMs = 5000;
    // PRAGMA max_page_count when positive: SQLITE_FULL past it, as on a full disk (tests).
    int maxPages = 0;
    // PostgreSQL: a session left inside a transaction for this long (its process frozen or
    // stopped mid-transaction) is ended by the server, which frees the rows it locked. 0: never.
    int idleInTransactionMs = 0;
};

// A statement on the request path, named once at namespace scope:
//     const CachedSql kEndHold("UPDATE holds SET ...");
// Database::cached(kEndHold) prepares it on first use per connection and then reuses it. Each
// handle takes the next slot of every connection's cache when it is constructed.
class CachedSql
{
public:
    explicit CachedSql(const char *sql, Returns returns = Returns::Nothing);
    CachedSql(const CachedSql &) = delete;
    CachedSql &operator=(const CachedSql &) = delete;

    const char *sql() const { return m_sql; }
    Returns returns() const { return m_returns; }
    size_t slot() const { return m_slot; }

private:
    const char *m_sql;
    Returns m_returns;
    size_t m_slot;
};

class WriteGroup;

// Owns one SQLite connection. Not thread-safe: exactly one thread uses it at a time (the
// ledger writer owns the write connection; see StoreWriter).
class Database
{
public:
    Database() = default;
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    enum class Engine { Sqlite, Postgres };
    // A location names a PostgreSQL database when it is a libpq URI (postgresql:// or
    // postgres://), and an SQLite file otherwise.
    static Engine engineOf(const QString &location);

    // Opens the database and runs the migrations up to schemaVersion (-1: the latest); returns
    // false with a readable reason, which never repeats a URI (it may hold a password). An SQLite
    // file is created if needed, opened with WAL, foreign keys and synchronous=FULL, and must pass
    // PRAGMA quick_check. A PostgreSQL database must exist (the migrations make its tables).
    bool open(const QString &location, QString *error, int schemaVersion = -1, const DatabaseOptions &options = {});
    void close();
    Engine engine() const { return m_pg ? Engine::Postgres : Engine::Sqlite; }
    // The text for this connection's engine, where the two differ beyond what
    // PostgresStatement translates (an aggregate, a PRAGMA).
    const char *dialect(const char *sqlite, const char *postgres) const { return m_pg ? postgres : sqlite; }

    // The SQLite connection (null on PostgreSQL).
    sqlite3 *handle() const { return m_db; }
    Statement prepare(const char *sql, Returns returns = Returns::Nothing);
    // The statement behind a CachedSql handle, prepared once per connection and reused (reset,
    // bindings cleared) on every call. Not re-entrant for the same handle.
    Statement &cached(const CachedSql &query);
    // Resets every cached statement used since the last call, so none keeps a read open or its
    // bound values (the writer calls it after each job). Only those: clearing the bindings of a
    // statement walks all its parameters, and the ledger's multi-row statements have hundreds.
    void resetCached();
    bool exec(const char *sql, QString *error = nullptr);
    // On PostgreSQL, when the server ended the connection (a restart, pg_terminate_backend), makes
    // it again and sets the new session up; true when the connection is usable. UnitOfWork and WriteGroup call it
    // before they BEGIN, so the writer's next job after an outage runs on a new session; statements prepare themselves
    // again there.
    bool reconnectIfLost(QString *error = nullptr);
    // exec() of a CachedSql statement (transaction control, run on every request).
    bool execCached(const CachedSql &query, QString *error = nullptr);
    QString lastError() const;

    bool inTransaction() const;

    // The writer's group commit open on this connection, or null (see WriteGroup).
    WriteGroup *writeGroup() const { return m_writeGroup; }

private:
    friend class WriteGroup;
    bool openSqlite(const QString &path, QString *error, const DatabaseOptions &options);
    bool openPostgres(const QString &uri, QString *error, const DatabaseOptions &options);
    bool configureSession(QString *error);

    sqlite3 *m_db = nullptr;
    pg_conn *m_pg = nullptr;
    quint64 m_session = 0;
    int m_lockTimeoutMs = 5000;
    int m_idleInTransactionMs = 0;
    bool m_sessionReady = true; // the current session was set up
    WriteGroup *m_writeGroup = nullptr;
    std::vector<std::unique_ptr<Statement>> m_slots;
    std::vector<size_t> m_usedSlots; // handed out by cached() since the last resetCached()
};

} // namespace bytespike
