#pragma once

#include <QColor>
#include <QString>

namespace bytespike {

// Applies a theme of resources/design-tokens.json ("light" or "dark", or "system" for the one
// that matches the desktop's own palette) to the whole console: the application palette and a
// small style sheet, both built from the token values, so no colour is written anywhere in ui/.
// Widgets that paint with token colours (charts) follow on QEvent::ApplicationPaletteChange.
void applyTheme(const QString &theme);
// The theme in force ("light" or "dark") and the choice that led to it (may be "system").
QString currentTheme();
QString chosenTheme();
// A token role's colour in the current theme, e.g. themeColor("chart_1").
QColor themeColor(const QString &role);
// The chart series colours chart_1..chart_5, repeating.
QColor chartColor(int series);

} // namespace bytespike
