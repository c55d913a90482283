#include "Theme.h"

#include "bytespike/DesignTokens.h"

#include <QApplication>
#include <QColor>
#include <QPalette>
#include <QStyle>

#include <utility>

namespace bytespike {

namespace {

QString g_chosen = QStringLiteral("light");
QString g_current = QStringLiteral("light");

// The desktop's own preference, read from the style's standard palette (dark windows mean dark).
QString systemTheme()
{
    return QApplication::style()->standardPalette().color(QPalette::Window).lightness() < 128 ? QStringLiteral("dark")
                                                                                              : QStringLiteral("light");
}

} // namespace

QString currentTheme()
{
    return g_current;
}

QString chosenTheme()
{
    return g_chosen;
}

QColor themeColor(const QString &role)
{
    return QColor::fromString(DesignTokens::builtIn().color(g_current, role));
}

QColor chartColor(int series)
{
    return themeColor(QStringLiteral("chart_%1").arg(series % 5 + 1));
}

void applyTheme(const QString &choice)
{
    g_chosen = choice;
    const QString theme = choice == QLatin1String("system") ? systemTheme() : choice;
    g_current = theme;
    const DesignTokens &tokens = DesignTokens::builtIn();
    const auto c = [&](const char *role) { return QColor::fromString(tokens.color(theme, QLatin1String(role))); };
    // Palette role -> token role, for active and inactive windows; disabled text is muted.
    static const std::pair<QPalette::ColorRole, const char *> roles[] = {{QPalette::Window, "background"},
        {QPalette::WindowText, "text"}, {QPalette::Base, "surface"}, {QPalette::AlternateBase, "background"},
        {QPalette::Text, "text"}, {QPalette::PlaceholderText, "text_muted"}, {QPalette::Button, "surface"},
        {QPalette::ButtonText, "text"}, {QPalette::Highlight, "accent"}, {QPalette::HighlightedText, "accent_text"},
        {QPalette::Link, "accent"}, {QPalette::ToolTipBase, "surface"}, {QPalette::ToolTipText, "text"}};
    static const QPalette::ColorRole mutedWhenDisabled[] = {QPalette::WindowText, QPalette::Text, QPalette::ButtonText};
    QPalette palette;
    for (const auto &[role, token] : roles) {
        for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled})
            palette.setColor(group, role, c(token));
    }
    for (const QPalette::ColorRole role : mutedWhenDisabled)
        palette.setColor(QPalette::Disabled, role, c("text_muted"));
    QApplication::setPalette(palette);
    // Controls are told apart from what surrounds them by a border of control_border, which the
    // tokens keep at 3:1 or more against the background and the surface (WCAG 2.1 SC 1.4.11);
    // a focused field's border is the accent. Panes keep the quieter border.
    const QString control = QStringLiteral("border: 1px solid %1; border-radius: %2px;")
                                .arg(tokens.color(theme, QStringLiteral("control_border")))
                                .arg(tokens.dimension(QStringLiteral("radius"), QStringLiteral("s")));
    const QString fields = QStringLiteral("QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit");
    const qint64 xs = tokens.dimension(QStringLiteral("space"), QStringLiteral("xs"));
    qApp->setStyleSheet(QStringLiteral("QPushButton { padding: %1px %2px; %3 }"
                                       " %4 { padding: 2px %1px; %3 }"
                                       " QLineEdit:focus, QAbstractSpinBox:focus, QComboBox:focus,"
                                       " QPlainTextEdit:focus, QTextEdit:focus { border-color: %5; }"
                                       " QTabWidget::pane { border: 1px solid %6; }")
                            .arg(xs)
                            .arg(tokens.dimension(QStringLiteral("space"), QStringLiteral("m")))
                            .arg(control, fields, tokens.color(theme, QStringLiteral("accent")),
                                tokens.color(theme, QStringLiteral("border"))));
}

} // namespace bytespike
