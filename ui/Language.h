#pragma once

#include <QString>
#include <QStringList>

namespace bytespike {

// The console's interface language, switchable at run time: ByteSpike's catalogue (the same one
// the html exports use) and Qt's own qtbase catalogue are installed as translators, which sends
// every widget a LanguageChange event; pages retranslate themselves on it.
namespace Language {

// "en" (the source language) and every locale with a catalogue.
QStringList available();
// Switches to locale ("en" removes the translations); also sets QLocale's default for numbers,
// money and dates.
void apply(const QString &locale);
QString current();

} // namespace Language
} // namespace bytespike
