#pragma once

#include <QByteArray>
#include <QString>

namespace bytespike {

// Customer keys are stored only as HMAC-SHA256 digests under a per-installation pepper that
// lives outside the database (DATA_DIR/key-pepper, 0600), so a stolen database alone does not
// allow offline guessing.
class KeyDigest
{
public:
    explicit KeyDigest(QByteArray pepper = {})
        : m_pepper(std::move(pepper))
    { }

    QByteArray digest(const QByteArray &key) const;

    static QByteArray randomToken(int length); // base62, from the system CSPRNG
    // A request id: 8 base62 characters of the time in milliseconds, then random ones. Ids sort
    // by time, so the ledger's and the request log's indexes on them grow at one end instead of
    // touching a random page per request.
    static QByteArray requestId();
    static QString newCustomerKey(); // "bsk-" + 40 base62 characters
    static QString newId(const char *prefix); // e.g. newId("cus_")
    // Compares without an early exit, so timing does not reveal the matching prefix.
    static bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

private:
    QByteArray m_pepper;
};

} // namespace bytespike
