#include "StreamEvent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QVarLengthArray>
#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace bytespike {

namespace {

constexpr int kMaxDepth = 64; // deeper data is left to QJsonDocument (its own limit is 1024)
constexpr int kMaxExactDigits = 15; // every integer of up to 15 digits is exact as a double
constexpr int kMaxInputKeys = 64; // bounds the look-up for repeated keys in a tool input object

// Message is a whole non-stream answer: its top level is what message_start nests under "message".
enum class EventKind { MessageStart, MessageDelta, BlockDelta, Message, Other };

// Where a value sits on the paths the relay reads; everything else is only validated. Input is
// anywhere inside a tool input object, which is counted by its size.
enum class Place { Top, Message, Usage, Delta, Content, Block, Input, Other };

// What a member's value is read for.
enum class Leaf { None, Counter, TextBytes, StopReason, ToolInput };

// The members of one object on a read path that matter, so a second one (a duplicate key, where
// the reference's answer depends on which one wins) makes the scan give up.
enum KeyBit : unsigned {
    kMessage = 1u << 0,
    kUsage = 1u << 1,
    kDelta = 1u << 2,
    kInput = 1u << 3,
    kOutput = 1u << 4,
    kCacheWrite = 1u << 5,
    kCacheRead = 1u << 6,
    kText = 1u << 7,
    kPartialJson = 1u << 8,
    kThinking = 1u << 9,
    kStopReason = 1u << 10,
    kToolInput = 1u << 11,
    kContent = 1u << 12,
};

// Equality with a literal, inlined: QByteArrayView's operator== calls out of Qt for every key
// compared, a few hundred times per streamed answer.
template <qsizetype N> bool is(QByteArrayView text, const char (&literal)[N])
{
    return text.size() == N - 1 && std::memcmp(text.data(), literal, N - 1) == 0;
}

EventKind kindOf(QByteArrayView event)
{
    if (is(event, "content_block_delta"))
        return EventKind::BlockDelta;
    if (is(event, "message_delta"))
        return EventKind::MessageDelta;
    if (is(event, "message_start"))
        return EventKind::MessageStart;
    return EventKind::Other;
}

// A single forward pass over the bytes: validates the JSON grammar (strictly, so that whatever
// it accepts QJsonDocument accepts too) and reads the facts on the way.
class Scanner
{
public:
    Scanner(QByteArrayView data, EventKind kind, StreamEventFacts *facts)
        : m_p(data.data())
        , m_end(data.data() + data.size())
        , m_kind(kind)
        , m_facts(facts)
    { }

    bool run()
    {
        skipSpace();
        if (m_p == m_end || *m_p != '{')
            return false;
        if (!object(m_kind == EventKind::Message ? Place::Message : Place::Top, 1))
            return false;
        skipSpace();
        return m_p == m_end;
    }

private:
    struct Text
    {
        QByteArrayView raw; // between the quotes
        qint64 utf8Bytes = 0; // decoded length
        bool escaped = false;
    };

    struct Member
    {
        Place place = Place::Other;
        Leaf leaf = Leaf::None;
        unsigned bit = 0;
        std::optional<qint64> *counter = nullptr;
    };

    void skipSpace()
    {
        if (m_p != m_end && uchar(*m_p) > ' ')
            return; // compact JSON has no whitespace
        const char *from = m_p;
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
        m_droppedBytes += m_p - from;
    }

    Member member(Place place, QByteArrayView key)
    {
        UsageReport &usage = m_facts->usage;
        switch (place) {
        case Place::Top:
            if (is(key, "message"))
                return {m_kind == EventKind::MessageStart ? Place::Message : Place::Other, Leaf::None, kMessage};
            if (is(key, "usage"))
                return {m_kind == EventKind::MessageDelta ? Place::Usage : Place::Other, Leaf::None, kUsage};
            if (is(key, "delta"))
                return {
                    m_kind == EventKind::MessageDelta || m_kind == EventKind::BlockDelta ? Place::Delta : Place::Other,
                    Leaf::None, kDelta};
            return {};
        case Place::Message:
            if (is(key, "usage"))
                return {Place::Usage, Leaf::None, kUsage};
            if (m_kind != EventKind::Message)
                return {};
            if (is(key, "stop_reason"))
                return {Place::Other, Leaf::StopReason, kStopReason};
            if (is(key, "content"))
                return {Place::Content, Leaf::None, kContent};
            return {};
        case Place::Usage:
            if (is(key, "input_tokens"))
                return {Place::Other, Leaf::Counter, kInput, &usage.inputTokens};
            if (is(key, "output_tokens"))
                return {Place::Other, Leaf::Counter, kOutput, &usage.outputTokens};
            if (is(key, "cache_creation_input_tokens"))
                return {Place::Other, Leaf::Counter, kCacheWrite, &usage.cacheWriteTokens};
            if (is(key, "cache_read_input_tokens"))
                return {Place::Other, Leaf::Counter, kCacheRead, &usage.cacheReadTokens};
            return {};
        case Place::Delta:
            if (m_kind == EventKind::MessageDelta)
                return is(key, "stop_reason") ? Member {Place::Other, Leaf::StopReason, kStopReason} : Member {};
            return pieceMember(key);
        case Place::Block: return pieceMember(key);
        case Place::Input: return {Place::Input};
        case Place::Content:
        case Place::Other: return {};
        }
        return {};
    }

