#include "Database.h"

#include "Migrations.h"
#include "PostgresStatement.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>

namespace bytespike {

Statement::Statement(sqlite3 *db, const char *sql)
    : m_db(db)
{
    if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK) {
        m_error = QString::fromUtf8(sqlite3_errmsg(db));
        m_stmt = nullptr;
    }
}

Statement::Statement(std::unique_ptr<PostgresStatement> statement)
    : m_pg(std::move(statement))
{ }

Statement::Statement(Statement &&other) noexcept
    : m_db(other.m_db)
    , m_stmt(std::exchange(other.m_stmt, nullptr))
    , m_pg(std::move(other.m_pg))
    , m_error(std::move(other.m_error))
    , m_errorCode(other.m_errorCode)
    , m_sqlState(std::move(other.m_sqlState))
    , m_text(std::move(other.m_text))
{ }

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        if (m_stmt)
            sqlite3_finalize(m_stmt);
        m_db = other.m_db;
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_pg = std::move(other.m_pg);
        m_error = std::move(other.m_error);
        m_errorCode = other.m_errorCode;
        m_sqlState = std::move(other.m_sqlState);
        m_text = std::move(other.m_text);
    }
    return *this;
}

Statement::~Statement()
{
    if (m_stmt)
        sqlite3_finalize(m_stmt);
}

Statement &Statement::bind(int index, qint64 value)
{
    if (m_stmt)
        sqlite3_bind_int64(m_stmt, index, value);
    else if (m_pg)
        m_pg->bind(index, QByteArray::number(value), false);
    return *this;
}

Statement &Statement::bind(int index, const QString &value)
{
    if (m_pg) {
        m_pg->bind(index, value.toUtf8(), false);
        return *this;
    }
    if (!m_stmt || index < 1 || index > sqlite3_bind_parameter_count(m_stmt))
        return *this;
    if (m_text.size() < size_t(index))
        m_text.resize(size_t(index));
    std::string &utf8 = m_text[size_t(index - 1)];
    // Nearly every bound text is ASCII (ids, model and endpoint names): copied byte for byte into
    // the kept buffer, which keeps its capacity when it shrinks, in the same pass that checks it.
    // Anything else goes through QString's own UTF-8 (so invalid UTF-16 is written as before).
    const QChar *chars = value.constData();
    const qsizetype size = value.size();
    utf8.resize(size_t(size));
    char16_t seen = 0;
    for (qsizetype i = 0; i < size; ++i) {
        seen |= chars[i].unicode();
        utf8[size_t(i)] = char(chars[i].unicode());
    }
    if (seen >= 0x80) {
        const QByteArray converted = value.toUtf8();
        utf8.assign(converted.constData(), size_t(converted.size()));
    }
    sqlite3_bind_text(m_stmt, index, utf8.data(), int(utf8.size()), SQLITE_STATIC);
    return *this;
}

Statement &Statement::bind(int index, const QByteArray &blob)
{
    if (m_pg) {
        m_pg->bind(index, blob, true);
        return *this;
    }
    if (m_stmt)
        sqlite3_bind_blob(m_stmt, index, blob.constData(), int(blob.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindUtf8(int index, const QByteArray &utf8)
{
    if (m_pg)
        m_pg->bind(index, utf8, false);
    else if (m_stmt)
        sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindNull(int index)
{
    if (m_stmt)
        sqlite3_bind_null(m_stmt, index);
    else if (m_pg)
        m_pg->bindNull(index);
    return *this;
}

bool Statement::next()
{
    if (m_pg)
        return m_pg->next(&m_error, &m_sqlState);
    if (!m_stmt)
        return false;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE) {
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
        m_errorCode = sqlite3_extended_errcode(m_db);
    }
    return false;
}

bool Statement::exec()
{
    if (m_pg)
        return m_pg->exec(&m_error, &m_sqlState);
    if (!m_stmt)
        return false;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        m_error.clear();
        return true;
    }
    m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
    m_errorCode = sqlite3_extended_errcode(m_db);
    return false;
}

bool Statement::isUniqueViolation() const
{
    if (m_pg)
        return m_sqlState == "23505";
    return m_errorCode == SQLITE_CONSTRAINT_PRIMARYKEY || m_errorCode == SQLITE_CONSTRAINT_UNIQUE;
}

void Statement::reset()
{
    if (m_stmt) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    } else if (m_pg) {
        m_pg->reset();
        m_pg->clearBindings();
    }
}

qint64 Statement::int64(int column) const
{
    if (m_pg)
        return m_pg->int64(column);
    return sqlite3_column_int64(m_stmt, column);
}

QString Statement::text(int column) const
{
    if (m_pg)
        return m_pg->text(column);
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column));
}

