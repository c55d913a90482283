#include "Money.h"

#include <QString>

#include <limits>

namespace bytespike {

namespace {
// GCC and Clang provide 128-bit integers; __extension__ keeps -Wpedantic quiet about it.
__extension__ typedef unsigned __int128 Wide;
} // namespace

std::optional<qint64> costMicros(const TokenCounts &tokens, const Prices &prices)
{
    const qint64 counts[] = {tokens.input, tokens.output, tokens.cacheWrite, tokens.cacheRead};
    const qint64 rates[] = {prices.inputMicrosPerMtok, prices.outputMicrosPerMtok, prices.cacheWriteMicrosPerMtok,
        prices.cacheReadMicrosPerMtok};
    // Each product is below 2^126, so four of them plus the rounding term stay below 2^128.
    Wide sum = 0;
    for (int i = 0; i < 4; ++i) {
        if (counts[i] < 0 || rates[i] < 0)
            return std::nullopt;
        sum += static_cast<Wide>(counts[i]) * static_cast<Wide>(rates[i]);
    }
    const Wide micros = (sum + 999999) / 1000000;
    if (micros > static_cast<Wide>(std::numeric_limits<qint64>::max()))
        return std::nullopt;
    return static_cast<qint64>(micros);
}

QString formatDollars(qint64 micros)
{
    const bool negative = micros < 0;
    const quint64 magnitude = negative ? quint64(0) - quint64(micros) : quint64(micros);
    return (negative ? QStringLiteral("-$") : QStringLiteral("$")) + QString::number(magnitude / 1000000)
        + QLatin1Char('.') + QStringLiteral("%1").arg(magnitude % 1000000, 6, 10, QLatin1Char('0'));
}

} // namespace bytespike
