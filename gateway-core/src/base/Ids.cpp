#include "Ids.h"

#include <QDateTime>
#include <QRandomGenerator>

namespace bytespike::Ids {

namespace {
constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

QByteArray base62(QRandomGenerator &rng, int length)
{
    // Random bytes in batches (a generator call per character cost more than the rest of a
    // request id); a byte maps to a character only below 248 = 4 * 62, so each is equally likely.
    QByteArray out(length, Qt::Uninitialized);
    quint32 words[8];
    int i = 0;
    while (i < length) {
        rng.fillRange(words);
        const auto *bytes = reinterpret_cast<const unsigned char *>(words);
        for (size_t b = 0; b < sizeof words && i < length; ++b) {
            if (bytes[b] < 248)
                out[i++] = kAlphabet[bytes[b] % 62];
        }
    }
    return out;
}
} // namespace

QByteArray randomToken(int length)
{
    return base62(*QRandomGenerator::system(), length);
}

QByteArray uniqueToken(int length)
{
    // The system generator reads the processor's seed instruction on every call, which takes
    // microseconds on a virtual machine: a few percent of a request. Ids need to be unique, not
    // secret, so each thread draws them from its own generator, seeded once from the system.
    thread_local QRandomGenerator generator = QRandomGenerator::securelySeeded();
    return base62(generator, length);
}

QByteArray requestId()
{
    QByteArray out = "req_" + uniqueToken(24);
    quint64 ms = quint64(QDateTime::currentMSecsSinceEpoch());
    for (int i = 11; i >= 4; --i) { // the alphabet is in ASCII order, so the text sorts like the number
        out[i] = kAlphabet[ms % 62];
        ms /= 62;
    }
    return out;
}

QString newCustomerKey()
{
    return QStringLiteral("bsk-") + QString::fromLatin1(randomToken(40));
}

QString newId(const char *prefix)
{
    return QString::fromLatin1(prefix) + QString::fromLatin1(randomToken(16));
}

} // namespace bytespike::Ids
