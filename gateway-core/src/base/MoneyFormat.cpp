#include "bytespike/MoneyFormat.h"

#include <algorithm>

namespace bytespike {

QString formatMoney(qint64 micros, const QLocale &locale, int minimumDecimals)
{
    const bool negative = micros < 0;
    const quint64 magnitude = negative ? quint64(0) - quint64(micros) : quint64(micros);
    QString fraction = QStringLiteral("%1").arg(magnitude % 1000000, 6, 10, QLatin1Char('0'));
    while (fraction.size() > minimumDecimals && fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    QString number = locale.toString(qulonglong(magnitude / 1000000));
    if (!fraction.isEmpty())
        number += locale.decimalPoint() + fraction;
    // The locale's currency pattern, learnt from an integer sample so no amount is ever a double.
    QString pattern = locale.toCurrencyString(qlonglong(negative ? -7 : 7), QStringLiteral("$"));
    const QString seven = locale.toString(7);
    pattern.replace(pattern.indexOf(seven), seven.size(), number);
    return pattern;
}

namespace {
// micros rounded half away from zero to the given number of decimals (0 to 6), and formatted
// with exactly that many.
QString formatRounded(qint64 micros, const QLocale &locale, int decimals)
{
    qint64 unit = 1;
    for (int i = decimals; i < 6; ++i)
        unit *= 10;
    const bool negative = micros < 0;
    const quint64 magnitude = negative ? quint64(0) - quint64(micros) : quint64(micros);
    const quint64 rounded = (magnitude + quint64(unit / 2)) / quint64(unit) * quint64(unit);
    return formatMoney(negative ? -qint64(rounded) : qint64(rounded), locale, decimals);
}

int digitCount(quint64 n)
{
    int digits = 1;
    while (n >= 10) {
        n /= 10;
        ++digits;
    }
    return digits;
}
} // namespace

QString formatBalance(qint64 micros, const QLocale &locale)
{
    return formatRounded(micros, locale, 2);
}

QString formatAmount(qint64 micros, const QLocale &locale)
{
    constexpr int kSignificant = 4;
    const quint64 magnitude = micros < 0 ? quint64(0) - quint64(micros) : quint64(micros);
    // The position of the first significant digit: whole dollars have digitCount(dollars) of
    // them before the point; below a dollar, the first non-zero decimal is at 7 - digitCount.
    const int decimals = magnitude >= 1000000 ? kSignificant - digitCount(magnitude / 1000000)
                                              : 7 - digitCount(magnitude) + kSignificant - 1;
    return formatRounded(micros, locale, std::clamp(magnitude == 0 ? 2 : decimals, 2, 6));
}

QString dollarsText(qint64 micros, const QLocale &locale)
{
    QString text = formatMoney(micros, QLocale::c());
    text.remove(QLatin1Char('$')).remove(QLatin1Char(','));
    return text.replace(QLatin1Char('.'), locale.decimalPoint());
}

std::optional<qint64> parseDollars(const QString &input, const QLocale &locale)
{
    QString text = input.trimmed();
    if (text.startsWith(QLatin1Char('$')))
        text = text.mid(1).trimmed();
    const QString point = locale.decimalPoint();
    qsizetype split = text.indexOf(point);
    qsizetype separatorSize = point.size();
    if (split < 0) {
        split = text.indexOf(QLatin1Char('.'));
        separatorSize = 1;
    }
    const QString whole = split < 0 ? text : text.left(split);
    const QString fraction = split < 0 ? QString() : text.mid(split + separatorSize);
    const auto digitsOnly = [](const QString &s) {
        return std::all_of(
            s.cbegin(), s.cend(), [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); });
    };
    if ((whole.isEmpty() && fraction.isEmpty()) || !digitsOnly(whole) || !digitsOnly(fraction) || fraction.size() > 6
        || whole.size() > 12)
        return std::nullopt;
    const qint64 dollars = whole.isEmpty() ? 0 : whole.toLongLong();
    const qint64 micros
        = fraction.isEmpty() ? 0 : QString(fraction + QString(6 - fraction.size(), QLatin1Char('0'))).toLongLong();
    return dollars * 1000000 + micros;
}

} // namespace bytespike
