#include "Migrations.h"

#include "Database.h"
#include "PostgresMigrations.h"
#include "UnitOfWork.h"
#include "base/Money.h"

#include <QStringList>

#include <array>

namespace bytespike {

namespace {

// Never edit a migration that has shipped: add a new one.
constexpr std::array kMigrationSql = {
    // 1: customers, their keys (HMAC digests only) and the channel registry.
    R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    digest BLOB NOT NULL UNIQUE,
    hint TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE TABLE channels (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    protocol TEXT NOT NULL CHECK (protocol IN ('anthropic', 'openai', 'simulator')),
    base_url TEXT NOT NULL,
    secret_ref TEXT NOT NULL DEFAULT '',
    enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    priority INTEGER NOT NULL,
    weight INTEGER NOT NULL CHECK (weight >= 0),
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE channel_models (
    channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    model TEXT NOT NULL,
    upstream_model TEXT NOT NULL,
    input_micros_per_mtok INTEGER NOT NULL CHECK (input_micros_per_mtok >= 0),
    output_micros_per_mtok INTEGER NOT NULL CHECK (output_micros_per_mtok >= 0),
    cache_write_micros_per_mtok INTEGER NOT NULL CHECK (cache_write_micros_per_mtok >= 0),
    cache_read_micros_per_mtok INTEGER NOT NULL CHECK (cache_read_micros_per_mtok >= 0),
    PRIMARY KEY (channel_id, model)
);
)sql",
    // 2: posted ledger entries (credits for now) and the request log.
    R"sql(
ALTER TABLE customers ADD COLUMN posted_micros INTEGER NOT NULL DEFAULT 0;
CREATE TABLE ledger_entries (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    kind TEXT NOT NULL CHECK (kind IN ('credit', 'debit')),
    amount_micros INTEGER NOT NULL CHECK (amount_micros > 0 OR (kind = 'debit' AND amount_micros = 0)),
    memo TEXT NOT NULL DEFAULT '',
    request_id TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX ledger_entries_customer_time ON ledger_entries (customer_id, created_at);
CREATE TABLE requests (
    id TEXT PRIMARY KEY,
    time INTEGER NOT NULL,
    customer_id TEXT,
    protocol TEXT NOT NULL,
    model TEXT NOT NULL DEFAULT '',
    endpoint TEXT NOT NULL DEFAULT '',
    status INTEGER NOT NULL,
    billed INTEGER NOT NULL DEFAULT 0,
    not_billed_reason TEXT NOT NULL DEFAULT '',
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    latency_ms INTEGER NOT NULL DEFAULT 0,
    ttfb_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX requests_time ON requests (time);
)sql",
    // 3: the ledger's second phase: immutable price versions, holds with their process epoch,
    // pending balances guarded against going negative, and debits tied to their hold.
    R"sql(
CREATE TABLE price_versions (
    id INTEGER PRIMARY KEY,
    channel_id TEXT NOT NULL,
    model TEXT NOT NULL,
    input_micros_per_mtok INTEGER NOT NULL CHECK (input_micros_per_mtok >= 0),
    output_micros_per_mtok INTEGER NOT NULL CHECK (output_micros_per_mtok >= 0),
    cache_write_micros_per_mtok INTEGER NOT NULL CHECK (cache_write_micros_per_mtok >= 0),
    cache_read_micros_per_mtok INTEGER NOT NULL CHECK (cache_read_micros_per_mtok >= 0),
    previous_id INTEGER REFERENCES price_versions(id),
    author TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX price_versions_channel ON price_versions (channel_id, id);
ALTER TABLE channel_models ADD COLUMN price_version INTEGER NOT NULL DEFAULT 0;
INSERT INTO price_versions (channel_id, model, input_micros_per_mtok, output_micros_per_mtok,
    cache_write_micros_per_mtok, cache_read_micros_per_mtok, author, created_at)
    SELECT channel_id, model, input_micros_per_mtok, output_micros_per_mtok, cache_write_micros_per_mtok,
           cache_read_micros_per_mtok, 'migration 3', CAST(strftime('%s', 'now') AS INTEGER) * 1000
    FROM channel_models;
UPDATE channel_models SET price_version = (SELECT id FROM price_versions pv
    WHERE pv.channel_id = channel_models.channel_id AND pv.model = channel_models.model);

ALTER TABLE customers ADD COLUMN pending_micros INTEGER NOT NULL DEFAULT 0;
-- SQLite cannot add a CHECK constraint to an existing table; this trigger is its equivalent.
CREATE TRIGGER customers_available_not_negative BEFORE UPDATE OF posted_micros, pending_micros ON customers
    WHEN NEW.pending_micros < 0 OR NEW.posted_micros - NEW.pending_micros < 0
BEGIN
    SELECT RAISE(ABORT, 'available balance would become negative');
END;

CREATE TABLE holds (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    request_id TEXT NOT NULL UNIQUE,
    endpoint TEXT NOT NULL,
    price_version INTEGER NOT NULL,
    amount_micros INTEGER NOT NULL CHECK (amount_micros >= 0),
    state TEXT NOT NULL CHECK (state IN ('pending', 'posted', 'voided', 'expired')),
    epoch TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    debit_micros INTEGER CHECK (debit_micros IS NULL OR debit_micros <= amount_micros),
    shortfall_micros INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    resolved_at INTEGER
);
CREATE INDEX holds_state ON holds (state, epoch);
CREATE INDEX holds_customer ON holds (customer_id, state);

ALTER TABLE ledger_entries ADD COLUMN hold_id INTEGER REFERENCES holds(id);
ALTER TABLE ledger_entries ADD COLUMN endpoint TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_entries ADD COLUMN price_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger_entries ADD COLUMN input_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger_entries ADD COLUMN output_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger_entries ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger_entries ADD COLUMN cache_read_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger_entries ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX ledger_entries_one_debit_per_hold ON ledger_entries (hold_id) WHERE hold_id IS NOT NULL;

ALTER TABLE requests ADD COLUMN hold_id INTEGER;
ALTER TABLE requests ADD COLUMN entry_id INTEGER;
ALTER TABLE requests ADD COLUMN hold_micros INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN cost_micros INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN price_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN usage_estimated INTEGER NOT NULL DEFAULT 0;
CREATE INDEX requests_customer_time ON requests (customer_id, time);
)sql",
    // 4: per-channel wire options (a JSON object; openai channels).
    R"sql(
ALTER TABLE channels ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
)sql",
    // 5: the audit log of admin mutations (before and after as JSON; never a secret value).
    R"sql(
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    before TEXT,
    after TEXT
);
)sql",
    // 6: optional upstream cost per model (NULL: not recorded), for the margin view.
    R"sql(
ALTER TABLE channel_models ADD COLUMN cost_input_micros_per_mtok INTEGER CHECK (cost_input_micros_per_mtok >= 0);
ALTER TABLE channel_models ADD COLUMN cost_output_micros_per_mtok INTEGER CHECK (cost_output_micros_per_mtok >= 0);
ALTER TABLE channel_models ADD COLUMN cost_cache_write_micros_per_mtok INTEGER
    CHECK (cost_cache_write_micros_per_mtok >= 0);
ALTER TABLE channel_models ADD COLUMN cost_cache_read_micros_per_mtok INTEGER
    CHECK (cost_cache_read_micros_per_mtok >= 0);
)sql",
    // 7: price versions and the audit log are append-only, enforced by the database itself.
    R"sql(
