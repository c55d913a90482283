#pragma once

#include <QLocale>
#include <QString>

#include <optional>

namespace bytespike {

// Money for people: integer micro-dollars as US dollars in a locale's way (its digit grouping,
// decimal separator and the placement of the currency sign), at least minimumDecimals decimals
// and as many more as the amount needs, never through floating point. The console, the html rate
// card and printed statements use it; csv and JSON keep integer micro-dollars.
//   formatMoney(1234567890, QLocale("en")) == "$1,234.56789"
//   formatMoney(3000000, QLocale("de"))    == "3,00 $"
QString formatMoney(qint64 micros, const QLocale &locale, int minimumDecimals = 2);

// A balance as an operator reads it: rounded to the cent (half away from zero), two decimals.
// Show the exact formatMoney() next to it (a tooltip) where the cents are not the whole truth.
//   formatBalance(4979729, QLocale("en")) == "$4.98"
QString formatBalance(qint64 micros, const QLocale &locale);

// One request's amount: four significant digits, at least two decimals and at most six (the
// ledger's unit), rounded half away from zero.
//   formatAmount(20271, en) == "$0.02027";  formatAmount(3480, en) == "$0.003480";
//   formatAmount(1234567, en) == "$1.235";  formatAmount(98765432, en) == "$98.77"
QString formatAmount(qint64 micros, const QLocale &locale);

// The number alone, for an editor: "3.75" (en) or "3,75" (de) for 3750000, no currency sign
// and no grouping, so parseDollars() reads it back.
QString dollarsText(qint64 micros, const QLocale &locale);

// Reads dollars typed by a person into integer micro-dollars, exactly: digits with at most one
// decimal separator (the locale's, or '.') and at most six decimals; a leading '$' and spaces are
// ignored. Negative amounts and anything else give std::nullopt.
//   parseDollars("3.75", QLocale("en")) == 3750000;  parseDollars("0,000001", QLocale("de")) == 1
std::optional<qint64> parseDollars(const QString &text, const QLocale &locale);

} // namespace bytespike
