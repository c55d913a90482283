#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace bytespike {

// UTC calendar arithmetic on epoch milliseconds without QDateTime, whose formatting and time-zone
// machinery cost thousands of instructions a call: cheap enough for every response's rate-limit
// headers and every budget's period check. Proleptic Gregorian calendar; days count from
// 1970-01-01.
namespace CivilTime {

constexpr qint64 kMsPerDay = 86'400'000;

struct Date
{
    qint64 year = 1970;
    int month = 1; // 1-12
    int day = 1; // 1-31
};

qint64 daysFromCivil(qint64 year, int month, int day);
Date civilFromDays(qint64 days);
// The day (floor) an instant falls on.
qint64 dayOf(qint64 epochMs);

// 00:00 UTC of the day, of the Monday of the week, of the 1st of the month holding epochMs.
qint64 startOfDay(qint64 epochMs);
qint64 startOfWeek(qint64 epochMs);
qint64 startOfMonth(qint64 epochMs);
// 00:00 UTC of the 1st of the next month.
qint64 startOfNextMonth(qint64 epochMs);

// RFC 3339 in UTC to the second: "2026-12-06T10:01:00Z" (years 0000-9999).
QByteArray rfc3339(qint64 epochMs);

} // namespace CivilTime
} // namespace bytespike
