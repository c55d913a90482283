#pragma once

#include <QLocale>
#include <QString>

namespace bytespike {

// Money for people: integer micro-dollars as US dollars in a locale's way (its digit grouping,
// decimal separator and the placement of the currency sign), at least minimumDecimals decimals
// and as many more as the amount needs, never through floating point. The console, the html rate
// card and printed statements use it; csv and JSON keep integer micro-dollars.
//   formatMoney(1234567890, QLocale("en")) == "$1,234.56789"
//   formatMoney(3000000, QLocale("de"))    == "3,00 $"
QString formatMoney(qint64 micros, const QLocale &locale, int minimumDecimals = 2);

} // namespace bytespike
