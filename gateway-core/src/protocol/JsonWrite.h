#pragma once

#include <QByteArray>
#include <QStringView>

namespace bytespike {

// Writes JSON pieces byte for byte as QJsonDocument::toJson(Compact) writes them, for the
// per-frame paths that splice a few values into a template instead of building and
// serialising a whole document per frame (the translated streams).
namespace JsonWrite {

// s as a quoted JSON string: '"' and '\' escaped, \b \f \n \r \t, other control characters
// as \u00xx, everything else as UTF-8, and a lone surrogate (which UTF-8 cannot hold) as
// \uxxxx, as QJsonDocument does.
inline void appendString(QByteArray &out, QStringView s)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const qsizetype start = out.size();
    // The longest a UTF-16 unit can become is a 6-byte escape.
    out.resize(start + 2 + s.size() * 6);
    char *p = out.data() + start;
    *p++ = '"';
    const char16_t *src = s.utf16();
    const char16_t *const end = src + s.size();
    auto escapeUnit = [&p](char16_t u) {
        *p++ = '\\';
        *p++ = 'u';
        *p++ = kHex[(u >> 12) & 0xf];
        *p++ = kHex[(u >> 8) & 0xf];
        *p++ = kHex[(u >> 4) & 0xf];
        *p++ = kHex[u & 0xf];
    };
    while (src != end) {
        const char16_t u = *src++;
        if (u < 0x80) {
            if (u >= 0x20 && u != '"' && u != '\\') {
                *p++ = char(u);
                continue;
            }
            switch (u) {
            case '"': *p++ = '\\', *p++ = '"'; break;
            case '\\': *p++ = '\\', *p++ = '\\'; break;
            case '\b': *p++ = '\\', *p++ = 'b'; break;
            case '\f': *p++ = '\\', *p++ = 'f'; break;
            case '\n': *p++ = '\\', *p++ = 'n'; break;
            case '\r': *p++ = '\\', *p++ = 'r'; break;
            case '\t': *p++ = '\\', *p++ = 't'; break;
            default: escapeUnit(u);
            }
        } else if (u < 0x800) {
            *p++ = char(0xc0 | (u >> 6));
            *p++ = char(0x80 | (u & 0x3f));
        } else if (u < 0xd800 || u > 0xdfff) {
            *p++ = char(0xe0 | (u >> 12));
            *p++ = char(0x80 | ((u >> 6) & 0x3f));
            *p++ = char(0x80 | (u & 0x3f));
        } else if (u < 0xdc00 && src != end && *src >= 0xdc00 && *src <= 0xdfff) {
            const char32_t cp = 0x10000 + ((char32_t(u) - 0xd800) << 10) + (char32_t(*src++) - 0xdc00);
            *p++ = char(0xf0 | (cp >> 18));
            *p++ = char(0x80 | ((cp >> 12) & 0x3f));
            *p++ = char(0x80 | ((cp >> 6) & 0x3f));
            *p++ = char(0x80 | (cp & 0x3f));
        } else {
            escapeUnit(u);
        }
    }
    *p++ = '"';
    out.truncate(p - out.constData());
}

inline QByteArray string(QStringView s)
{
    QByteArray out;
    appendString(out, s);
    return out;
}

} // namespace JsonWrite

} // namespace bytespike
