#pragma once

#include "bytespike/LimitTypes.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace bytespike {

class Database;

// An active operator's token as the key ring holds it: its digest, never the token.
struct OperatorTokenRecord
{
    QString id;
    QString name;
    OperatorRole role = OperatorRole::Viewer;
    QByteArray digest;
};

// SQL for the named operators (admin tokens with a role; their HMAC digests only). Runs on the
// writer thread.
namespace OperatorStore {

// Every operator, revoked ones included, oldest first.
QList<Operator> list(Database &db, QString *error);
// Returns false with an empty error when there is no such operator.
bool find(Database &db, const QString &id, Operator *out, QString *error);
// Whether an operator that is not revoked has this name.
bool activeNameTaken(Database &db, const QString &name, bool *taken, QString *error);
bool insert(Database &db, const Operator &op, const QByteArray &digest, QString *error);
// Returns false with an empty error when there is no such operator or it is already revoked.
bool revoke(Database &db, const QString &id, qint64 atMs, QString *error);
QList<OperatorTokenRecord> loadActive(Database &db, QString *error);

} // namespace OperatorStore
} // namespace bytespike
