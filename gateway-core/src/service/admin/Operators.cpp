#include "Operators.h"

#include "base/Ids.h"
#include "service/GatewayRuntime.h"
#include "store/OperatorStore.h"
#include "store/StoreWriter.h"

#include <QDateTime>

namespace bytespike {

Operators::Operators(GatewayRuntime &runtime)
    : m_runtime(runtime)
{ }

void Operators::list(QObject *context, AdminDone<QList<Operator>> done)
{
    m_runtime.store().submit<AdminResult<QList<Operator>>>(
        context,
        [](Database &db) -> AdminResult<QList<Operator>> {
            QString why;
            QList<Operator> operators = OperatorStore::list(db, &why);
            if (!why.isEmpty())
                return storeFailure(why);
            return operators;
        },
        std::move(done));
}

void Operators::create(const NewOperator &op, const QString &author, QObject *context, AdminDone<CreatedOperator> done)
{
    const CreatedOperator created {
        Ids::newId("op_"), QStringLiteral("bso-") + QString::fromLatin1(Ids::randomToken(40)), op.name, op.role};
    const QByteArray digest = m_runtime.keyDigest().digest(created.token.toLatin1());
    m_runtime.store().submit<AdminResult<CreatedOperator>>(
        context,
        [created, digest, author](Database &db) {
            return audited<CreatedOperator>(db, author, QStringLiteral("operator.create"),
                QStringLiteral("operator/") + created.id,
                [&](QJsonValue *, QJsonValue *after) -> AdminResult<CreatedOperator> {
                    QString why;
                    bool taken = false;
                    if (!OperatorStore::activeNameTaken(db, created.name, &taken, &why))
                        return storeFailure(why);
                    if (taken)
                        return AdminFailure {
                            AdminError::Conflict, QStringLiteral("an operator named %1 exists").arg(created.name)};
                    const Operator row {
                        created.id, created.name, created.role, QDateTime::currentMSecsSinceEpoch(), std::nullopt};
                    if (!OperatorStore::insert(db, row, digest, &why))
                        return storeFailure(why);
                    // The operator as listed: the token is shown once to the caller and kept nowhere.
                    *after = row.toJson();
                    return created;
                });
        },
        [this, digest, done](AdminResult<CreatedOperator> result) {
            if (result.ok()) {
                const CreatedOperator &made = result.value();
                m_runtime.addOperator(digest, AdminIdentity {made.name, made.role, made.id});
            }
            done(std::move(result));
        });
}

void Operators::revoke(const QString &id, const QString &author, QObject *context, AdminDone<OperatorRevoked> done)
{
    m_runtime.store().submit<AdminResult<OperatorRevoked>>(
        context,
        [id, author](Database &db) {
            return audited<OperatorRevoked>(db, author, QStringLiteral("operator.revoke"),
                QStringLiteral("operator/") + id,
                [&](QJsonValue *before, QJsonValue *after) -> AdminResult<OperatorRevoked> {
                    QString why;
                    Operator op;
                    const qint64 now = QDateTime::currentMSecsSinceEpoch();
                    if (!OperatorStore::find(db, id, &op, &why) || op.revokedMs
                        || !OperatorStore::revoke(db, id, now, &why))
                        return why.isEmpty()
                            ? AdminFailure {AdminError::NotFound, QStringLiteral("no active operator %1").arg(id)}
                            : storeFailure(why);
                    *before = op.toJson();
                    op.revokedMs = now;
                    *after = op.toJson();
                    return OperatorRevoked {id};
                });
        },
        [this, id, done](AdminResult<OperatorRevoked> result) {
            if (result.ok())
                m_runtime.removeOperator(id);
            done(std::move(result));
        });
}

} // namespace bytespike
