#include "PostgresStatement.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>

namespace bytespike {

namespace {

QString errorText(const char *message)
{
    return QString::fromUtf8(message).trimmed();
}

} // namespace

PostgresStatement::PostgresStatement(
    pg_conn *connection, const quint64 *session, const char *sql, QByteArray name, bool returningId)
    : m_connection(connection)
    , m_session(session)
    , m_name(std::move(name))
{
    int parameters = 0;
    m_sql = translate(sql, &parameters);
    if (returningId)
        m_sql += " RETURNING id";
    m_values.resize(size_t(parameters));
    m_binary.assign(size_t(parameters), 0);
}

PostgresStatement::~PostgresStatement()
{
    PQclear(m_result);
}

QByteArray PostgresStatement::translate(const char *sql, int *parameters)
{
    const QByteArray in = QByteArray(sql).trimmed();
    if (in.compare("BEGIN IMMEDIATE", Qt::CaseInsensitive) == 0) {
        *parameters = 0;
        return QByteArrayLiteral("BEGIN");
    }
    QByteArray out;
    out.reserve(in.size() + 16);
    int highest = 0;
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '\'' || c == '"') { // a literal or a quoted name, copied whole ('' and "" stay in it)
            const qsizetype end = in.indexOf(c, i + 1);
            const qsizetype stop = end < 0 ? in.size() : end + 1;
            out.append(in.constData() + i, stop - i);
            i = stop - 1;
            continue;
        }
        if (c == '-' && i + 1 < in.size() && in[i + 1] == '-') { // a comment, to the end of its line
            const qsizetype end = in.indexOf('\n', i);
            const qsizetype stop = end < 0 ? in.size() : end;
            out.append(in.constData() + i, stop - i);
            i = stop - 1;
            continue;
        }
        if (c != '?') {
            out.append(c);
            continue;
        }
        int number = 0;
        qsizetype j = i + 1;
        while (j < in.size() && in[j] >= '0' && in[j] <= '9')
            number = number * 10 + (in[j++] - '0');
        if (j == i + 1)
            number = highest + 1; // a bare ?: one past the highest so far, as SQLite numbers it
        highest = std::max(highest, number);
        out.append('$').append(QByteArray::number(number));
        i = j - 1;
    }
    *parameters = highest;
    return out;
}

void PostgresStatement::bind(int index, QByteArray value, bool binary)
{
    if (index < 1 || size_t(index) > m_values.size())
        return;
    m_values[size_t(index - 1)] = std::move(value);
    m_binary[size_t(index - 1)] = binary ? 1 : 0;
}

void PostgresStatement::bindNull(int index)
{
    if (index < 1 || size_t(index) > m_values.size())
        return;
    m_values[size_t(index - 1)].reset();
    m_binary[size_t(index - 1)] = 0;
}

bool PostgresStatement::run(QString *error, QByteArray *sqlState)
{
    reset();
    std::vector<const char *> values(m_values.size());
    std::vector<int> lengths(m_values.size());
    for (size_t i = 0; i < m_values.size(); ++i) {
        if (m_values[i]) {
            values[i] = m_values[i]->constData();
            lengths[i] = int(m_values[i]->size());
        }
    }
    const int count = int(m_values.size());
    if (m_prepared && m_preparedIn != *m_session)
        m_prepared = false; // the connection was made again: the server has forgotten it
    if (!m_name.isEmpty() && !m_prepared) {
        PGresult *prepared = PQprepare(m_connection, m_name.constData(), m_sql.constData(), count, nullptr);
        const bool ok = PQresultStatus(prepared) == PGRES_COMMAND_OK;
        if (!ok) {
            *error = errorText(PQresultErrorMessage(prepared));
            const char *state = PQresultErrorField(prepared, PG_DIAG_SQLSTATE);
            *sqlState = state ? QByteArray(state) : QByteArray();
        }
        PQclear(prepared);
        if (!ok)
            return false;
        m_prepared = true;
        m_preparedIn = *m_session;
    }
    m_result = m_prepared
        ? PQexecPrepared(m_connection, m_name.constData(), count, values.data(), lengths.data(), m_binary.data(), 0)
        : PQexecParams(
            m_connection, m_sql.constData(), count, nullptr, values.data(), lengths.data(), m_binary.data(), 0);
    const ExecStatusType status = PQresultStatus(m_result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        *error = errorText(m_result ? PQresultErrorMessage(m_result) : PQerrorMessage(m_connection));
        const char *state = m_result ? PQresultErrorField(m_result, PG_DIAG_SQLSTATE) : nullptr;
        *sqlState = state ? QByteArray(state) : QByteArray("08006"); // no result: the connection failed
        PQclear(m_result);
        m_result = nullptr;
        return false;
    }
    error->clear();
    sqlState->clear();
    m_rows = PQntuples(m_result);
    m_changes = std::atoi(PQcmdTuples(m_result));
    return true;
}

bool PostgresStatement::next(QString *error, QByteArray *sqlState)
{
    if (!m_result && !run(error, sqlState))
        return false;
    return ++m_row < m_rows;
}

bool PostgresStatement::exec(QString *error, QByteArray *sqlState)
{
    return run(error, sqlState);
}

void PostgresStatement::reset()
{
    PQclear(m_result);
    m_result = nullptr;
    m_row = -1;
    m_rows = 0;
}

void PostgresStatement::clearBindings()
{
    for (auto &value : m_values)
        value.reset();
    std::fill(m_binary.begin(), m_binary.end(), 0);
}

qint64 PostgresStatement::int64(int column) const
{
    if (!m_result || m_row < 0 || m_row >= m_rows || PQgetisnull(m_result, m_row, column))
        return 0;
    const char *value = PQgetvalue(m_result, m_row, column);
    if (value[0] == 't' && value[1] == 0)
        return 1; // a boolean, which SQLite would have given as 1 or 0
    if (value[0] == 'f' && value[1] == 0)
        return 0;
    return std::strtoll(value, nullptr, 10);
}

QString PostgresStatement::text(int column) const
{
    if (!m_result || m_row < 0 || m_row >= m_rows)
        return QString();
    return QString::fromUtf8(PQgetvalue(m_result, m_row, column), PQgetlength(m_result, m_row, column));
}

QByteArray PostgresStatement::blob(int column) const
{
    if (!m_result || m_row < 0 || m_row >= m_rows || PQgetisnull(m_result, m_row, column))
        return QByteArray();
    const char *value = PQgetvalue(m_result, m_row, column);
    if (value[0] == '\\' && value[1] == 'x') // bytea in text form: hexadecimal
        return QByteArray::fromHex(QByteArray::fromRawData(value + 2, PQgetlength(m_result, m_row, column) - 2));
    return QByteArray(value, PQgetlength(m_result, m_row, column));
}

qint64 PostgresStatement::firstValue() const
{
    if (!m_result || m_rows < 1 || PQnfields(m_result) < 1)
        return 0;
    return std::strtoll(PQgetvalue(m_result, 0, 0), nullptr, 10);
}

bool PostgresStatement::isNull(int column) const
{
    return !m_result || m_row < 0 || m_row >= m_rows || PQgetisnull(m_result, m_row, column);
}

} // namespace bytespike
