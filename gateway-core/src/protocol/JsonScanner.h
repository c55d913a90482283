#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QtAlgorithms>
#include <QtEndian>

#include <cstring>

namespace bytespike {

// The lexical half of the one-pass readers that stand in for QJsonDocument on the request path
// (StreamEventFacts::scan, MessagesRequest::scan): a forward pass over the bytes that checks the
// JSON grammar strictly, so that whatever it accepts QJsonDocument accepts too. Rare forms are
// refused and so left to QJsonDocument: surrogate escapes, exponents, numbers of more than 15
// digits, noncharacters, control characters in strings, nesting deeper than kMaxDepth.
class JsonScanner
{
public:
    static constexpr int kMaxDepth = 64; // QJsonDocument's own limit is 1024
    static constexpr int kMaxExactDigits = 15; // every integer of up to 15 digits is exact as a double

    // A string value or key as it stands in the data.
    struct Text
    {
        QByteArrayView raw; // between the quotes
        qint64 utf8Bytes = 0; // decoded length in UTF-8
        qint64 utf16Units = 0; // decoded length in UTF-16 (a QString's size)
        bool escaped = false;
    };

    // Equality with a literal, inlined: QByteArrayView's operator== calls out of Qt for every key
    // compared.
    template <qsizetype N> static bool is(QByteArrayView text, const char (&literal)[N])
    {
        return text.size() == N - 1 && std::memcmp(text.data(), literal, N - 1) == 0;
    }

    explicit JsonScanner(QByteArrayView data)
        : m_p(data.data())
        , m_begin(data.data())
        , m_end(data.data() + data.size())
    { }

protected:
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    void skipSpace()
    {
        if (m_p != m_end && uchar(*m_p) > ' ')
            return; // compact JSON has no whitespace
        const char *from = m_p;
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
        m_droppedBytes += m_p - from;
    }

    // The byte at m_p, or 0 at the end.
    char at() const { return m_p == m_end ? '\0' : *m_p; }

    // The next byte after any whitespace, or 0 at the end.
    char next()
    {
        skipSpace();
        return at();
    }

    // After whitespace: c is the next byte, and it is consumed.
    bool take(char c)
    {
        skipSpace();
        if (m_p == m_end || *m_p != c)
            return false;
        ++m_p;
        return true;
    }

    bool atEnd()
    {
        skipSpace();
        return m_p == m_end;
    }

    qsizetype offset() const { return m_p - m_begin; }

    bool literal(QByteArrayView word)
    {
        if (m_end - m_p < word.size() || std::memcmp(m_p, word.data(), size_t(word.size())) != 0)
            return false;
        m_p += word.size();
        return true;
    }

    // -?(0|[1-9][0-9]*)(.[0-9]+)? with at most 15 digits in all; exponents are left to the reference.
    bool number(qint64 *out, bool *integer)
    {
        bool negative = false;
        if (m_p != m_end && *m_p == '-') {
            negative = true;
            ++m_p;
        }
        if (m_p == m_end || !isDigit(*m_p))
            return false;
        int digits = 0;
        qint64 value = 0;
        if (*m_p == '0') {
            ++m_p;
            digits = 1;
        } else {
            while (m_p != m_end && isDigit(*m_p)) {
                value = value * 10 + (*m_p - '0');
                ++m_p;
                if (++digits > kMaxExactDigits)
                    return false;
            }
        }
        *integer = true;
        if (m_p != m_end && *m_p == '.') {
            ++m_p;
            *integer = false;
            if (m_p == m_end || !isDigit(*m_p))
                return false;
            while (m_p != m_end && isDigit(*m_p)) {
                ++m_p;
                if (++digits > kMaxExactDigits)
                    return false;
            }
        }
        if (m_p != m_end && (*m_p == 'e' || *m_p == 'E'))
            return false;
        *out = negative ? -value : value;
        return true;
    }

    // A member's key on a read path, and its colon: an escaped key might spell a name that is
    // read, so it is left to the reference.
    bool readKey(Text *key) { return next() == '"' && string(key) && !key->escaped && take(':'); }