CREATE TRIGGER price_versions_immutable_update BEFORE UPDATE ON price_versions
BEGIN SELECT RAISE(ABORT, 'price versions are immutable'); END;
CREATE TRIGGER price_versions_immutable_delete BEFORE DELETE ON price_versions
BEGIN SELECT RAISE(ABORT, 'price versions are immutable'); END;
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql",
    // 8: the request body, only when the operator turned body capture on (secrets redacted).
    R"sql(
ALTER TABLE requests ADD COLUMN request_body TEXT;
)sql",
    // 9: most holds are written once, already ended (HoldBook); only pending ones need finding
    // by state (the start-up reaper), so that index holds just those.
    R"sql(
DROP INDEX holds_state;
CREATE INDEX holds_pending ON holds (epoch) WHERE state = 'pending';
)sql",
    // 10: less work per written hold, the ledger writer's commonest row. SQLite evaluates the
    // state CHECK's IN list of four by building a temporary table for every row; the same rule
    // as comparisons costs none. A CHECK is not part of what is stored, so its text is changed
    // in place (SQLite's documented procedure for such changes; the rows already satisfy it),
    // and RESET makes this connection read the schema again. holds_customer indexed every hold
    // for the one query that needs it, the sum of each customer's pending holds (the start-up
    // reaper and the audit): a partial index of the pending ones serves it.
    R"sql(
