#pragma once

#include <QString>
#include <QStringView>

namespace bytespike::ClientText {

// The most of one piece of client text (a model name, a path, a method) that the gateway repeats
// in an error message, a log line or a request-log row.
constexpr qsizetype kQuoteMaxBytes = 256;

// text as the gateway may repeat it: control characters (C0, DEL, C1, U+2028, U+2029, lone
// surrogates) escaped as \n, \r, \t or \uXXXX, so it can neither break a log line nor hide
// anything, and cut to maxBytes of UTF-8 (the cut marked with "..."), so a 30 MiB model name
// costs no more than a short one.
// Text that needs neither (short printable ASCII, the usual name) is returned as it is, shared.
QString quote(const QString &text, qsizetype maxBytes = kQuoteMaxBytes);

} // namespace bytespike::ClientText
