#pragma once

#include <QByteArray>
#include <QList>
#include <QLocale>
#include <QPair>
#include <QString>

namespace bytespike::Document {

// A CSV text cell (RFC 4180): quoted when it holds a comma, a quote or a line break. A cell that
// starts with =, +, -, @, TAB or CR is prefixed with ' first (the OWASP rule against CSV
// injection): a spreadsheet would otherwise read it as a formula. The one writer of text cells;
// numbers go through csvNumber.
QString csvField(const QString &text);
// A CSV number cell: the integer as digits, a minus sign included. Not text, so never prefixed: a
// negative amount stays a number a spreadsheet can add up.
QString csvNumber(qint64 value);

// One self-contained html page for people (the rate card, printed statements): no external
// request of any kind; `lang` from locale. Styled from the design tokens twice: first with their
// light values written out, for engines without CSS custom properties (Qt's rich text, which the
// console prints and exports PDF with), then as custom properties with the dark theme under
// prefers-color-scheme, for browsers. rules (written with var(--...)) add to the shared ones.
// title and body are html already escaped.
QString htmlPage(const QString &locale, const QString &title, const QString &body, const QString &rules = {});

// The locale a document renders numbers, money and dates in ("en" when empty).
QLocale documentLocale(const QString &locale);

// The response headers of an export. Every one (csv, json, html) says X-Content-Type-Options:
// nosniff, so a browser keeps to the declared type instead of guessing html in a csv cell; an
// html page adds a Content-Security-Policy that allows its inline <style> and nothing else (no
// script, no request of any kind, no form, no framing), so markup that slipped into a name
// could not run or load anything.
enum class Format { Csv, Json, Html };
QList<QPair<QByteArray, QByteArray>> exportHeaders(Format format);

} // namespace bytespike::Document
