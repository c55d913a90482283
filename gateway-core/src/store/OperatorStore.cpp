#include "OperatorStore.h"

#include "Database.h"

namespace bytespike {

namespace OperatorStore {

namespace {

constexpr char kSelectOperator[] = "SELECT id, name, role, created_at, revoked_at FROM operators";

Operator readOperator(const Statement &st)
{
    Operator op {
        st.text(0), st.text(1), roleFromName(st.text(2)).value_or(OperatorRole::Viewer), st.int64(3), std::nullopt};
    if (!st.isNull(4))
        op.revokedMs = st.int64(4);
    return op;
}

} // namespace

QList<Operator> list(Database &db, QString *error)
{
    const QByteArray sql = QByteArray(kSelectOperator) + " ORDER BY created_at, id";
    Statement st = db.prepare(sql.constData());
    QList<Operator> out;
    while (st.next())
        out.append(readOperator(st));
    if (!st.error().isEmpty())
        *error = st.error();
    return out;
}

bool find(Database &db, const QString &id, Operator *out, QString *error)
{
    const QByteArray sql = QByteArray(kSelectOperator) + " WHERE id = ?";
    Statement st = db.prepare(sql.constData());
    st.bind(1, id);
    if (st.next()) {
        *out = readOperator(st);
        return true;
    }
    *error = st.error();
    return false;
}

bool activeNameTaken(Database &db, const QString &name, bool *taken, QString *error)
{
    Statement st = db.prepare("SELECT 1 FROM operators WHERE name = ? AND revoked_at IS NULL LIMIT 1");
    st.bind(1, name);
    *taken = st.next();
    if (!st.error().isEmpty()) {
        *error = st.error();
        return false;
    }
    return true;
}

bool insert(Database &db, const Operator &op, const QByteArray &digest, QString *error)
{
    Statement st = db.prepare("INSERT INTO operators (id, name, role, digest, created_at) VALUES (?, ?, ?, ?, ?)");
    st.bind(1, op.id).bind(2, op.name).bind(3, roleName(op.role)).bind(4, digest).bind(5, op.createdMs);
    if (!st.exec()) {
        *error = st.error();
        return false;
    }
    return true;
}

bool revoke(Database &db, const QString &id, qint64 atMs, QString *error)
{
    Statement st = db.prepare("UPDATE operators SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    st.bind(1, atMs).bind(2, id);
    if (!st.exec()) {
        *error = st.error();
        return false;
    }
    return st.changes() == 1;
}

QList<OperatorTokenRecord> loadActive(Database &db, QString *error)
{
    Statement st = db.prepare("SELECT id, name, role, digest FROM operators WHERE revoked_at IS NULL");
    QList<OperatorTokenRecord> out;
    while (st.next())
        out.append({st.text(0), st.text(1), roleFromName(st.text(2)).value_or(OperatorRole::Viewer), st.blob(3)});
    if (!st.error().isEmpty())
        *error = st.error();
    return out;
}

} // namespace OperatorStore
} // namespace bytespike
