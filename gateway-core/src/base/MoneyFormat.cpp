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
