#include "Theme.h"

#include "bytespike/DesignTokens.h"

#include <QApplication>
#include <QColor>
#include <QPalette>

namespace bytespike {

void applyTheme(const QString &theme)
{
    const DesignTokens &tokens = DesignTokens::builtIn();
    const auto c = [&](const char *role) { return QColor::fromString(tokens.color(theme, QLatin1String(role))); };
    QPalette palette;
    for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
        palette.setColor(group, QPalette::Window, c("background"));
        palette.setColor(group, QPalette::WindowText, c("text"));
        palette.setColor(group, QPalette::Base, c("surface"));
        palette.setColor(group, QPalette::AlternateBase, c("background"));
        palette.setColor(group, QPalette::Text, c("text"));
        palette.setColor(group, QPalette::PlaceholderText, c("text_muted"));
        palette.setColor(group, QPalette::Button, c("surface"));
        palette.setColor(group, QPalette::ButtonText, c("text"));
        palette.setColor(group, QPalette::Highlight, c("accent"));
        palette.setColor(group, QPalette::HighlightedText, c("accent_text"));
        palette.setColor(group, QPalette::Link, c("accent"));
        palette.setColor(group, QPalette::ToolTipBase, c("surface"));
        palette.setColor(group, QPalette::ToolTipText, c("text"));
    }
    palette.setColor(QPalette::Disabled, QPalette::WindowText, c("text_muted"));
    palette.setColor(QPalette::Disabled, QPalette::Text, c("text_muted"));
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, c("text_muted"));
    palette.setColor(QPalette::Disabled, QPalette::Window, c("background"));
    palette.setColor(QPalette::Disabled, QPalette::Button, c("surface"));
    QApplication::setPalette(palette);
    qApp->setStyleSheet(QStringLiteral("QPushButton { padding: %1px %2px; border: 1px solid %3; border-radius: %4px; }"
                                       " QTabWidget::pane { border: 1px solid %3; }")
                            .arg(tokens.dimension(QStringLiteral("space"), QStringLiteral("xs")))
                            .arg(tokens.dimension(QStringLiteral("space"), QStringLiteral("m")))
                            .arg(tokens.color(theme, QStringLiteral("border")))
                            .arg(tokens.dimension(QStringLiteral("radius"), QStringLiteral("s"))));
}

} // namespace bytespike
