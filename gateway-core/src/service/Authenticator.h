#pragma once

#include "auth/KeyDigest.h"
#include "bytespike/LimitTypes.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace bytespike {

class HttpExchange;

// The authenticated customer behind a request.
struct Caller
{
    QString customerId;
    QString keyId;
};

// Who calls an admin route: the actor the audit log names and the role the route table checks.
// operatorId is empty for the owner (the bootstrap admin token) and the console.
struct AdminIdentity
{
    QString actor;
    OperatorRole role = OperatorRole::Viewer;
    QString operatorId;
};

// Who may call what: the customer key ring (HMAC digest -> caller, swapped after each committed
// key change), the owner's admin token, compared by digest in constant time, and the named
// operators' tokens (HMAC digest -> identity, changed after each committed operator change).
// In-process calls (the console, in this very process) are the admin role, as "console".
class Authenticator
{
public:
    explicit Authenticator(const KeyDigest &digest);

    void setAdminTokenDigest(const QByteArray &digest) { m_adminTokenDigest = digest; }
    void addKey(const QByteArray &digest, const Caller &caller);
    void removeKey(const QString &keyId);
    // The whole key ring at once (configuration reloaded), and the ids of the keys in it.
    void setKeys(QHash<QByteArray, Caller> keys) { m_keys = std::move(keys); }
    QStringList keyIds() const;

    enum class KeyCheck { Ok, Missing, Unknown };
    // The customer key of a request (x-api-key or Authorization: Bearer) looked up by digest.
    KeyCheck authenticate(const HttpExchange &exchange, Caller *caller) const;
    // The caller of an admin route, from its bearer token; none for a missing, unknown or
    // revoked token.
    std::optional<AdminIdentity> identify(const HttpExchange &exchange) const;
    void addOperator(const QByteArray &digest, const AdminIdentity &identity);
    void removeOperator(const QString &operatorId);
    void setOperators(QHash<QByteArray, AdminIdentity> operators) { m_operators = std::move(operators); }

private:
    const KeyDigest &m_digest;
    QByteArray m_adminTokenDigest;
    QHash<QByteArray, Caller> m_keys;
    QHash<QByteArray, AdminIdentity> m_operators;
};

} // namespace bytespike