PRAGMA writable_schema=ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (state IN (''pending'', ''posted'', ''voided'', ''expired''))',
    'CHECK (state = ''pending'' OR state = ''posted'' OR state = ''voided'' OR state = ''expired'')')
    WHERE type = 'table' AND name = 'holds';
PRAGMA writable_schema=RESET;
DROP INDEX holds_customer;
CREATE INDEX holds_pending_customer ON holds (customer_id) WHERE state = 'pending';
)sql",
    // 11: money columns hold integers only. SQLite keeps whatever it is given in an INTEGER column
    // when it cannot make it an integer: 1.5, '12abc', or a sum past 64 bits (which is how a
    // balance became a REAL of -9.2e18). STRICT tables cannot be had in place, so every money
    // column gets a CHECK, appended as table constraints to the end of its table's text, in place
    // as in migration 10: a CHECK is not part of what is stored, and the rows already keep it
    // (beforeMoneyChecks refuses to run the migration otherwise). Named, so that a refused write
    // says which column. In an INTEGER column, whose affinity has already made every value it can
    // an integer, CAST(col AS INTEGER) = col holds exactly when typeof(col) = 'integer' (a REAL or
    // TEXT value differs from its cast; SQLite compares integers with reals exactly) and is NULL,
    // which a CHECK lets pass, for NULL: the same rule as typeof() without a function call and its
    // text result per constraint, which costs the ledger writer less than half as much
    // (docs/BENCHMARKS.md, "Design choices"). The partial index of credits serves the
    // customer's lifetime credited total, which every credit checks against the money limit,
    // without reading its debits (kind is in it too, so that the sum reads the index alone).
    R"sql(
PRAGMA writable_schema=ON;
UPDATE sqlite_schema SET sql = substr(sql, 1, length(sql) - 1) || ',
    CONSTRAINT posted_micros_integer
        CHECK (CAST(posted_micros AS INTEGER) = posted_micros),
    CONSTRAINT pending_micros_integer
        CHECK (CAST(pending_micros AS INTEGER) = pending_micros))'
    WHERE type = 'table' AND name = 'customers';
UPDATE sqlite_schema SET sql = substr(sql, 1, length(sql) - 1) || ',
    CONSTRAINT amount_micros_integer
        CHECK (CAST(amount_micros AS INTEGER) = amount_micros))'
    WHERE type = 'table' AND name = 'ledger_entries';
UPDATE sqlite_schema SET sql = substr(sql, 1, length(sql) - 1) || ',
    CONSTRAINT amount_micros_integer
        CHECK (CAST(amount_micros AS INTEGER) = amount_micros),
    CONSTRAINT debit_micros_integer
        CHECK (CAST(debit_micros AS INTEGER) = debit_micros),
    CONSTRAINT shortfall_micros_integer
        CHECK (CAST(shortfall_micros AS INTEGER) = shortfall_micros))'
    WHERE type = 'table' AND name = 'holds';
