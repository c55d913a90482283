#include "AuditLog.h"

#include "Database.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace bytespike::AuditLog {

namespace {

QString toText(const QJsonValue &v)
{
    if (v.isNull() || v.isUndefined())
        return {};
    const QJsonDocument doc = v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
    return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}

QJsonValue fromText(Statement &st, int column)
{
    if (st.isNull(column))
        return QJsonValue();
    const QJsonDocument doc = QJsonDocument::fromJson(st.text(column).toUtf8());
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

const CachedSql kAppend("INSERT INTO audit_log (time, actor, action, target, before, after)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");

} // namespace

bool append(Database &db, const QString &actor, const QString &action, const QString &target, const QJsonValue &before,
    const QJsonValue &after, QString *error)
{
    Statement &st = db.cached(kAppend);
    st.bind(1, QDateTime::currentMSecsSinceEpoch()).bind(2, actor).bind(3, action).bind(4, target);
    const QString b = toText(before);
    const QString a = toText(after);
    if (b.isEmpty())
        st.bindNull(5);
    else
        st.bind(5, b);
    if (a.isEmpty())
        st.bindNull(6);
    else
        st.bind(6, a);
    if (!st.exec()) {
        *error = st.error();
        return false;
    }
    return true;
}

QList<AuditEntry> list(Database &db, int limit, const QString &targetPrefix, QString *error)
{
    Statement st = db.prepare("SELECT id, time, actor, action, target, before, after FROM audit_log"
                              " WHERE substr(target, 1, length(?1)) = ?1 ORDER BY id DESC LIMIT ?2");
    st.bind(1, targetPrefix).bind(2, qint64(limit));
    QList<AuditEntry> out;
    while (st.next())
        out.append(AuditEntry {
            st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4), fromText(st, 5), fromText(st, 6)});
    if (!st.error().isEmpty())
        *error = st.error();
    return out;
}

} // namespace bytespike::AuditLog
