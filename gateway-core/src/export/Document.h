#pragma once

#include <QLocale>
#include <QString>

namespace bytespike::Document {

// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
QString csvField(const QString &text);

// One self-contained html page for people (the rate card, printed statements): no external
// request of any kind; the light theme of the design tokens as CSS custom properties and the dark
// theme under prefers-color-scheme; `lang` from locale. title and body are html already escaped.
QString htmlPage(const QString &locale, const QString &title, const QString &body);

// The locale a document renders numbers, money and dates in ("en" when empty).
QLocale documentLocale(const QString &locale);

} // namespace bytespike::Document
