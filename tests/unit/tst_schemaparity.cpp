// The store's two engines have one schema: after every migration N, PostgresMigrations' script N
// leaves on PostgreSQL the tables, columns, keys, indexes, CHECKs and triggers that Migrations'
// script N leaves on SQLite, and the triggers refuse the same writes with the same words, which is
// what the application and its tests look for. Runs against PostgreSQL as tst_schemaparity_postgres
// (BYTESPIKE_TEST_DATABASE names the cluster; each test makes a database of its own there).
#include "store/Database.h"
#include "store/Migrations.h"
#include "store/PostgresMigrations.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <libpq-fe.h>

using namespace bytespike;

namespace {

// Rows of text; a null QString is SQL NULL.
using Rows = QList<QStringList>;

// A database of its own on the cluster BYTESPIKE_TEST_DATABASE names, dropped when this goes,
// whether or not the test passed.
class ScratchPostgres
{
public:
    ScratchPostgres() = default;
    ScratchPostgres(const ScratchPostgres &) = delete;
    ScratchPostgres &operator=(const ScratchPostgres &) = delete;
    ~ScratchPostgres();

    bool create(QString *error);
    bool exec(const char *sql, QString *error);
    Rows rows(const char *sql, QString *error);
    // Runs scripts from + 1 to to, each in its own transaction.
    bool migrate(int from, int to, QString *error);

private:
    PGresult *run(PGconn *conn, const char *sql, QString *error);
    PGconn *m_admin = nullptr;
    PGconn *m_conn = nullptr;
    QByteArray m_name;
};

ScratchPostgres::~ScratchPostgres()
{
    PQfinish(m_conn);
    if (!m_name.isEmpty()) {
        QString ignored;
        const QByteArray drop = "DROP DATABASE IF EXISTS \"" + m_name + "\" WITH (FORCE)";
        PQclear(run(m_admin, drop.constData(), &ignored));
    }
    PQfinish(m_admin);
}

PGresult *ScratchPostgres::run(PGconn *conn, const char *sql, QString *error)
{
    PGresult *result = PQexec(conn, sql);
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return result;
    *error = QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(conn)).trimmed();
    PQclear(result);
    return nullptr;
}

bool ScratchPostgres::create(QString *error)
{
    const QByteArray uri = qgetenv("BYTESPIKE_TEST_DATABASE");
    m_admin = PQconnectdb(uri.constData());
    if (PQstatus(m_admin) != CONNECTION_OK) {
        *error = QString::fromUtf8(PQerrorMessage(m_admin));
        return false;
    }
    const QByteArray name = "bytespike_parity_" + QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    const QByteArray create = "CREATE DATABASE \"" + name + '"';
    PGresult *created = run(m_admin, create.constData(), error);
    if (!created)
        return false;
    PQclear(created);
    m_name = name;
    // The URI's own settings, with this database instead of the one it names.
    const char *const keys[] = {"dbname", "dbname", nullptr};
    const char *const values[] = {uri.constData(), m_name.constData(), nullptr};
    m_conn = PQconnectdbParams(keys, values, 1);
    if (PQstatus(m_conn) != CONNECTION_OK) {
        *error = QString::fromUtf8(PQerrorMessage(m_conn));
        return false;
    }
    return exec("SET client_min_messages = warning", error);
}

bool ScratchPostgres::exec(const char *sql, QString *error)
{
    PGresult *result = run(m_conn, sql, error);
    PQclear(result);
    return result != nullptr;
}

Rows ScratchPostgres::rows(const char *sql, QString *error)
{
    Rows out;
    PGresult *result = run(m_conn, sql, error);
    for (int row = 0; result && row < PQntuples(result); ++row) {
        QStringList values;
        for (int column = 0; column < PQnfields(result); ++column)
            values << (PQgetisnull(result, row, column) ? QString()
                                                        : QString::fromUtf8(PQgetvalue(result, row, column)));
        out << values;
    }
    PQclear(result);
    return out;
}

