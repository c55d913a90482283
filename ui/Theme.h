#pragma once

#include <QString>

namespace bytespike {

// Applies a theme of resources/design-tokens.json ("light" or "dark") to the whole console: the
// application palette and a small style sheet, both built from the token values, so no colour is
// written anywhere in ui/.
void applyTheme(const QString &theme);

} // namespace bytespike