UPDATE sqlite_schema SET sql = substr(sql, 1, length(sql) - 1) || ',
    CONSTRAINT hold_micros_integer
        CHECK (CAST(hold_micros AS INTEGER) = hold_micros),
    CONSTRAINT cost_micros_integer
        CHECK (CAST(cost_micros AS INTEGER) = cost_micros))'
    WHERE type = 'table' AND name = 'requests';
UPDATE sqlite_schema SET sql = substr(sql, 1, length(sql) - 1) || ',
    CONSTRAINT input_micros_per_mtok_integer
        CHECK (CAST(input_micros_per_mtok AS INTEGER) = input_micros_per_mtok),
    CONSTRAINT output_micros_per_mtok_integer
        CHECK (CAST(output_micros_per_mtok AS INTEGER) = output_micros_per_mtok),
    CONSTRAINT cache_write_micros_per_mtok_integer
        CHECK (CAST(cache_write_micros_per_mtok AS INTEGER) = cache_write_micros_per_mtok),
    CONSTRAINT cache_read_micros_per_mtok_integer
        CHECK (CAST(cache_read_micros_per_mtok AS INTEGER) = cache_read_micros_per_mtok),
    CONSTRAINT cost_input_micros_per_mtok_integer
        CHECK (CAST(cost_input_micros_per_mtok AS INTEGER) = cost_input_micros_per_mtok),
    CONSTRAINT cost_output_micros_per_mtok_integer
        CHECK (CAST(cost_output_micros_per_mtok AS INTEGER) = cost_output_micros_per_mtok),
    CONSTRAINT cost_cache_write_micros_per_mtok_integer
        CHECK (CAST(cost_cache_write_micros_per_mtok AS INTEGER) = cost_cache_write_micros_per_mtok),
    CONSTRAINT cost_cache_read_micros_per_mtok_integer
        CHECK (CAST(cost_cache_read_micros_per_mtok AS INTEGER) = cost_cache_read_micros_per_mtok))'
    WHERE type = 'table' AND name = 'channel_models';
UPDATE sqlite_schema SET sql = substr(sql, 1, length(sql) - 1) || ',
    CONSTRAINT input_micros_per_mtok_integer
        CHECK (CAST(input_micros_per_mtok AS INTEGER) = input_micros_per_mtok),
    CONSTRAINT output_micros_per_mtok_integer
        CHECK (CAST(output_micros_per_mtok AS INTEGER) = output_micros_per_mtok),
    CONSTRAINT cache_write_micros_per_mtok_integer
        CHECK (CAST(cache_write_micros_per_mtok AS INTEGER) = cache_write_micros_per_mtok),
    CONSTRAINT cache_read_micros_per_mtok_integer
        CHECK (CAST(cache_read_micros_per_mtok AS INTEGER) = cache_read_micros_per_mtok))'
    WHERE type = 'table' AND name = 'price_versions';
PRAGMA writable_schema=RESET;
CREATE INDEX ledger_entries_credits ON ledger_entries (customer_id, kind, amount_micros) WHERE kind = 'credit';
)sql",
    // 12: limits and operators. A key's and a customer's limits are a JSON object (KeyLimits,
    // CustomerLimits; '{}': none). A debit records the key it was spent through, so a key's
    // budget for the current period is its debits since the period began. Operators are named
    // admin tokens (HMAC digests only, like customer keys) with a role.
    R"sql(
ALTER TABLE api_keys ADD COLUMN limits TEXT NOT NULL DEFAULT '{}';
ALTER TABLE customers ADD COLUMN limits TEXT NOT NULL DEFAULT '{}';
ALTER TABLE ledger_entries ADD COLUMN key_id TEXT;
CREATE INDEX ledger_entries_key_time ON ledger_entries (key_id, created_at) WHERE key_id IS NOT NULL;
CREATE TABLE operators (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role = 'viewer' OR role = 'pricing' OR role = 'billing' OR role = 'admin'),
    digest BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
)sql",
    // 13: how a channel's connections are made: the CA file it trusts instead of the system store,
    // its proxy ('' the environment's, 'direct', or a URL) and the secret reference of the
    // proxy's credentials (never the credentials).
    R"sql(
