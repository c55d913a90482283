#pragma once

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

struct pg_conn;
struct pg_result;

namespace bytespike {

// One statement on a PostgreSQL connection, behind Statement's interface (Database.h), so the
// store's SQL runs on either engine. The text is written once for both: SQLite's numbered
// parameters (?1, or ? counted from the left) become $1..., and BEGIN IMMEDIATE (SQLite's
// writer lock) becomes BEGIN, PostgreSQL's rows being locked as they are written. A statement
// with a name is prepared on the server on its first run and reused (Database::cached); one
// without is parsed on every run. Parameters go as text (bytes as binary) and PostgreSQL infers
// their types from where they stand; results come as text and are read back as SQLite would
// give them (an integer from t/f, 0 from NULL).
class PostgresStatement
{
public:
    // returningId: the statement is an INSERT whose new row's id is wanted (RETURNING id).
    // session: the connection's session count (Database::reconnect), which a statement prepared
    // on the server compares with the one it was prepared in, to prepare itself again in a new one.
    PostgresStatement(
        pg_conn *connection, const quint64 *session, const char *sql, QByteArray name, bool returningId = false);
    ~PostgresStatement();
    PostgresStatement(const PostgresStatement &) = delete;
    PostgresStatement &operator=(const PostgresStatement &) = delete;

    // SQLite's SQL in PostgreSQL's: numbered parameters, BEGIN.
    static QByteArray translate(const char *sql, int *parameters);

    void bind(int index, QByteArray value, bool binary);
    void bindNull(int index);
    bool next(QString *error, QByteArray *sqlState);
    bool exec(QString *error, QByteArray *sqlState);
    void reset();
    void clearBindings();

    qint64 int64(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    bool isNull(int column) const;
    int changes() const { return m_changes; }
    // The first column of the first row of the last run (an INSERT's RETURNING id).
    qint64 firstValue() const;

private:
    bool run(QString *error, QByteArray *sqlState);

    pg_conn *m_connection;
    const quint64 *m_session;
    QByteArray m_sql;
    QByteArray m_name;
    bool m_prepared = false;
    quint64 m_preparedIn = 0;
    std::vector<std::optional<QByteArray>> m_values;
    std::vector<int> m_binary;
    pg_result *m_result = nullptr;
    int m_row = -1;
    int m_rows = 0;
    int m_changes = 0;
};

} // namespace bytespike