bool ScratchPostgres::migrate(int from, int to, QString *error)
{
    for (int version = from + 1; version <= to; ++version) {
        if (!exec("BEGIN", error))
            return false;
        if (!exec(PostgresMigrations::sql(version), error) || !exec("COMMIT", error)) {
            *error = QStringLiteral("script %1: %2").arg(version).arg(*error);
            QString ignored;
            exec("ROLLBACK", &ignored);
            return false;
        }
    }
    return true;
}

// The first `columns` columns of each row sql returns, with parameter bound to ?1 when given.
Rows sqliteRows(Database &db, const char *sql, int columns, const QString &parameter = QString())
{
    Rows out;
    Statement st = db.prepare(sql);
    if (!parameter.isNull())
        st.bind(1, parameter);
    while (st.next()) {
        QStringList values;
        for (int column = 0; column < columns; ++column)
            values << (st.isNull(column) ? QString() : st.text(column));
        out << values;
    }
    return out;
}

// An expression as both engines can be compared by: PostgreSQL's casts of literals ('x'::text)
// and the parentheses it puts around a whole expression gone, spaces collapsed, lower case.
QString normalised(QString expression)
{
    static const QRegularExpression cast(QStringLiteral("::[a-z][a-z ]*(\\[\\])?"));
    expression = expression.remove(cast).simplified().toLower();
    while (expression.startsWith(QLatin1Char('(')) && expression.endsWith(QLatin1Char(')'))) {
        int depth = 0;
        qsizetype closing = -1;
        for (qsizetype i = 0; i < expression.size() && closing < 0; ++i) {
            depth += expression[i] == QLatin1Char('(') ? 1 : expression[i] == QLatin1Char(')') ? -1 : 0;
            if (depth == 0)
                closing = i;
        }
        if (closing != expression.size() - 1)
            break;
        expression = expression.mid(1, expression.size() - 2).trimmed();
    }
    return expression;
}

// What a declared type stores: SQLite's INTEGER is PostgreSQL's BIGINT (never INTEGER, which is
// 32 bits, and never NUMERIC or REAL for money), TEXT is TEXT, BLOB is BYTEA.
QString typeClass(const QString &declared)
{
    static const QHash<QString, QString> classes = {
        {QStringLiteral("INTEGER"), QStringLiteral("integer")},
        {QStringLiteral("bigint"), QStringLiteral("integer")},
        {QStringLiteral("TEXT"), QStringLiteral("text")},
        {QStringLiteral("text"), QStringLiteral("text")},
        {QStringLiteral("BLOB"), QStringLiteral("blob")},
        {QStringLiteral("bytea"), QStringLiteral("blob")},
    };
    return classes.value(declared, QStringLiteral("unmapped type ") + declared);
}

QString columnLine(const QString &table, int position, const QString &name, const QString &type, bool notNull,
    const QString &defaultValue, bool identity)
{
    QString line = QStringLiteral("column %1 #%2 %3 %4").arg(table).arg(position).arg(name, typeClass(type));
    if (notNull)
        line += QStringLiteral(" not null");
    if (!defaultValue.isNull())
        line += QStringLiteral(" default ") + normalised(defaultValue);
    if (identity)
        line += QStringLiteral(" identity");
    return line;
}

// The CHECKs of a table's text: how many and the names of the named ones, less migration 11's
// CHECKs that an INTEGER column holds integers (CAST(x AS INTEGER) = x): a BIGINT column holds
// nothing else, so PostgreSQL has none of them (PostgresMigrations, script 11).
void sqliteChecks(const QString &table, const QString &sql, QStringList *out)
{
    static const QRegularExpression check(QStringLiteral("\\bCHECK\\s*\\("));
    static const QRegularExpression named(QStringLiteral("CONSTRAINT\\s+(\\w+)\\s+CHECK\\b"));
    static const QRegularExpression integerCheck(QStringLiteral(
        "CONSTRAINT\\s+(\\w+)\\s+CHECK\\s*\\(\\s*CAST\\s*\\(\\s*(\\w+)\\s+AS\\s+INTEGER\\s*\\)\\s*=\\s*\\2\\s*\\)"));
    QSet<QString> integerOnly;
    for (const QRegularExpressionMatch &m : integerCheck.globalMatch(sql))
        integerOnly.insert(m.captured(1));
    *out << QStringLiteral("checks %1: %2").arg(table).arg(sql.count(check) - integerOnly.size());
    for (const QRegularExpressionMatch &m : named.globalMatch(sql)) {
        if (!integerOnly.contains(m.captured(1)))
            *out << QStringLiteral("check %1.%2").arg(table, m.captured(1));
    }
}