QByteArray Statement::blob(int column) const
{
    if (m_pg)
        return m_pg->blob(column);
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    return QByteArray(data, sqlite3_column_bytes(m_stmt, column));
}

bool Statement::isNull(int column) const
{
    if (m_pg)
        return m_pg->isNull(column);
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

qint64 Statement::insertedId() const
{
    if (m_pg)
        return m_pg->firstValue();
    return sqlite3_last_insert_rowid(m_db);
}

int Statement::changes() const
{
    if (m_pg)
        return m_pg->changes();
    return sqlite3_changes(m_db);
}

Database::~Database()
{
    close();
}

Database::Engine Database::engineOf(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://")) || location.startsWith(QLatin1String("postgres://"))
        ? Engine::Postgres
        : Engine::Sqlite;
}

bool Database::open(const QString &location, QString *error, int schemaVersion, const DatabaseOptions &options)
{
    close();
    const bool postgres = engineOf(location) == Engine::Postgres;
    if (!(postgres ? openPostgres(location, error, options) : openSqlite(location, error, options)))
        return false;
    QString why;
    if (!Migrations::migrate(*this, schemaVersion < 0 ? Migrations::latestVersion() : schemaVersion, &why)) {
        if (error)
            *error = postgres ? QStringLiteral("cannot migrate the PostgreSQL database: %1").arg(why)
                              : QStringLiteral("cannot migrate database %1: %2").arg(location, why);
        close();
        return false;
    }
    return true;
}

bool Database::openSqlite(const QString &path, QString *error, const DatabaseOptions &options)
{
    // SQLite's allocation statistics take a process-wide mutex around every malloc and free it
    // makes (about a tenth of the ledger writer's CPU); nothing here reads them. Only possible
    // before SQLite initialises, so a process that already used it keeps them.
    static const int memoryStatisticsOff = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    Q_UNUSED(memoryStatisticsOff);
    const QByteArray utf8 = path.toUtf8();
    if (sqlite3_open_v2(
            utf8.constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr)
        != SQLITE_OK) {
        if (error)
            *error = QStringLiteral("cannot open database %1: %2").arg(path, QString::fromUtf8(sqlite3_errmsg(m_db)));
        close();
        return false;
    }
    sqlite3_busy_timeout(m_db, options.busyTimeoutMs);
    QString why;
    if (!exec("PRAGMA journal_mode=WAL", &why) || !exec("PRAGMA synchronous=FULL", &why)
        || !exec("PRAGMA foreign_keys=ON", &why)
        // Statement journals (and SAVEPOINTs outside the writer's groups) kept in memory cost no
        // temporary file and no writes (on disk they were most of a request's writes).
        || !exec("PRAGMA temp_store=MEMORY", &why)) {
        if (error)
            *error = QStringLiteral("cannot configure database %1: %2").arg(path, why);
        close();
        return false;
    }
    if (options.maxPages > 0)
        exec(QByteArray("PRAGMA max_page_count=" + QByteArray::number(options.maxPages)).constData());
    Statement check = prepare("PRAGMA quick_check");
    QStringList problems;
    while (check.next()) {
        const QString line = check.text(0);
        if (line != QLatin1String("ok"))
            problems << line;
    }
    if (!check.error().isEmpty())
        problems << check.error();
    if (!problems.isEmpty()) {
        if (error)
            *error = QStringLiteral("database %1 failed PRAGMA quick_check (restore it from a backup): %2")
                         .arg(path, problems.mid(0, 5).join(QStringLiteral("; ")));
        close();
        return false;
    }
    return true;
}

CachedSql::CachedSql(const char *sql, Returns returns)
    : m_sql(sql)
    , m_returns(returns)
{
    static std::atomic<size_t> next {0};
    m_slot = next.fetch_add(1, std::memory_order_relaxed);
}

Statement &Database::cached(const CachedSql &query)
{
    if (query.slot() >= m_slots.size())
        m_slots.resize(query.slot() + 1);
    std::unique_ptr<Statement> &slot = m_slots[query.slot()];
    if (std::find(m_usedSlots.begin(), m_usedSlots.end(), query.slot()) == m_usedSlots.end())
        m_usedSlots.push_back(query.slot());
    if (slot && slot->isValid())
        slot->reset();
    else if (m_pg)
        slot = std::make_unique<Statement>(std::make_unique<PostgresStatement>(m_pg, &m_session, query.sql(),
            "bs" + QByteArray::number(qulonglong(query.slot())), query.returns() == Returns::Id));
    else
        slot = std::make_unique<Statement>(m_db, query.sql());
    return *slot;
}

bool Database::execCached(const CachedSql &query, QString *error)
{
    Statement &statement = cached(query);
    const bool ok = statement.exec();
    if (!ok && error)
        *error = statement.error();
    statement.reset();
    return ok;
}

void Database::resetCached()
{
    for (const size_t used : m_usedSlots) {
        if (const std::unique_ptr<Statement> &slot = m_slots[used])
            slot->reset();
    }
    m_usedSlots.clear();
}

Statement Database::prepare(const char *sql, Returns returns)
{
    if (m_pg)
        return Statement(
            std::make_unique<PostgresStatement>(m_pg, &m_session, sql, QByteArray(), returns == Returns::Id));
    return Statement(m_db, sql);
}

void Database::close()
{
    m_slots.clear();
    m_usedSlots.clear();
    if (m_pg) {
        PQfinish(m_pg);
        m_pg = nullptr;
    }
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

bool Database::exec(const char *sql, QString *error)
{
    if (m_pg) {
        // Scripts without parameters (migrations, session settings), run as they are: their
        // PL/pgSQL bodies are not the store's SQLite-numbered statements.
        PGresult *result = PQexec(m_pg, sql);
        const ExecStatusType status = PQresultStatus(result);
        const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
        if (!ok && error)
            *error = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
        PQclear(result);
        return ok;
    }
    char *message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        if (error)
            *error = QString::fromUtf8(message ? message : "unknown SQLite error");
        sqlite3_free(message);
        return false;
    }
    return true;
}

bool Database::reconnectIfLost(QString *error)
{
    QString why;
    if (m_pg && PQstatus(m_pg) != CONNECTION_OK) {
        PQreset(m_pg);
        if (PQstatus(m_pg) != CONNECTION_OK)
            why = QStringLiteral("cannot connect to PostgreSQL again: %1")
                      .arg(QString::fromUtf8(PQerrorMessage(m_pg)).trimmed());
        ++m_session;
        m_sessionReady = false;
    }
    // A new session is set up before anything else runs in it; when that fails, the next call
    // tries again.
    if (why.isEmpty() && !m_sessionReady)
        m_sessionReady = configureSession(&why);
    if (why.isEmpty())
        return true;
    if (error)
        *error = why;
    return false;
}

bool Database::inTransaction() const
{
    if (m_pg) {
        // UNKNOWN: the connection is gone, and with it any transaction.
        const PGTransactionStatusType status = PQtransactionStatus(m_pg);
        return status != PQTRANS_IDLE && status != PQTRANS_UNKNOWN;
    }
    return m_db && sqlite3_get_autocommit(m_db) == 0;
}

QString Database::lastError() const
{
    if (m_pg)
        return QString::fromUtf8(PQerrorMessage(m_pg)).trimmed();
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

bool Database::configureSession(QString *error)
{
    // A write waits this long for a row another instance holds, as SQLite's busy timeout.
    const QByteArray settings = "SET lock_timeout = " + QByteArray::number(m_lockTimeoutMs)
        + "; SET idle_in_transaction_session_timeout = " + QByteArray::number(m_idleInTransactionMs)
        + "; SET client_encoding = 'UTF8'; SET standard_conforming_strings = on";
    return exec(settings.constData(), error);
}

bool Database::openPostgres(const QString &uri, QString *error, const DatabaseOptions &options)
{
    // A connection (and a reconnection after an outage, on the writer's thread) gives up after
    // 5 s unless the URI says otherwise: its own connect_timeout comes later, so it wins.
    const QByteArray utf8 = uri.toUtf8();
    const char *const keywords[] = {"connect_timeout", "dbname", nullptr};
    const char *const values[] = {"5", utf8.constData(), nullptr};
    m_pg = PQconnectdbParams(keywords, values, 1);
    if (PQstatus(m_pg) != CONNECTION_OK) {
        if (error)
            *error = QStringLiteral("cannot connect to PostgreSQL: %1")
                         .arg(QString::fromUtf8(PQerrorMessage(m_pg)).trimmed());
        close();
        return false;
    }
    // Notices (e.g. "relation already exists, skipping") are for a person at psql, not the log.
    PQsetNoticeProcessor(
        m_pg, [](void *, const char *) {}, nullptr);
    m_lockTimeoutMs = options.busyTimeoutMs;
    m_idleInTransactionMs = options.idleInTransactionMs;
    QString why;
    if (!configureSession(&why)) {
        if (error)
            *error = QStringLiteral("cannot configure the PostgreSQL session: %1").arg(why);
        close();
        return false;
    }
    return true;
}

} // namespace bytespike
