#include "bytespike/MoneyFormat.h"

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

} // namespace bytespike
