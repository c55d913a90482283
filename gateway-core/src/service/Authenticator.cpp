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

QStringList Authenticator::keyIds() const
{
    QStringList out;
    for (const Caller &caller : m_keys)
        out.append(caller.keyId);
    return out;
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

std::optional<AdminIdentity> Authenticator::identify(const HttpExchange &exchange) const
{
    if (exchange.isLocal())
        return AdminIdentity {QStringLiteral("console"), OperatorRole::Admin, {}}; // in this very process
    const QByteArray auth = exchange.header("authorization");
    if (auth.size() <= 7 || auth.left(7).toLower() != "bearer ")
        return std::nullopt;
    const QByteArray digest = m_digest.digest(auth.mid(7).trimmed());
    if (KeyDigest::constantTimeEquals(digest, m_adminTokenDigest))
        return AdminIdentity {QStringLiteral("owner"), OperatorRole::Admin, {}};
    // Looked up by digest, like a customer key: what a lookup's timing could tell is about a
    // digest, not about a token.
    const auto it = m_operators.constFind(digest);
    if (it == m_operators.constEnd())
        return std::nullopt;
    return *it;
}

void Authenticator::addOperator(const QByteArray &digest, const AdminIdentity &identity)
{
    m_operators.insert(digest, identity);
}

void Authenticator::removeOperator(const QString &operatorId)
{
    for (auto it = m_operators.begin(); it != m_operators.end();) {
        if (it->operatorId == operatorId)
            it = m_operators.erase(it);
        else
            ++it;
    }
}

} // namespace bytespike