QString indexLine(const QString &name, const QString &table, const QString &columns, bool unique, const QString &where)
{
    QString line = QStringLiteral("index %1 on %2 (%3)").arg(name, table, columns);
    if (unique)
        line += QStringLiteral(" unique");
    if (!where.isNull())
        line += QStringLiteral(" where ") + normalised(where);
    return line;
}

// The index lines of one SQLite table: a UNIQUE constraint's index as the constraint, the primary
// key's left to its own line.
void sqliteIndexes(Database &db, const QString &table, QStringList *out)
{
    static const QRegularExpression where(
        QStringLiteral("\\bWHERE\\b(.*)$"), QRegularExpression::DotMatchesEverythingOption);
    const Rows indexes = sqliteRows(db,
        "SELECT l.name, l.\"unique\", l.origin, l.partial, s.sql"
        " FROM pragma_index_list(?1) l LEFT JOIN sqlite_schema s ON s.name = l.name",
        5, table);
    for (const QStringList &index : indexes) {
        QStringList columns;
        for (const QStringList &c :
            sqliteRows(db, "SELECT name FROM pragma_index_info(?1) ORDER BY seqno", 1, index[0]))
            columns << c[0];
        const QString list = columns.join(QLatin1String(", "));
        if (index[2] == QLatin1String("u"))
            *out << QStringLiteral("unique %1 (%2)").arg(table, list);
        if (index[2] != QLatin1String("c"))
            continue;
        const QString predicate
            = index[3] == QLatin1String("1") ? where.match(index[4]).captured(1).remove(QLatin1Char(';')) : QString();
        *out << indexLine(index[0], table, list, index[1] == QLatin1String("1"), predicate);
    }
}

void sqliteForeignKeys(Database &db, const QString &table, QStringList *out)
{
    const Rows keys = sqliteRows(db,
        "SELECT id, \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list(?1) ORDER BY id, seq", 5,
        table);
    QMap<QString, QStringList> foreign; // by id: from, table, to, on delete (columns of a key joined)
    for (const QStringList &key : keys) {
        QStringList &f = foreign[key[0]];
        if (f.isEmpty()) {
            f = QStringList {key[1], key[2], key[3], key[4].toLower()};
        } else {
            f[0] += QStringLiteral(", ") + key[1];
            f[2] += QStringLiteral(", ") + key[3];
        }
    }
    for (const QStringList &f : std::as_const(foreign))
        *out
            << QStringLiteral("foreign key %1 (%2) references %3 (%4) on delete %5").arg(table, f[0], f[1], f[2], f[3]);
}

void sqliteTable(Database &db, const QString &table, const QString &sql, QStringList *out)
{
    *out << QStringLiteral("table ") + table;
    const Rows columns = sqliteRows(
        db, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1) ORDER BY cid", 5, table);
    QMap<int, QString> keyColumns;
    QString keyType;
    for (const QStringList &c : columns) {
        if (c[4] != QLatin1String("0")) {
            keyColumns.insert(c[4].toInt(), c[0]);
            keyType = c[1].toUpper();
        }
    }
    // INTEGER PRIMARY KEY is the rowid, numbered by SQLite when no id is given: an identity column.
    const bool rowidAlias = keyColumns.size() == 1 && keyType == QLatin1String("INTEGER");
    int position = 0;
    for (const QStringList &c : columns) {
        // A primary key column is NOT NULL on PostgreSQL; SQLite lets one that is not the rowid
        // hold NULL (a compatibility quirk), which the application never writes.
        const bool key = c[4] != QLatin1String("0");
        *out << columnLine(table, ++position, c[0], c[1], c[2] == QLatin1String("1") || key, c[3], key && rowidAlias);
    }
    if (!keyColumns.isEmpty())
        *out << QStringLiteral("primary key %1 (%2)").arg(table, keyColumns.values().join(QLatin1String(", ")));
    sqliteForeignKeys(db, table, out);
    sqliteIndexes(db, table, out);
    sqliteChecks(table, sql, out);
}