ALTER TABLE channels ADD COLUMN ca_file TEXT NOT NULL DEFAULT '';
ALTER TABLE channels ADD COLUMN proxy TEXT NOT NULL DEFAULT '';
ALTER TABLE channels ADD COLUMN proxy_secret_ref TEXT NOT NULL DEFAULT '';
)sql",
    // 14: balance leases, for several instances on one PostgreSQL database (docs/scale-out.md). A
    // lease is the part of a customer's balance one instance may reserve holds against without
    // asking the database; the customer's leased_micros is what the active leases have left
    // (granted - spent), so posted - pending - leased is what is free. Holds taken against a lease
    // name it. SQLite serves one instance and never leases, but keeps the same schema.
    R"sql(
ALTER TABLE customers ADD COLUMN leased_micros INTEGER NOT NULL DEFAULT 0
    CONSTRAINT leased_micros_integer CHECK (CAST(leased_micros AS INTEGER) = leased_micros);
ALTER TABLE holds ADD COLUMN lease_id INTEGER;
DROP TRIGGER customers_available_not_negative;
CREATE TRIGGER customers_available_not_negative
    BEFORE UPDATE OF posted_micros, pending_micros, leased_micros ON customers
    WHEN NEW.pending_micros < 0 OR NEW.leased_micros < 0
        OR NEW.posted_micros - NEW.pending_micros - NEW.leased_micros < 0
BEGIN
    SELECT RAISE(ABORT, 'available balance would become negative');
END;
CREATE TABLE instances (
    id TEXT PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    stopped_at INTEGER
);
CREATE TABLE leases (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    instance TEXT NOT NULL REFERENCES instances(id),
    granted_micros INTEGER NOT NULL,
    spent_micros INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL CHECK (state = 'active' OR state = 'returned' OR state = 'expired'),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ended_at INTEGER,
    CONSTRAINT lease_within_grant CHECK (spent_micros >= 0 AND spent_micros <= granted_micros),
    CONSTRAINT granted_micros_integer CHECK (CAST(granted_micros AS INTEGER) = granted_micros),
    CONSTRAINT spent_micros_integer CHECK (CAST(spent_micros AS INTEGER) = spent_micros)
);
CREATE UNIQUE INDEX leases_one_active ON leases (instance, customer_id) WHERE state = 'active';
CREATE INDEX leases_expiring ON leases (expires_at) WHERE state = 'active';
)sql",
};

// Every money column (integer micro-dollars, or micro-dollars per million tokens), with SQL that
// names its row for a person. Migration 11 constrains exactly these; the auditor reads them too.
struct MoneyColumnSpec
{
    const char *table;
    const char *column;
    const char *row;
};
constexpr MoneyColumnSpec kMoneyColumns[] = {
    {"customers", "posted_micros", "'customer ' || id"},
    {"customers", "pending_micros", "'customer ' || id"},
    {"ledger_entries", "amount_micros", "'entry ' || id"},
    {"holds", "amount_micros", "'hold ' || id"},
    {"holds", "debit_micros", "'hold ' || id"},
    {"holds", "shortfall_micros", "'hold ' || id"},
    {"requests", "hold_micros", "'request ' || id"},
    {"requests", "cost_micros", "'request ' || id"},
    {"channel_models", "input_micros_per_mtok", "'channel ' || channel_id || ' model ' || model"},
    {"channel_models", "output_micros_per_mtok", "'channel ' || channel_id || ' model ' || model"},
    {"channel_models", "cache_write_micros_per_mtok", "'channel ' || channel_id || ' model ' || model"},
    {"channel_models", "cache_read_micros_per_mtok", "'channel ' || channel_id || ' model ' || model"},
    {"channel_models", "cost_input_micros_per_mtok", "'channel ' || channel_id || ' model ' || model"},
    {"channel_models", "cost_output_micros_per_mtok", "'channel ' || channel_id || ' model ' || model"},
    {"channel_models", "cost_cache_write_micros_per_mtok", "'channel ' || channel_id || ' model ' || model"},
    {"channel_models", "cost_cache_read_micros_per_mtok", "'channel ' || channel_id || ' model ' || model"},
    {"price_versions", "input_micros_per_mtok", "'price version ' || id"},
    {"price_versions", "output_micros_per_mtok", "'price version ' || id"},
    {"price_versions", "cache_write_micros_per_mtok", "'price version ' || id"},
    {"price_versions", "cache_read_micros_per_mtok", "'price version ' || id"},
};

