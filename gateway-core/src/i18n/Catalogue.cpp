#include "bytespike/Catalogue.h"

#include <QDir>
#include <QHash>
#include <QMutex>
#include <QTranslator>

#include <memory>

namespace bytespike::Catalogue {

namespace {
const QString kDir = QStringLiteral(":/bytespike/i18n");

QMutex mutex;
QHash<QString, std::shared_ptr<QTranslator>> loaded;

std::shared_ptr<QTranslator> translator(const QString &locale)
{
    QMutexLocker lock(&mutex);
    if (auto it = loaded.find(locale); it != loaded.end())
        return *it;
    auto t = std::make_shared<QTranslator>();
    if (!t->load(QStringLiteral("bytespike_") + locale, kDir))
        t.reset();
    loaded.insert(locale, t);
    return t;
}
} // namespace

QStringList locales()
{
    // The catalogues are compiled in: list them once.
    static const QStringList compiled = [] {
        QStringList out;
        for (const QString &file : QDir(kDir).entryList({QStringLiteral("bytespike_*.qm")}, QDir::Files, QDir::Name))
            out << file.mid(10).chopped(3);
        return out;
    }();
    return compiled;
}

QString text(const QString &locale, const char *context, const char *source)
{
    if (locale.isEmpty() || locale == QLatin1String("en"))
        return QString::fromUtf8(source);
    const std::shared_ptr<QTranslator> t = translator(locale);
    const QString translated = t ? t->translate(context, source) : QString();
    return translated.isEmpty() ? QString::fromUtf8(source) : translated;
}

} // namespace bytespike::Catalogue
