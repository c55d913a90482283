#include "Language.h"

#include "bytespike/Catalogue.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace bytespike::Language {

namespace {
std::unique_ptr<QTranslator> ours;
std::unique_ptr<QTranslator> qtbase;
QString active = QStringLiteral("en");
} // namespace

QStringList available()
{
    return QStringList {QStringLiteral("en")} + Catalogue::locales();
}

QString current()
{
    return active;
}

void apply(const QString &locale)
{
    for (auto *t : {&ours, &qtbase}) {
        if (*t) {
            QCoreApplication::removeTranslator(t->get());
            t->reset();
        }
    }
    // de_DE finds de; anything without a catalogue falls back to the source language.
    const QString language = locale.section(QLatin1Char('_'), 0, 0);
    active = available().contains(locale) ? locale : available().contains(language) ? language : QStringLiteral("en");
    QLocale::setDefault(QLocale(active));
    if (active == QLatin1String("en")) {
        // removeTranslator already sent LanguageChange when something was removed; send it anyway
        // so a first switch to English also retranslates.
        QEvent change(QEvent::LanguageChange);
        QCoreApplication::sendEvent(QCoreApplication::instance(), &change);
        return;
    }
    qtbase = std::make_unique<QTranslator>();
    if (qtbase->load(QStringLiteral("qtbase_") + active, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtbase.get());
    else
        qtbase.reset();
    ours = std::make_unique<QTranslator>();
    if (ours->load(QStringLiteral("bytespike_") + active, QStringLiteral(":/bytespike/i18n")))
        QCoreApplication::installTranslator(ours.get());
    else
        ours.reset();
}

} // namespace bytespike::Language