bool columnExists(Database &db, const char *table, const char *column)
{
    Statement st = db.prepare(db.engine() == Database::Engine::Postgres
            ? "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?1"
              " AND column_name = ?2"
            : "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");
    st.bind(1, QString::fromLatin1(table)).bind(2, QString::fromLatin1(column));
    return st.next();
}

// Migration 11 adds CHECKs that every row must already satisfy (SQLite does not check existing
// rows when a schema is edited in place, but integrity_check and quick_check do, and would then
// refuse the database at every open). So it runs only on a ledger whose money columns hold
// integers throughout, and otherwise stops, changing nothing, with a message that names the first
// table, column and row that does not. The edit appends to each table's text before its closing
// parenthesis, so that text must end in one.
bool beforeMoneyChecks(Database &db, QString *error)
{
    Statement shape = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('customers',"
                                 " 'ledger_entries', 'holds', 'requests', 'channel_models', 'price_versions')"
                                 " AND substr(rtrim(sql), -1) != ')'");
    if (shape.next()) {
        *error = QStringLiteral("the definition of table %1 does not end in a parenthesis; its money columns cannot"
                                " be constrained in place")
                     .arg(shape.text(0));
        return false;
    }
    const QStringList problems = Migrations::moneyProblems(db, Migrations::MoneyScan::TypesOnly, 1);
    if (problems.isEmpty())
        return true;
    *error = QStringLiteral("%1; money columns must hold integers before this version constrains them to."
                            " Nothing was changed: correct the row or restore a backup, then start again")
                 .arg(problems.first());
    return false;
}

// What must hold before a migration runs, checked in its transaction; null when nothing.
using Check = bool (*)(Database &, QString *);
Check checkBefore(const Database &db, int version)
{
    return version == 11 && db.engine() == Database::Engine::Sqlite ? beforeMoneyChecks : nullptr;
}

// Instances that start together on one PostgreSQL database take turns: each migration's
// transaction first takes this lock (released with the transaction), then reads the version
// again, so a migration another instance applied meanwhile is not applied twice.
constexpr const char *kMigrationLock = "SELECT pg_advisory_xact_lock(7461797065)";

bool setVersion(Database &db, int version, QString *error)
{
    if (db.engine() == Database::Engine::Sqlite)
        return db.exec(QByteArray("PRAGMA user_version=" + QByteArray::number(version)).constData(), error);
    Statement st = db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?1)"
                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    st.bind(1, QString::number(version));
    if (!st.exec()) {
        *error = st.error();
        return false;
    }
    return true;
}

// Migration `version`, in the caller's transaction; true when it was applied or, on PostgreSQL,
// another instance had applied it already.
bool applyMigration(Database &db, int version, QString *error)
{
    if (db.engine() == Database::Engine::Postgres) {
        if (!db.exec(kMigrationLock, error))
            return false;
        if (Migrations::currentVersion(db) >= version)
            return true;
        return db.exec(PostgresMigrations::sql(version), error) && setVersion(db, version, error);
    }
    const Check check = checkBefore(db, version);
    return (!check || check(db, error)) && db.exec(kMigrationSql[size_t(version - 1)], error)
        && setVersion(db, version, error);
}

} // namespace

int Migrations::latestVersion()
{
    return int(kMigrationSql.size());
}

