#pragma once

#include "auth/KeyDigest.h"

#include <QByteArray>
#include <QHash>
#include <QString>

namespace bytespike {

class HttpExchange;

// The authenticated customer behind a request.
struct Caller
{
    QString customerId;
    QString keyId;
};

// Who may call what: the customer key ring (HMAC digest -> caller, swapped after each committed
// key change) and the admin token, compared by digest in constant time. In-process calls (the
// console, in this very process) are trusted with the admin routes.
class Authenticator
{
public:
    explicit Authenticator(const KeyDigest &digest);

    void setAdminTokenDigest(const QByteArray &digest) { m_adminTokenDigest = digest; }
    void addKey(const QByteArray &digest, const Caller &caller);
    void removeKey(const QString &keyId);

    enum class KeyCheck { Ok, Missing, Unknown };
    // The customer key of a request (x-api-key or Authorization: Bearer) looked up by digest.
    KeyCheck authenticate(const HttpExchange &exchange, Caller *caller) const;
    bool isAdmin(const HttpExchange &exchange) const;

private:
    const KeyDigest &m_digest;
    QByteArray m_adminTokenDigest;
    QHash<QByteArray, Caller> m_keys;
};

} // namespace bytespike