// One line per fact of a schema ("column holds #3 endpoint text not null"), sorted: two schemas
// are the same when their lines are.
QStringList sqliteShape(Database &db)
{
    QStringList out;
    const Rows tables = sqliteRows(
        db, "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", 2);
    for (const QStringList &table : tables)
        sqliteTable(db, table[0], table[1], &out);
    // SQLite's triggers are all row triggers.
    for (const QStringList &t : sqliteRows(db, "SELECT tbl_name, name FROM sqlite_schema WHERE type = 'trigger'", 2))
        out << QStringLiteral("trigger %1.%2").arg(t[0], t[1]);
    out.sort();
    return out;
}

// The column names of each key of pg_constraint (conkey or confkey), in key order.
#define BYTESPIKE_KEY_COLUMNS(keys, relation)                                                                          \
    "(SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(" keys ") WITH ORDINALITY k(attnum, n)"              \
    " JOIN pg_attribute a ON a.attrelid = " relation " AND a.attnum = k.attnum)"

const char *const kPostgresColumns
    = "SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default, c.is_identity,"
      " c.identity_generation FROM information_schema.columns c JOIN information_schema.tables t"
      " ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'"
      " WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.ordinal_position";
const char *const kPostgresConstraints = "SELECT t.relname, c.conname, c.contype, " BYTESPIKE_KEY_COLUMNS(
    "c.conkey", "c.conrelid") ", f.relname, " BYTESPIKE_KEY_COLUMNS("c.confkey",
    "c.confrelid") ", c.confdeltype"
                   " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace s ON s.oid = "
                   "t.relnamespace"
                   " LEFT JOIN pg_class f ON f.oid = c.confrelid WHERE s.nspname = current_schema()";
// Indexes that back no PRIMARY KEY or UNIQUE constraint (those are the constraint's lines).
const char *const kPostgresIndexes
    = "SELECT t.relname, i.relname, x.indisunique, " BYTESPIKE_KEY_COLUMNS("x.indkey::int2[]",
        "x.indrelid") ", pg_get_expr(x.indpred, x.indrelid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                      " JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace"
                      " WHERE s.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c"
                      " WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u'))";
#undef BYTESPIKE_KEY_COLUMNS
const char *const kPostgresTriggers
    = "SELECT c.relname, t.tgname, (t.tgtype & 1) = 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
      " JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = current_schema() AND NOT t.tgisinternal";

void postgresConstraints(ScratchPostgres &pg, QMap<QString, int> *checks, QStringList *out, QString *error)
{
    static const QHash<QString, QString> onDelete = {
        {QStringLiteral("a"), QStringLiteral("no action")},
        {QStringLiteral("r"), QStringLiteral("restrict")},
        {QStringLiteral("c"), QStringLiteral("cascade")},
        {QStringLiteral("n"), QStringLiteral("set null")},
        {QStringLiteral("d"), QStringLiteral("set default")},
    };
    for (const QStringList &c : pg.rows(kPostgresConstraints, error)) {
        const QString &table = c[0];
        if (c[2] == QLatin1String("p"))
            *out << QStringLiteral("primary key %1 (%2)").arg(table, c[3]);
        else if (c[2] == QLatin1String("u"))
            *out << QStringLiteral("unique %1 (%2)").arg(table, c[3]);
        else if (c[2] == QLatin1String("f"))
            *out << QStringLiteral("foreign key %1 (%2) references %3 (%4) on delete %5")
                        .arg(table, c[3], c[4], c[5], onDelete.value(c[6], c[6]));
        if (c[2] != QLatin1String("c"))
            continue;
        ++(*checks)[table];
        // The name PostgreSQL gives a CHECK that has none: table_column_check, table_check, table_check1.
        const QRegularExpression generated(QStringLiteral("^%1_(\\w+_)?check\\d*$").arg(table));
        if (!generated.match(c[1]).hasMatch())
            *out << QStringLiteral("check %1.%2").arg(table, c[1]);
    }
}

