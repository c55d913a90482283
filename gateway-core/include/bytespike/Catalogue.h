#pragma once

#include <QString>
#include <QStringList>

namespace bytespike {

// The translation catalogue (translations/bytespike_<locale>.ts, compiled into the core as .qm)
// for text the gateway itself renders, such as the html rate card. Thread-safe; nothing is
// installed globally, so concurrent requests in different locales do not disturb each other.
namespace Catalogue {

// The locales with a catalogue, besides the source language "en".
QStringList locales();
// source (marked with QT_TRANSLATE_NOOP(context, ...)) in locale; the source text itself for
// "en" and for a locale without a catalogue.
QString text(const QString &locale, const char *context, const char *source);

} // namespace Catalogue
} // namespace bytespike
