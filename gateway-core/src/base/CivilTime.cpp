#include "CivilTime.h"

#include <algorithm>

namespace bytespike::CivilTime {

namespace {

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

void putDigits(char *out, qint64 value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = char('0' + value % 10);
        value /= 10;
    }
}

} // namespace

// The calendar repeats every 400 years (146097 days). Counting years from March, so that the leap
// day ends the year, a year's days up to a month follow (153 * month + 2) / 5.
qint64 daysFromCivil(qint64 year, int month, int day)
{
    year -= month <= 2 ? 1 : 0;
    const qint64 era = floorDiv(year, 400);
    const qint64 yearOfEra = year - era * 400;
    const qint64 dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const qint64 dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468; // 719468: 0000-03-01 to 1970-01-01
}

Date civilFromDays(qint64 days)
{
    days += 719468;
    const qint64 era = floorDiv(days, 146097);
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 monthFromMarch = (5 * dayOfYear + 2) / 153;
    Date out;
    out.day = int(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
    out.month = int(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
    out.year = yearOfEra + era * 400 + (out.month <= 2 ? 1 : 0);
    return out;
}

qint64 dayOf(qint64 epochMs)
{
    return floorDiv(epochMs, kMsPerDay);
}

qint64 startOfDay(qint64 epochMs)
{
    return dayOf(epochMs) * kMsPerDay;
}

qint64 startOfWeek(qint64 epochMs)
{
    const qint64 day = dayOf(epochMs);
    const qint64 sinceMonday = day + 3 - floorDiv(day + 3, 7) * 7; // 1970-01-01 was a Thursday
    return (day - sinceMonday) * kMsPerDay;
}

qint64 startOfMonth(qint64 epochMs)
{
    const Date date = civilFromDays(dayOf(epochMs));
    return daysFromCivil(date.year, date.month, 1) * kMsPerDay;
}

qint64 startOfNextMonth(qint64 epochMs)
{
    const Date date = civilFromDays(dayOf(epochMs));
    return date.month == 12 ? daysFromCivil(date.year + 1, 1, 1) * kMsPerDay
                            : daysFromCivil(date.year, date.month + 1, 1) * kMsPerDay;
}

QByteArray rfc3339(qint64 epochMs)
{
    const qint64 day = dayOf(epochMs);
    const qint64 second = floorDiv(epochMs - day * kMsPerDay, 1000);
    const Date date = civilFromDays(day);
    QByteArray out(20, Qt::Uninitialized);
    char *p = out.data();
    putDigits(p, std::clamp<qint64>(date.year, 0, 9999), 4);
    p[4] = '-';
    putDigits(p + 5, date.month, 2);
    p[7] = '-';
    putDigits(p + 8, date.day, 2);
    p[10] = 'T';
    putDigits(p + 11, second / 3600, 2);
    p[13] = ':';
    putDigits(p + 14, second / 60 % 60, 2);
    p[16] = ':';
    putDigits(p + 17, second % 60, 2);
    p[19] = 'Z';
    return out;
}

} // namespace bytespike::CivilTime
