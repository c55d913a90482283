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

    // Compares without an early exit, so timing does not reveal the matching prefix.
    static bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

private:
    struct Pads;
    std::shared_ptr<const Pads> m_pads; // shared by copies; only read after construction
};

} // namespace bytespike