QStringList postgresShape(ScratchPostgres &pg, QString *error)
{
    QStringList out;
    QMap<QString, int> checks;
    QHash<QString, int> positions;
    for (const QStringList &c : pg.rows(kPostgresColumns, error)) {
        if (!positions.contains(c[0])) {
            checks[c[0]] = 0;
            out << QStringLiteral("table ") + c[0];
        }
        const bool identity = c[5] == QLatin1String("YES");
        const QString type = identity && c[6] != QLatin1String("BY DEFAULT") ? c[2] + QStringLiteral(" always") : c[2];
        out << columnLine(c[0], ++positions[c[0]], c[1], type, c[3] == QLatin1String("NO"), c[4], identity);
    }
    postgresConstraints(pg, &checks, &out, error);
    for (auto it = checks.cbegin(); it != checks.cend(); ++it)
        out << QStringLiteral("checks %1: %2").arg(it.key()).arg(it.value());
    for (const QStringList &i : pg.rows(kPostgresIndexes, error))
        out << indexLine(i[1], i[0], i[3], i[2] == QLatin1String("t"), i[4]);
    for (const QStringList &t : pg.rows(kPostgresTriggers, error))
        out << QStringLiteral("%1 %2.%3")
                   .arg(t[2] == QLatin1String("t") ? QLatin1String("trigger") : QLatin1String("statement trigger"),
                       t[0], t[1]);
    out.sort();
    return out;
}

// SQLite has no TRUNCATE, which on PostgreSQL would empty an append-only table without a row
// trigger: script 7 adds a statement trigger for each, which SQLite has no counterpart of. Script
// 14 tells the other instances of a change to configuration (NOTIFY), which one SQLite instance
// never needs.
const QStringList kPostgresOnly = {
    QStringLiteral("statement trigger audit_log.audit_log_append_only_truncate"),
    QStringLiteral("statement trigger price_versions.price_versions_immutable_truncate"),
    QStringLiteral("statement trigger api_keys.api_keys_config_changed"),
    QStringLiteral("statement trigger channel_models.channel_models_config_changed"),
    QStringLiteral("statement trigger channels.channels_config_changed"),
    QStringLiteral("statement trigger customers.customers_config_changed"),
    QStringLiteral("statement trigger operators.operators_config_changed"),
};

QStringList differences(const QStringList &sqlite, const QStringList &postgres)
{
    QStringList out;
    for (const QString &line : sqlite) {
        if (!postgres.contains(line))
            out << QStringLiteral("only on SQLite:     ") + line;
    }
    for (const QString &line : postgres) {
        if (!sqlite.contains(line) && !kPostgresOnly.contains(line))
            out << QStringLiteral("only on PostgreSQL: ") + line;
    }
    return out;
}

} // namespace

class TestSchemaParity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void numberingIsShared();
    void schemaMatchesAfterEveryMigration();
    void triggersRuleAlikeOnBothEngines_data();
    void triggersRuleAlikeOnBothEngines();
    void truncateIsRefusedOnPostgres_data();
    void truncateIsRefusedOnPostgres();
};

void TestSchemaParity::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("BYTESPIKE_TEST_DATABASE"))
        QSKIP("BYTESPIKE_TEST_DATABASE is not set: the PostgreSQL schema is compared by tst_schemaparity_postgres,"
              " which ctest runs against its throwaway cluster");
}

void TestSchemaParity::numberingIsShared()
{
    QCOMPARE(PostgresMigrations::count(), Migrations::latestVersion());
    QVERIFY(!PostgresMigrations::sql(0));
    QVERIFY(!PostgresMigrations::sql(PostgresMigrations::count() + 1));
}

