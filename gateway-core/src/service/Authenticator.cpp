#include "Authenticator.h"

#include "http/HttpExchange.h"

namespace bytespike {

Authenticator::Authenticator(const KeyDigest &digest)
    : m_digest(digest)
{ }

void Authenticator::addKey(const QByteArray &digest, const Caller &caller)
{
    m_keys.insert(digest, caller);
}

void Authenticator::removeKey(const QString &keyId)
{
    for (auto it = m_keys.begin(); it != m_keys.end();) {
        if (it->keyId == keyId)
            it = m_keys.erase(it);
        else
            ++it;
    }
}

Authenticator::KeyCheck Authenticator::authenticate(const HttpExchange &exchange, Caller *caller) const
{
    QByteArray key = exchange.header("x-api-key");
    if (key.isEmpty()) {
        const QByteArray auth = exchange.header("authorization");
        if (auth.size() > 7 && auth.left(7).toLower() == "bearer ")
            key = auth.mid(7).trimmed();
    }
    if (key.isEmpty())
        return KeyCheck::Missing;
    const auto it = m_keys.constFind(m_digest.digest(key));
    if (it == m_keys.constEnd())
        return KeyCheck::Unknown;
    *caller = *it;
    return KeyCheck::Ok;
}

bool Authenticator::isAdmin(const HttpExchange &exchange) const
{
    if (exchange.isLocal())
        return true; // the console, in this very process
    const QByteArray auth = exchange.header("authorization");
    if (auth.size() <= 7 || auth.left(7).toLower() != "bearer ")
        return false;
    return KeyDigest::constantTimeEquals(m_digest.digest(auth.mid(7).trimmed()), m_adminTokenDigest);
}

} // namespace bytespike
