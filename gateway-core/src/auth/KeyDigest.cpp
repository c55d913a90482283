#include "KeyDigest.h"

#include <QDateTime>

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

namespace bytespike {

QByteArray KeyDigest::digest(const QByteArray &key) const
{
    return QMessageAuthenticationCode::hash(key, m_pepper, QCryptographicHash::Sha256);
}

QByteArray KeyDigest::randomToken(int length)
{
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QByteArray out(length, Qt::Uninitialized);
    auto *rng = QRandomGenerator::system();
    for (int i = 0; i < length; ++i)
        out[i] = kAlphabet[rng->bounded(62)];
    return out;
}

QByteArray KeyDigest::requestId()
{
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QByteArray out = "req_" + randomToken(24);
    quint64 ms = quint64(QDateTime::currentMSecsSinceEpoch());
    for (int i = 11; i >= 4; --i) { // the alphabet is in ASCII order, so the text sorts like the number
        out[i] = kAlphabet[ms % 62];
        ms /= 62;
    }
    return out;
}

QString KeyDigest::newCustomerKey()
{
    return QStringLiteral("bsk-") + QString::fromLatin1(randomToken(40));
}

QString KeyDigest::newId(const char *prefix)
{
    return QString::fromLatin1(prefix) + QString::fromLatin1(randomToken(16));
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