QStringList Migrations::moneyProblems(Database &db, MoneyScan scan, int limit)
{
    QStringList out;
    for (const MoneyColumnSpec &c : kMoneyColumns) {
        if (int(out.size()) >= limit)
            break;
        if (!columnExists(db, c.table, c.column))
            continue; // a schema from before the column
        const QString column = QString::fromLatin1(c.column);
        // On PostgreSQL the columns are BIGINT: only the limit can be crossed.
        const bool postgres = db.engine() == Database::Engine::Postgres;
        const QString limitScan = QStringLiteral("%1 > %2 OR %1 < -%2").arg(column).arg(kMaxMoneyMicros);
        if (postgres && scan == MoneyScan::TypesOnly)
            continue;
        QString where
            = postgres ? limitScan : QStringLiteral("(%1 IS NOT NULL AND typeof(%1) != 'integer')").arg(column);
        if (scan == MoneyScan::TypesAndLimit && !postgres)
            where += QStringLiteral(" OR ") + limitScan;
        const QString shown
            = postgres ? QStringLiteral("'integer', CAST(%1 AS TEXT)") : QStringLiteral("typeof(%1), quote(%1)");
        const QByteArray sql = QStringLiteral("SELECT %1, %2 FROM %3 WHERE %4 LIMIT %5")
                                   .arg(QLatin1String(c.row), shown.arg(column), QLatin1String(c.table), where)
                                   .arg(limit - int(out.size()))
                                   .toUtf8();
        Statement st = db.prepare(sql.constData());
        while (st.next()) {
            const QString type = st.text(1);
            if (type == QLatin1String("integer"))
                out << QStringLiteral("%1.%2 of %3 holds %4, beyond the ledger's limit of %5 micro-dollars")
                           .arg(QLatin1String(c.table), column, st.text(0), st.text(2))
                           .arg(kMaxMoneyMicros);
            else
                out << QStringLiteral("%1.%2 of %3 holds %4 %5, not an integer")
                           .arg(QLatin1String(c.table), column, st.text(0), type, st.text(2));
        }
        if (!st.error().isEmpty())
            out << QStringLiteral("%1.%2 could not be read: %3").arg(QLatin1String(c.table), column, st.error());
    }
    return out;
}

int Migrations::currentVersion(Database &db)
{
    if (db.engine() == Database::Engine::Postgres) {
        // A query of the catalog with the statement's own snapshot: to_regclass() reads a cached
        // view of the catalog that need not have seen the table another instance's migration just
        // committed, after the lock that waited for it.
        Statement exists
            = db.prepare("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                         " ON n.oid = c.relnamespace WHERE c.relname = 'meta'"
                         " AND n.nspname = current_schema())");
        if (!exists.next())
            return -1;
        if (exists.int64(0) == 0)
            return 0; // a new database
        Statement st = db.prepare("SELECT COALESCE((SELECT value FROM meta WHERE key = 'schema_version'), '0')");
        return st.next() ? int(st.int64(0)) : -1;
    }
    Statement st = db.prepare("PRAGMA user_version");
    return st.next() ? int(st.int64(0)) : -1;
}

bool Migrations::migrate(Database &db, int target, QString *error)
{
    const int current = currentVersion(db);
    if (current < 0) {
        if (error)
            *error = db.lastError();
        return false;
    }
    if (current > latestVersion()) {
        if (error)
            *error = QStringLiteral("the database has schema version %1, newer than this program knows (%2)")
                         .arg(current)
                         .arg(latestVersion());
        return false;
    }
    for (int version = current + 1; version <= target; ++version) {
        UnitOfWork work(db);
        const bool ok = work.begun(error) && applyMigration(db, version, error) && work.commit(error);
        if (!ok) {
            if (error)
                *error = QStringLiteral("migration %1: %2").arg(version).arg(*error);
            return false;
        }
    }
    return true;
}

bool Migrations::isSeeded(Database &db)
{
    Statement seeded = db.prepare("SELECT value FROM meta WHERE key = 'seeded'");
    return seeded.next();
}

bool Migrations::markSeeded(Database &db, QString *error)
{
    return db.exec("INSERT INTO meta (key, value) VALUES ('seeded', '1')", error);
}

} // namespace bytespike
