#pragma once

#include "bytespike/AdminTypes.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QString>

namespace bytespike {

class Database;

// The audit log of admin mutations (issue 5, item 9). A row is written in the same transaction
// as the mutation it describes, so neither exists without the other. before and after are JSON
// snapshots of what changed; callers pass references (secret_ref) and key hints, never a secret.
namespace AuditLog {

bool append(Database &db, const QString &actor, const QString &action, const QString &target, const QJsonValue &before,
    const QJsonValue &after, QString *error);

// Newest first, at most limit rows, optionally only those whose target starts with targetPrefix.
QList<AuditEntry> list(Database &db, int limit, const QString &targetPrefix, QString *error);

} // namespace AuditLog
} // namespace bytespike
