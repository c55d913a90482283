#pragma once

#include "bytespike/AdminTypes.h"
#include "store/AuditLog.h"
#include "store/Database.h"
#include "store/UnitOfWork.h"

#include <QJsonValue>

#include <functional>

namespace bytespike {

// What an admin service hands back: the result on the caller's context's thread, later.
template <typename T> using AdminDone = std::function<void(AdminResult<T>)>;

// The database refused the work: 500 with SQLite's words.
inline AdminFailure storeFailure(const QString &why)
{
    return AdminFailure {AdminError::Internal, why};
}

// Runs a mutation and, when it succeeds, its audit row in one transaction: neither is written
// without the other. mutate fills in the before and after snapshots (never a secret value).
template <typename T>
AdminResult<T> audited(Database &db, const QString &actor, const QString &action, const QString &target,
    const std::function<AdminResult<T>(QJsonValue *before, QJsonValue *after)> &mutate)
{
    std::optional<AdminResult<T>> result;
    QString why;
    const auto mutateAndAudit = [&] {
        QJsonValue before;
        QJsonValue after;
        result = mutate(&before, &after);
        if (!result->ok())
            return false;
        if (!AuditLog::append(db, actor, action, target, before, after, &why)) {
            result = storeFailure(QStringLiteral("cannot write the audit log: ") + why);
            return false;
        }
        return true;
    };
    UnitOfWork work(db);
    const bool ok = work.begun(&why) && mutateAndAudit() && work.commit(&why);
    if (!result)
        return storeFailure(why);
    if (!ok && result->ok())
        return storeFailure(why);
    return *result;
}

} // namespace bytespike
