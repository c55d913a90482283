#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

namespace bytespike {

// Customer keys are stored only as HMAC-SHA256 digests under a per-installation pepper that
// lives outside the database (DATA_DIR/key-pepper, 0600), so a stolen database alone does not
// allow offline guessing.
class KeyDigest
{
public:
    explicit KeyDigest(const QByteArray &pepper = {});

    // HMAC-SHA256(pepper, key). Every request pays it, so the pepper's inner and outer SHA-256
    // states are computed once (RFC 2104's pads) and each digest costs two compressions.
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
    struct Pads;
    std::shared_ptr<const Pads> m_pads; // shared by copies; only read after construction
};

} // namespace bytespike
