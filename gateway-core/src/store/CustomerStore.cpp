#include "CustomerStore.h"

#include "Database.h"
#include "UnitOfWork.h"
#include "base/Money.h"

#include <QDateTime>
#include <QJsonDocument>

#include <algorithm>

namespace bytespike {

namespace CustomerStore {

namespace {
constexpr char kSelectCustomer[] = "SELECT id, name, posted_micros, pending_micros, limits FROM customers";

QJsonObject jsonObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// Limits were checked when they were written; a row that no longer reads (edited by hand) has none.
KeyLimits readKeyLimits(const QString &text)
{
    const AdminResult<KeyLimits> limits = KeyLimits::fromJson(jsonObject(text));
    return limits.ok() ? limits.value() : KeyLimits {};
}

CustomerRecord readCustomer(const Statement &st)
{
    CustomerRecord c;
    c.id = st.text(0);
    c.name = st.text(1);
    c.postedMicros = st.int64(2);
    c.pendingMicros = st.int64(3);
    const AdminResult<CustomerLimits> limits = CustomerLimits::fromJson(jsonObject(st.text(4)));
    if (limits.ok())
        c.limits = limits.value();
    return c;
}

bool run(Statement &st, QString *error)
{
    if (st.exec())
        return true;
    *error = st.error();
    return false;
}
} // namespace

QList<CustomerRecord> loadCustomers(Database &db, QString *error)
{
    QList<CustomerRecord> out;
    const QByteArray sql = QByteArray(kSelectCustomer) + " ORDER BY created_at, id";
    Statement st = db.prepare(sql.constData());
    while (st.next())
        out.append(readCustomer(st));
    if (!st.error().isEmpty())
        *error = st.error();
    return out;
}

QList<ApiKey> keys(Database &db, const QString &customerId, QString *error)
{
    Statement st = db.prepare("SELECT id, name, hint, created_at, revoked_at, limits FROM api_keys"
                              " WHERE customer_id = ? ORDER BY created_at DESC, id");
    st.bind(1, customerId);
    QList<ApiKey> out;
    while (st.next()) {
        ApiKey key {st.text(0), st.text(1), st.text(2), st.int64(3), std::nullopt, readKeyLimits(st.text(5)), {}};
        if (!st.isNull(4))
            key.revokedMs = st.int64(4);
        out.append(key);
    }
    if (!st.error().isEmpty())
        *error = st.error();
    return out;
}

bool findCustomer(Database &db, const QString &id, CustomerRecord *out, QString *error)
{
    const QByteArray sql = QByteArray(kSelectCustomer) + " WHERE id = ?";
    Statement st = db.prepare(sql.constData());
    st.bind(1, id);
    if (st.next()) {
        *out = readCustomer(st);
        return true;
    }
    *error = st.error();
    return false;
}

bool insertCustomer(Database &db, const QString &id, const QString &name, QString *error)
{
    Statement st = db.prepare("INSERT INTO customers (id, name, created_at) VALUES (?, ?, ?)");
    st.bind(1, id).bind(2, name).bind(3, QDateTime::currentMSecsSinceEpoch());
    if (!st.exec()) {
        *error = st.error();
        return false;
    }
    return true;
}

bool insertKey(Database &db, const KeyRow &key, QString *error)
{
    Statement st = db.prepare("INSERT INTO api_keys (id, customer_id, name, digest, hint, created_at, limits)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?)");
    QJsonObject limits;
    key.limits.writeJson(limits);
    st.bind(1, key.id).bind(2, key.customerId).bind(3, key.name).bind(4, key.digest).bind(5, key.hint);
    st.bind(6, QDateTime::currentMSecsSinceEpoch()).bind(7, jsonText(limits));
    return run(st, error);
}

bool updateKey(
    Database &db, const QString &customerId, const QString &keyId, const KeySettings &settings, QString *error)
{
    Statement st = db.prepare("UPDATE api_keys SET name = coalesce(?, name), limits = ? WHERE id = ?"
                              " AND customer_id = ? AND revoked_at IS NULL");
    QJsonObject limits;
    settings.limits.writeJson(limits);
    if (settings.name)
        st.bind(1, *settings.name);
    st.bind(2, jsonText(limits)).bind(3, keyId).bind(4, customerId);
    return run(st, error) && st.changes() == 1;
}

bool updateCustomer(Database &db, const QString &customerId, const CustomerSettings &settings, QString *error)
{
    Statement st = db.prepare("UPDATE customers SET name = coalesce(?, name), limits = ? WHERE id = ?");
    QJsonObject limits;
    settings.limits.writeJson(limits);
    if (settings.name)
        st.bind(1, *settings.name);
    st.bind(2, jsonText(limits)).bind(3, customerId);
    return run(st, error) && st.changes() == 1;
}

bool keySpentSince(Database &db, const QString &keyId, qint64 sinceMs, qint64 *spentMicros, QString *error)
{
    // Each debit is below 2^53 and a key's budget is too, so a sum that matters is exact; TOTAL
    // keeps a larger one from failing as an integer overflow (it is capped, like creditRoom).
    // PostgreSQL's SUM of BIGINT is a NUMERIC, which cannot overflow.
    Statement st
        = db.prepare(db.dialect("SELECT CASE WHEN t >= 9007199254740991.0 THEN 9007199254740991 ELSE CAST(t AS INTEGER)"
                                " END FROM (SELECT TOTAL(amount_micros) AS t FROM ledger_entries WHERE key_id = ?"
                                " AND kind = 'debit' AND created_at >= ?) AS s",
            "SELECT CASE WHEN t >= 9007199254740991 THEN 9007199254740991 ELSE CAST(t AS BIGINT)"
            " END FROM (SELECT COALESCE(SUM(amount_micros), 0) AS t FROM ledger_entries WHERE key_id = ?"
            " AND kind = 'debit' AND created_at >= ?) AS s"));
    st.bind(1, keyId).bind(2, sinceMs);
    if (!st.next()) {
        *error = st.error();
        return false;
    }
    *spentMicros = st.int64(0);
    return true;
}

bool revokeKey(Database &db, const QString &customerId, const QString &keyId, QString *error)
{
    Statement st
        = db.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND customer_id = ? AND revoked_at IS NULL");
    st.bind(1, QDateTime::currentMSecsSinceEpoch()).bind(2, keyId).bind(3, customerId);
    if (!st.exec()) {
        *error = st.error();
        return false;
    }
    return st.changes() == 1;
}

QList<ApiKeyRecord> loadActiveKeys(Database &db, QString *error)
{
    QList<ApiKeyRecord> out;
    Statement st = db.prepare("SELECT id, customer_id, digest, limits FROM api_keys WHERE revoked_at IS NULL");
    while (st.next())
        out.append({st.text(0), st.text(1), st.blob(2), readKeyLimits(st.text(3))});
    if (!st.error().isEmpty())
        *error = st.error();
    return out;
}

bool creditRoom(Database &db, const QString &customerId, qint64 *room, QString *error)
{
    // TOTAL, not SUM: a sum past 64 bits (only in a ledger written before the limit) is a double
    // far above the limit instead of an "integer overflow" error; it is capped at the limit before
    // it becomes an integer again. Below 2^53 it is exact: so is every partial sum of positive
    // integers under 2^53. The partial index of credits (ledger_entries_credits, migration 11)
    // makes this read the customer's credits only, not its debits.
    Statement st = db.prepare(db.dialect(
        "SELECT posted_micros, (SELECT CASE WHEN t >= 9007199254740991.0 THEN 9007199254740991 ELSE CAST(t AS"
        " INTEGER) END FROM (SELECT TOTAL(amount_micros) AS t FROM ledger_entries WHERE customer_id = ?1"
        " AND kind = 'credit') AS s) FROM customers WHERE id = ?1",
        "SELECT posted_micros, (SELECT CASE WHEN t >= 9007199254740991 THEN 9007199254740991 ELSE CAST(t AS"
        " BIGINT) END FROM (SELECT COALESCE(SUM(amount_micros), 0) AS t FROM ledger_entries WHERE customer_id = ?1"
        " AND kind = 'credit') AS s) FROM customers WHERE id = ?1"));
    st.bind(1, customerId);
    if (!st.next()) {
        *error = st.error().isEmpty() ? QStringLiteral("no customer %1").arg(customerId) : st.error();
        return false;
    }
    *room = kMaxMoneyMicros - std::max(st.int64(0), st.int64(1));
    return true;
}

bool addCredit(Database &db, const QString &customerId, qint64 amountMicros, const QString &memo,
    LedgerEntryRecord *entry, QString *error, bool *overLimit)
{
    const auto write = [&] {
        qint64 room = 0;
        if (!creditRoom(db, customerId, &room, error))
            return false;
        if (amountMicros > room) {
            *error = QStringLiteral("this credit would take the customer's balance or credited total past %1"
                                    " micro-dollars (2^53 - 1), the most the ledger keeps; it can take at most"
                                    " %2 more")
                         .arg(kMaxMoneyMicros)
                         .arg(std::max<qint64>(0, room));
            if (overLimit)
                *overLimit = true;
            return false;
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        Statement insert = db.prepare("INSERT INTO ledger_entries (customer_id, kind, amount_micros, memo,"
                                      " created_at) VALUES (?, 'credit', ?, ?, ?)",
            Returns::Id);
        insert.bind(1, customerId).bind(2, amountMicros).bind(3, memo).bind(4, now);
        if (!insert.exec()) {
            *error = insert.error();
            return false;
        }
        const qint64 entryId = insert.insertedId();
        Statement update = db.prepare("UPDATE customers SET posted_micros = posted_micros + ? WHERE id = ?");
        update.bind(1, amountMicros).bind(2, customerId);
        if (!update.exec() || update.changes() != 1) {
            *error = update.error();
            return false;
        }
        *entry = LedgerEntryRecord {entryId, customerId, QStringLiteral("credit"), amountMicros, memo, now};
        return true;
    };
    UnitOfWork work(db);
    return work.begun(error) && write() && work.commit(error);
}

} // namespace CustomerStore
} // namespace bytespike