// Both engines are taken up one version at a time, and compared at each: script N must match
// SQLite's script N, not just the sum of them all.
void TestSchemaParity::schemaMatchesAfterEveryMigration()
{
    ScratchPostgres pg;
    QString error;
    QVERIFY2(pg.create(&error), qPrintable(error));
    QTemporaryDir dir;
    QStringList found;
    QSet<QString> seen; // a difference is reported at the first version that has it
    QStringList latest;
    for (int version = 1; version <= PostgresMigrations::count(); ++version) {
        QVERIFY2(pg.migrate(version - 1, version, &error), qPrintable(error));
        Database db;
        QVERIFY2(db.open(dir.filePath(QStringLiteral("v%1.db").arg(version)), &error, version), qPrintable(error));
        latest = sqliteShape(db);
        const QStringList postgres = postgresShape(pg, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const QString &difference : differences(latest, postgres)) {
            if (!seen.contains(difference))
                found << QStringLiteral("after migration %1, %2").arg(version).arg(difference);
            seen.insert(difference);
        }
    }
    // Qt Test shortens a long message, so each difference has a line of its own.
    for (const QString &difference : std::as_const(found))
        qWarning().noquote() << difference;
    QVERIFY2(found.isEmpty(),
        qPrintable(QStringLiteral("%1 differences between the engines' schemas, listed above").arg(found.size())));
    // The comparison saw the schema, not two empty reports.
    QVERIFY(latest.contains(QStringLiteral("trigger customers.customers_available_not_negative")));
    QVERIFY(latest.contains(QStringLiteral("index holds_pending on holds (epoch) where state = 'pending'")));
    QVERIFY(latest.contains(QStringLiteral("column holds #1 id integer not null identity")));
    QVERIFY(latest.contains(QStringLiteral("unique api_keys (digest)")));
    QVERIFY(latest.contains(
        QStringLiteral("foreign key api_keys (customer_id) references customers (id) on delete cascade")));
    QVERIFY2(latest.contains(QStringLiteral("checks holds: 3")), qPrintable(latest.join(QLatin1Char('\n'))));
}

namespace {

const char *const kCustomer = "INSERT INTO customers (id, name, created_at) VALUES ('c1', 'c', 1);";
const char *const kPriceVersion
    = "INSERT INTO price_versions (channel_id, model, input_micros_per_mtok, output_micros_per_mtok,"
      " cache_write_micros_per_mtok, cache_read_micros_per_mtok, author, created_at)"
      " VALUES ('ch', 'm', 1, 2, 3, 4, 'test', 1);";
const char *const kAudit = "INSERT INTO audit_log (time, actor, action, target) VALUES (1, 'a', 'x', 't');";

QByteArray both(const char *first, const char *second)
{
    return QByteArray(first) + second;
}

} // namespace

void TestSchemaParity::triggersRuleAlikeOnBothEngines_data()
{
    QTest::addColumn<QByteArray>("setup");
    QTest::addColumn<QByteArray>("statement");
    QTest::addColumn<QString>("refusal"); // empty: the statement must succeed

    const QString negative = QStringLiteral("available balance would become negative");
    const QString immutable = QStringLiteral("price versions are immutable");
    const QString appendOnly = QStringLiteral("the audit log is append-only");
    QTest::newRow("pending beyond posted")
        << QByteArray(kCustomer) << QByteArray("UPDATE customers SET pending_micros = 1") << negative;
    QTest::newRow("negative pending") << QByteArray(kCustomer)
                                      << QByteArray("UPDATE customers SET posted_micros = 5, pending_micros = -1")
                                      << negative;
    QTest::newRow("posted below pending")
        << both(kCustomer, "UPDATE customers SET posted_micros = 9, pending_micros = 4;")
        << QByteArray("UPDATE customers SET posted_micros = posted_micros - 6") << negative;
    QTest::newRow("pending within posted") << both(kCustomer, "UPDATE customers SET posted_micros = 9;")
                                           << QByteArray("UPDATE customers SET pending_micros = 9") << QString();
    QTest::newRow("leased beyond what is free")
        << both(kCustomer, "UPDATE customers SET posted_micros = 9, pending_micros = 4;")
        << QByteArray("UPDATE customers SET leased_micros = 6") << negative;
    QTest::newRow("negative leased") << both(kCustomer, "UPDATE customers SET posted_micros = 9;")
                                     << QByteArray("UPDATE customers SET leased_micros = -1") << negative;
    QTest::newRow("leased within what is free")
        << both(kCustomer, "UPDATE customers SET posted_micros = 9, pending_micros = 4;")
        << QByteArray("UPDATE customers SET leased_micros = 5") << QString();
    // Only an UPDATE naming a balance is checked, as on SQLite (an INSERT is not).
    QTest::newRow("other column of an overdrawn customer")
        << QByteArray("INSERT INTO customers (id, name, created_at, pending_micros) VALUES ('c1', 'c', 1, 5);")
        << QByteArray("UPDATE customers SET name = 'renamed'") << QString();
    QTest::newRow("price version updated")
        << QByteArray(kPriceVersion) << QByteArray("UPDATE price_versions SET author = 'someone else'") << immutable;
    QTest::newRow("price version deleted")
        << QByteArray(kPriceVersion) << QByteArray("DELETE FROM price_versions") << immutable;
    QTest::newRow("no price version updated")
        << QByteArray(kPriceVersion) << QByteArray("UPDATE price_versions SET author = 'x' WHERE id = 0") << QString();
    QTest::newRow("audit row updated") << QByteArray(kAudit) << QByteArray("UPDATE audit_log SET actor = 'b'")
                                       << appendOnly;
    QTest::newRow("audit row deleted") << QByteArray(kAudit) << QByteArray("DELETE FROM audit_log") << appendOnly;
    QTest::newRow("hold with the application's id")
        << QByteArray(kCustomer)
        << QByteArray("INSERT INTO holds (id, customer_id, request_id, endpoint, price_version, amount_micros, state,"
                      " epoch, created_at) VALUES (42, 'c1', 'r', 'ch/m', 1, 5, 'pending', 'e', 1)")
        << QString();
}

