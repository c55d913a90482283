#pragma once

#include "AdminJobs.h"

class QObject;

namespace bytespike {

class GatewayRuntime;

// The named operators: admin tokens with a role. A token is made here, shown once in the answer
// and stored only as its HMAC digest (the customer keys' KeyDigest). Writes run on the ledger
// writer with their audit row; the key ring follows only what committed: a new operator's token
// works once its row is durable, a revoked one stops at once after the commit.
class Operators
{
public:
    explicit Operators(GatewayRuntime &runtime);

    void list(QObject *context, AdminDone<QList<Operator>> done);
    // 409 when an operator that is not revoked has the name already: the audit log tells
    // operators apart by name.
    void create(const NewOperator &op, const QString &author, QObject *context, AdminDone<CreatedOperator> done);
    // 404 when there is no such operator or it is revoked already.
    void revoke(const QString &id, const QString &author, QObject *context, AdminDone<OperatorRevoked> done);

private:
    GatewayRuntime &m_runtime;
};

} // namespace bytespike