    // An integer count; any other value but a number reads as 0 (as QJsonValue::toDouble reads
    // it), and a fraction is left to the reference. depth is that of the value's container.
    bool readCount(qint64 *out, int depth)
    {
        const char c = next();
        if (c != '-' && !isDigit(c))
            return skipValue(depth);
        bool integer = false;
        return number(out, &integer) && integer;
    }

    // A name compared as it stands (a finish or stop reason): a string without escapes goes to
    // *out, an escaped one is left to the reference, any other value reads as "".
    bool readName(QByteArrayView *out, int depth)
    {
        if (next() != '"')
            return skipValue(depth);
        Text name;
        if (!string(&name) || name.escaped)
            return false;
        *out = name.raw;
        return true;
    }

    // A number as it stands, checked as number() checks it.
    bool numberText(QByteArrayView *raw)
    {
        const char *from = m_p;
        qint64 value = 0;
        bool integer = false;
        if (!number(&value, &integer))
            return false;
        *raw = QByteArrayView(from, m_p - from);
        return true;
    }

    // m_p is at '"'; reads the string and moves past its closing quote.
    bool string(Text *text)
    {
        ++m_p; // '"'
        const char *start = m_p;
        qint64 bytes = 0;
        qint64 units = 0;
        while (true) {
            const char *run = m_p;
            skipPlain();
            bytes += m_p - run;
            units += m_p - run;
            if (m_p == m_end)
                return false;
            const uchar c = uchar(*m_p);
            if (c == '"') {
                text->raw = QByteArrayView(start, m_p - start);
                text->utf8Bytes = bytes;
                text->utf16Units = units;
                ++m_p;
                return true;
            }
            if (c < 0x20)
                return false; // left to the reference
            if (c == '\\') {
                text->escaped = true;
                if (++m_p == m_end)
                    return false;
                switch (*m_p) {
                case '/':
                    ++m_droppedBytes; // written back unescaped
                    [[fallthrough]];
                case '"':
                case '\\':
                case 'b':
                case 'f':
                case 'n':
                case 'r':
                case 't':
                    ++m_p;
                    ++bytes;
                    ++units;
                    break;
                case 'u': {
                    if (m_end - m_p < 5)
                        return false;
                    char32_t cp = 0;
                    for (int i = 1; i <= 4; ++i) {
                        const int h = hexValue(m_p[i]);
                        if (h < 0)
                            return false;
                        cp = cp << 4 | char32_t(h);
                    }
                    if (cp >= 0xD800 && cp <= 0xDFFF)
                        return false; // surrogates are left to the reference
                    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
                    ++units;
                    m_droppedBytes += 6 - writtenLength(cp);
                    m_p += 5;
                    break;
                }
                default: return false;
                }
                continue;
            }
            const int n = utf8Sequence();
            if (n == 0)
                return false;
            m_p += n;
            bytes += n;
            units += n == 4 ? 2 : 1;
        }
    }

    // Reads an object's members: m_p is at '{' and the object is at the given depth. read(key) is
    // called at each member's value, which it must consume.
    template <typename Read> bool members(int depth, Read &&read)
    {
        if (depth > kMaxDepth)
            return false;
        ++m_p; // '{'
        if (take('}'))
            return true;
        do {
            Text key;
            if (next() != '"' || !string(&key) || key.escaped || !take(':'))
                return false; // an escaped key might spell a name that is read
            skipSpace();
            if (!read(key.raw))
                return false;
        } while (take(','));
        return take('}');
    }

    // An array's elements: m_p is at '['. read() is called at each element.
    template <typename Read> bool elements(int depth, Read &&read)
    {
        if (depth > kMaxDepth)
            return false;
        ++m_p; // '['
        if (take(']'))
            return true;
        do {
            skipSpace();
            if (!read())
                return false;
        } while (take(','));
        return take(']');
    }

    static bool once(unsigned *seen, unsigned bit)
    {
        if (*seen & bit)
            return false;
        *seen |= bit;
        return true;
    }

