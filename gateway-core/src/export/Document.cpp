#include "Document.h"

#include "bytespike/DesignTokens.h"

namespace bytespike::Document {

QString csvField(const QString &text)
{
    QString cell = text;
    if (!cell.isEmpty()) {
        const QChar first = cell.front();
        if (first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t' || first == u'\r')
            cell.prepend(QLatin1Char('\''));
    }
    if (!cell.contains(QLatin1Char(',')) && !cell.contains(QLatin1Char('"')) && !cell.contains(QLatin1Char('\n'))
        && !cell.contains(QLatin1Char('\r')))
        return cell;
    cell.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + cell + QLatin1Char('"');
}

QString csvNumber(qint64 value)
{
    return QString::number(value);
}

QList<QPair<QByteArray, QByteArray>> exportHeaders(Format format)
{
    QList<QPair<QByteArray, QByteArray>> headers {{"x-content-type-options", "nosniff"}};
    if (format == Format::Html)
        headers.append(QPair<QByteArray, QByteArray>("content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none';"
            " frame-ancestors 'none'"));
    return headers;
}

QLocale documentLocale(const QString &locale)
{
    return QLocale(locale.isEmpty() ? QStringLiteral("en") : locale);
}

namespace {
// The rules with every var(--name) replaced by the theme's value, lengths in points: Qt's rich
// text takes pixels as the device's own, which on a printer or PDF page are a few micrometres.
QString resolved(QString rules, const QString &theme)
{
    const QStringList declarations = DesignTokens::builtIn().cssVariables(theme).split(QLatin1Char('\n'));
    for (const QString &declaration : declarations) {
        const qsizetype colon = declaration.indexOf(QLatin1Char(':'));
        if (colon < 0)
            continue;
        const QString name = declaration.left(colon).trimmed();
        QString value = declaration.mid(colon + 1).trimmed();
        value.chop(1); // the ';'
        if (value.endsWith(QLatin1String("px"))) // 1px = 0.75pt
            value = QStringLiteral("%1pt").arg(double(value.chopped(2).toInt()) * 0.75);
        rules.replace(QStringLiteral("var(%1)").arg(name), value);
    }
    return rules;
}
} // namespace

QString htmlPage(const QString &locale, const QString &title, const QString &body, const QString &rules)
{
    const QString lang
        = locale.isEmpty() ? QStringLiteral("en") : QString(locale).replace(QLatin1Char('_'), QLatin1Char('-'));
    const DesignTokens &tokens = DesignTokens::builtIn();
    const QString shared
        = QStringLiteral(
              "body { margin: 0; padding: var(--space-xxl); background: var(--color-background); color: "
              "var(--color-text);"
              " font-family: var(--type-family); font-size: var(--type-size-body); }\n"
              "h1 { font-size: var(--type-size-title); font-weight: var(--type-weight-bold); margin: 0 0 "
              "var(--space-xs); }\n"
              "p { color: var(--color-text-muted); margin: 0 0 var(--space-l); }\n"
              "table { border-collapse: collapse; background: var(--color-surface); border: 1px solid "
              "var(--color-border);"
              " border-radius: var(--radius-m); }\n"
              "th, td { padding: var(--space-s) var(--space-m); border-bottom: 1px solid var(--color-border);"
              " text-align: left; }\n"
              "th { font-weight: var(--type-weight-bold); }\n"
              "td.num { font-family: var(--type-mono); text-align: right; }\n"
              "tr.total td { font-weight: var(--type-weight-bold); }\n"
              "footer { margin-top: var(--space-l); color: var(--color-text-muted); font-size: var(--type-size-small); "
              "}\n")
        + rules;
    QString page = QStringLiteral("<!DOCTYPE html>\n<html lang=\"%1\">\n<head>\n<meta charset=\"utf-8\">\n"
                                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                                  "<title>%2</title>\n<style>\n")
                       .arg(lang.toHtmlEscaped(), title);
    page += resolved(shared, QStringLiteral("light"));
    // Inside @supports, which Qt's rich text skips: a declaration it cannot read (var()) would
    // otherwise undo the written-out one.
    page += QStringLiteral("@supports (--bytespike: 0) {\n:root {\n") + tokens.cssVariables(QStringLiteral("light"))
        + QStringLiteral("}\n");
    page += QStringLiteral("@media (prefers-color-scheme: dark) {\n:root {\n")
        + tokens.cssVariables(QStringLiteral("dark")) + QStringLiteral("}\n}\n");
    page += shared + QStringLiteral("@media print { body { padding: 0; } }\n}\n</style>\n</head>\n<body>\n");
    page += body;
    page += QStringLiteral("</body>\n</html>\n");
    return page;
}

} // namespace bytespike::Document
