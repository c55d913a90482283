#pragma once

#include <QByteArray>
#include <QLocale>
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

// An integer as QJsonDocument writes one that a double holds exactly (|value| <= 2^53): its
// decimal digits, without a buffer of its own (QByteArray::number allocates one).
inline void appendInteger(QByteArray &out, qint64 value)
{
    char digits[20];
    char *const end = digits + sizeof digits;
    char *p = end;
    quint64 magnitude = value < 0 ? 0 - quint64(value) : quint64(value);
    do {
        *--p = char('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    if (value < 0)
        *--p = '-';
    out.append(p, end - p);
}

inline QByteArray string(QStringView s)
{
    QByteArray out;
    appendString(out, s);
    return out;
}

// The contents of a JSON string as they stood between its quotes, written (without the quotes) the
// way QJsonDocument writes its value back: escapes QJsonDocument keeps stay, "\/" becomes "/",
// a \u escape becomes the character (or the escape QJsonDocument uses for it). The contents
// must be a string JsonScanner accepted: no raw control characters, no surrogate escapes.
inline void appendScannedText(QByteArray &out, QByteArrayView raw, bool escaped)
{
    if (!escaped) {
        out.append(raw);
        return;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    auto hexValue = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    const char *p = raw.data();
    const char *const end = p + raw.size();
    while (p != end) {
        const char *run = p;
        while (p != end && *p != '\\')
            ++p;
        out.append(QByteArrayView(run, p - run));
        if (p == end)
            break;
        const char e = p[1];
        p += 2;
        if (e == '/') {
            out.append('/');
            continue;
        }
        if (e != 'u') {
            out.append('\\').append(e);
            continue;
        }
        char32_t cp = 0;
        for (int i = 0; i < 4; ++i)
            cp = cp << 4 | char32_t(hexValue(p[i]));
        p += 4;
        switch (cp) {
        case '"': out.append("\\\""); continue;
        case '\\': out.append("\\\\"); continue;
        case '\b': out.append("\\b"); continue;
        case '\f': out.append("\\f"); continue;
        case '\n': out.append("\\n"); continue;
        case '\r': out.append("\\r"); continue;
        case '\t': out.append("\\t"); continue;
        }
        if (cp < 0x20) {
            const char escape[] = {'\\', 'u', '0', '0', kHex[cp >> 4], kHex[cp & 0xf]};
            out.append(escape, sizeof escape);
        } else if (cp < 0x80) {
            out.append(char(cp));
        } else if (cp < 0x800) {
            out.append(char(0xc0 | (cp >> 6))).append(char(0x80 | (cp & 0x3f)));
        } else {
            out.append(char(0xe0 | (cp >> 12)))
                .append(char(0x80 | ((cp >> 6) & 0x3f)))
                .append(char(0x80 | (cp & 0x3f)));
        }
    }
}

// A number as QJsonDocument writes a double: the shortest form that reads back the same.
inline void appendNumber(QByteArray &out, double d)
{
    out.append(QByteArray::number(d, 'g', QLocale::FloatingPointShortest));
}

// A number as it stood in JSON JsonScanner accepted (no exponent, at most 15 digits), written the
// way QJsonDocument writes the value it reads: an integer as it is (but -0, which it reads as a
// double), anything else as the shortest form of its double.
inline void appendScannedNumber(QByteArray &out, QByteArrayView raw)
{
    if (!raw.contains('.') && raw != "-0")
        out.append(raw);
    else
        appendNumber(out, QByteArray::fromRawData(raw.data(), raw.size()).toDouble());
}

} // namespace JsonWrite

} // namespace bytespike
