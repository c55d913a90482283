#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

namespace bytespike {

// resources/design-tokens.json, compiled in: the one source of colours, spacing, radii and type
// for the console (QPalette, style sheet, chart series) and every html export (CSS custom
// properties). Two layers: a palette of named colours, and per theme (light, dark) semantic roles
// that name palette entries. Read-only; cheap to copy.
class DesignTokens
{
public:
    // The compiled-in tokens.
    static const DesignTokens &builtIn();
    explicit DesignTokens(const QJsonObject &json);

    QStringList themes() const;
    QStringList roles(const QString &theme) const;
    // A role's colour as #rrggbb; empty when the theme or role is unknown or names no palette entry.
    QString color(const QString &theme, const QString &role) const;
    qint64 dimension(const QString &group, const QString &name) const; // space, radius, type sizes
    QString text(const QString &group, const QString &name) const; // type families
    // The (foreground, background) role pairs that must meet WCAG AA for text (4.5:1).
    QList<QPair<QString, QString>> contrastPairs() const;
    // The (boundary, surroundings) pairs of controls (an input field's border, a focus ring) that
    // must meet WCAG 2.1 SC 1.4.11, non-text contrast (3:1).
    QList<QPair<QString, QString>> componentPairs() const;

    // CSS custom properties for a theme: --color-<role>, --space-*, --radius-*, --type-*.
    QString cssVariables(const QString &theme) const;

    // WCAG 2 contrast ratio of two #rrggbb colours (1 to 21).
    static double contrast(const QString &a, const QString &b);

private:
    QJsonObject m_json;
};

} // namespace bytespike