    // A content_block_delta's delta or a message's content block (generatedBytes).
    static Member pieceMember(QByteArrayView key)
    {
        if (is(key, "text"))
            return {Place::Other, Leaf::TextBytes, kText};
        if (is(key, "partial_json"))
            return {Place::Other, Leaf::TextBytes, kPartialJson};
        if (is(key, "thinking"))
            return {Place::Other, Leaf::TextBytes, kThinking};
        if (is(key, "input"))
            return {Place::Other, Leaf::ToolInput, kToolInput};
        return {};
    }

    bool object(Place place, int depth)
    {
        if (depth > kMaxDepth)
            return false;
        ++m_p; // '{'
        skipSpace();
        if (m_p != m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        if (place == Place::Usage)
            m_facts->usage.present = true;
        unsigned seen = 0;
        const qsizetype firstKey = m_inputKeys.size();
        while (true) {
            skipSpace();
            if (m_p == m_end || *m_p != '"')
                return false;
            Text key;
            if (!string(&key))
                return false;
            Member m;
            if (place != Place::Other) {
                if (key.escaped)
                    return false; // it might spell a name that is read, or repeat a tool input's key
                m = member(place, key.raw);
                if (seen & m.bit)
                    return false;
                seen |= m.bit;
                if (place == Place::Input && !takeInputKey(key.raw, firstKey))
                    return false;
            }
            skipSpace();
            if (m_p == m_end || *m_p != ':')
                return false;
            ++m_p;
            if (!value(m, depth))
                return false;
            skipSpace();
            if (m_p == m_end)
                return false;
            if (*m_p == '}') {
                ++m_p;
                if (place == Place::Input)
                    m_inputKeys.resize(firstKey);
                return true;
            }
            if (*m_p != ',')
                return false;
            ++m_p;
        }
    }

    // The reference re-serialises a tool input, which keeps one member per key: a repeated key
    // would not be counted twice.
    bool takeInputKey(QByteArrayView key, qsizetype firstKey)
    {
        if (m_inputKeys.size() - firstKey >= kMaxInputKeys)
            return false;
        if (std::find(m_inputKeys.cbegin() + firstKey, m_inputKeys.cend(), key) != m_inputKeys.cend())
            return false;
        m_inputKeys.append(key);
        return true;
    }

    bool array(Place elements, int depth)
    {
        if (depth > kMaxDepth)
            return false;
        ++m_p; // '['
        skipSpace();
        if (m_p != m_end && *m_p == ']') {
            ++m_p;
            return true;
        }
        while (true) {
            if (!value(Member {elements}, depth))
                return false;
            skipSpace();
            if (m_p == m_end)
                return false;
            if (*m_p == ']') {
                ++m_p;
                return true;
            }
            if (*m_p != ',')
                return false;
            ++m_p;
        }
    }

    bool value(const Member &m, int depth)
    {
        skipSpace();
        if (m_p == m_end)
            return false;
        if (m.leaf == Leaf::ToolInput)
            return toolInput(depth);
        switch (*m_p) {
        // A message's content is read only as an array of blocks.
        case '{': return object(m.place == Place::Content ? Place::Other : m.place, depth + 1);
        case '[': return array(elementPlace(m.place), depth + 1);
        case '"': {
            Text text;
            if (!string(&text))
                return false;
            if (m.leaf == Leaf::TextBytes) {
                m_facts->outputBytes += text.utf8Bytes;
            } else if (m.leaf == Leaf::StopReason) {
                if (text.escaped)
                    return false;
                m_facts->refusal = is(text.raw, "refusal");
            }
            return true;
        }
        case 't': return literal("true");
        case 'f': return literal("false");
        case 'n': return literal("null");
        default: {
            const bool minus = *m_p == '-';
            qint64 number = 0;
            bool integer = false;
            if (!this->number(&number, &integer))
                return false;
            if (m.leaf == Leaf::Counter) {
                if (!integer)
                    return false; // a fraction: truncated like the reference, but left to it
                *m.counter = number;
            } else if (m.place == Place::Input) {
                if (!integer)
                    return false; // written back in its shortest form, left to the reference
                if (minus && number == 0)
                    ++m_droppedBytes; // written back as 0
            }
            return true;
        }
        }
    }

    static Place elementPlace(Place array)
    {
        switch (array) {
        case Place::Content: return Place::Block;
        case Place::Input: return Place::Input;
        default: return Place::Other;
        }
    }

    // generatedBytes counts a tool input as its object written back compactly ("{}" for a value
    // that is not an object): the bytes the object spans less those the compact form drops.
    bool toolInput(int depth)
    {
        if (*m_p != '{') {
            m_facts->outputBytes += 2;
            return value(Member {}, depth);
        }
        const char *start = m_p;
        const qint64 dropped = m_droppedBytes;
        if (!object(Place::Input, depth + 1))
            return false;
        m_facts->outputBytes += (m_p - start) - (m_droppedBytes - dropped);
        return true;
    }

    bool literal(QByteArrayView word)
    {
        if (m_end - m_p < word.size() || QByteArrayView(m_p, word.size()) != word)
            return false;
        m_p += word.size();
        return true;
    }

    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

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

    bool string(Text *text)
    {
        ++m_p; // '"'
        const char *start = m_p;
        qint64 bytes = 0;
        while (true) {
            const char *run = m_p;
            skipPlain();
            bytes += m_p - run;
            if (m_p == m_end)
                return false;
            const uchar c = uchar(*m_p);
            if (c == '"') {
                text->raw = QByteArrayView(start, m_p - start);
                text->utf8Bytes = bytes;
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
        }
    }

    const char *m_p;
    const char *m_end;
    EventKind m_kind;
    StreamEventFacts *m_facts;
    // Bytes a compact re-serialisation would not write (whitespace, escapes it writes shorter),
    // over the whole scan: a tool input's share is the difference across it.
    qint64 m_droppedBytes = 0;
    QVarLengthArray<QByteArrayView, 16> m_inputKeys; // of the tool input objects open, innermost last
};

std::optional<StreamEventFacts> scanned(QByteArrayView data, EventKind kind)
{
    StreamEventFacts facts;
    if (!Scanner(data, kind, &facts).run())
        return std::nullopt;
    return facts;
}

} // namespace

UsageReport UsageReport::fromJson(const QJsonObject &usage)
{
    UsageReport report;
    if (usage.isEmpty())
        return report;
    report.present = true;
    auto take = [&usage](const char *key, std::optional<qint64> *field) {
        const QJsonValue v = usage.value(QLatin1String(key));
        if (v.isDouble())
            *field = qint64(v.toDouble());
    };
    take("input_tokens", &report.inputTokens);
    take("output_tokens", &report.outputTokens);
    take("cache_creation_input_tokens", &report.cacheWriteTokens);
    take("cache_read_input_tokens", &report.cacheReadTokens);
    return report;
}

qint64 generatedBytes(const QJsonObject &piece)
{
    qint64 bytes = 0;
    for (const char *key : {"text", "partial_json", "thinking"})
        bytes += piece.value(QLatin1String(key)).toString().toUtf8().size();
    if (piece.contains(QStringLiteral("input")))
        bytes += QJsonDocument(piece.value(QStringLiteral("input")).toObject()).toJson(QJsonDocument::Compact).size();
    return bytes;
}

StreamEventFacts StreamEventFacts::fromMessage(const QJsonObject &message)
{
    StreamEventFacts facts;
    facts.usage = UsageReport::fromJson(message.value(QStringLiteral("usage")).toObject());
    facts.refusal = message.value(QStringLiteral("stop_reason")).toString() == QLatin1String("refusal");
    for (const QJsonValue &block : message.value(QStringLiteral("content")).toArray())
        facts.outputBytes += generatedBytes(block.toObject());
    return facts;
}

StreamEventFacts StreamEventFacts::fromJson(QByteArrayView event, const QJsonObject &data)
{
    StreamEventFacts facts;
    switch (kindOf(event)) {
    case EventKind::MessageStart:
        facts.usage = UsageReport::fromJson(
            data.value(QStringLiteral("message")).toObject().value(QStringLiteral("usage")).toObject());
        break;
    case EventKind::MessageDelta:
        facts.usage = UsageReport::fromJson(data.value(QStringLiteral("usage")).toObject());
        facts.refusal = data.value(QStringLiteral("delta")).toObject().value(QStringLiteral("stop_reason")).toString()
            == QLatin1String("refusal");
        break;
    case EventKind::BlockDelta:
        facts.outputBytes = generatedBytes(data.value(QStringLiteral("delta")).toObject());
        break;
    case EventKind::Message: // no event is named so
    case EventKind::Other: break;
    }
    return facts;
}

std::optional<StreamEventFacts> StreamEventFacts::scan(QByteArrayView event, QByteArrayView data)
{
    return scanned(data, kindOf(event));
}

std::optional<StreamEventFacts> StreamEventFacts::scanMessage(QByteArrayView body)
{
    return scanned(body, EventKind::Message);
}

} // namespace bytespike