    // Any value, only checked: m_p is at its first byte. depth is that of the value's container.
    bool skipValue(int depth)
    {
        switch (next()) {
        case '"': {
            Text text;
            return string(&text);
        }
        case '{': {
            if (depth + 1 > kMaxDepth)
                return false;
            ++m_p;
            if (take('}'))
                return true;
            do {
                Text key;
                if (next() != '"' || !string(&key) || !take(':') || !skipValue(depth + 1))
                    return false;
            } while (take(','));
            return take('}');
        }
        case '[': {
            if (depth + 1 > kMaxDepth)
                return false;
            ++m_p;
            if (take(']'))
                return true;
            do {
                if (!skipValue(depth + 1))
                    return false;
            } while (take(','));
            return take(']');
        }
        case 't': return literal("true");
        case 'f': return literal("false");
        case 'n': return literal("null");
        default: {
            qint64 value = 0;
            bool integer = false;
            return number(&value, &integer);
        }
        }
    }

    const char *m_p;
    const char *m_begin;
    const char *m_end;
    // Bytes a compact re-serialisation would not write (whitespace, escapes it writes shorter).
    qint64 m_droppedBytes = 0;

private:
    // The length QJsonDocument writes a character back in: short escapes for the quote, the
    // backslash and five controls, \u00XX for the other controls, UTF-8 for the rest.
    static int writtenLength(char32_t cp)
    {
        switch (cp) {
        case '"':
        case '\\':
        case '\b':
        case '\f':
        case '\n':
        case '\r':
        case '\t': return 2;
        }
        if (cp < 0x20)
            return 6;
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
    }

    static int hexValue(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    // One well-formed UTF-8 sequence of two to four bytes (Unicode table 3-7); noncharacters are
    // left to the reference. Returns its length, 0 when it is not one.
    int utf8Sequence() const
    {
        const auto *s = reinterpret_cast<const unsigned char *>(m_p);
        const qsizetype left = m_end - m_p;
        const unsigned char b0 = s[0];
        auto cont = [&](int i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
            return i < left && s[i] >= lo && s[i] <= hi;
        };
        if (b0 >= 0xC2 && b0 <= 0xDF)
            return cont(1) ? 2 : 0;
        if (b0 >= 0xE0 && b0 <= 0xEF) {
            const unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
            const unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;
            if (!cont(1, lo, hi) || !cont(2))
                return 0;
            const char32_t cp = char32_t(b0 & 0x0F) << 12 | char32_t(s[1] & 0x3F) << 6 | char32_t(s[2] & 0x3F);
            if ((cp >= 0xFDD0 && cp <= 0xFDEF) || cp >= 0xFFFE)
                return 0;
            return 3;
        }
        if (b0 >= 0xF0 && b0 <= 0xF4) {
            const unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
            const unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
            if (!cont(1, lo, hi) || !cont(2) || !cont(3))
                return 0;
            if ((s[2] & 0x3F) == 0x3F && (s[3] & 0x3E) == 0x3E && (s[1] & 0x0F) == 0x0F)
                return 0; // U+xFFFE, U+xFFFF
            return 4;
        }
        return 0;
    }

    // Moves past the string bytes that stand for themselves (printable ASCII but the quote and the
    // backslash): most of a body is text, so eight at a time while eight are left.
    void skipPlain()
    {
        constexpr quint64 kOnes = 0x0101010101010101;
        constexpr quint64 kHighs = kOnes * 0x80;
        while (m_end - m_p >= 8) {
            quint64 word;
            std::memcpy(&word, m_p, 8);
            word = qFromLittleEndian(word);
            const quint64 quote = word ^ (kOnes * '"');
            const quint64 backslash = word ^ (kOnes * '\\');
            // The high bit of each byte that is not ASCII, a control, a quote or a backslash. A
            // borrow can mark a byte wrongly, but only one after a byte rightly marked, so the
            // lowest mark is exact.
            const quint64 special = (word | ((word - kOnes * 0x20) & ~word) | ((quote - kOnes) & ~quote)
                                        | ((backslash - kOnes) & ~backslash))
                & kHighs;
            if (special) {
                m_p += qCountTrailingZeroBits(special) / 8;
                return;
            }
            m_p += 8;
        }
        while (m_p != m_end && uchar(*m_p) >= 0x20 && uchar(*m_p) < 0x80 && *m_p != '"' && *m_p != '\\')
            ++m_p;
    }
};

} // namespace bytespike
