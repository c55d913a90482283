#include "bytespike/DesignTokens.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace bytespike {

namespace {

QJsonObject load()
{
    QFile file(QStringLiteral(":/bytespike/design-tokens.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

double channelLuminance(int value)
{
    const double c = value / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

bool isHexColor(const QString &hex)
{
    if (hex.size() != 7 || hex.at(0) != QLatin1Char('#'))
        return false;
    bool ok = false;
    hex.mid(1).toUInt(&ok, 16);
    return ok;
}

double luminance(const QString &hex)
{
    const uint rgb = hex.mid(1).toUInt(nullptr, 16);
    return 0.2126 * channelLuminance(int((rgb >> 16) & 0xff)) + 0.7152 * channelLuminance(int((rgb >> 8) & 0xff))
        + 0.0722 * channelLuminance(int(rgb & 0xff));
}

QString cssName(const QString &group, const QString &name)
{
    QString out = QStringLiteral("--%1-%2").arg(group, name);
    out.replace(QLatin1Char('_'), QLatin1Char('-'));
    return out;
}

} // namespace

const DesignTokens &DesignTokens::builtIn()
{
    static const DesignTokens tokens(load());
    return tokens;
}

DesignTokens::DesignTokens(const QJsonObject &json)
    : m_json(json)
{ }

QStringList DesignTokens::themes() const
{
    return m_json.value(QStringLiteral("themes")).toObject().keys();
}

QStringList DesignTokens::roles(const QString &theme) const
{
    return m_json.value(QStringLiteral("themes")).toObject().value(theme).toObject().keys();
}

QString DesignTokens::color(const QString &theme, const QString &role) const
{
    const QString entry
        = m_json.value(QStringLiteral("themes")).toObject().value(theme).toObject().value(role).toString();
    const QString hex = m_json.value(QStringLiteral("palette")).toObject().value(entry).toString();
    return isHexColor(hex) ? hex : QString();
}

qint64 DesignTokens::dimension(const QString &group, const QString &name) const
{
    return m_json.value(group).toObject().value(name).toInteger();
}

QString DesignTokens::text(const QString &group, const QString &name) const
{
    return m_json.value(group).toObject().value(name).toString();
}

namespace {
QList<QPair<QString, QString>> rolePairs(const QJsonObject &json, const QString &key)
{
    QList<QPair<QString, QString>> out;
    for (const QJsonValue &pair : json.value(key).toArray())
        out.append({pair.toArray().at(0).toString(), pair.toArray().at(1).toString()});
    return out;
}
} // namespace

QList<QPair<QString, QString>> DesignTokens::contrastPairs() const
{
    return rolePairs(m_json, QStringLiteral("contrast_pairs"));
}

QList<QPair<QString, QString>> DesignTokens::componentPairs() const
{
    return rolePairs(m_json, QStringLiteral("component_pairs"));
}

QString DesignTokens::cssVariables(const QString &theme) const
{
    QString css;
    for (const QString &role : roles(theme))
        css += QStringLiteral("  %1: %2;\n").arg(cssName(QStringLiteral("color"), role), color(theme, role));
    for (const char *group : {"space", "radius", "type"}) {
        const QJsonObject values = m_json.value(QLatin1String(group)).toObject();
        for (auto it = values.begin(); it != values.end(); ++it) {
            const bool pixels
                = QLatin1String(group) != QLatin1String("type") || it.key().startsWith(QLatin1String("size"));
            const QString value = it.value().isDouble()
                ? QString::number(it.value().toInteger()) + (pixels ? QStringLiteral("px") : QString())
                : it.value().toString();
            css += QStringLiteral("  %1: %2;\n").arg(cssName(QLatin1String(group), it.key()), value);
        }
    }
    return css;
}

double DesignTokens::contrast(const QString &a, const QString &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace bytespike
