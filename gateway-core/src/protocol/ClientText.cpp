#include "ClientText.h"

#include "InputRules.h"

#include <algorithm>

namespace bytespike::ClientText {

namespace {

// The escape for a character no quoted text keeps as it is, or an empty view for one it keeps.
QString escapeOf(char16_t u)
{
    switch (u) {
    case u'\n': return QStringLiteral("\\n");
    case u'\r': return QStringLiteral("\\r");
    case u'\t': return QStringLiteral("\\t");
    default: break;
    }
    if (InputRules::isControl(u) || QChar::isSurrogate(u))
        return QStringLiteral("\\u%1").arg(uint(u), 4, 16, QLatin1Char('0'));
    return {};
}

} // namespace

QString quote(const QString &original, qsizetype maxBytes)
{
    static constexpr qsizetype kMarkBytes = 3; // "..."
    // The usual case, a short name of printable ASCII, as it is.
    if (original.size() <= maxBytes && std::all_of(original.begin(), original.end(), [](QChar c) {
            return c.unicode() >= 0x20 && c.unicode() < 0x7F;
        }))
        return original;
    const QStringView text(original);
    // One character of text at i: its length in text, its escape (or empty) and its quoted bytes.
    struct Piece
    {
        qsizetype units;
        QString escaped;
        qsizetype bytes;
    };
    const auto piece = [&text](qsizetype i) {
        const char16_t u = text[i].unicode();
        if (QChar::isHighSurrogate(u) && i + 1 < text.size() && QChar::isLowSurrogate(text[i + 1].unicode()))
            return Piece {2, {}, 4};
        QString escaped = escapeOf(u);
        const qsizetype bytes = !escaped.isEmpty() ? escaped.size() : u < 0x80 ? 1 : u < 0x800 ? 2 : 3;
        return Piece {1, std::move(escaped), bytes};
    };
    // Whether it all fits: then nothing is cut and no mark is needed.
    qsizetype total = 0;
    for (qsizetype i = 0; i < text.size() && total <= maxBytes;) {
        const Piece p = piece(i);
        total += p.bytes;
        i += p.units;
    }
    const qsizetype budget = total <= maxBytes ? maxBytes : maxBytes - kMarkBytes;
    QString out;
    qsizetype bytes = 0;
    for (qsizetype i = 0; i < text.size();) {
        const Piece p = piece(i);
        if (bytes + p.bytes > budget)
            break;
        bytes += p.bytes;
        if (p.escaped.isEmpty())
            out.append(text.mid(i, p.units));
        else
            out.append(p.escaped);
        i += p.units;
    }
    if (total > maxBytes)
        out += QLatin1String("...");
    return out;
}

} // namespace bytespike::ClientText