void TestSchemaParity::triggersRuleAlikeOnBothEngines()
{
    QFETCH(QByteArray, setup);
    QFETCH(QByteArray, statement);
    QFETCH(QString, refusal);

    QTemporaryDir dir;
    Database db;
    QString error;
    QVERIFY2(db.open(dir.filePath(QStringLiteral("t.db")), &error), qPrintable(error));
    QVERIFY2(db.exec(setup.constData(), &error), qPrintable(error));
    const bool sqliteDone = db.exec(statement.constData(), &error);
    QVERIFY2(sqliteDone == refusal.isEmpty(), qPrintable(QStringLiteral("SQLite: ") + error));
    QVERIFY2(refusal.isEmpty() || error.contains(refusal), qPrintable(QStringLiteral("SQLite: ") + error));

    ScratchPostgres pg;
    error.clear();
    QVERIFY2(pg.create(&error), qPrintable(error));
    QVERIFY2(pg.migrate(0, PostgresMigrations::count(), &error), qPrintable(error));
    QVERIFY2(pg.exec(setup.constData(), &error), qPrintable(error));
    const bool postgresDone = pg.exec(statement.constData(), &error);
    QVERIFY2(postgresDone == refusal.isEmpty(), qPrintable(QStringLiteral("PostgreSQL: ") + error));
    QVERIFY2(refusal.isEmpty() || error.contains(refusal), qPrintable(QStringLiteral("PostgreSQL: ") + error));
}

void TestSchemaParity::truncateIsRefusedOnPostgres_data()
{
    QTest::addColumn<QByteArray>("setup");
    QTest::addColumn<QByteArray>("statement");
    QTest::addColumn<QString>("refusal");
    QTest::newRow("price versions") << QByteArray(kPriceVersion) << QByteArray("TRUNCATE price_versions")
                                    << QStringLiteral("price versions are immutable");
    QTest::newRow("audit log") << QByteArray(kAudit) << QByteArray("TRUNCATE audit_log")
                               << QStringLiteral("the audit log is append-only");
}

// SQLite has no TRUNCATE; on PostgreSQL it must not empty what no DELETE may.
void TestSchemaParity::truncateIsRefusedOnPostgres()
{
    QFETCH(QByteArray, setup);
    QFETCH(QByteArray, statement);
    QFETCH(QString, refusal);
    ScratchPostgres pg;
    QString error;
    QVERIFY2(pg.create(&error), qPrintable(error));
    QVERIFY2(pg.migrate(0, PostgresMigrations::count(), &error), qPrintable(error));
    QVERIFY2(pg.exec(setup.constData(), &error), qPrintable(error));
    QVERIFY(!pg.exec(statement.constData(), &error));
    QVERIFY2(error.contains(refusal), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestSchemaParity)
#include "tst_schemaparity.moc"
