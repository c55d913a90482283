#include "KeyDigest.h"

#include <QLoggingCategory>

#include <openssl/evp.h>

#include <array>

namespace bytespike {

namespace {

Q_LOGGING_CATEGORY(lcKeys, "bytespike.keys")

struct MdContextFree
{
    void operator()(EVP_MD_CTX *context) const { EVP_MD_CTX_free(context); }
};
using MdContext = std::unique_ptr<EVP_MD_CTX, MdContextFree>;

constexpr int kBlockBytes = 64; // SHA-256's block
constexpr int kDigestBytes = 32;

bool sha256(EVP_MD_CTX *context, const void *data, size_t size, unsigned char *out)
{
    unsigned int length = 0;
    return EVP_DigestInit_ex(context, EVP_sha256(), nullptr) && EVP_DigestUpdate(context, data, size)
        && EVP_DigestFinal_ex(context, out, &length) && length == kDigestBytes;
}

} // namespace

struct KeyDigest::Pads
{
    MdContext inner {EVP_MD_CTX_new()}; // SHA-256 after absorbing key XOR ipad
    MdContext outer {EVP_MD_CTX_new()}; // SHA-256 after absorbing key XOR opad
};

KeyDigest::KeyDigest(const QByteArray &pepper)
{
    auto pads = std::make_shared<Pads>();
    std::array<unsigned char, kBlockBytes> key {}; // zero-padded, as RFC 2104 says
    bool ok = pads->inner && pads->outer;
    if (pepper.size() > kBlockBytes)
        ok = ok && sha256(pads->inner.get(), pepper.constData(), size_t(pepper.size()), key.data());
    else
        std::copy(pepper.begin(), pepper.end(), key.begin());
    std::array<unsigned char, kBlockBytes> ipad;
    std::array<unsigned char, kBlockBytes> opad;
    for (int i = 0; i < kBlockBytes; ++i) {
        ipad[i] = key[i] ^ 0x36;
        opad[i] = key[i] ^ 0x5c;
    }
    ok = ok && EVP_DigestInit_ex(pads->inner.get(), EVP_sha256(), nullptr)
        && EVP_DigestUpdate(pads->inner.get(), ipad.data(), ipad.size())
        && EVP_DigestInit_ex(pads->outer.get(), EVP_sha256(), nullptr)
        && EVP_DigestUpdate(pads->outer.get(), opad.data(), opad.size());
    if (!ok) // out of memory or no SHA-256 in libcrypto: nothing can be authenticated safely
        qFatal("KeyDigest: libcrypto's SHA-256 is unavailable");
    m_pads = std::move(pads);
}

QByteArray KeyDigest::digest(const QByteArray &key) const
{
    thread_local MdContext work {EVP_MD_CTX_new()};
    unsigned char inner[kDigestBytes];
    unsigned int length = 0;
    QByteArray out(kDigestBytes, Qt::Uninitialized);
    const bool ok = work && EVP_MD_CTX_copy_ex(work.get(), m_pads->inner.get())
        && EVP_DigestUpdate(work.get(), key.constData(), size_t(key.size()))
        && EVP_DigestFinal_ex(work.get(), inner, &length) && EVP_MD_CTX_copy_ex(work.get(), m_pads->outer.get())
        && EVP_DigestUpdate(work.get(), inner, sizeof inner)
        && EVP_DigestFinal_ex(work.get(), reinterpret_cast<unsigned char *>(out.data()), &length);
    if (!ok) {
        // Out of memory: no digest matches an empty one, so the key is refused (fails closed).
        qCWarning(lcKeys, "cannot digest a key: libcrypto's SHA-256 failed");
        return {};
    }
    return out;
}

bool KeyDigest::constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace bytespike
